#include "sinter/sinter_study.hpp"

#include "core/plot.hpp"
#include "core/progress.hpp"
#include "core/run_directory.hpp"
#include "kinetics/law_selection.hpp"
#include "materials/study_input.hpp"
#include "kinetics/cold_sintering.hpp"

#include <set>

#include <fmt/format.h>

namespace kiln {

namespace {

const std::vector<std::string> kAtmospheres{"air", "O2", "N2", "Ar", "mother_powder"};

Solvent load_solvent(const std::string& name, const MaterialDatabase& database, const InputTable& where, Provenance& prov) {
  const auto dir = database.directory().parent_path() / "solvents";
  const auto file = dir / (name + ".toml");
  if (!std::filesystem::exists(file)) {
    std::set<std::string> names;
    if (std::filesystem::is_directory(dir))
      for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.path().extension() == ".toml") names.insert(e.path().stem().string());
    const auto hint = closest_match(name, names);
    where.fail("name", fmt::format("unknown solvent \"{}\"{} in {}", name, hint ? fmt::format(" (did you mean \"{}\"?)", *hint) : "",
                                   dir.string()));
  }
  const InputDocument doc = InputDocument::from_file(file.string());
  const InputTable root = doc.root();
  if (root.string("name", "the solvent's name") != name) root.fail("name", fmt::format("must be \"{}\", the file's name", name));
  const std::size_t first_value = prov.values().size();
  root.string_or("full_name", "the solvent's full name", "");
  root.accept("references");
  auto value = [&](const std::string& key, const QuantitySpec& spec) {
    const InputTable t = root.table(key, spec.description);
    const double v = read_sourced(t, "value", spec, t.string("source", "where the value comes from"), prov);
    t.check_unknown_keys();
    return v;
  };
  Solvent s;
  s.name = name;
  s.boiling_point = value("boiling_point", {"K", "the normal boiling point", "100 degC", Range::positive()});
  s.vaporization_enthalpy = value("vaporization_enthalpy", {"J/mol", "the enthalpy of vaporisation", "40.65 kJ/mol", Range::positive()});
  const double density = value("density", {"kg/m^3", "the liquid density", "1 g/cm^3", Range::positive()});
  const double molar_mass = value("molar_mass", {"kg/mol", "the molar mass", "18 g/mol", Range::positive()});
  s.molar_volume = molar_mass / density;
  s.density = density;
  root.check_unknown_keys();
  prov.prefix_keys(first_value, "solvent " + name + ": ");
  return s;
}

}  // namespace

// Cold sintering (sinter.cold): the material's [cold_sintering] table for the chosen solvent, the
// input's [process.solvent] (absent: dry pressing), and the laws that act: pressure solution and
// Ostwald ripening while wet, plastic compaction, and the material's thermal laws for a post-anneal.
std::optional<TransientLiquid> read_cold_sintering(const InputTable& root, const InputTable& process, Material& material,
                                                   const MaterialDatabase& database, SelectedLaws& laws) {
  Provenance& prov = material.provenance;
  if (!material.cold_sintering)
    root.table("material", "").fail("name", fmt::format(
        "{} has no [cold_sintering] table (molar volume, hardness, solubility in a solvent): add one to use sinter.cold",
        material.name));
  const InputTable& cs = *material.cold_sintering;
  const std::string source = cs.string("source", "where the values come from");
  PressureSolutionParameters p;
  p.molar_volume = read_sourced(cs, "molar_volume", {"m^3/mol", "the molar volume of the solid", "14.5 cm^3/mol", Range::positive()}, source, prov);
  p.hardness = read_sourced(cs, "hardness", {"Pa", "the hardness (contact yield stress)", "5 GPa", Range::positive()}, source, prov);
  p.packing_density = cs.has("packing_density") ? read_sourced(cs, "packing_density", {"1", "the density at which the particles form a skeleton", "0.64", Range{0.0, 1.0, false, false}}, source, prov) : 0.64;
  p.interfacial_energy = cs.has("interfacial_energy") ? read_sourced(cs, "interfacial_energy", {"J/m^2", "the solid-liquid interfacial energy", "0.5 J/m^2", Range::positive()}, source, prov) : 0.5;
  p.reference_temperature = cs.has("reference_temperature") ? read_sourced(cs, "reference_temperature", {"K", "the temperature of the reference values", "25 degC", Range::positive()}, source, prov) : 298.15;
  p.diffusion_constant = cs.has("diffusion_constant") ? read_sourced(cs, "diffusion_constant", {"1", "the geometric constant A_d of diffusion-controlled pressure solution", "8", Range::positive()}, source, prov) : 8.0;
  p.ripening_constant = cs.has("ripening_constant") ? read_sourced(cs, "ripening_constant", {"1", "the factor A_rip on the LSW ripening rate", "1e-3", Range::positive()}, source, prov) : 1.0;
  p.reaction_constant = cs.has("reaction_constant") ? read_sourced(cs, "reaction_constant", {"1", "the geometric constant A_r of reaction-controlled pressure solution", "1", Range::positive()}, source, prov) : 1.0;

  const auto solvent_table = process.optional_table("solvent", "the transient solvent (absent: dry pressing)");
  if (auto second = process.optional_table("second_phase", "a phase that does not dissolve (polymer, carbon, a flux)")) {
    p.inert_fraction = second->quantity("fraction", {"1", "its volume fraction of the solid", "0.1", Range::closed(0, 0.9)});
    second->choice("kind", {"inert"}, "how it behaves (inert: carries no transport)", "inert");
    second->string_or("name", "what it is", "");
    second->check_unknown_keys();
  }

  std::vector<std::shared_ptr<const DensificationLaw>> densification{std::make_shared<PlasticCompaction>(p.hardness, p.packing_density)};
  std::vector<std::shared_ptr<const GrainGrowthLaw>> growth;
  std::optional<TransientLiquid> liquid;
  if (solvent_table) {
    const std::string name = solvent_table->string("name", "a solvent of data/solvents (water, acetic_acid)");
    const auto solvents = cs.optional_table("solvents", "solubility and transport in each solvent");
    if (!solvents || !solvents->has(name)) {
      std::set<std::string> known;
      if (solvents)
        for (const auto& [key, v] : solvents->raw().as_table()) known.insert(key);
      const auto hint = closest_match(name, known);
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      solvent_table->fail("name", fmt::format("{} has no [cold_sintering.solvents.{}] table: its solubility in {} is not known{}{}",
                                              material.name, name, name, hint ? fmt::format(" (did you mean \"{}\"?)", *hint) : "",
                                              list.empty() ? "" : "; solvents with data: " + list));
    }
    const InputTable st = solvents->table(name, "");
    const std::string s_source = st.string("source", "where the values come from");
    p.solubility.reference = read_sourced(st, "solubility", {"1", "the solubility as a volume fraction of the liquid (c V_m)", "1e-4", Range::non_negative()}, s_source, prov);
    p.solubility.enthalpy = st.has("dissolution_enthalpy") ? read_sourced(st, "dissolution_enthalpy", {"J/mol", "the dissolution enthalpy", "20 kJ/mol", Range::any()}, s_source, prov) : 0.0;
    p.solubility.reference_temperature = p.reference_temperature;
    p.diffusivity = read_sourced(st, "diffusivity", {"m^2/s", "the diffusivity of the dissolved species in the liquid", "7e-10 m^2/s", Range::positive()}, s_source, prov);
    p.diffusion_activation_energy = st.has("diffusion_activation_energy") ? read_sourced(st, "diffusion_activation_energy", {"J/mol", "the activation energy of diffusion in the liquid", "18 kJ/mol", Range::non_negative()}, s_source, prov) : 0.0;
    p.film_thickness = read_sourced(st, "film_thickness", {"m", "the liquid film thickness in the contacts", "2 nm", Range::positive()}, s_source, prov);
    p.reaction_rate = st.has("reaction_rate") ? read_sourced(st, "reaction_rate", {"m/s", "the interface reaction rate constant", "1e-9 m/s", Range::non_negative()}, s_source, prov) : 0.0;
    p.reaction_activation_energy = st.has("reaction_activation_energy") ? read_sourced(st, "reaction_activation_energy", {"J/mol", "the activation energy of the interface reaction", "60 kJ/mol", Range::non_negative()}, s_source, prov) : 0.0;
    if (auto layer = st.optional_table("blocking_layer", "a grain-boundary phase this solvent leaves (for the conductivity step)")) {
      layer->string("phase", "the phase, e.g. Li2CO3");
      read_sourced(*layer, "thickness", {"m", "its thickness at the grain boundaries", "5 nm", Range::positive()}, s_source, prov);
      layer->check_unknown_keys();
    }
    st.check_unknown_keys();

    TransientLiquid l;
    l.solvent = load_solvent(name, database, *solvent_table, prov);
    const double mass_fraction = solvent_table->quantity("mass_fraction", {"1", "solvent mass per powder mass", "10 %", Range::closed(0, 2)});
    // Volume of liquid per volume of solid: (m_l / rho_l) / (m_s / rho_s).
    l.initial = mass_fraction * material.theoretical_density / l.solvent.density;
    l.evaporation_rate = solvent_table->quantity("evaporation_rate", {"1/s", "the rate the liquid leaves through the die gap at 1 atm vapour pressure", "1e-3 1/s", Range::non_negative()});
    l.packing_density = p.packing_density;
    solvent_table->check_unknown_keys();
    liquid = l;
    densification.push_back(std::make_shared<PressureSolutionDensification>(p));
    growth.push_back(std::make_shared<OstwaldRipening>(p));
  }
  cs.accept("solvents");  // only the solvent of this run is read
  cs.check_unknown_keys();
  // The material's thermal laws act too: negligible below 300 degC, they densify a post-anneal.
  if (laws.densification) densification.push_back(laws.densification);
  if (laws.grain_growth) growth.push_back(laws.grain_growth);
  laws.densification = std::make_shared<CombinedDensification>(densification);
  laws.grain_growth = growth.empty() ? nullptr : std::make_shared<CombinedGrainGrowth>(growth);
  return liquid;
}

SinterStudy SinterStudy::from_input(const InputDocument& document, const MaterialDatabase& database) {
  SinterStudy study;
  study.input_file = document.file();
  const InputTable root = document.root();
  read_study_preamble(root);

  const InputTable solver = root.table("solver", "the model and its numerical settings");
  study.model_name = solver.choice("model", {"sinter.conventional", "sinter.pressure", "sinter.cold"}, "the model to run");
  const bool cold = study.model_name == "sinter.cold";
  const bool pressure_assisted = study.model_name == "sinter.pressure" || cold;

  auto material = read_study_material(root, database);
  SelectedLaws laws = select_laws(root, *material,
                                  pressure_assisted && !cold ? DensificationDefault::under_pressure : DensificationDefault::free);
  if (!laws.densification && !cold)
    root.fail_table(fmt::format("{} has no [densification] law: give one in [kinetics.densification] (kiln laws lists them)",
                                material->name));
  const InputTable process = root.table("process", "the furnace program, atmosphere and pressure");
  std::optional<TransientLiquid> liquid;
  if (cold) liquid = read_cold_sintering(root, process, *material, database, laws);
  if (pressure_assisted && !laws.densification->responds_to_pressure())
    root.fail_table(fmt::format(
        "{} needs a densification law that responds to pressure, and \"{}\" does not: give "
        "[kinetics.densification] law = \"skorohod_olevsky\" (or a [pressure_densification] table in the material)",
        study.model_name, laws.densification->name()));

  const LumpedSpecimen specimen =
      LumpedSpecimen::from_input(root.table("specimen", "the specimen's shape and size"), laws.powder_grain_size);
  const FurnaceSchedule furnace =
      FurnaceSchedule::from_input(process.table("furnace", "the furnace program"), FurnaceSchedule::HeatExchange::ignored);
  PressureSchedule pressure = PressureSchedule::none();
  if (pressure_assisted) pressure = PressureSchedule::from_input(process.table("pressure", "the pressure program"));
  std::vector<std::string> atmospheres = laws.lithium_loss ? laws.lithium_loss->atmospheres() : kAtmospheres;
  const std::string atmosphere = process.choice("atmosphere", atmospheres, "the furnace atmosphere", "air");
  process.check_unknown_keys();

  check_green_density(laws, root.table("specimen", ""), specimen.green_density);

  const QuantitySpec duration{"s", "the simulated time", "10 h", Range::positive()};
  const double program = std::max(furnace.duration(), pressure.duration());
  study.settings.end_time = program > 0 ? solver.quantity_or("end_time", duration, program) : solver.quantity("end_time", duration);
  study.settings.relative_tolerance =
      solver.number_or("relative_tolerance", "the integrator's relative error tolerance", 1e-6, Range{1e-12, 1e-2});
  study.settings.output_interval = solver.quantity_or(
      "output_interval", {"s", "the longest time between time-series rows", "1 min", Range::non_negative()},
      study.settings.end_time / 1000.0);
  solver.check_unknown_keys();

  const OutputSettings output = read_output(root, study.input_file);
  study.output_directory = output.directory;
  study.plots = output.plots;
  root.check_unknown_keys();

  study.material = material;
  study.model = std::make_shared<SinterModel>(specimen, material->theoretical_density, furnace, pressure, laws.densification,
                                              laws.grain_growth, laws.lithium_loss, atmosphere, material->limit_temperature,
                                              material->limit_kind, liquid);
  study.resolved_input = {{"input", toml_to_json(document.value())},
                          {"material", material_provenance(*material, database)},
                          {"laws", {{"densification", laws.densification ? laws.densification->name() : "none"},
                                    {"grain_growth", laws.grain_growth ? laws.grain_growth->name() : "none"},
                                    {"lithium_loss", laws.lithium_loss ? "evaporation" : "none"}}}};
  std::vector<std::string> references;  // the laws' papers (kiln cite)
  for (const auto& k : laws.densification ? laws.densification->references() : std::vector<std::string>{}) references.push_back(k);
  for (const auto& k : laws.grain_growth ? laws.grain_growth->references() : std::vector<std::string>{}) references.push_back(k);
  study.resolved_input["references"] = references;
  return study;
}

nlohmann::json sinter_summary(const SinterStudy& study, const SinterResult& r) {
  const auto& f = r.final;
  nlohmann::json s;
  s["model"] = study.model_name;
  s["material"] = study.material->name;
  s["exit state"] = r.exit_state;
  s["microstructure"] = {{"initial relative density", r.initial.relative_density},
                         {"final relative density", f.relative_density},
                         {"initial grain size [m]", r.initial.grain_size},
                         {"final grain size [m]", f.grain_size},
                         {"final strain dL/L0", f.strain}};
  if (r.time_to_90) s["microstructure"]["time to 90 % density [s]"] = *r.time_to_90;
  if (r.time_to_95) s["microstructure"]["time to 95 % density [s]"] = *r.time_to_95;
  s["densification"] = {{"peak rate [1/s]", r.peak_densification_rate},
                        {"temperature at peak rate [K]", r.peak_rate_temperature},
                        {"time at peak rate [s]", r.peak_rate_time}};
  if (const auto* li = study.model->lithium_loss()) {
    s["lithium"] = {{"atmosphere", study.model->atmosphere()},
                    {"lost fraction of the initial lithium", f.lithium_loss},
                    {li->secondary_phase() + " fraction", f.secondary_phase}};
  }
  if (const auto& liquid = study.model->liquid()) {
    const double solvent_moles = liquid->initial * study.model->solid_volume() / liquid->solvent.molar_volume;
    s["cold sintering"] = {{"solvent", liquid->solvent.name},
                           {"initial liquid per solid volume", liquid->initial},
                           {"final liquid per solid volume", f.liquid},
                           {"mechanical work of the press [J]", f.mechanical_work},
                           {"heat to evaporate the solvent [J]", solvent_moles * liquid->solvent.vaporization_enthalpy}};
    if (r.liquid_gone) s["cold sintering"]["liquid gone at [s]"] = *r.liquid_gone;
  } else if (study.model_name == "sinter.cold") {
    s["cold sintering"] = {{"solvent", "none (dry pressing)"}, {"mechanical work of the press [J]", f.mechanical_work}};
  }
  s["solver"] = {{"steps", r.steps}, {"rhs evaluations", r.rhs_evaluations}};
  return s;
}

namespace {

void draw_plots(const RunDirectory& dir, bool lithium, bool cold) {
  const std::string csv = "../timeseries.csv";
  // Columns: 1 time, 2 T, 3 p, 4 rho, 5 drho/dt, 6 G, 7 x_Li, 8 phase, 9 dL/L0
  render_plot(dir.plots(), {"density", "Densification", "time [h]", "relative density", "temperature [°C]", false,
                            {{csv, "($1/3600):4", "relative density"}, {csv, "($1/3600):($2-273.15)", "temperature", "lines", true}}});
  render_plot(dir.plots(), {"grain_size_trajectory", "Grain size against density", "relative density", "grain size [µm]", "",
                            false, {{csv, "4:($6*1e6)", "kiln"}}});
  render_plot(dir.plots(), {"dilatometry", "Dilatometer strain", "temperature [°C]", "dL/L0 [%]", "", false,
                            {{csv, "($2-273.15):($9*100)", "dL/L0"}}});
  if (cold)
    render_plot(dir.plots(), {"cold_sintering", "Density and liquid", "time [min]", "relative density", "liquid per solid volume",
                              false, {{csv, "($1/60):4", "relative density"}, {csv, "($1/60):10", "liquid in the pores", "lines", true}}});
  if (lithium)
    render_plot(dir.plots(), {"lithium_loss", "Lithium loss", "time [h]", "lost fraction of the lithium [%]",
                              "secondary phase [%]", false,
                              {{csv, "($1/3600):($7*100)", "lithium lost"}, {csv, "($1/3600):($8*100)", "secondary phase", "lines", true}}});
}

}  // namespace

std::vector<std::string> SinterStudy::timeseries_columns() const {
  const auto* li = model->lithium_loss();
  return {"time [s]", "temperature [K]", "pressure [Pa]", "relative density [-]",
          "densification rate [1/s]", "grain size [m]", "lithium loss [-]",
          (li ? li->secondary_phase() : std::string("secondary phase")) + " fraction [-]",
          "dL/L0 [-]", "liquid per solid volume [-]", "stage"};
}

std::vector<double> SinterStudy::timeseries_row(const SinterObservation& o) {
  return {o.time, o.temperature, o.pressure, o.relative_density, o.densification_rate, o.grain_size,
          o.lithium_loss, o.secondary_phase, o.strain, o.liquid, static_cast<double>(o.stage)};
}

SinterResult run_sinter_study(const SinterStudy& study, bool show_progress) {
  RunDirectory dir(study.output_directory, study.resolved_input, study.input_file);
  const auto* li = study.model->lithium_loss();
  auto series = dir.open_timeseries(study.timeseries_columns());
  Progress progress(show_progress);
  const SinterResult result = record_run(dir, progress, [&] {
    return study.model->run(study.settings, [&](const SinterObservation& o) {
      series.write_row(SinterStudy::timeseries_row(o));
      progress.update(o.time / study.settings.end_time,
                      fmt::format("t = {:.2f} h, {:.0f} °C, density {:.3f}", o.time / 3600, o.temperature - 273.15,
                                  o.relative_density));
    });
  });
  dir.write_summary(sinter_summary(study, result));
  if (study.plots) draw_plots(dir, li != nullptr, study.model->liquid().has_value());
  dir.finish(result.exit_state);
  return result;
}

}  // namespace kiln

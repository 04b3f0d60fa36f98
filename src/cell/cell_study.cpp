#include "cell/cell_study.hpp"

#include "core/plot.hpp"
#include "core/progress.hpp"
#include "core/run_directory.hpp"
#include "core/units.hpp"
#include "properties/sintered_body.hpp"
#include "materials/study_input.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>

namespace kiln {

namespace {

std::filesystem::path cells_directory() { return data_directory() / "cells"; }

// One parameter: from the input's [cell] table when it is there (a quantity, or a table with value
// and source), else from the parameter set's table of that name.
double parameter(const InputTable& input, const InputTable& file, const std::string& key, const QuantitySpec& spec,
                 Provenance& prov) {
  if (input.has(key)) {
    file.accept(key);  // the input's value replaces the parameter set's
    const toml::value& v = input.raw(key);
    if (v.is_table()) {
      const InputTable t = input.table(key, spec.description);
      const double x = read_sourced(t, "value", spec, t.string("source", "where the value comes from"), prov);
      t.check_unknown_keys();
      return x;
    }
    return read_sourced(input, key, spec, "the input", prov);
  }
  const InputTable t = file.table(key, spec.description);
  const double x = read_sourced(t, "value", spec, t.string("source", "where the value comes from"), prov);
  t.check_unknown_keys();
  return x;
}

// A curve of the parameter set: theta = [...], value = [...] (with `unit`), and its source.
std::shared_ptr<const TabulatedPotential> curve(const InputTable& t, const std::string& si_unit, bool logarithmic, Provenance& prov,
                                                 const std::string& key) {
  auto list = [&](const std::string& k) {
    if (!t.has(k) || !t.raw(k).is_array()) t.fail(k, "expected a list of numbers");
    std::vector<double> v;
    for (const auto& x : t.raw(k).as_array()) {
      if (!x.is_floating() && !x.is_integer()) t.fail(k, "expected a list of numbers");
      v.push_back(x.is_integer() ? static_cast<double>(x.as_integer()) : x.as_floating());
    }
    return v;
  };
  const auto theta = list("theta");
  auto value = list("value");
  const std::string unit = t.string_or("unit", "the unit of the values", si_unit);
  if (unit != si_unit) {
    if (!units_convertible(unit, si_unit)) t.fail("unit", fmt::format("'{}' cannot be converted to {}", unit, si_unit));
    for (auto& v : value) v = convert_units(v, unit, si_unit);
  }
  const std::string source = t.string("source", "where the values come from");
  prov.add({key, fmt::format("table of {} points", theta.size()), 0.0, si_unit, source});
  t.check_unknown_keys();
  try {
    return std::make_shared<TabulatedPotential>(theta, value, source, logarithmic);
  } catch (const std::invalid_argument& e) {
    t.fail("theta", e.what());
  }
}

}  // namespace

std::vector<std::string> cell_parameter_sets() {
  std::vector<std::string> out;
  if (std::filesystem::is_directory(cells_directory()))
    for (const auto& e : std::filesystem::directory_iterator(cells_directory()))
      if (e.path().extension() == ".toml") out.push_back(e.path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}

CellStudy CellStudy::from_input(const InputDocument& document) {
  CellStudy study;
  study.input_file = document.file();
  const InputTable root = document.root();
  read_study_preamble(root);
  const InputTable solver = root.table("solver", "the model and its numerical settings");
  study.model_name = solver.choice("model", {"cell.thin_film", "cell.bulk"}, "the model to run");

  const InputTable cell = root.table("cell", "the cell: parameters = \"LiCoO2_LiPON_thin_film\" plus any value to override");
  study.parameter_set = cell.string("parameters", "a parameter set of data/cells (e.g. \"LiCoO2_LiPON_thin_film\")");
  const auto sets = cell_parameter_sets();
  if (std::find(sets.begin(), sets.end(), study.parameter_set) == sets.end()) {
    const auto hint = closest_match(study.parameter_set, std::set<std::string>(sets.begin(), sets.end()));
    cell.fail("parameters", fmt::format("unknown parameter set \"{}\"{} (in {}: {})", study.parameter_set,
                                        hint ? fmt::format(" (did you mean \"{}\"?)", *hint) : "", cells_directory().string(),
                                        fmt::join(sets, ", ")));
  }
  const auto file_name = (cells_directory() / (study.parameter_set + ".toml")).string();
  const InputDocument file_doc = InputDocument::from_file(file_name);
  const InputTable file = file_doc.root();
  file.string_or("description", "what the parameter set describes", "");
  Provenance prov;
  std::map<std::string, std::string> references;
  if (auto refs = file.optional_table("references", "citation key = full reference")) {
    for (const auto& [key, value] : refs->raw().as_table()) {
      refs->accept(key);
      references[key] = value.is_string() ? value.as_string().str : "";
    }
  }

  const bool bulk = study.model_name == "cell.bulk";
  // Values both models share: the cell, the cathode's lithium store and its interfaces.
  CellCommonParameters common;
  std::shared_ptr<const TabulatedPotential> diffusivity_table;
  common.area = parameter(cell, file, "area", {"m^2", "the electrode area", "1 cm^2", Range::positive()}, prov);
  common.temperature = parameter(cell, file, "temperature", {"K", "the cell temperature", "25 degC", Range::positive()}, prov);
  common.cathode_thickness = parameter(cell, file, "cathode_thickness", {"m", "the cathode thickness", "1 um", Range::positive()}, prov);
  common.max_concentration = parameter(cell, file, "max_concentration", {"mol/m^3", "the maximum Li concentration in the cathode", "51000 mol/m^3", Range::positive()}, prov);
  common.theta_initial = parameter(cell, file, "theta_initial", {"1", "the cathode's stoichiometry at the start", "0.5", Range{1e-6, 1 - 1e-6}}, prov);
  common.theta_min = parameter(cell, file, "theta_min", {"1", "the charged end of the cathode's window", "0.5", Range{1e-6, 1 - 1e-6}}, prov);
  common.theta_max = parameter(cell, file, "theta_max", {"1", "the discharged end of the cathode's window", "0.99", Range{1e-6, 1.0}}, prov);
  if (!(common.theta_max > common.theta_min)) cell.fail_table("theta_max must exceed theta_min");
  // The cathode's diffusivity: a number, or a table of theta and value (interpolated in log).
  if (!cell.has("cathode_diffusivity") && file.has("cathode_diffusivity") && file.table("cathode_diffusivity", "").has("theta"))
    diffusivity_table = curve(file.table("cathode_diffusivity", "the diffusivity of Li in the cathode against stoichiometry"), "m^2/s",
                              true, prov, "cathode_diffusivity");
  else
    common.diffusivity = parameter(cell, file, "cathode_diffusivity", {"m^2/s", "the diffusivity of Li in the cathode", "1e-14 m^2/s", Range::positive()}, prov);
  if (cell.has("series_resistance") || file.has("series_resistance"))
    common.series_resistance = parameter(cell, file, "series_resistance", {"Ohm m^2", "a series (contact) resistance per area", "18 Ohm cm^2", Range::non_negative()}, prov);
  common.cathode_exchange_current = parameter(cell, file, "cathode_exchange_current_density", {"A/m^2", "the exchange current density of the cathode interface at theta = 1/2", "1 A/m^2", Range::positive()}, prov);
  common.anode_exchange_current = parameter(cell, file, "anode_exchange_current_density", {"A/m^2", "the exchange current density of the Li interface", "10 A/m^2", Range::positive()}, prov);
  if (cell.has("nominal_capacity") || file.has("nominal_capacity"))
    common.rated_capacity = parameter(cell, file, "nominal_capacity", {"C", "the capacity C-rates refer to", "0.7 mA h", Range::positive()}, prov) / 3600.0;
  // The cathode's open-circuit potential: a named function, or a table of theta and value.
  if (cell.has("cathode_ocp")) {
    file.accept("cathode_ocp");
    try {
      common.ocp = open_circuit_potential(cell.string("cathode_ocp", "the cathode's open-circuit potential"));
    } catch (const std::invalid_argument& e) {
      cell.fail("cathode_ocp", e.what());
    }
  } else {
    const InputTable t = file.table("cathode_ocp", "the cathode's open-circuit potential");
    if (t.has("theta")) {
      common.ocp = curve(t, "V", false, prov, "cathode_ocp");
    } else {
      const std::string name = t.string("function", "a known open-circuit potential, e.g. \"LiCoO2_Dualfoil1998\"");
      prov.add({"cathode_ocp.function", name, 0.0, "1", t.string("source", "where the function comes from")});
      t.check_unknown_keys();
      try {
        common.ocp = open_circuit_potential(name);
      } catch (const std::invalid_argument& e) {
        t.fail("function", e.what());
      }
    }
  }
  // Arrhenius activation energies (optional; they act only with the lumped thermal option).
  const QuantitySpec energy{"J/mol", "an activation energy", "30 kJ/mol", Range::non_negative()};
  for (const auto& [key, target] : std::vector<std::pair<std::string, double*>>{{"kinetic_activation_energy", &common.kinetic_activation_energy},
                                                                               {"diffusion_activation_energy", &common.diffusion_activation_energy},
                                                                               {"conduction_activation_energy", &common.conduction_activation_energy}})
    if (cell.has(key) || file.has(key)) *target = parameter(cell, file, key, energy, prov);
  std::vector<std::string> keys;
  if (!bulk) {
    ThinFilmCellParameters p;
    static_cast<CellCommonParameters&>(p) = common;
    p.diffusivity_table = diffusivity_table;
    p.electrolyte_thickness = parameter(cell, file, "electrolyte_thickness", {"m", "the electrolyte (LiPON) thickness", "1.5 um", Range::positive()}, prov);
    p.electrolyte_conductivity = parameter(cell, file, "electrolyte_conductivity", {"S/m", "the electrolyte's ionic conductivity", "3e-6 S/cm", Range::positive()}, prov);
    study.thin_film = std::make_shared<ThinFilmCell>(p);
    study.model = study.thin_film;
    study.cell_info = {{"nominal capacity [A h]", p.c_rate_capacity()}, {"capacity of the stoichiometry window [A h]", p.nominal_capacity()},
                       {"electrolyte resistance [Ohm]", p.electrolyte_resistance()}, {"area [m^2]", p.area}};
    keys = {"Danilov2011", "Raijmakers2020"};
  } else {
    if (diffusivity_table) cell.fail_table("the bulk cell takes a constant cathode_diffusivity (a table is for the thin film)");
    BulkCellParameters p;
    static_cast<CellCommonParameters&>(p) = common;
    p.active_fraction = parameter(cell, file, "active_fraction", {"1", "the volume fraction of active particles in the cathode", "0.5", Range{1e-3, 1.0}}, prov);
    p.electrolyte_fraction = parameter(cell, file, "electrolyte_fraction", {"1", "the volume fraction of solid electrolyte in the cathode", "0.4", Range{1e-3, 1.0}}, prov);
    p.electrolyte_conductivity = parameter(cell, file, "cathode_electrolyte_conductivity", {"S/m", "the ionic conductivity of the cathode's solid electrolyte (dense)", "0.7 mS/cm", Range::positive()}, prov);
    p.electronic_conductivity = parameter(cell, file, "electronic_conductivity", {"S/m", "the electronic conductivity of the cathode's solid network (dense)", "100 S/m", Range::positive()}, prov);
    p.bruggeman = parameter(cell, file, "bruggeman_exponent", {"1", "the Bruggeman exponent of the composite", "1.5", Range{0.0, 5.0}}, prov);
    p.particle_radius = parameter(cell, file, "particle_radius", {"m", "the radius of the active particles", "5 um", Range::positive()}, prov);
    // The separator: from a sintering run (its microstructure's conductivity at the cell's
    // temperature, and its thickness unless given), or given directly.
    if (cell.has("separator_run")) {
      std::filesystem::path run = cell.string("separator_run", "a finished sintering run whose body is the separator");
      if (run.is_relative()) run = std::filesystem::path(study.input_file).parent_path() / run;
      SinteredBody body;
      try {
        body = read_sintered_body(run, MaterialDatabase::default_database());
      } catch (const InputError& e) {
        cell.fail("separator_run", e.what());
      }
      p.separator_conductivity = body_conductivity(body, p.temperature);
      prov.add({"separator_conductivity", fmt::format("from {}", run.string()), p.separator_conductivity, "S/m",
                fmt::format("kiln properties of the run {}: {} at relative density {:.3f}, grain size {:.3g} um, Archie", run.string(),
                            body.material.name, body.state.relative_density, body.state.grain_size * 1e6)});
      if (cell.has("separator_thickness")) {
        p.separator_thickness = parameter(cell, file, "separator_thickness", {"m", "the separator thickness", "100 um", Range::positive()}, prov);
      } else {
        if (!body.thickness) cell.fail("separator_run", "the run's specimen has no thickness; give separator_thickness");
        p.separator_thickness = *body.thickness;
        prov.add({"separator_thickness", fmt::format("from {}", run.string()), p.separator_thickness, "m", "the run's pellet, shrunk"});
      }
      study.separator = {{"run", run.string()}, {"material", body.material.name}, {"relative density", body.state.relative_density},
                         {"grain size [m]", body.state.grain_size}, {"conductivity [S/m]", p.separator_conductivity},
                         {"thickness [m]", p.separator_thickness}};
      file.accept("separator_thickness");
      file.accept("separator_conductivity");
    } else {
      p.separator_thickness = parameter(cell, file, "separator_thickness", {"m", "the separator thickness", "100 um", Range::positive()}, prov);
      p.separator_conductivity = parameter(cell, file, "separator_conductivity", {"S/m", "the separator's ionic conductivity", "0.5 mS/cm", Range::positive()}, prov);
    }
    try {
      study.bulk = std::make_shared<BulkCell>(p);
    } catch (const std::invalid_argument& e) {
      cell.fail_table(e.what());
    }
    study.model = study.bulk;
    study.cell_info = {{"nominal capacity [A h]", p.c_rate_capacity()}, {"capacity of the stoichiometry window [A h]", p.window_capacity()},
                       {"separator resistance [Ohm]", p.separator_resistance()}, {"area [m^2]", p.area}};
    keys = {"Newman1975", "Bielefeld2022"};
  }
  for (const auto& k : common.ocp->references()) keys.push_back(k);
  file.check_unknown_keys();
  cell.check_unknown_keys();

  const InputTable experiment = root.table("experiment", "the protocol: steps = [\"Discharge at 1C until 3.0 V\", ...]");
  if (!experiment.has("steps") || !experiment.raw("steps").is_array() || experiment.raw("steps").as_array().empty())
    experiment.fail("steps", "expected a list of steps, e.g. [\"Discharge at 1C until 3.0 V\", \"Rest for 10 minutes\"]");
  for (const auto& v : experiment.raw("steps").as_array()) {
    if (!v.is_string()) experiment.fail("steps", "each step is a string such as \"Charge at C/2 until 4.2 V\"");
    try {
      study.steps.push_back(parse_protocol_step(v.as_string().str));
    } catch (const std::invalid_argument& e) {
      experiment.fail("steps", e.what());
    }
  }
  // rate_scale multiplies every current of the steps: a rate-capability sweep varies one number.
  const double scale = experiment.number_or("rate_scale", "a factor on every current of the steps", 1.0, Range::positive());
  for (auto& s : study.steps) {
    s.current.value *= scale;
    if (s.until_current) s.until_current->value *= scale;
  }
  const double cycles = experiment.number_or("cycles", "how many times the steps are repeated", 1, Range::closed(1, 100000));
  if (cycles != std::floor(cycles)) experiment.fail("cycles", "expected a whole number");
  study.cycles = static_cast<int>(cycles);
  experiment.check_unknown_keys();

  const double cells = solver.number_or("cells", "finite volumes across the cathode", bulk ? 20 : 40, Range::closed(2, 10000));
  if (cells != std::floor(cells)) solver.fail("cells", "expected a whole number");
  study.settings.cells = static_cast<int>(cells);
  const double shells = solver.number_or("particle_shells", "finite volumes in a particle (bulk cell)", 10, Range::closed(2, 1000));
  if (shells != std::floor(shells)) solver.fail("particle_shells", "expected a whole number");
  study.settings.particle_shells = static_cast<int>(shells);
  study.settings.relative_tolerance = solver.number_or("relative_tolerance", "the integrator's relative error tolerance", 1e-8, Range{1e-12, 1e-3});
  study.settings.output_interval = solver.quantity_or("output_interval", {"s", "the time between time-series rows (0: 200 per step)", "10 s", Range::non_negative()}, 0.0);
  solver.check_unknown_keys();

  // The lumped thermal option.
  if (auto thermal = root.optional_table("thermal", "the lumped thermal option: heat_capacity, heat_transfer, ambient")) {
    auto& t = study.settings.thermal;
    t.on = true;
    t.heat_capacity = thermal->quantity("heat_capacity", {"J/K", "the heat capacity of the whole cell", "0.05 J/K", Range::positive()});
    t.heat_transfer = thermal->quantity_or("heat_transfer", {"W/K", "the heat transfer to the surroundings, h times area (0: adiabatic)", "1 mW/K", Range::non_negative()}, 0.0);
    t.ambient = thermal->quantity_or("ambient", {"K", "the temperature of the surroundings and of the cell at the start", "25 degC", Range::positive()},
                                     common.temperature);
    thermal->check_unknown_keys();
  }

  const OutputSettings output = read_output(root, study.input_file);
  study.output_directory = output.directory;
  study.plots = output.plots;
  root.check_unknown_keys();

  nlohmann::json refs = nlohmann::json::object();
  for (const auto& [k, v] : references) refs[k] = v;
  study.resolved_input = {{"input", toml_to_json(document.value())},
                          {"material", {{"name", study.parameter_set}, {"file", file_name}, {"values", prov.to_json()}, {"references", refs}}},
                          {"references", keys}};
  return study;
}

std::vector<std::string> CellStudy::timeseries_columns() const {
  return {"time [s]", "voltage [V]", "current [A]", "capacity [A h]", "energy [W h]", "surface stoichiometry [-]",
          "mean stoichiometry [-]", "ohmic overpotential [V]", "kinetic overpotential [V]", "diffusion overpotential [V]",
          "step", "cycle", "temperature [K]"};
}

std::vector<double> CellStudy::timeseries_row(const CellObservation& o) {
  return {o.time, o.voltage, o.current, o.capacity, o.energy, o.theta_surface, o.theta_mean, o.ohmic, o.kinetic, o.diffusion,
          static_cast<double>(o.step + 1), static_cast<double>(o.cycle + 1), o.temperature};
}

nlohmann::json cell_summary(const CellStudy& study, const CellResult& r) {
  nlohmann::json steps = nlohmann::json::array();
  double discharged = 0, delivered = 0;
  for (const auto& s : r.steps) {
    steps.push_back({{"step", s.text}, {"cycle", s.cycle + 1}, {"ended by", s.end}, {"duration [s]", s.end_time - s.start_time},
                     {"capacity [A h]", s.capacity}, {"energy [W h]", s.energy}});
    if (s.capacity > 0) {
      discharged += s.capacity;
      delivered += s.energy;
    }
  }
  nlohmann::json first_discharge = nullptr;
  for (const auto& s : r.steps)
    if (s.capacity > 0) {
      first_discharge = {{"capacity [A h]", s.capacity}, {"capacity [% of nominal]", 100 * s.capacity / study.model->c_rate_capacity()},
                         {"energy [W h]", s.energy}, {"mean voltage [V]", s.energy / s.capacity},
                         {"mean power [W]", s.end_time > s.start_time ? 3600 * s.energy / (s.end_time - s.start_time) : 0.0}};
      break;
    }
  nlohmann::json out = {{"model", study.model_name},
          {"parameter set", study.parameter_set},
          {"exit state", r.exit_state},
          {"cell", study.cell_info},
          {"first discharge", first_discharge},
          {"totals", {{"discharged capacity [A h]", discharged}, {"delivered energy [W h]", delivered}}},
          {"final", {{"voltage [V]", r.final.voltage}, {"mean stoichiometry", r.final.theta_mean}, {"time [s]", r.final.time}}},
          {"lithium balance (relative)", r.lithium_balance},
          {"solver", {{"steps", r.solver_steps}}},
          {"steps", steps}};
  if (!study.separator.is_null()) out["separator"] = study.separator;
  return out;
}

CellResult run_cell_study(const CellStudy& study, bool show_progress) {
  RunDirectory dir(study.output_directory, study.resolved_input, study.input_file);
  auto series = dir.open_timeseries(study.timeseries_columns());
  auto profiles = dir.open_timeseries({"step", "cycle", "x [m]", "stoichiometry [-]"}, "profiles.csv");
  Progress progress(show_progress);
  const double total = static_cast<double>(study.steps.size() * static_cast<std::size_t>(study.cycles));
  const CellResult result = record_run(dir, progress, [&] {
    return study.model->run(
        study.steps, study.cycles, study.settings,
        [&](const CellObservation& o) {
          series.write_row(CellStudy::timeseries_row(o));
          progress.update((o.cycle * static_cast<double>(study.steps.size()) + o.step) / total,
                          fmt::format("cycle {}, step {}: {:.3f} V", o.cycle + 1, o.step + 1, o.voltage));
        },
        [&](int step, int cycle, const std::vector<double>& x, const std::vector<double>& theta) {
          for (std::size_t k = 0; k < x.size(); ++k) profiles.write_row({double(step + 1), double(cycle + 1), x[k], theta[k]});
        });
  });
  dir.write_summary(cell_summary(study, result));
  if (study.plots) {
    const std::string csv = "../timeseries.csv";
    render_plot(dir.plots(), {"voltage_capacity", "Voltage against capacity", "capacity [µA h]", "voltage [V]", "", false,
                              {{csv, "($4*1e6):2", "kiln"}}});
    render_plot(dir.plots(), {"voltage", "Voltage and current", "time [h]", "voltage [V]", "current [µA]", false,
                              {{csv, "($1/3600):2", "voltage"}, {csv, "($1/3600):($3*1e6)", "current", "lines", true}}});
    render_plot(dir.plots(), {"overpotentials", "Where the voltage goes", "time [h]", "overpotential [mV]", "", false,
                              {{csv, "($1/3600):($8*1e3)", "ohmic (electrolyte)"},
                               {csv, "($1/3600):($9*1e3)", "kinetic (both interfaces)"},
                               {csv, "($1/3600):($10*1e3)", "diffusion (cathode)"}}});
    if (study.settings.thermal.on)
      render_plot(dir.plots(), {"temperature", "Cell temperature (lumped thermal option)", "time [h]", "temperature [°C]", "", false,
                                {{csv, "($1/3600):($13-273.15)", "cell"}}});
    render_plot(dir.plots(), {"profiles", "Lithium in the cathode film at the end of each step", "distance from the electrolyte [µm]",
                              "stoichiometry x in LixCoO2", "", false, {{"../profiles.csv", "($3*1e6):4", "end of a step", "points pt 7 ps 0.5"}}});
  }
  dir.finish(result.exit_state);
  return result;
}

}  // namespace kiln

namespace kiln {

SweepKind cell_sweep_kind() {
  SweepKind kind;
  kind.name = "cell.rate_capability";
  kind.table_name = "rate_capability.csv";
  kind.describe = [](const InputDocument& doc) {
    const CellStudy study = CellStudy::from_input(doc);
    return SweepKind::Output{study.output_directory, study.resolved_input, study.plots};
  };
  kind.run = [](const InputDocument& doc) {
    const CellStudy study = CellStudy::from_input(doc);
    return cell_summary(study, study.model->run(study.steps, study.cycles, study.settings));
  };
  kind.series = [](const InputDocument& doc) {
    const CellStudy study = CellStudy::from_input(doc);
    SweepKind::Series out;
    out.columns = study.timeseries_columns();
    const auto r = study.model->run(study.steps, study.cycles, study.settings,
                                    [&](const CellObservation& o) { out.rows.push_back(CellStudy::timeseries_row(o)); });
    out.summary = cell_summary(study, r);
    return out;
  };
  auto first = [](const nlohmann::json& s, const std::string& key, double scale) {
    return s.contains("first discharge") && s["first discharge"].is_object() ? summary_cell(s, "first discharge", key, scale) : std::string();
  };
  kind.columns = {
      {"capacity [uA h]", [first](const nlohmann::json& s) { return first(s, "capacity [A h]", 1e6); }, true, "rate_capability", "right top"},
      {"capacity [% of nominal]", [first](const nlohmann::json& s) { return first(s, "capacity [% of nominal]", 1.0); }},
      {"energy [uW h]", [first](const nlohmann::json& s) { return first(s, "energy [W h]", 1e6); }},
      {"mean voltage [V]", [first](const nlohmann::json& s) { return first(s, "mean voltage [V]", 1.0); }, true, "mean_voltage", "right top"},
      {"mean power [uW]", [first](const nlohmann::json& s) { return first(s, "mean power [W]", 1e6); }},
  };
  kind.columns.push_back({"exit state", [](const nlohmann::json& s) { return "\"" + s["exit state"].get<std::string>() + "\""; }});
  return kind;
}

}  // namespace kiln

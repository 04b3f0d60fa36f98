#include "sinter/sinter_study.hpp"

#include "core/plot.hpp"
#include "core/progress.hpp"
#include "core/run_directory.hpp"
#include "kinetics/law_selection.hpp"

#include <fmt/format.h>

namespace kiln {

namespace {
const std::vector<std::string> kAtmospheres{"air", "O2", "N2", "Ar", "mother_powder"};
}

SinterStudy SinterStudy::from_input(const InputDocument& document, const MaterialDatabase& database) {
  SinterStudy study;
  study.input_file = document.file();
  const InputTable root = document.root();
  root.string_or("title", "a title for the study", "");
  root.string_or("description", "what the study is for", "");
  root.accept("sweep");  // read by core/sweep

  const InputTable solver = root.table("solver", "the model and its numerical settings");
  study.model_name = solver.choice("model", {"sinter.conventional", "sinter.pressure"}, "the model to run");
  const bool pressure_assisted = study.model_name == "sinter.pressure";

  const InputTable material_table = root.table("material", "the material: name = \"LLZO-Ta\" plus any value to override");
  auto material = std::make_shared<Material>(
      database.load(material_table.string("name", "a material of the database (kiln materials list)"), material_table));
  const SelectedLaws laws =
      select_laws(root, *material, pressure_assisted ? DensificationDefault::under_pressure : DensificationDefault::free);
  if (!laws.densification)
    root.fail_table(fmt::format("{} has no [densification] law: give one in [kinetics.densification] (kiln laws lists them)",
                                material->name));
  if (pressure_assisted && !laws.densification->responds_to_pressure())
    root.fail_table(fmt::format(
        "sinter.pressure needs a densification law that responds to pressure, and \"{}\" does not: give "
        "[kinetics.densification] law = \"skorohod_olevsky\" (or a [pressure_densification] table in the material)",
        laws.densification->name()));

  const LumpedSpecimen specimen =
      LumpedSpecimen::from_input(root.table("specimen", "the specimen's shape and size"), laws.powder_grain_size);
  const InputTable process = root.table("process", "the furnace program, atmosphere and pressure");
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

  study.output_directory = std::filesystem::path("runs") / std::filesystem::path(study.input_file).stem();
  if (auto output = root.optional_table("output", "where and what to write")) {
    study.output_directory = output->string_or("directory", "the run directory", study.output_directory.string());
    study.plots = output->boolean_or("plots", "whether to draw the plots", true);
    output->check_unknown_keys();
  }
  root.check_unknown_keys();

  study.material = material;
  study.model = std::make_shared<SinterModel>(specimen, material->theoretical_density, furnace, pressure, laws.densification,
                                              laws.grain_growth, laws.lithium_loss, atmosphere, material->limit_temperature,
                                              material->limit_kind);
  nlohmann::json references = nlohmann::json::object();
  for (const auto& [key, text] : material->references) references[key] = text;
  study.resolved_input = {{"input", toml_to_json(document.value())},
                          {"material", {{"name", material->name},
                                        {"full_name", material->full_name},
                                        {"file", database.file_of(material->name).string()},
                                        {"values", material->provenance.to_json()},
                                        {"references", references}}},
                          {"laws", {{"densification", laws.densification->name()},
                                    {"grain_growth", laws.grain_growth ? laws.grain_growth->name() : "none"},
                                    {"lithium_loss", laws.lithium_loss ? "evaporation" : "none"}}}};
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
  s["solver"] = {{"steps", r.steps}, {"rhs evaluations", r.rhs_evaluations}};
  return s;
}

namespace {

void draw_plots(const RunDirectory& dir, bool lithium) {
  const std::string csv = "../timeseries.csv";
  // Columns: 1 time, 2 T, 3 p, 4 rho, 5 drho/dt, 6 G, 7 x_Li, 8 phase, 9 dL/L0
  render_plot(dir.plots(), {"density", "Densification", "time [h]", "relative density", "temperature [°C]", false,
                            {{csv, "($1/3600):4", "relative density"}, {csv, "($1/3600):($2-273.15)", "temperature", "lines", true}}});
  render_plot(dir.plots(), {"grain_size_trajectory", "Grain size against density", "relative density", "grain size [µm]", "",
                            false, {{csv, "4:($6*1e6)", "kiln"}}});
  render_plot(dir.plots(), {"dilatometry", "Dilatometer strain", "temperature [°C]", "dL/L0 [%]", "", false,
                            {{csv, "($2-273.15):($9*100)", "dL/L0"}}});
  if (lithium)
    render_plot(dir.plots(), {"lithium_loss", "Lithium loss", "time [h]", "lost fraction of the lithium [%]",
                              "secondary phase [%]", false,
                              {{csv, "($1/3600):($7*100)", "lithium lost"}, {csv, "($1/3600):($8*100)", "secondary phase", "lines", true}}});
}

}  // namespace

SinterResult run_sinter_study(const SinterStudy& study, bool show_progress) {
  RunDirectory dir(study.output_directory, study.resolved_input, study.input_file);
  const auto* li = study.model->lithium_loss();
  auto series = dir.open_timeseries({"time [s]", "temperature [K]", "pressure [Pa]", "relative density [-]",
                                     "densification rate [1/s]", "grain size [m]", "lithium loss [-]",
                                     (li ? li->secondary_phase() : std::string("secondary phase")) + " fraction [-]",
                                     "dL/L0 [-]"});
  Progress progress(show_progress);
  SinterResult result;
  try {
    result = study.model->run(study.settings, [&](const SinterObservation& o) {
      series.write_row({o.time, o.temperature, o.pressure, o.relative_density, o.densification_rate, o.grain_size,
                        o.lithium_loss, o.secondary_phase, o.strain});
      progress.update(o.time / study.settings.end_time,
                      fmt::format("t = {:.2f} h, {:.0f} °C, density {:.3f}", o.time / 3600, o.temperature - 273.15,
                                  o.relative_density));
    });
  } catch (const std::exception& e) {
    progress.done();
    dir.finish(std::string("failed: ") + e.what());
    throw;
  }
  progress.done();
  dir.write_summary(sinter_summary(study, result));
  if (study.plots) draw_plots(dir, li != nullptr);
  dir.finish(result.exit_state);
  return result;
}

}  // namespace kiln

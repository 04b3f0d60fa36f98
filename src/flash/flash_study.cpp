#include "flash/flash_study.hpp"

#include "core/plot.hpp"
#include "core/progress.hpp"
#include "core/run_directory.hpp"
#include "flash/runaway.hpp"
#include "kinetics/law_selection.hpp"
#include "materials/study_input.hpp"

#include <fmt/format.h>

#include <cmath>

namespace kiln {

FlashMaterial conducting_material(const Material& material, const PowerSupply& supply, const InputTable& process) {
  // Which carriers conduct between the electrodes: all of them, or under DC with ion-blocking
  // electrodes only the electrons (AC passes the ionic current through the electrode capacitance).
  FlashMaterial flash_material = FlashMaterial::from(material);
  if (supply.ion_blocking_electrodes() && !supply.is_ac()) {
    auto electronic = material.conductivity.electronic_part();
    if (!electronic)
      process.table("supply", "").fail("electrodes", fmt::format(
          "ion-blocking electrodes under DC leave only electrons to carry the current, but {} has no electronic "
          "[[conductivity]] term: add one to the material (carrier = \"electronic\") or use AC", material.name));
    flash_material.conductivity = *electronic;
  }
  return flash_material;
}

FlashStudy FlashStudy::from_input(const InputDocument& document, const MaterialDatabase& database) {
  FlashStudy study;
  study.input_file = document.file();
  const InputTable root = document.root();
  read_study_preamble(root);

  const InputTable solver = root.table("solver", "the model and its numerical settings");
  solver.choice("model", {"flash.lumped"}, "the model to run");

  auto material = read_study_material(root, database);

  // A lithium-loss law is read (and checked) but not used: seconds at temperature lose little.
  const SelectedLaws laws = select_laws(root, *material, DensificationDefault::free);
  const auto& densification = laws.densification;
  const auto& grain_growth = laws.grain_growth;
  const auto& powder_grain_size = laws.powder_grain_size;
  Provenance& provenance = material->provenance;
  const LumpedSpecimen specimen = LumpedSpecimen::from_input(root.table("specimen", "the specimen's shape and size"), powder_grain_size);
  check_green_density(laws, root.table("specimen", ""), specimen.green_density);

  const InputTable process = root.table("process", "the furnace schedule and the power supply");
  const FurnaceSchedule furnace = FurnaceSchedule::from_input(process.table("furnace", "the furnace schedule"));
  const PowerSupply supply = PowerSupply::from_input(process.table("supply", "the power supply"));
  process.check_unknown_keys();

  // The run lasts as long as the furnace schedule unless told otherwise.
  const QuantitySpec duration{"s", "the simulated time", "30 min", Range::positive()};
  if (furnace.duration() > 0) {
    study.settings.end_time = solver.quantity_or("end_time", duration, furnace.duration());
  } else {
    study.settings.end_time = solver.quantity("end_time", duration);
  }
  study.settings.relative_tolerance =
      solver.number_or("relative_tolerance", "the integrator's relative error tolerance", 1e-6, Range{1e-12, 1e-2});
  study.settings.output_interval = solver.quantity_or(
      "output_interval", {"s", "the longest time between time-series rows", "1 s", Range::non_negative()},
      study.settings.end_time / 2000.0);
  study.settings.output_temperature_change = solver.quantity_or(
      "output_temperature_change", {"K", "the temperature change that also triggers a row", "2 K", Range::positive()}, 2.0);
  solver.check_unknown_keys();

  const OutputSettings output = read_output(root, study.input_file);
  study.output_directory = output.directory;
  study.plots = output.plots;
  root.check_unknown_keys();

  const FlashMaterial flash_material = conducting_material(*material, supply, process);
  const bool electronic_only = supply.ion_blocking_electrodes() && !supply.is_ac();
  study.material = material;
  study.model = std::make_shared<FlashLumpedModel>(flash_material, specimen, furnace, supply, densification, grain_growth);
  study.resolved_input = {{"input", toml_to_json(document.value())},
                          {"material", material_provenance(*material, database)},
                          {"conducting carriers", electronic_only ? "electronic (DC, ion-blocking electrodes)" : "all"},
                          {"laws", {{"densification", densification ? densification->name() : "none"},
                                    {"grain_growth", grain_growth ? grain_growth->name() : "none"}}}};
  // What a run rests on (kiln cite): the lumped energy balance with radiation (Raj 2012), the
  // runaway criterion (Todd et al. 2015), then the laws' own papers.
  std::vector<std::string> references{"Raj2012", "Todd2015"};
  for (const auto& k : densification ? densification->references() : std::vector<std::string>{}) references.push_back(k);
  for (const auto& k : grain_growth ? grain_growth->references() : std::vector<std::string>{}) references.push_back(k);
  study.resolved_input["references"] = references;
  return study;
}

nlohmann::json flash_summary(const FlashStudy& study, const FlashResult& r) {
  const auto& model = *study.model;
  const auto& f = r.final;
  nlohmann::json s;
  s["model"] = "flash.lumped";
  s["material"] = study.material->name;
  s["exit state"] = r.exit_state;
  const bool voltage = model.supply().mode() == PowerSupply::Mode::voltage;
  nlohmann::json flash;
  flash["flash occurred"] = r.onset_time.has_value();
  if (r.onset_time) {
    flash["onset time [s]"] = *r.onset_time;
    flash["incubation time [s]"] = *r.onset_time - model.supply().on_at();
    flash["onset furnace temperature [K]"] = *r.onset_furnace_temperature;
    flash["onset furnace temperature [degC]"] = *r.onset_furnace_temperature - 273.15;
    flash["onset specimen temperature [K]"] = *r.onset_temperature;
    flash["onset power density [W/m^3]"] = *r.onset_power_density;
  } else {
    flash["note"] = voltage ? "the current never reached its limit" : "flash onset is defined for voltage control (the switch to current control)";
  }
  s["flash"] = flash;
  if (auto point = voltage_control_runaway(model)) {
    s["runaway criterion (Todd et al. 2015)"] = {{"furnace temperature [K]", point->furnace_temperature},
                                                 {"specimen temperature [K]", point->specimen_temperature},
                                                 {"power density [W/m^3]", point->power_density}};
  }
  const double area = model.specimen().radiating_area * std::pow(model.specimen().scale(f.relative_density), 2);
  s["temperature"] = {{"peak specimen temperature [K]", r.peak_temperature},
                      {"peak time [s]", r.peak_temperature_time},
                      {"final specimen temperature [K]", f.temperature},
                      {"final furnace temperature [K]", f.furnace_temperature},
                      {"black-body estimate of the final temperature (Raj 2012) [K]",
                       black_body_temperature(f.furnace_temperature, f.power, area, model.material().emissivity)}};
  s["microstructure"] = {{"initial relative density", r.initial.relative_density},
                         {"final relative density", f.relative_density},
                         {"initial grain size [m]", r.initial.grain_size},
                         {"final grain size [m]", f.grain_size},
                         {"linear shrinkage", 1.0 - model.specimen().scale(f.relative_density)}};
  s["energy"] = {{"electrical energy [J]", f.electrical_energy},
                 {"electrical energy per gauge volume [J/m^3]", f.electrical_energy / model.specimen().gauge.volume},
                 {"radiated [J]", f.radiated_energy},
                 {"convected [J]", f.convected_energy},
                 {"stored [J]", r.stored_heat},
                 {"balance residual (relative)", r.energy_balance_residual}};
  s["final state"] = {{"current density [A/m^2]", f.current_density},
                      {"field [V/m]", f.field},
                      {"power density [W/m^3]", f.power_density},
                      {"conductivity [S/m]", f.conductivity}};
  s["solver"] = {{"steps", r.steps}, {"rhs evaluations", r.rhs_evaluations}, {"restarts after failures", r.step_retries}};
  return s;
}

namespace {

void draw_plots(const RunDirectory& dir) {
  const std::string csv = "../timeseries.csv";
  // Columns: 1 time, 2 T_f, 3 T, 4 E, 5 J, 6 V, 7 I, 8 P, 9 p, 10 sigma, 11 rho, 12 G
  render_plot(dir.plots(), {"temperature", "Furnace and specimen temperature", "time [min]", "temperature [°C]", "", false,
                            {{csv, "($1/60):($2-273.15)", "furnace"}, {csv, "($1/60):($3-273.15)", "specimen"}}});
  render_plot(dir.plots(), {"electrical", "Current density and power density", "time [min]", "current density [mA/mm²]",
                            "power density [mW/mm³]", false,
                            {{csv, "($1/60):($5*1e-3)", "current density"}, {csv, "($1/60):($9*1e-6)", "power density", "lines", true}}});
  render_plot(dir.plots(), {"power_vs_furnace", "Power density against furnace temperature", "furnace temperature [°C]",
                            "power density [mW/mm³]", "", true, {{csv, "($2-273.15):($9 > 0 ? $9*1e-6 : 1/0)", "power density"}}});
  render_plot(dir.plots(), {"microstructure", "Densification and grain growth", "time [min]", "relative density",
                            "grain size [µm]", false,
                            {{csv, "($1/60):11", "relative density"}, {csv, "($1/60):($12*1e6)", "grain size", "lines", true}}});
}

}  // namespace

std::vector<std::string> FlashStudy::timeseries_columns() const {
  return {"time [s]", "furnace temperature [K]", "specimen temperature [K]", "field [V/m]",
          "current density [A/m^2]", "voltage [V]", "current [A]", "power [W]",
          "power density [W/m^3]", "conductivity [S/m]", "relative density [-]", "grain size [m]"};
}

std::vector<double> FlashStudy::timeseries_row(const FlashObservation& o) {
  return {o.time, o.furnace_temperature, o.temperature, o.field, o.current_density, o.voltage, o.current,
          o.power, o.power_density, o.conductivity, o.relative_density, o.grain_size};
}

FlashResult run_flash_study(const FlashStudy& study, bool show_progress) {
  RunDirectory dir(study.output_directory, study.resolved_input, study.input_file);
  auto columns = study.timeseries_columns();
  columns.push_back("supply mode");
  auto series = dir.open_timeseries(columns);
  Progress progress(show_progress);
  const FlashResult result = record_run(dir, progress, [&] {
    return study.model->run(study.settings, [&](const FlashObservation& o) {
      series.write_row(FlashStudy::timeseries_row(o), PowerSupply::state_name(o.supply_state));
      progress.update(o.time / study.settings.end_time,
                      fmt::format("t = {:.1f} s, furnace {:.0f} °C, specimen {:.0f} °C", o.time,
                                  o.furnace_temperature - 273.15, o.temperature - 273.15));
    });
  });
  dir.write_summary(flash_summary(study, result));
  if (study.plots) draw_plots(dir);
  dir.finish(result.exit_state);
  return result;
}

}  // namespace kiln

#include "fem/flash_fem_study.hpp"

#include "core/plot.hpp"
#include "core/progress.hpp"
#include "core/run_directory.hpp"
#include "flash/flash_study.hpp"  // conducting_material
#include "kinetics/law_selection.hpp"
#include "materials/study_input.hpp"

#include <fmt/format.h>

#include <cmath>
#include <sstream>
#include <optional>

namespace kiln {

FlashFemStudy FlashFemStudy::from_input(const InputDocument& document, const MaterialDatabase& database) {
  FlashFemStudy study;
  study.input_file = document.file();
  const InputTable root = document.root();
  read_study_preamble(root);
  const InputTable solver = root.table("solver", "the model and its numerical settings");
  solver.choice("model", {"flash.fem"}, "the model to run");

  auto material = read_study_material(root, database);
  const SelectedLaws laws = select_laws(root, *material, DensificationDefault::free);
  FlashFemSetup& s = study.setup;
  s.densification = laws.densification ? laws.densification : std::make_shared<NoDensification>();
  s.grain_growth = laws.grain_growth ? laws.grain_growth : std::make_shared<NoGrainGrowth>();
  const InputTable specimen = root.table("specimen", "the specimen's shape and size");
  s.specimen = FemSpecimen::from_input(specimen, solver, laws.powder_grain_size);
  check_green_density(laws, specimen, s.specimen.green_density);

  const InputTable process = root.table("process", "the furnace schedule and the power supply");
  s.furnace = FurnaceSchedule::from_input(process.table("furnace", "the furnace schedule"));
  s.supply = PowerSupply::from_input(process.table("supply", "the power supply"));
  process.check_unknown_keys();
  s.material = conducting_material(*material, s.supply, process);
  s.thermal_conductivity = material->thermal_conductivity;

  if (auto electrodes = root.optional_table("electrodes", "the contact between electrodes and specimen")) {
    s.boundary.contact_resistance = electrodes->quantity_or(
        "contact_resistance", {"ohm m^2", "the area-specific contact resistance", "1e-6 ohm m^2", Range::non_negative()}, 0.0);
    s.boundary.electrode_heat_transfer = electrodes->quantity_or(
        "heat_transfer_coefficient",
        {"W/(m^2 K)", "the heat-transfer coefficient into the electrodes and their wires", "500 W/(m^2 K)",
         Range::non_negative()},
        0.0);
    electrodes->check_unknown_keys();
  }

  FlashFemSettings& set = s.settings;
  const QuantitySpec duration{"s", "the simulated time", "30 min", Range::positive()};
  set.end_time = s.furnace.duration() > 0 ? solver.quantity_or("end_time", duration, s.furnace.duration())
                                          : solver.quantity("end_time", duration);
  set.relative_tolerance = solver.number_or(
      "relative_tolerance", "the local temperature error per step, relative to the maximum temperature", 1e-3, Range{1e-8, 1e-1});
  set.initial_time_step = solver.quantity_or("initial_time_step", {"s", "the first time step", "0.1 s", Range::positive()}, 0.1);
  set.max_time_step = solver.quantity_or("max_time_step", {"s", "the longest time step", "30 s", Range::non_negative()},
                                         set.end_time / 50.0);
  if (solver.has("time_step"))
    set.fixed_time_step = solver.quantity(
        "time_step", {"s", "a fixed time step (no error control; for convergence studies)", "0.1 s", Range::positive()});
  set.fe_degree = static_cast<unsigned>(solver.number_or("fe_degree", "the polynomial degree of the elements", 1, Range{1, 3}));
  set.output_interval = solver.quantity_or(
      "output_interval", {"s", "the longest time between time-series rows", "1 s", Range::non_negative()}, set.end_time / 1000.0);
  set.output_temperature_change = solver.quantity_or(
      "output_temperature_change", {"K", "the change of the maximum temperature that also triggers a row", "5 K", Range::positive()},
      5.0);
  set.nonlinear_tolerance = solver.quantity_or(
      "nonlinear_tolerance", {"K", "the temperature change at which the coupling iteration stops", "0.1 K", Range::positive()}, 0.1);
  solver.check_unknown_keys();

  const OutputSettings output = read_output(root, study.input_file, true);
  study.output_directory = output.directory;
  study.plots = output.plots;
  set.field_output_times = output.field_times;
  set.field_output_interval = output.field_interval;
  set.field_directory = study.output_directory / "fields";
  root.check_unknown_keys();

  study.material = material;
  const std::string geometry = s.specimen.model == SpatialModel::three_d
                                   ? "3d"
                                   : (s.specimen.model == SpatialModel::plane ? "plane" : "axisymmetric");
  study.resolved_input = {{"input", toml_to_json(document.value())},
                          {"material", material_provenance(*material, database)},
                          {"geometry", geometry},
                          {"laws", {{"densification", s.densification->name()}, {"grain_growth", s.grain_growth->name()}}}};
  // The FEM model of the review (section 3.5) as first set up for flash sintering by Grasso et al.
  // 2011; the energy balance of Raj 2012 and the runaway of Todd et al. 2015 as in the lumped model.
  std::vector<std::string> references{"Grasso2011", "Raj2012", "Todd2015", "Bangerth2007", "Burstedde2011"};
  if (s.specimen.shape == "dogbone" || s.specimen.shape == "mesh") references.push_back("Geuzaine2009");
  for (const auto& k : s.densification->references()) references.push_back(k);
  for (const auto& k : s.grain_growth->references()) references.push_back(k);
  study.resolved_input["references"] = references;
  return study;
}

std::vector<std::string> FlashFemStudy::timeseries_columns() {
  return {"time [s]", "furnace temperature [K]", "specimen temperature [K]", "field [V/m]",
          "current density [A/m^2]", "voltage [V]", "current [A]", "power [W]",
          "power density [W/m^3]", "conductivity [S/m]", "relative density [-]", "grain size [m]",
          "maximum temperature [K]", "minimum temperature [K]", "surface temperature [K]",
          "core-surface difference [K]", "current fraction of hottest tenth [-]", "conductance [S]",
          "current at electrode [A]", "current at ground [A]", "radiated power [W]", "convected power [W]",
          "electrode heat loss [W]", "electrical energy [J]", "stored heat [J]", "maximum displacement [m]"};
}

std::vector<double> FlashFemStudy::timeseries_row(const FlashFemObservation& o) {
  return {o.time, o.furnace_temperature, o.temperature, o.field, o.current_density, o.voltage, o.current, o.power,
          o.power_density, o.conductivity, o.relative_density, o.grain_size, o.max_temperature, o.min_temperature,
          o.surface_temperature, o.core_surface_difference, o.hottest_tenth_current_fraction, o.conductance,
          o.electrode_current_in, o.electrode_current_out, o.radiated_power, o.convected_power, o.electrode_loss,
          o.electrical_energy, o.stored_heat, o.max_displacement};
}

nlohmann::json flash_fem_summary(const FlashFemStudy& study, const FlashFemResult& r) {
  const auto& s = study.setup;
  const auto& f = r.final;
  nlohmann::json j;
  j["model"] = "flash.fem";
  j["material"] = study.material->name;
  j["exit state"] = r.exit_state;
  nlohmann::json flash;
  flash["flash occurred"] = r.onset_time.has_value();
  if (r.onset_time) {
    flash["onset time [s]"] = *r.onset_time;
    flash["incubation time [s]"] = *r.onset_time - s.supply.on_at();
    flash["onset furnace temperature [K]"] = *r.onset_furnace_temperature;
    flash["onset furnace temperature [degC]"] = *r.onset_furnace_temperature - 273.15;
    flash["onset specimen temperature [K]"] = *r.onset_temperature;
    flash["onset power density [W/m^3]"] = *r.onset_power_density;
  } else {
    flash["note"] = s.supply.mode() == PowerSupply::Mode::voltage
                        ? "the current never reached its limit"
                        : "flash onset is defined for voltage control (the switch to current control)";
  }
  j["flash"] = flash;
  j["temperature"] = {{"peak specimen temperature [K]", r.peak_temperature},
                      {"peak time [s]", r.peak_temperature_time},
                      {"final specimen temperature [K]", f.temperature},
                      {"final maximum temperature [K]", f.max_temperature},
                      {"final surface temperature [K]", f.surface_temperature},
                      {"final furnace temperature [K]", f.furnace_temperature}};
  j["hot spots"] = {{"peak core-surface difference [K]", r.peak_core_surface_difference},
                    {"final core-surface difference [K]", f.core_surface_difference},
                    {"final current fraction of the hottest tenth of the mid-section", f.hottest_tenth_current_fraction},
                    {"peak power [W]", r.peak_power},
                    {"peak power time [s]", r.peak_power_time}};
  j["microstructure"] = {{"initial relative density", r.initial.relative_density},
                         {"final relative density", f.relative_density},
                         {"initial grain size [m]", r.initial.grain_size},
                         {"final grain size [m]", f.grain_size},
                         {"maximum displacement [m]", f.max_displacement}};
  j["energy"] = {{"electrical energy [J]", f.electrical_energy},
                 {"radiated [J]", f.radiated_energy},
                 {"convected [J]", f.convected_energy},
                 {"into the electrodes [J]", f.electrode_energy},
                 {"stored [J]", f.stored_heat},
                 {"balance residual (relative)", r.energy_balance_residual}};
  j["charge"] = {{"final current [A]", f.current},
                 {"current at electrode [A]", f.electrode_current_in},
                 {"current at ground [A]", f.electrode_current_out},
                 {"largest relative imbalance", r.charge_balance_residual}};
  j["final state"] = {{"current density [A/m^2]", f.current_density},
                      {"field [V/m]", f.field},
                      {"power density [W/m^3]", f.power_density},
                      {"conductivity [S/m]", f.conductivity}};
  j["mesh"] = {{"cells", r.cells}, {"unknowns per field", r.dofs_per_field}, {"processes", r.processes},
               {"element degree", s.settings.fe_degree}, {"element size [m]", s.specimen.mesh_size},
               {"refinements", s.specimen.refinements}};
  j["solver"] = {{"steps", r.steps}, {"rejected steps", r.rejected_steps},
                 {"coupling iterations", r.nonlinear_iterations}, {"linear iterations", r.linear_iterations}};
  if (!r.field_files.empty()) j["fields"] = r.field_files;
  return j;
}

namespace {

void draw_plots(const RunDirectory& dir) {
  const std::string csv = "../timeseries.csv";
  render_plot(dir.plots(), {"temperature", "Furnace and specimen temperatures", "time [min]", "temperature [°C]", "", false,
                            {{csv, "($1/60):($2-273.15)", "furnace"},
                             {csv, "($1/60):($3-273.15)", "gauge mean"},
                             {csv, "($1/60):($13-273.15)", "maximum"},
                             {csv, "($1/60):($15-273.15)", "surface mean"}}});
  render_plot(dir.plots(), {"electrical", "Current density and power density", "time [min]", "current density [mA/mm²]",
                            "power density [mW/mm³]", false,
                            {{csv, "($1/60):($5*1e-3)", "current density"}, {csv, "($1/60):($9*1e-6)", "power density", "lines", true}}});
  render_plot(dir.plots(), {"power_vs_furnace", "Power density against furnace temperature", "furnace temperature [°C]",
                            "power density [mW/mm³]", "", true, {{csv, "($2-273.15):($9 > 0 ? $9*1e-6 : 1/0)", "power density"}}});
  render_plot(dir.plots(), {"hot_spots", "Core-surface difference and current in the hottest tenth", "time [min]",
                            "max T - mean surface T [K]", "current fraction of the hottest 10 % of the mid-section", false,
                            {{csv, "($1/60):16", "core-surface difference"}, {csv, "($1/60):17", "hottest-tenth current fraction", "lines", true}}});
  render_plot(dir.plots(), {"microstructure", "Densification and grain growth (gauge)", "time [min]", "relative density",
                            "grain size [µm]", false,
                            {{csv, "($1/60):11", "relative density"}, {csv, "($1/60):($12*1e6)", "grain size", "lines", true}}});
}

// The picture a user looks at first: the temperature on the deformed specimen at peak power,
// from the gnuplot patches the solver wrote (one file per process).
void draw_field_picture(const RunDirectory& dir, const FlashFemStudy& study, const FlashFemResult& r) {
  if (r.picture_data.empty()) return;
  const bool three_d = study.setup.specimen.model == SpatialModel::three_d;
  const bool axisymmetric = study.setup.specimen.model == SpatialModel::axisymmetric;
  std::ostringstream gp;
  gp << "# Temperature on the deformed specimen at peak power (t = " << fmt::format("{:.4g}", r.peak_power_time)
     << " s), drawn from the solver's gnuplot patches.\n";
  gp << "set terminal pngcairo size 1400,800 font 'DejaVu Sans,13' noenhanced\n"
     << "set output 'peak_power_temperature.png'\n"
     << "set palette defined (0 '#000004', 1 '#51127c', 2 '#b73779', 3 '#fc8961', 4 '#fcfdbf')\n"
     << "set cblabel 'temperature [°C]'\n"
     << "unset key\n"
     << fmt::format("set title 'Temperature at peak power, t = {:.4g} s ({:.0f} W)'\n", r.peak_power_time, r.peak_power)
     << "files = system('ls ../fields/peak_power_temperature.*.gnuplot')\n";
  if (three_d) {
    gp << "set view 55, 35, 1.5\nset view equal xyz\nset pm3d depthorder\nset xlabel 'x [mm]'\nset ylabel 'y [mm]'\n"
       << "unset ztics\nset ticslevel 0\n"
       << "splot for [f in files] f using ($1*1e3):($2*1e3):($3*1e3):($4-273.15) with pm3d\n";
  } else {
    gp << "set view map\nset size ratio -1\nset xlabel '" << (axisymmetric ? "r [mm]" : "x [mm]") << "'\nset ylabel '"
       << (axisymmetric ? "axial position [mm]" : "y [mm]") << "'\n";
    if (axisymmetric)
      gp << "splot for [f in files] f using ($1*1e3):($2*1e3):($3-273.15) with pm3d, "
            "for [f in files] f using (-$1*1e3):($2*1e3):($3-273.15) with pm3d\n";
    else
      gp << "splot for [f in files] f using ($1*1e3):($2*1e3):($3-273.15) with pm3d\n";
  }
  run_gnuplot_script(dir.plots(), "peak_power_temperature", gp.str());
}

}  // namespace

FlashFemResult run_flash_fem_study(const FlashFemStudy& study, bool show_progress) {
  ensure_mpi_initialized();
  const bool root = mpi_rank() == 0;
  std::optional<RunDirectory> dir;
  TimeSeriesWriter series;
  if (root) {
    dir.emplace(study.output_directory, study.resolved_input, study.input_file);
    std::filesystem::create_directories(study.setup.settings.field_directory);
    auto columns = FlashFemStudy::timeseries_columns();
    columns.push_back("supply mode");
    series = dir->open_timeseries(columns);
  }
  Progress progress(show_progress && root);
  const auto& set = study.setup.settings;
  auto integrate = [&] {
    return run_flash_fem(study.setup, [&](const FlashFemObservation& o) {
      series.write_row(FlashFemStudy::timeseries_row(o), PowerSupply::state_name(o.supply_state));
      progress.update(o.time / set.end_time,
                      fmt::format("t = {:.1f} s, furnace {:.0f} °C, specimen max {:.0f} °C", o.time,
                                  o.furnace_temperature - 273.15, o.max_temperature - 273.15));
    });
  };
  if (!root) return integrate();
  const FlashFemResult result = record_run(*dir, progress, integrate);
  dir->write_summary(flash_fem_summary(study, result));
  if (study.plots) {
    draw_plots(*dir);
    draw_field_picture(*dir, study, result);
  }
  dir->finish(result.exit_state);
  return result;
}

}  // namespace kiln

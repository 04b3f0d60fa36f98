// kiln: the command-line program. It only parses the command line and dispatches to the studies;
// physics lives in src/.
//
//   kiln run examples/flash_3ysz_lumped.toml
//   kiln run examples/flash_3ysz_lumped.toml --set process.supply.field="120 V/cm"
//   kiln sweep examples/flash_3ysz_onset_map.toml
//   kiln materials list
//   kiln materials show 3YSZ
#include "fem/flash_fem_model.hpp"
#include "core/input.hpp"
#include "core/plot.hpp"
#include "core/progress.hpp"
#include "core/run_directory.hpp"
#include "core/units.hpp"
#include "flash/flash_study.hpp"
#include "flash/onset_map.hpp"
#include "kinetics/densification.hpp"
#include "kinetics/grain_growth.hpp"
#include "kinetics/law_selection.hpp"
#include "materials/material.hpp"
#include "materials/study_input.hpp"
#include "properties/drt.hpp"
#include "properties/equivalent_circuit.hpp"
#include "properties/microstructure_conductivity.hpp"
#include "properties/sintered_body.hpp"
#include "sinter/master_curve_fit.hpp"
#include "sinter/sinter_study.hpp"
#include "sinter/sinter_sweep.hpp"
#include "studies/citations.hpp"
#include "studies/report.hpp"
#include "studies/study_runner.hpp"
#include "ml/process_optimization.hpp"
#include "ml/study_calibration.hpp"
#include "ml_commands.hpp"

#include <cstdio>
#include <cstdlib>
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>

namespace {

using namespace kiln;

struct RunOptions {
  std::string input;
  std::vector<std::string> sets;
  std::string output;
  bool quiet = false;
};

InputDocument read_input(const RunOptions& o) {
  InputDocument doc = InputDocument::from_file(o.input);
  for (const auto& s : o.sets) doc.set(s);
  if (!o.output.empty()) doc.set("output.directory=" + toml::format(toml::value(o.output)));
  return doc;
}

void print_flash_summary(const nlohmann::json& s) {
  const auto& flash = s["flash"];
  if (flash["flash occurred"].get<bool>()) {
    fmt::print("  flash onset      t = {:.1f} s (incubation {:.1f} s), furnace {:.0f} °C, specimen {:.0f} °C\n",
               flash["onset time [s]"].get<double>(), flash["incubation time [s]"].get<double>(),
               flash["onset furnace temperature [degC]"].get<double>(),
               flash["onset specimen temperature [K]"].get<double>() - 273.15);
    fmt::print("  onset power      {:.1f} mW/mm³\n", flash["onset power density [W/m^3]"].get<double>() * 1e-6);
  } else {
    fmt::print("  no flash: {}\n", flash["note"].get<std::string>());
  }
  if (s.contains("runaway criterion (Todd et al. 2015)"))
    fmt::print("  runaway criterion (Todd et al. 2015): furnace {:.0f} °C\n",
               s["runaway criterion (Todd et al. 2015)"]["furnace temperature [K]"].get<double>() - 273.15);
  const auto& T = s["temperature"];
  fmt::print("  specimen         peak {:.0f} °C, final {:.0f} °C\n", T["peak specimen temperature [K]"].get<double>() - 273.15,
             T["final specimen temperature [K]"].get<double>() - 273.15);
  const auto& m = s["microstructure"];
  fmt::print("  microstructure   relative density {:.3f} -> {:.3f}, grain size {:.3g} -> {:.3g} µm\n",
             m["initial relative density"].get<double>(), m["final relative density"].get<double>(),
             m["initial grain size [m]"].get<double>() * 1e6, m["final grain size [m]"].get<double>() * 1e6);
  const auto& e = s["energy"];
  fmt::print("  energy           {:.4g} J electrical (balance closes to {:.1e})\n", e["electrical energy [J]"].get<double>(),
             std::abs(e["balance residual (relative)"].get<double>()));
}

int optimize_command(const RunOptions& o) {
  const InputDocument doc = read_input(o);
  if (!doc.root().has("optimize"))
    throw InputError(o.input, 0, "", "kiln optimize needs an [optimize] table (maximize = \"final_relative_density\", [[optimize.parameter]] ...)");
  const auto db = MaterialDatabase::default_database();
  if (!o.quiet) fmt::print("{}\n", kiln_banner());
  const auto result = ml::run_process_optimization(doc, study_kind(study_model(doc), db), !o.quiet && Progress::stderr_is_terminal());
  if (!o.quiet) {
    const auto& summary = result.summary;
    if (result.resumed) fmt::print("resumed from {} earlier evaluations\n", result.resumed);
    fmt::print("{}: {} evaluations, {} feasible, {} failed\n", o.input, summary["evaluations"].get<int>(),
               summary["feasible runs"].get<int>(), summary["failed runs"].get<int>());
    if (result.best) {
      fmt::print("  best (evaluation {}): {} = {:.6g}\n", *result.best + 1, summary["objective"].get<std::string>(),
                 result.evaluations[*result.best].objective);
      std::string rerun = "kiln run " + o.input;
      for (auto it = summary["best"]["parameters"].begin(); it != summary["best"]["parameters"].end(); ++it) {
        fmt::print("    {} = {}\n", it.key(), it.value().get<std::string>());
        rerun += fmt::format(" --set {}=\"{}\"", it.key(), it.value().get<std::string>());
      }
      fmt::print("  to look at the best run:\n    {}\n", rerun);
    } else {
      fmt::print("  no run met the constraints\n");
    }
    fmt::print("results in {}/: evaluations.csv, summary.json, manifest.json, plots/\n", result.directory.string());
  }
  return 0;
}

int calibrate_command(const RunOptions& o) {
  const InputDocument doc = read_input(o);
  if (!doc.root().has("fit"))
    throw InputError(o.input, 0, "", "kiln fit needs a [fit] table ([[fit.parameter]] key, initial, lower, upper; [[fit.data]] file, x, y)");
  const auto db = MaterialDatabase::default_database();
  if (!o.quiet) fmt::print("{}\n", kiln_banner());
  const auto r = ml::run_calibration(doc, study_kind(study_model(doc), db));
  if (!o.quiet) {
    fmt::print("{}: {} after {} iterations\n", o.input, r.converged ? "converged" : "NOT converged", r.iterations);
    for (std::size_t j = 0; j < r.values.size(); ++j)
      fmt::print("  {} = {:.6g} {}{}\n", r.parameters[j].key, r.values[j],
                 std::isfinite(r.standard_deviations[j]) ? fmt::format("± {:.2g} ", r.standard_deviations[j]) : std::string(),
                 r.parameters[j].unit + (std::isfinite(r.standard_deviations[j]) ? "" : " (uncertainty not determined: the data do not constrain it)"));
    fmt::print("  residual standard deviation {:.3g}{}\n", r.rms_residual, r.residuals_in_sigma ? " (in units of the data's sigma)" : "");
    fmt::print("results in {}/: summary.json, calibrated_values.toml, fit_*.csv, plots/fit.png\n", r.directory.string());
  }
  return 0;
}

int run_command(const RunOptions& o, bool require_sweep) {
  const InputDocument doc = read_input(o);
  const auto db = MaterialDatabase::default_database();
  const bool sweep = doc.root().has("sweep");
  if (require_sweep && !sweep)
    throw InputError(o.input, 0, "", "kiln sweep needs a [sweep] table (parameter = \"process.supply.field\", values = [...])");
  const bool progress = !o.quiet && Progress::stderr_is_terminal();
  if (!o.quiet) fmt::print("{}\n", kiln_banner());
  if (sweep) {
    const SweepOutcome out = run_study_sweep(doc, db, progress);
    if (!o.quiet) {
      fmt::print("{} of {} runs written to {}/\n", out.kind, out.points, out.directory.string());
      fmt::print("  table    {}\n  plots    {}/plots/\n", out.table.string(), out.directory.string());
    }
    return 0;
  }
  const StudyOutcome out = run_study(doc, db, progress);
  if (o.quiet) return 0;
  fmt::print("{}: {} on {} ({})\n", o.input, out.model, out.material, out.exit_state);
  const auto& s = out.summary;
  if (out.model == "flash.lumped") {
    print_flash_summary(s);
    fmt::print("results in {}/: timeseries.csv, summary.json, manifest.json, plots/temperature.png\n", out.directory.string());
    return 0;
  }
  if (out.model == "flash.fem") {
    print_flash_summary(s);
    const auto& h = s["hot spots"];
    fmt::print("  peak core-surface difference {:.1f} K, peak power {:.3g} W at {:.1f} s; {} cells, {} unknowns per field, "
               "{} process(es), {} steps\n",
               h["peak core-surface difference [K]"].get<double>(), h["peak power [W]"].get<double>(),
               h["peak power time [s]"].get<double>(), s["mesh"]["cells"].get<std::size_t>(),
               s["mesh"]["unknowns per field"].get<std::size_t>(), s["mesh"]["processes"].get<unsigned>(),
               s["solver"]["steps"].get<long>());
    fmt::print("results in {}/: timeseries.csv, summary.json, fields/fields.pvd (ParaView), plots/peak_power_temperature.png\n",
               out.directory.string());
    return 0;
  }
  if (out.model.rfind("cell.", 0) == 0) {
    for (auto it = s["cell"].begin(); it != s["cell"].end(); ++it) fmt::print("  {}: {:.4g}\n", it.key(), it.value().get<double>());
    if (s.contains("separator"))
      fmt::print("  separator from {}: {:.3f} dense, {:.3g} S/cm, {:.3g} µm\n", s["separator"]["run"].get<std::string>(),
                 s["separator"]["relative density"].get<double>(), s["separator"]["conductivity [S/m]"].get<double>() / 100,
                 s["separator"]["thickness [m]"].get<double>() * 1e6);
    for (const auto& st : s["steps"])
      fmt::print("  cycle {} {:<34} {:>9.4g} µAh {:>9.4g} µWh  (ended by {})\n", st["cycle"].get<int>(), st["step"].get<std::string>(),
                 st["capacity [A h]"].get<double>() * 1e6, st["energy [W h]"].get<double>() * 1e6, st["ended by"].get<std::string>());
    fmt::print("results in {}/: timeseries.csv, profiles.csv, summary.json, plots/voltage_capacity.png\n", out.directory.string());
    return 0;
  }
  const auto& m = s["microstructure"];
  fmt::print("  relative density {:.3f} -> {:.3f}, grain size {:.3g} -> {:.3g} µm, dL/L0 {:.2f} %\n",
             m["initial relative density"].get<double>(), m["final relative density"].get<double>(),
             m["initial grain size [m]"].get<double>() * 1e6, m["final grain size [m]"].get<double>() * 1e6,
             m["final strain dL/L0"].get<double>() * 100);
  fmt::print("  fastest densification at {:.0f} °C\n", s["densification"]["temperature at peak rate [K]"].get<double>() - 273.15);
  if (s.contains("lithium"))
    for (auto it = s["lithium"].begin(); it != s["lithium"].end(); ++it)
      if (it.value().is_number()) fmt::print("  {}: {:.4g}\n", it.key(), it.value().get<double>());
  if (s.contains("cold sintering"))
    for (auto it = s["cold sintering"].begin(); it != s["cold sintering"].end(); ++it)
      fmt::print("  {}: {}\n", it.key(), it.value().is_number() ? fmt::format("{:.4g}", it.value().get<double>()) : it.value().get<std::string>());
  fmt::print("results in {}/: timeseries.csv, summary.json, manifest.json, plots/\n", out.directory.string());
  return 0;
}

int materials_list() {
  const auto db = MaterialDatabase::default_database();
  fmt::print("materials in {}:\n", db.directory().string());
  for (const auto& name : db.names()) {
    const Material m = db.load(name);
    fmt::print("  {:<10} {}\n", name, m.full_name);
  }
  return 0;
}

int materials_show(const std::string& name) {
  const auto db = MaterialDatabase::default_database();
  // The material's laws are built too, so that their parameters are listed with their sources.
  const Material m = load_material_with_laws(db, name);
  fmt::print("{} — {}\n", m.name, m.full_name);
  if (!m.formula.empty()) fmt::print("formula: {}\n", m.formula);
  if (!m.kind.empty()) fmt::print("kind: {}\n", m.kind);
  fmt::print("file: {}\n\n", db.file_of(name).string());
  for (const auto& v : m.provenance.values())
    fmt::print("  {:<40} {:>22}   = {:.6g} {}\n      source: {}\n", v.key, v.as_written, v.si, v.si_unit == "1" ? "" : v.si_unit, v.source);
  fmt::print("\n  conductivity of the dense material: {:.3g} S/m at 25 °C, {:.3g} S/m at 800 °C\n", m.conductivity.dense(298.15),
             m.conductivity.dense(1073.15));
  fmt::print("  {} temperature: {:.0f} °C\n", m.limit_kind, m.limit_temperature - 273.15);
  if (m.densification) fmt::print("  densification law: {}\n", m.densification->string_or("law", "", "?"));
  if (m.grain_growth) fmt::print("  grain-growth law: {}\n", m.grain_growth->string_or("law", "", "?"));
  if (m.pressure_densification)
    fmt::print("  densification law under pressure: {}\n", m.pressure_densification->string_or("law", "", "?"));
  if (m.lithium_loss) fmt::print("  lithium-loss law: {}\n", m.lithium_loss->string_or("law", "", "evaporation"));
  if (m.cold_sintering) {
    std::string solvents;
    if (m.cold_sintering->has("solvents"))
      for (const auto& [key, v] : m.cold_sintering->raw("solvents").as_table()) solvents += (solvents.empty() ? "" : ", ") + key;
    fmt::print("  cold sintering: parameters for {}\n", solvents.empty() ? "dry pressing only" : solvents);
  }
  if (!m.references.empty()) {
    fmt::print("\nreferences:\n");
    for (const auto& [key, text] : m.references) fmt::print("  [{}] {}\n", key, text);
  }
  return 0;
}

struct FitOptions {
  std::vector<std::string> files;
  double green_density = 0.0;
  std::string q_min = "200 kJ/mol", q_max = "1000 kJ/mol";
  std::string output = "runs/msc_fit";
  bool quiet = false;
};

int fit_msc(const FitOptions& o) {
  std::vector<DilatometryCurve> curves;
  for (const auto& f : o.files) curves.push_back(read_dilatometry_csv(f, o.green_density));
  double q_min = 0, q_max = 0;
  try {
    q_min = quantity_to_si(o.q_min, "J/mol");
    q_max = quantity_to_si(o.q_max, "J/mol");
  } catch (const std::exception& e) {
    throw InputError("command line", 0, "--q-min/--q-max", std::string(e.what()) + ": expected an activation energy such as \"300 kJ/mol\"");
  }
  if (!(q_min > 0 && q_max > q_min)) throw InputError("command line", 0, "--q-min/--q-max", "expected 0 < q-min < q-max, in J/mol or kJ/mol");
  const MasterCurveFit fit = fit_master_curve(curves, q_min, q_max);

  nlohmann::json input = {{"files", o.files}, {"green_density", o.green_density}, {"q_range", {o.q_min, o.q_max}}};
  RunDirectory dir(o.output, input, o.files.front());
  dir.write_summary({{"model", "fit.master_curve"}, {"fit", master_curve_fit_json(fit)}});
  {
    std::ofstream law(dir.path() / "msc_law.toml");
    std::string files;
    for (const auto& f : o.files) files += (files.empty() ? "" : ", ") + std::filesystem::path(f).filename().string();
    law << master_curve_law_toml(fit, "kiln fit msc on " + files);
  }
  {
    std::ofstream csv(dir.path() / "collapsed.csv");
    csv << "curve,heating rate [K/min],ln Theta [ln(s/K)],relative density,master curve\n";
    const MasterCurveDensification law(fit.activation_energy, fit.a, fit.b, fit.rho0, fit.rho_final);
    for (std::size_t k = 0; k < curves.size(); ++k) {
      const auto theta = work_of_sintering(curves[k], fit.activation_energy);
      for (std::size_t i = 1; i < theta.size(); ++i)
        csv << fmt::format("{},{:.4g},{:.8g},{:.8g},{:.8g}\n", k + 1, curves[k].heating_rate * 60, std::log(theta[i]),
                           curves[k].density[i], law.density(theta[i]));
      csv << "\n\n";  // gnuplot data blocks: one per curve
    }
    // The fitted curve on a grid spanning the data, for the plot.
    double lo = 1e9, hi = -1e9;
    for (const auto& c : curves) {
      const auto theta = work_of_sintering(c, fit.activation_energy);
      lo = std::min(lo, std::log(theta[1]));
      hi = std::max(hi, std::log(theta.back()));
    }
    std::ofstream grid(dir.path() / "master_curve.csv");
    grid << "ln Theta [ln(s/K)],relative density\n";
    for (int i = 0; i <= 200; ++i) {
      const double x = lo + (hi + 2.0 - lo) * i / 200.0;
      grid << fmt::format("{:.8g},{:.8g}\n", x, law.density(std::exp(x)));
    }
    std::ofstream profile(dir.path() / "profile.csv");
    profile << "activation energy [kJ/mol],sum of squares\n";
    for (std::size_t i = 0; i < fit.profile_q.size(); ++i)
      profile << fmt::format("{:.6g},{:.8g}\n", fit.profile_q[i] * 1e-3, fit.profile_sum_of_squares[i]);
  }
  PlotSpec collapse{"msc_collapse", fmt::format("Master sintering curve, Q = {:.0f} ± {:.0f} kJ/mol", fit.activation_energy * 1e-3,
                                                fit.activation_energy_sigma * 1e-3),
                    "ln Θ [ln(s/K)]", "relative density", "", false, {}};
  for (std::size_t k = 0; k < curves.size(); ++k)
    collapse.curves.push_back({"../collapsed.csv", "3:4", fmt::format("{} ({:.3g} K/min)", curves[k].name, curves[k].heating_rate * 60),
                               "points", false, fmt::format("index {}", k)});
  collapse.curves.push_back({"../master_curve.csv", "1:2", "fitted master curve", "lines"});
  collapse.key_position = "left top";
  render_plot(dir.plots(), collapse);
  render_plot(dir.plots(), {"msc_profile", "Collapse of the curves against Q", "activation energy [kJ/mol]",
                            "sum of squared residuals", "", true, {{"../profile.csv", "1:2", "S(Q)", "linespoints"}}});
  dir.finish("completed");
  if (fit.at_search_limit)
    std::cerr << fmt::format("kiln: warning: Q = {:.1f} kJ/mol lies at a limit of the search range [{}, {}]: widen it with "
                             "--q-min/--q-max or check the curves (density rising with time? shrinkage sign?)\n",
                             fit.activation_energy * 1e-3, o.q_min, o.q_max);
  if (o.quiet) return 0;
  fmt::print("master sintering curve from {} curves ({} points)\n", curves.size(), fit.points);
  fmt::print("  Q = {:.1f} ± {:.1f} kJ/mol, a = {:.4f}, b = {:.4f}, rho0 = {:.4f}, rms residual {:.4f}\n",
             fit.activation_energy * 1e-3, fit.activation_energy_sigma * 1e-3, fit.a, fit.b, fit.rho0, fit.rms_residual);
  fmt::print("results in {}/: msc_law.toml (use as [kinetics.densification]), summary.json, collapsed.csv, plots/msc_collapse.png\n",
             dir.path().string());
  return 0;
}

struct DrtCommand {
  std::string file;
  std::string lambda = "gcv";
  std::string output = "runs/drt";
  bool quiet = false;
};

int drt_command(const DrtCommand& c) {
  const ImpedanceSpectrum spectrum = read_impedance_csv(c.file);
  DrtOptions options;
  if (c.lambda == "gcv") options.rule = DrtLambdaRule::gcv;
  else if (c.lambda == "mgcv") options.rule = DrtLambdaRule::modified_gcv;
  else if (c.lambda == "rgcv") options.rule = DrtLambdaRule::robust_gcv;
  else {
    try {
      options.lambda = std::stod(c.lambda);
    } catch (const std::exception&) {
      throw InputError("command line", 0, "--lambda", "expected gcv, mgcv, rgcv or a number (e.g. 1e-5)");
    }
    if (!(*options.lambda > 0)) throw InputError("command line", 0, "--lambda", "must be > 0");
  }
  const DrtResult r = compute_drt(spectrum, options);
  RunDirectory dir(c.output, {{"file", c.file}, {"lambda", c.lambda}}, c.file);
  dir.write_summary({{"model", "properties.drt"}, {"drt", drt_summary(r)}});
  dir.write_json("drt_problem.json", {{"matrix", r.matrix}, {"regulariser", r.regulariser}, {"data", r.data},
                                      {"lambda", r.lambda}, {"coefficients", r.coefficients},
                                      {"centres", r.centres}, {"epsilon", r.epsilon}});
  {
    std::ofstream out(dir.path() / "drt.csv");
    out << "tau [s],gamma [Ohm]\n";
    for (std::size_t i = 0; i < r.tau.size(); ++i) out << fmt::format("{:.8g},{:.8g}\n", r.tau[i], r.gamma[i]);
    std::ofstream fit(dir.path() / "fit.csv");
    fit << "frequency [Hz],Z' [Ohm],Z'' [Ohm],fit Z' [Ohm],fit Z'' [Ohm]\n";
    for (std::size_t i = 0; i < spectrum.frequency.size(); ++i)
      fit << fmt::format("{:.8g},{:.8g},{:.8g},{:.8g},{:.8g}\n", spectrum.frequency[i], spectrum.impedance[i].real(),
                         spectrum.impedance[i].imag(), r.fitted[i].real(), r.fitted[i].imag());
  }
  PlotSpec drt{"drt", "Distribution of relaxation times", "τ [s]", "γ [Ω]", "", false, {{"../drt.csv", "1:2", "γ(ln τ)"}}};
  drt.log_x = true;
  render_plot(dir.plots(), drt);
  render_plot(dir.plots(), {"nyquist", "Nyquist plot: data and DRT fit", "Z' [Ω]", "-Z'' [Ω]", "", false,
                            {{"../fit.csv", "2:(-$3)", "data", "points"}, {"../fit.csv", "4:(-$5)", "DRT fit", "lines"}}});
  dir.finish("completed");
  if (r.lambda_at_limit)
    std::cerr << fmt::format("kiln: warning: cross-validation chose lambda = {:.3g}, an end of its range: the DRT may show "
                             "spurious peaks (too little regularisation) or merge real ones (too much); try --lambda 1e-5 "
                             "and compare\n", r.lambda);
  if (c.quiet) return 0;
  fmt::print("DRT of {} ({} frequencies), lambda = {:.3g} ({})\n", c.file, spectrum.frequency.size(), r.lambda,
             r.lambda_by_gcv ? c.lambda : "given");
  fmt::print("  R_inf = {:.4g} Ohm, rms residual {:.3g} Ohm\n", r.r_inf, r.rms_residual);
  for (const auto& p : r.peaks)
    fmt::print("  peak at tau = {:.3e} s ({:.3e} Hz): R = {:.4g} Ohm\n", p.tau, p.frequency, p.resistance);
  fmt::print("results in {}/: summary.json, drt.csv, fit.csv, plots/drt.png, plots/nyquist.png\n", dir.path().string());
  return 0;
}

struct PropertiesCommand {
  std::string run_dir;
  std::string porosity_law = "archie";
  double p0 = 0.026;
  // The impedance spectrum of the pellet.
  std::string temperature = "25 degC";
  std::string thickness, diameter;  // default: the run's pellet
  std::string electrodes = "blocking";
  std::string surface_layer = "0 nm";  // e.g. Li2CO3 on each face
  std::string surface_layer_conductivity = "1e-8 S/cm";
  double permittivity = 50;
  bool quiet = false;
};

double option_quantity(const std::string& option, const std::string& text, const QuantitySpec& spec) {
  // Command-line quantities go through the same reader as input files, so units and errors match.
  const InputDocument doc = InputDocument::from_string("v = " + toml::format(toml::value(text)), "command line " + option);
  return doc.root().quantity("v", spec);
}

int properties_command(const PropertiesCommand& c) {
  const std::filesystem::path dir(c.run_dir);
  const auto db = MaterialDatabase::default_database();
  const SinteredBody body = read_sintered_body(dir, db);
  const Material& material = body.material;
  const MicrostructureState& state = body.state;
  ConductivityOptions options;
  if (c.porosity_law == "archie") options.porosity_law = PorosityLaw::archie;
  else if (c.porosity_law == "bruggeman") options.porosity_law = PorosityLaw::bruggeman;
  else if (c.porosity_law == "exponential") options.porosity_law = PorosityLaw::exponential;
  else throw InputError("command line", 0, "--porosity-law", "expected archie, bruggeman or exponential");
  if (!(c.p0 > 0 && c.p0 < 1)) throw InputError("command line", 0, "--p0", "expected a porosity constant between 0 and 1 (e.g. 0.026)");
  options.exponential_p0 = c.p0;
  const PropertiesReport report = microstructure_properties(material, state, options);
  write_json_file(dir / "properties.json", properties_json(report, state, options));
  {
    std::ofstream csv(dir / "arrhenius.csv");
    csv << "temperature [K],conductivity [S/m]\n";
    for (const auto& [T, v] : report.arrhenius) csv << fmt::format("{:.6g},{:.8g}\n", T, v);
  }
  render_plot(dir / "plots", {"arrhenius", fmt::format("Conductivity of the sintered {} (Ea = {:.2f} eV)", material.name,
                                                       report.apparent_activation_energy),
                              "1000/T [1/K]", "σ [S/cm]", "", true, {{"../arrhenius.csv", "(1000/$1):($2/100)", "kiln", "linespoints"}}});

  // Impedance of the pellet: the run's pellet unless --thickness/--diameter say otherwise.
  PelletImpedanceOptions pellet;
  pellet.temperature = option_quantity("--temperature", c.temperature, {"K", "the temperature of the spectrum", "25 degC", Range::positive()});
  const QuantitySpec length{"m", "a length", "1.5 mm", Range::positive()};
  const double thickness = !c.thickness.empty() ? option_quantity("--thickness", c.thickness, length) : body.thickness.value_or(0.0);
  const double diameter = !c.diameter.empty() ? option_quantity("--diameter", c.diameter, length) : body.diameter.value_or(0.0);
  std::optional<PelletImpedance> impedance;
  if (thickness > 0 && diameter > 0) {
    // The run's pellet after its linear strain (taken as isotropic), unless given.
    pellet.thickness = thickness;
    pellet.area = M_PI * std::pow(diameter / 2, 2);
    pellet.blocking_electrodes = c.electrodes == "blocking";
    pellet.relative_permittivity = c.permittivity;
    pellet.surface_layer_thickness = option_quantity("--surface-layer", c.surface_layer, {"m", "the thickness of a surface layer", "5 nm", Range::non_negative()});
    pellet.surface_layer_conductivity =
        option_quantity("--surface-layer-conductivity", c.surface_layer_conductivity, {"S/m", "the surface layer's conductivity", "1e-8 S/cm", Range::positive()});
    impedance = pellet_impedance(material, state, options, pellet);
    const EquivalentCircuit circuit(impedance->circuit);
    const auto spectrum = circuit.spectrum(log_frequencies(1e-3, 1e9, 10), impedance->parameters);  // wide enough for whole arcs
    {
      std::ofstream csv(dir / "impedance.csv");
      csv << "frequency [Hz],Z' [Ohm],Z'' [Ohm]\n";
      for (std::size_t i = 0; i < spectrum.frequency.size(); ++i)
        csv << fmt::format("{:.8g},{:.10g},{:.10g}\n", spectrum.frequency[i], spectrum.impedance[i].real(), spectrum.impedance[i].imag());
    }
    nlohmann::json z = {{"circuit", impedance->circuit}, {"temperature [K]", pellet.temperature}, {"thickness [m]", pellet.thickness},
                        {"area [m^2]", pellet.area}, {"electrodes", c.electrodes}, {"bulk resistance [Ohm]", impedance->bulk_resistance},
                        {"grain-boundary resistance [Ohm]", impedance->grain_boundary_resistance},
                        {"surface-layer resistance [Ohm]", impedance->surface_resistance}};
    for (std::size_t k = 0; k < circuit.parameter_names().size(); ++k)
      z["parameters"][circuit.parameter_names()[k]] = {{"value", impedance->parameters[k]}, {"unit", circuit.parameter_units()[k]}};
    auto props = read_json_file(dir / "properties.json");
    props["impedance"] = z;
    write_json_file(dir / "properties.json", props);
    render_plot(dir / "plots", {"nyquist", fmt::format("Impedance of the pellet at {:.0f} °C ({})", pellet.temperature - 273.15, impedance->circuit),
                                "Z' [Ohm]", "-Z'' [Ohm]", "", false, {{"../impedance.csv", "2:(-$3)", "kiln", "linespoints pt 7 ps 0.5"}}});
    PlotSpec bode{"bode", "Bode plot of the pellet", "frequency [Hz]", "|Z| [Ohm]", "-phase [deg]", true,
                  {{"../impedance.csv", "1:(sqrt($2**2+$3**2))", "|Z|"}, {"../impedance.csv", "1:(-atan2($3,$2)*180/pi)", "-phase", "lines", true}},
                  "right top", true};
    render_plot(dir / "plots", bode);
  }

  if (c.quiet) return 0;
  fmt::print("{}: {} at relative density {:.3f}, grain size {:.3g} µm{}\n", c.run_dir, material.name, state.relative_density,
             state.grain_size * 1e6,
             state.secondary_phase > 0 ? fmt::format(", {:.1f} % {}", 100 * state.secondary_phase, state.secondary_phase_name) : "");
  fmt::print("  conductivity at 25 °C: {:.3g} S/cm ({} porosity law; grains alone {:.3g} S/cm), Ea = {:.3f} eV\n",
             report.sigma_25C / 100, c.porosity_law, report.sigma_dense_25C / 100, report.apparent_activation_energy);
  if (report.shear_modulus)
    fmt::print("  shear modulus {:.1f} GPa: {} the Monroe-Newman criterion (> 8.5 GPa)\n", *report.shear_modulus * 1e-9,
               *report.monroe_newman_ok ? "meets" : "fails");
  if (impedance)
    fmt::print("  impedance at {:.0f} °C ({}): bulk {:.4g} Ohm, grain boundaries {:.4g} Ohm{}\n", pellet.temperature - 273.15,
               impedance->circuit, impedance->bulk_resistance, impedance->grain_boundary_resistance,
               impedance->surface_resistance > 0 ? fmt::format(", surface layers {:.4g} Ohm", impedance->surface_resistance) : "");
  else
    fmt::print("  no impedance spectrum: the run's specimen is not a pellet (give --thickness and --diameter)\n");
  fmt::print("results in {}/properties.json, arrhenius.csv{}, plots/\n", c.run_dir, impedance ? ", impedance.csv" : "");
  return 0;
}

struct CircuitCommand {
  std::string file, circuit;
  std::vector<std::string> initial;  // NAME=VALUE
  std::string output = "runs/circuit_fit";
  bool quiet = false;
};

int fit_circuit_command(const CircuitCommand& c) {
  const EquivalentCircuit circuit(c.circuit);
  std::map<std::string, double> initial;
  for (const auto& item : c.initial) {
    const auto eq = item.find('=');
    double v = 0;
    try {
      if (eq == std::string::npos) throw std::invalid_argument("");
      v = std::stod(item.substr(eq + 1));
    } catch (const std::exception&) {
      throw InputError("command line", 0, "--initial", fmt::format("\"{}\": expected NAME=VALUE in SI units, e.g. R1=1000", item));
    }
    initial[item.substr(0, eq)] = v;
  }
  const ImpedanceSpectrum spectrum = read_impedance_csv(c.file);
  const CircuitFit fit = fit_circuit(circuit, spectrum, initial);
  const std::filesystem::path dir(c.output);
  std::filesystem::create_directories(dir);
  nlohmann::json params;
  const auto& names = circuit.parameter_names();
  for (std::size_t k = 0; k < names.size(); ++k) {
    params[names[k]] = {{"value", fit.values[k]}, {"unit", circuit.parameter_units()[k]}};
    if (std::isfinite(fit.standard_deviations[k])) params[names[k]]["standard deviation"] = fit.standard_deviations[k];
  }
  write_json_file(dir / "circuit_fit.json", {{"spectrum", c.file}, {"circuit", c.circuit}, {"parameters", params},
                                             {"weighted rms residual", fit.weighted_rms}, {"converged", fit.converged},
                                             {"iterations", fit.iterations}, {"solver report", fit.report}});
  {
    std::ofstream csv(dir / "circuit_fit.csv");
    csv << "frequency [Hz],Z' measured [Ohm],Z'' measured [Ohm],Z' fit [Ohm],Z'' fit [Ohm]\n";
    for (std::size_t i = 0; i < spectrum.frequency.size(); ++i) {
      const Complex z = circuit.impedance(2 * M_PI * spectrum.frequency[i], fit.values);
      csv << fmt::format("{:.8g},{:.10g},{:.10g},{:.10g},{:.10g}\n", spectrum.frequency[i], spectrum.impedance[i].real(),
                         spectrum.impedance[i].imag(), z.real(), z.imag());
    }
  }
  render_plot(dir / "plots", {"nyquist_fit", "Equivalent circuit " + c.circuit, "Z' [Ohm]", "-Z'' [Ohm]", "", false,
                              {{"../circuit_fit.csv", "2:(-$3)", "measured", "points pt 7 ps 0.5"},
                               {"../circuit_fit.csv", "4:(-$5)", "fit", "lines"}},
                              "left top"});
  if (c.quiet) return 0;
  fmt::print("{}: {} {} after {} iterations, weighted rms residual {:.3g}\n", c.file, c.circuit, fit.converged ? "converged" : "NOT converged",
             fit.iterations, fit.weighted_rms);
  for (std::size_t k = 0; k < names.size(); ++k)
    fmt::print("  {:<8} = {:.6g} {}{}\n", names[k], fit.values[k],
               std::isfinite(fit.standard_deviations[k]) ? fmt::format("± {:.2g} ", fit.standard_deviations[k]) : std::string(),
               circuit.parameter_units()[k] == "1" ? "" : circuit.parameter_units()[k]);
  fmt::print("results in {}/: circuit_fit.json, circuit_fit.csv, plots/nyquist_fit.png\n", c.output);
  return 0;
}

int laws_list() {
  fmt::print("densification laws ([material.densification] or [kinetics.densification], law = ...):\n");
  for (const auto& l : densification_laws()) fmt::print("  {:<12} {}\n", l.name, l.description);
  fmt::print("grain-growth laws ([material.grain_growth] or [kinetics.grain_growth], law = ...):\n");
  for (const auto& l : grain_growth_laws()) fmt::print("  {:<12} {}\n", l.name, l.description);
  fmt::print("lithium-loss laws ([material.lithium_loss] or [kinetics.lithium_loss], law = ...):\n");
  fmt::print("  {:<12} {}\n", "evaporation", "Li2O evaporation from the surface, Arrhenius with an atmosphere factor; secondary phase past a threshold");
  fmt::print("cold sintering (sinter.cold, from the material's [cold_sintering] table and [process.solvent]):\n");
  fmt::print("  {:<20} {}\n", "plastic_compaction", "contacts yield until the Helle et al. contact stress falls to the hardness");
  fmt::print("  {:<20} {}\n", "pressure_solution", "pressure-solution creep through the liquid film (diffusion and reaction control in series)");
  fmt::print("  {:<20} {}\n", "ostwald_ripening", "LSW coarsening while liquid is present");
  return 0;
}

}  // namespace

// Under mpirun (flash.fem in parallel) every process runs this program; only rank 0 talks.
void quiet_unless_first_mpi_rank() {
  for (const char* name : {"OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK"}) {
    const char* rank = std::getenv(name);
    if (rank && std::atoi(rank) > 0) {
      if (!std::freopen("/dev/null", "w", stdout)) std::fclose(stdout);
      return;
    }
  }
}

int main(int argc, char** argv) {
  quiet_unless_first_mpi_rank();
  const kiln::MpiSession mpi;  // finalises MPI on the way out if a flash.fem run started it
  CLI::App app{"kiln: simulator for making solid-state batteries (sintering, microstructure, properties, cells)"};
  app.set_version_flag("--version", kiln_banner());
  app.require_subcommand(1);

  RunOptions run_options;
  auto add_run_options = [&](CLI::App* cmd) {
    cmd->add_option("input", run_options.input, "input file (TOML)")->required()->check(CLI::ExistingFile);
    cmd->add_option("--set", run_options.sets, "override an input key: --set process.supply.field=\"120 V/cm\"");
    cmd->add_option("-o,--output", run_options.output, "run directory (default: runs/<input name>)");
    cmd->add_flag("-q,--quiet", run_options.quiet, "print nothing but errors");
  };
  auto* run = app.add_subcommand("run", "run the study described by an input file (flash.lumped, flash.fem, sinter.*, cell.*); flash.fem also under mpirun -np N");
  add_run_options(run);
  auto* sweep = app.add_subcommand("sweep", "run the sweep described by the [sweep] table of an input file (onset map, schedule map)");
  add_run_options(sweep);

  auto* optimize = app.add_subcommand("optimize", "Bayesian optimisation of process parameters ([optimize] table of an input file)");
  add_run_options(optimize);

  auto* materials = app.add_subcommand("materials", "the materials database");
  materials->require_subcommand(1);
  auto* list = materials->add_subcommand("list", "list the materials");
  std::string material_name;
  auto* show = materials->add_subcommand("show", "print a material's values with their sources");
  show->add_option("name", material_name, "material name, e.g. 3YSZ")->required();
  auto* laws = app.add_subcommand("laws", "list the kinetics laws an input can choose");

  auto* fit = app.add_subcommand("fit", "calibrate a study's input values to measured curves ([fit] table), or: kiln fit msc");
  fit->require_subcommand(0, 1);
  RunOptions fit_run_options;
  fit->add_option("input", fit_run_options.input, "input file with a [fit] table")->check(CLI::ExistingFile);
  fit->add_option("--set", fit_run_options.sets, "override an input key");
  fit->add_option("-o,--output", fit_run_options.output, "output directory (default: the input's [output])");
  fit->add_flag("-q,--quiet", fit_run_options.quiet, "print nothing but errors");
  FitOptions fit_options;
  auto* msc = fit->add_subcommand("msc", "master sintering curve from dilatometry at several heating rates");
  msc->add_option("files", fit_options.files, "CSV files: time, temperature, relative density or shrinkage")->required()->check(CLI::ExistingFile);
  msc->add_option("--green-density", fit_options.green_density, "green density, to turn shrinkage into density");
  msc->add_option("--q-min", fit_options.q_min, "lower end of the activation-energy search")->capture_default_str();
  msc->add_option("--q-max", fit_options.q_max, "upper end of the activation-energy search")->capture_default_str();
  msc->add_option("-o,--output", fit_options.output, "output directory")->capture_default_str();
  msc->add_flag("-q,--quiet", fit_options.quiet, "print nothing but warnings and errors");

  CircuitCommand circuit_options;
  auto* circuit_fit = fit->add_subcommand("circuit", "equivalent circuit fitted to an impedance spectrum (Ceres), e.g. --circuit \"R0-p(R1,CPE1)-p(R2,CPE2)-CPE3\"");
  circuit_fit->add_option("file", circuit_options.file, "CSV or text: frequency [Hz], Z' [Ohm], Z'' [Ohm] (either sign)")->required()->check(CLI::ExistingFile);
  circuit_fit->add_option("--circuit", circuit_options.circuit, "circuit string (impedance.py syntax): R, C, L, CPE, W; '-' series, p(a,b) parallel")->required();
  circuit_fit->add_option("--initial", circuit_options.initial, "starting values NAME=VALUE (SI), e.g. R1=1000 CPE1_n=0.9; others are guessed");
  circuit_fit->add_option("-o,--output", circuit_options.output, "output directory")->capture_default_str();
  circuit_fit->add_flag("-q,--quiet", circuit_options.quiet, "print nothing but errors");

  DrtCommand drt_options;
  auto* drt = app.add_subcommand("drt", "distribution of relaxation times of an impedance spectrum");
  drt->add_option("file", drt_options.file, "CSV or text: frequency [Hz], Z' [Ohm], Z'' [Ohm] (either sign)")->required()->check(CLI::ExistingFile);
  drt->add_option("--lambda", drt_options.lambda, "regularisation: gcv, mgcv, rgcv or a number")->capture_default_str();
  drt->add_option("-o,--output", drt_options.output, "output directory")->capture_default_str();
  drt->add_flag("-q,--quiet", drt_options.quiet, "print nothing but errors");

  PropertiesCommand properties_options;
  auto* properties = app.add_subcommand("properties", "conductivity and stiffness of the microstructure a run left");
  properties->add_option("run_dir", properties_options.run_dir, "a run directory of a sintering or flash study")->required()->check(CLI::ExistingDirectory);
  properties->add_option("--porosity-law", properties_options.porosity_law, "archie (the material's exponent), bruggeman or exponential")->capture_default_str();
  properties->add_option("--p0", properties_options.p0, "porosity constant of the exponential law (garnets: 0.026)")->capture_default_str();
  properties->add_option("--temperature", properties_options.temperature, "temperature of the impedance spectrum")->capture_default_str();
  properties->add_option("--thickness", properties_options.thickness, "pellet thickness for the spectrum (default: the run's, shrunk)");
  properties->add_option("--diameter", properties_options.diameter, "pellet diameter for the spectrum (default: the run's, shrunk)");
  properties->add_option("--electrodes", properties_options.electrodes, "blocking (Au, Pt) or reversible (Li)")->capture_default_str()->check(CLI::IsMember({"blocking", "reversible"}));
  properties->add_option("--surface-layer", properties_options.surface_layer, "thickness of a blocking surface layer on each face (e.g. Li2CO3: \"10 nm\")")->capture_default_str();
  properties->add_option("--surface-layer-conductivity", properties_options.surface_layer_conductivity, "its ionic conductivity")->capture_default_str();
  properties->add_option("--permittivity", properties_options.permittivity, "relative permittivity of the grains")->capture_default_str();
  properties->add_flag("-q,--quiet", properties_options.quiet, "print nothing but errors");

  app::ConductivityTrainCommand train_options;
  auto* conductivity = app.add_subcommand("conductivity", "learn ionic conductivity from composition");
  conductivity->require_subcommand(1);
  auto* train = conductivity->add_subcommand("train", "train a GP or SVR on OBELiX-format data, with k-fold cross-validation");
  train->add_option("--data", train_options.data, "CSV with 'True Composition' and 'Ionic conductivity (S cm-1)' (default: data/obelix/train.csv)");
  train->add_option("--learner", train_options.learner, "gp or svr")->capture_default_str()->check(CLI::IsMember({"gp", "svr"}));
  train->add_option("--folds", train_options.folds, "cross-validation folds (0: none)")->capture_default_str();
  train->add_option("--model", train_options.model, "where to save the model (default: OUTPUT/model.json; --model data/models/conductivity_gp.json replaces the shipped one)");
  train->add_option("-o,--output", train_options.output, "report directory")->capture_default_str();
  train->add_flag("-q,--quiet", train_options.quiet, "print nothing but errors");
  app::PredictConductivityCommand predict_options;
  auto* predict = app.add_subcommand("predict-conductivity", "room-temperature ionic conductivity of a composition, e.g. Li7La3Zr2O12");
  predict->add_option("formulas", predict_options.formulas, "chemical formulas")->required();
  predict->add_option("--model", predict_options.model, "a model saved by kiln conductivity train (default: data/models/conductivity_gp.json)");

  std::string report_dir, report_output;
  auto* report = app.add_subcommand("report", "one self-contained HTML page of a run, sweep, optimisation or fit directory");
  report->add_option("run_dir", report_dir, "the directory")->required()->check(CLI::ExistingDirectory);
  report->add_option("-o,--output", report_output, "the HTML file (default: RUN_DIR/report.html)");
  std::string cite_dir;
  bool cite_bibtex = false;
  auto* cite = app.add_subcommand("cite", "the references a run used (kiln, model, laws, material values)");
  cite->add_option("run_dir", cite_dir, "the directory")->required()->check(CLI::ExistingDirectory);
  cite->add_flag("--bibtex", cite_bibtex, "print BibTeX entries instead of text");

  app::SurrogateCommand surrogate_options;
  auto* surrogate = app.add_subcommand("surrogate", "GP/SVR process map, with uncertainty, from a sweep's or an optimisation's table");
  surrogate->add_option("table", surrogate_options.table, "CSV results table (schedule_map.csv, onset_map.csv, evaluations.csv, ...)")->required()->check(CLI::ExistingFile);
  surrogate->add_option("--x", surrogate_options.inputs, "input column(s); the map is drawn over the first two")->required();
  surrogate->add_option("--y", surrogate_options.output_column, "the column to learn")->required();
  surrogate->add_option("--log", surrogate_options.log_inputs, "input columns to learn and draw on a log scale");
  surrogate->add_option("--learner", surrogate_options.learner, "gp or svr")->capture_default_str()->check(CLI::IsMember({"gp", "svr"}));
  surrogate->add_option("--grid", surrogate_options.grid, "map points per axis")->capture_default_str();
  surrogate->add_option("--folds", surrogate_options.folds, "cross-validation folds (0: none)")->capture_default_str();
  surrogate->add_option("-o,--output", surrogate_options.output, "output directory (default: beside the table)");
  surrogate->add_flag("-q,--quiet", surrogate_options.quiet, "print nothing but errors");

  CLI11_PARSE(app, argc, argv);
  try {
    if (*run) return run_command(run_options, false);
    if (*sweep) return run_command(run_options, true);
    if (*optimize) return optimize_command(run_options);
    if (*list) return materials_list();
    if (*show) return materials_show(material_name);
    if (*laws) return laws_list();
    if (*msc) return fit_msc(fit_options);
    if (*circuit_fit) return fit_circuit_command(circuit_options);
    if (*fit) {
      if (fit_run_options.input.empty()) throw CLI::RequiredError("kiln fit INPUT (or kiln fit msc FILES)");
      return calibrate_command(fit_run_options);
    }
    if (*drt) return drt_command(drt_options);
    if (*properties) return properties_command(properties_options);
    if (*train) return app::conductivity_train(train_options);
    if (*predict) return app::predict_conductivity(predict_options);
    if (*surrogate) return app::surrogate_command(surrogate_options);
    if (*report) {
      fmt::print("{}\n", write_report(report_dir, report_output).string());
      return 0;
    }
    if (*cite) {
      fmt::print("{}", citations_of_run(cite_dir, cite_bibtex));
      return 0;
    }
  } catch (const InputError& e) {
    std::cerr << "kiln: error: " << e.what() << "\n";
    return 2;
  } catch (const SolverError& e) {
    std::cerr << "kiln: solver error: " << e.what() << "\n";
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "kiln: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

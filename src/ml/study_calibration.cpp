#include "ml/study_calibration.hpp"

#include "core/csv_table.hpp"
#include "core/plot.hpp"
#include "core/run_directory.hpp"
#include "core/units.hpp"

#include <ceres/ceres.h>
#include <fmt/ranges.h>
#include <fstream>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <future>

namespace kiln::ml {

namespace {

// "time [min]" -> {"time", "min"}; "relative density [-]" -> {"relative density", ""}.
std::pair<std::string, std::string> name_and_unit(const std::string& header) {
  const auto open = header.find('[');
  std::string name = header.substr(0, open), unit;
  while (!name.empty() && name.back() == ' ') name.pop_back();
  if (open != std::string::npos) {
    unit = header.substr(open + 1, header.find(']', open) - open - 1);
    if (unit == "-" || unit == "1") unit.clear();
  }
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  return {name, unit};
}

std::string match_model_column(const std::string& data_column, const std::vector<std::string>& model_columns) {
  const auto name = name_and_unit(data_column).first;
  for (const auto& c : model_columns)
    if (name_and_unit(c).first == name) return c;
  return "";
}

double model_value(const std::vector<double>& x, const std::vector<double>& y, double at) {
  if (at <= x.front()) return y.front();
  if (at >= x.back()) return y.back();  // the run ended (e.g. at a limit temperature): its last value holds
  const auto it = std::upper_bound(x.begin(), x.end(), at);
  const std::size_t i = static_cast<std::size_t>(it - x.begin());
  const double w = (at - x[i - 1]) / (x[i] - x[i - 1]);
  return y[i - 1] + w * (y[i] - y[i - 1]);
}

struct Curves {
  std::vector<std::vector<double>> x, y;  // model curve per data set, in the model's units
};

}  // namespace

CalibrationSetup read_calibration(const InputDocument& document) {
  const InputTable fit = document.root().table("fit", "what to calibrate against which measurements");
  CalibrationSetup s;
  s.relative_tolerance = fit.number_or("relative_tolerance", "the study's solver tolerance during the fit", 1e-8, Range{1e-12, 1e-4});
  s.max_iterations = static_cast<int>(fit.number_or("max_iterations", "Levenberg-Marquardt iterations", 100, Range::closed(1, 10000)));
  for (const auto& p : fit.array_of_tables("parameter", "an input value to calibrate: key, initial, lower, upper, scale")) {
    CalibrationParameter c;
    c.key = p.string("key", "the dotted input key, e.g. \"material.densification.activation_energy\"");
    std::optional<std::string> unit;
    c.initial = quantity_key_in_unit(p, "initial", "the starting value", unit);
    c.lower = quantity_key_in_unit(p, "lower", "the smallest allowed value", unit);
    c.upper = quantity_key_in_unit(p, "upper", "the largest allowed value", unit);
    c.unit = *unit;
    c.log_scale = p.choice("scale", {"linear", "log"}, "how the value is searched", std::string("linear")) == "log";
    if (!(c.upper > c.lower)) p.fail("upper", "must be larger than lower");
    if (c.initial < c.lower || c.initial > c.upper) p.fail("initial", "must lie between lower and upper");
    if (c.log_scale && !(c.lower > 0)) p.fail("lower", "a log scale needs a positive lower bound");
    p.check_unknown_keys();
    s.parameters.push_back(c);
  }
  if (s.parameters.empty()) fit.fail_table("needs at least one [[fit.parameter]]");
  const auto base = std::filesystem::path(document.file()).parent_path();
  for (const auto& d : fit.array_of_tables("data", "a measured curve: file, x, y, sigma, set")) {
    CalibrationData c;
    const std::string file = d.string("file", "a CSV file with a header row, relative to the input file");
    c.file = std::filesystem::path(file).is_absolute() ? std::filesystem::path(file) : base / file;
    c.x = d.string("x", "the data column of the independent variable, e.g. \"time [min]\"");
    c.y = d.string("y", "the data column to fit, e.g. \"relative density\"");
    c.model_x = d.string_or("model_x", "the time-series column x corresponds to (default: the same name)", "");
    c.model_y = d.string_or("model_y", "the time-series column y corresponds to (default: the same name)", "");
    c.sigma = d.number_or("sigma", "the standard deviation of the y measurements, in y's unit", 0.0, Range::non_negative());
    if (auto set = d.optional_table("set", "input values of this experiment, e.g. { \"process.furnace.heating_rate\" = \"2 K/min\" }")) {
      for (const auto& [key, value] : set->raw().as_table()) {
        set->accept(key);
        c.overrides.emplace_back(key, value.is_string() ? value.as_string().str : toml_to_text(value));
      }
    }
    d.check_unknown_keys();
    CsvTable table;
    try {
      table = read_csv_table(c.file);
    } catch (const std::exception& e) {
      d.fail("file", e.what());
    }
    std::size_t xi = 0, yi = 0;
    try {
      xi = table.column(c.x);
      yi = table.column(c.y);
    } catch (const std::exception& e) {
      d.fail(table.find_column(c.x) ? "y" : "x", e.what());
    }
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      c.xs.push_back(table.number(r, xi));
      c.ys.push_back(table.number(r, yi));
    }
    if (c.xs.size() < 2) d.fail("file", "needs at least two data rows");
    s.data.push_back(std::move(c));
  }
  if (s.data.empty()) fit.fail_table("needs at least one [[fit.data]]");
  const auto with_sigma = std::count_if(s.data.begin(), s.data.end(), [](const auto& d) { return d.sigma > 0; });
  if (with_sigma != 0 && with_sigma != static_cast<long>(s.data.size()))
    fit.fail("data", "give sigma for every data set or for none (residuals of different data sets must be comparable)");
  fit.check_unknown_keys();
  return s;
}

CalibrationResult run_calibration(const InputDocument& document, const SweepKind& kind) {
  CalibrationSetup setup = read_calibration(document);
  const std::size_t p = setup.parameters.size();

  // Numerical derivatives need runs far more accurate than the step; a tighter tolerance of the
  // input itself is kept.
  double tolerance = setup.relative_tolerance;
  if (const auto solver = document.root().optional_table("solver", ""); solver && solver->has("relative_tolerance"))
    tolerance = std::min(tolerance, solver->number("relative_tolerance", "the integrator's relative error tolerance"));
  auto document_for = [&](const CalibrationData& data, const std::vector<double>& values) {
    InputDocument doc = document;
    for (const auto& [key, value] : data.overrides) set_input_value(doc, key, value);
    for (std::size_t j = 0; j < p; ++j) {
      const auto& c = setup.parameters[j];
      set_input_value(doc, c.key, c.unit.empty() ? fmt::format("{:.17g}", values[j]) : fmt::format("{:.17g} {}", values[j], c.unit));
    }
    doc.set(fmt::format("solver.relative_tolerance={:.3g}", tolerance));
    return doc;
  };

  // Match the data columns to the model's and bring the data into the model's units, with one
  // run at the initial values (which also checks the input before the fit starts).
  std::vector<double> initial;
  for (const auto& c : setup.parameters) initial.push_back(c.initial);
  const auto probe = kind.series(document_for(setup.data[0], initial));
  const InputTable fit_table = document.root().table("fit", "");
  for (auto& d : setup.data) {
    if (d.model_x.empty()) d.model_x = match_model_column(d.x, probe.columns);
    if (d.model_y.empty()) d.model_y = match_model_column(d.y, probe.columns);
    for (const auto& [data_col, model_col] : {std::pair{d.x, d.model_x}, std::pair{d.y, d.model_y}}) {
      if (model_col.empty() || std::find(probe.columns.begin(), probe.columns.end(), model_col) == probe.columns.end())
        throw InputError(document.file(), fit_table.line_of("data"), "fit.data",
                         fmt::format("{}: no time-series column matches \"{}\" (name model_x / model_y; the model has: {})",
                                     d.file.string(), data_col, fmt::join(probe.columns, ", ")));
    }
    const std::string xu = name_and_unit(d.x).second, yu = name_and_unit(d.y).second;
    const auto mxu = name_and_unit(d.model_x).second, myu = name_and_unit(d.model_y).second;
    auto convert = [&](std::vector<double>& v, const std::string& from, const std::string& to, const std::string& column, double* sigma) {
      if (from == to || from.empty() || to.empty()) return;
      if (!units_convertible(from, to))
        throw InputError(document.file(), fit_table.line_of("data"), "fit.data",
                         fmt::format("{}: column \"{}\" is in '{}', which cannot be converted to the model's '{}'", d.file.string(),
                                     column, from, to));
      const double offset = convert_units(0.0, from, to);
      for (auto& x : v) x = convert_units(x, from, to);
      if (sigma) *sigma = convert_units(*sigma, from, to) - offset;
    };
    convert(d.xs, xu, mxu, d.x, nullptr);
    convert(d.ys, yu, myu, d.y, &d.sigma);
  }

  // Parameters as Ceres sees them: u = x / (upper - lower) (linear) or ln x (log), so that steps
  // are of comparable size whatever the units.
  auto to_u = [&](std::size_t j, double x) {
    const auto& c = setup.parameters[j];
    return c.log_scale ? std::log(x) : x / (c.upper - c.lower);
  };
  auto from_u = [&](std::size_t j, double u) {
    const auto& c = setup.parameters[j];
    return c.log_scale ? std::exp(u) : u * (c.upper - c.lower);
  };
  std::size_t residual_count = 0;
  for (const auto& d : setup.data) residual_count += d.xs.size();

  auto simulate = [&](const std::vector<double>& values, Curves& curves) {
    std::vector<std::future<SweepKind::Series>> runs;
    for (const auto& d : setup.data) runs.push_back(std::async(std::launch::async, [&, values] { return kind.series(document_for(d, values)); }));
    curves.x.clear();
    curves.y.clear();
    for (std::size_t k = 0; k < runs.size(); ++k) {
      const auto s = runs[k].get();
      const auto xi = std::find(s.columns.begin(), s.columns.end(), setup.data[k].model_x) - s.columns.begin();
      const auto yi = std::find(s.columns.begin(), s.columns.end(), setup.data[k].model_y) - s.columns.begin();
      std::vector<double> x, y;
      for (const auto& row : s.rows) {
        if (!x.empty() && row[xi] <= x.back()) continue;  // keep x strictly increasing for interpolation
        x.push_back(row[xi]);
        y.push_back(row[yi]);
      }
      if (x.size() < 2) throw std::runtime_error("the run produced fewer than two time-series rows");
      curves.x.push_back(std::move(x));
      curves.y.push_back(std::move(y));
    }
  };

  struct Residuals {
    std::function<bool(const double*, double*)> f;
    bool operator()(double const* const* parameters, double* residuals) const { return f(parameters[0], residuals); }
  };
  int failed_evaluations = 0;
  Residuals functor{[&](const double* u, double* r) {
    std::vector<double> values(p);
    for (std::size_t j = 0; j < p; ++j) values[j] = from_u(j, u[j]);
    Curves curves;
    try {
      simulate(values, curves);
    } catch (const InputError&) {
      throw;
    } catch (const std::exception&) {
      ++failed_evaluations;  // Ceres rejects the step and shrinks the trust region
      return false;
    }
    std::size_t i = 0;
    for (std::size_t k = 0; k < setup.data.size(); ++k) {
      const auto& d = setup.data[k];
      const double scale = d.sigma > 0 ? d.sigma : 1.0;
      for (std::size_t n = 0; n < d.xs.size(); ++n) r[i++] = (model_value(curves.x[k], curves.y[k], d.xs[n]) - d.ys[n]) / scale;
    }
    return true;
  }};

  std::vector<double> u(p);
  for (std::size_t j = 0; j < p; ++j) u[j] = to_u(j, setup.parameters[j].initial);
  ceres::NumericDiffOptions diff;
  diff.relative_step_size = 1e-5;  // above the ODE tolerance's noise, below the curvature's scale
  auto* cost = new ceres::DynamicNumericDiffCostFunction<Residuals, ceres::CENTRAL>(new Residuals(functor), ceres::TAKE_OWNERSHIP, diff);
  cost->AddParameterBlock(static_cast<int>(p));
  cost->SetNumResiduals(static_cast<int>(residual_count));
  ceres::Problem problem;
  problem.AddResidualBlock(cost, nullptr, u.data());
  for (std::size_t j = 0; j < p; ++j) {
    problem.SetParameterLowerBound(u.data(), static_cast<int>(j), to_u(j, setup.parameters[j].lower));
    problem.SetParameterUpperBound(u.data(), static_cast<int>(j), to_u(j, setup.parameters[j].upper));
  }
  ceres::Solver::Options options;
  options.linear_solver_type = ceres::DENSE_QR;
  options.max_num_iterations = setup.max_iterations;
  options.function_tolerance = 1e-10;
  options.parameter_tolerance = 1e-10;
  options.minimizer_progress_to_stdout = false;
  options.logging_type = ceres::SILENT;
  ceres::Solver::Summary ceres_summary;
  ceres::Solve(options, &problem, &ceres_summary);

  CalibrationResult result;
  result.parameters = setup.parameters;
  result.iterations = static_cast<int>(ceres_summary.iterations.size());
  result.converged = ceres_summary.termination_type == ceres::CONVERGENCE;
  result.report = ceres_summary.BriefReport();
  for (std::size_t j = 0; j < p; ++j) result.values.push_back(from_u(j, u[j]));

  // Uncertainties from (JᵀJ)⁻¹ in u, scaled by the residual variance without a given sigma.
  const bool sigma_given = std::all_of(setup.data.begin(), setup.data.end(), [](const auto& d) { return d.sigma > 0; });
  const double dof = std::max<double>(1.0, static_cast<double>(residual_count) - static_cast<double>(p));
  const double residual_variance = 2.0 * ceres_summary.final_cost / dof;
  result.rms_residual = std::sqrt(residual_variance);
  result.residuals_in_sigma = sigma_given;
  ceres::Covariance::Options cov_options;
  cov_options.algorithm_type = ceres::DENSE_SVD;
  cov_options.null_space_rank = -1;  // pseudo-inverse; parameters the data do not move are flagged below
  ceres::Covariance covariance(cov_options);
  std::vector<std::pair<const double*, const double*>> blocks{{u.data(), u.data()}};
  std::vector<double> cov(p * p, NAN);
  const bool have_covariance = covariance.Compute(blocks, &problem) && covariance.GetCovarianceBlock(u.data(), u.data(), cov.data());
  result.standard_deviations.assign(p, NAN);
  result.correlation.assign(p, std::vector<double>(p, NAN));
  // A parameter whose Jacobian column vanishes does not change the curves: the data say nothing
  // about it, and it gets no uncertainty rather than the pseudo-inverse's zero.
  std::vector<bool> determined(p, true);
  {
    ceres::CRSMatrix J;
    double cost_value = 0;
    problem.Evaluate(ceres::Problem::EvaluateOptions(), &cost_value, nullptr, nullptr, &J);
    std::vector<double> norm(p, 0.0);
    for (int r = 0; r < J.num_rows; ++r)
      for (int k = J.rows[r]; k < J.rows[r + 1]; ++k) norm[static_cast<std::size_t>(J.cols[k])] += J.values[k] * J.values[k];
    const double largest = *std::max_element(norm.begin(), norm.end());
    for (std::size_t j = 0; j < p; ++j) determined[j] = norm[j] > 1e-16 * largest && norm[j] > 0;
  }
  if (have_covariance) {
    const double scale = sigma_given ? 1.0 : residual_variance;
    for (std::size_t j = 0; j < p; ++j) {
      if (!determined[j]) continue;
      const double su = std::sqrt(std::max(cov[j * p + j] * scale, 0.0));
      const auto& c = setup.parameters[j];
      result.standard_deviations[j] = c.log_scale ? result.values[j] * su : su * (c.upper - c.lower);
      for (std::size_t k = 0; k < p; ++k)
        if (determined[k]) result.correlation[j][k] = cov[j * p + k] / std::sqrt(cov[j * p + j] * cov[k * p + k]);
    }
  }

  // --- output: the curves at the optimum beside the data, the values, the uncertainties ---
  Curves best;
  simulate(result.values, best);
  const SweepKind::Output output = kind.describe(document_for(setup.data[0], result.values));
  result.directory = output.directory;
  nlohmann::json resolved = output.resolved_input;
  resolved["input"] = toml_to_json(document.value());
  RunDirectory dir(output.directory, resolved, document.file());
  std::vector<PlotCurve> curves;
  for (std::size_t k = 0; k < setup.data.size(); ++k) {
    const auto& d = setup.data[k];
    const std::string name = fmt::format("fit_{}.csv", k + 1);
    {
      TimeSeriesWriter table = dir.open_timeseries({d.model_x, d.model_y + " measured", d.model_y + " model"}, name);
      for (std::size_t n = 0; n < d.xs.size(); ++n) table.write_row({d.xs[n], d.ys[n], model_value(best.x[k], best.y[k], d.xs[n])});
    }
    const std::string label = d.file.filename().string();
    curves.push_back({"../" + name, "1:2", label + " (data)", "points pt 7 ps 0.4"});
    curves.push_back({"../" + name, "1:3", label + " (kiln)", "lines"});
  }
  nlohmann::json params = nlohmann::json::object();
  std::string law_text = "# calibrated by kiln fit: " + document.file() + "\n";
  for (std::size_t j = 0; j < p; ++j) {
    const auto& c = setup.parameters[j];
    nlohmann::json entry = {{"value", result.values[j]}, {"unit", c.unit}, {"initial", c.initial}, {"lower", c.lower}, {"upper", c.upper}};
    if (std::isfinite(result.standard_deviations[j])) entry["standard deviation"] = result.standard_deviations[j];
    entry["at a bound"] = std::abs(to_u(j, result.values[j]) - to_u(j, c.lower)) < 1e-6 || std::abs(to_u(j, result.values[j]) - to_u(j, c.upper)) < 1e-6;
    params[c.key] = entry;
    law_text += fmt::format("{} = \"{:.6g} {}\"   # {}\n", c.key, result.values[j], c.unit,
                            std::isfinite(result.standard_deviations[j]) ? fmt::format("± {:.2g} (1 sd)", result.standard_deviations[j])
                                                                         : std::string("uncertainty not determined"));
  }
  nlohmann::json summary = {{"model", "fit"},
                            {"parameters", params},
                            {"data sets", setup.data.size()},
                            {"data points", residual_count},
                            {"residual standard deviation", std::sqrt(residual_variance)},
                            {"residuals scaled by sigma", sigma_given},
                            {"iterations", result.iterations},
                            {"failed model evaluations", failed_evaluations},
                            {"converged", result.converged},
                            {"solver report", result.report}};
  summary["correlation"] = result.correlation;  // null where a parameter is not determined
  for (std::size_t j = 0; j < p; ++j)
    if (!determined[j]) summary["parameters"][setup.parameters[j].key]["note"] = "the data do not depend on this value: not determined";
  dir.write_summary(summary);
  {
    std::ofstream out(dir.path() / "calibrated_values.toml");
    out << law_text;
  }
  if (output.plots)
    render_plot(dir.plots(), {"fit", "Calibration: measured and fitted curves", setup.data[0].model_x, setup.data[0].model_y, "", false,
                              curves, "left top"});
  dir.finish(result.converged ? "completed" : "completed (not converged: " + result.report + ")");
  return result;
}

}  // namespace kiln::ml

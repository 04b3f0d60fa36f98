#include "ml/process_optimization.hpp"

#include "core/csv_table.hpp"
#include "core/plot.hpp"
#include "core/progress.hpp"
#include "core/run_directory.hpp"

#include <fmt/format.h>

#include <atomic>
#include <fstream>
#include <cmath>
#include <mutex>
#include <thread>

namespace kiln::ml {

namespace {

std::vector<std::string> header_of(const ProcessOptimizationSetup& s) {
  std::vector<std::string> h{"evaluation"};
  for (const auto& p : s.parameters) h.push_back(p.key + (p.unit.empty() ? "" : " [" + p.unit + "]"));
  h.push_back(std::string(s.maximize ? "maximize: " : "minimize: ") + s.objective);
  for (const auto& c : s.constraints) h.push_back("constraint: " + c);
  h.push_back("feasible");
  h.push_back("note");
  return h;
}

}  // namespace

ProcessOptimizationSetup read_process_optimization(const InputDocument& document) {
  const InputTable t = document.root().table("optimize", "what to optimise, over which parameters");
  ProcessOptimizationSetup s;
  const bool has_max = t.has("maximize"), has_min = t.has("minimize");
  if (has_max == has_min) t.fail_table("needs exactly one of maximize = \"expression\" or minimize = \"expression\"");
  s.maximize = has_max;
  const std::string objective_key = has_max ? "maximize" : "minimize";
  s.objective = t.string(objective_key, "an expression of the run summary, e.g. \"final_relative_density\"");
  try {
    SummaryExpression check(s.objective);
  } catch (const std::invalid_argument& e) {
    t.fail(objective_key, e.what());
  }
  if (t.has("constraints")) {
    const toml::value& list = t.raw("constraints");
    if (!list.is_array()) t.fail("constraints", "expected a list of strings, e.g. [\"peak_specimen_temperature < 1473\"]");
    for (const auto& c : list.as_array()) {
      if (!c.is_string()) t.fail("constraints", "expected a list of strings, e.g. [\"peak_specimen_temperature < 1473\"]");
      try {
        SummaryConstraint check(c.as_string().str);
      } catch (const std::invalid_argument& e) {
        t.fail("constraints", e.what());
      }
      s.constraints.push_back(c.as_string().str);
    }
  }
  auto whole = [&](const std::string& key, const std::string& what, double def, Range range) {
    const double v = t.number_or(key, what, def, range);
    if (v != std::floor(v)) t.fail(key, "expected a whole number");
    return static_cast<int>(v);
  };
  s.options.budget = whole("budget", "the number of runs in all", 30, Range::closed(1, 100000));
  s.options.initial = whole("initial", "space-filling runs before the first model (0: max(5, 2d+1))", 0, Range::closed(0, 100000));
  s.options.batch = whole("batch", "runs chosen together and run in parallel", 1, Range::closed(1, 1024));
  s.options.seed = static_cast<unsigned>(whole("seed", "the random seed", 1, Range::closed(0, 1e9)));
  s.options.kernel = kernel_family_from_name(
      t.choice("kernel", {"matern52", "matern32", "squared_exponential"}, "the surrogate's kernel", std::string("matern52")));
  s.threads = static_cast<unsigned>(whole("threads", "parallel runs (0: all cores)", 0, Range::closed(0, 1024)));

  for (const auto& p : t.array_of_tables("parameter", "a process parameter to optimise: key, lower, upper, scale")) {
    ProcessParameter param;
    param.key = p.string("key", "the dotted input key, e.g. \"process.supply.field\"");
    std::optional<std::string> unit;
    param.range.lower = quantity_key_in_unit(p, "lower", "the smallest value to try", unit);
    param.range.upper = quantity_key_in_unit(p, "upper", "the largest value to try", unit);
    param.unit = *unit;
    param.range.name = param.key;
    param.range.log_scale = p.choice("scale", {"linear", "log"}, "how to search between the bounds", std::string("linear")) == "log";
    if (!(param.range.upper > param.range.lower)) p.fail("upper", "must be larger than lower");
    if (param.range.log_scale && !(param.range.lower > 0)) p.fail("lower", "a log scale needs a positive lower bound");
    p.check_unknown_keys();
    s.parameters.push_back(param);
  }
  if (s.parameters.empty()) t.fail_table("needs at least one [[optimize.parameter]]");
  t.check_unknown_keys();
  return s;
}

ProcessOptimizationResult run_process_optimization(const InputDocument& document, const SweepKind& kind, bool show_progress) {
  const ProcessOptimizationSetup setup = read_process_optimization(document);
  const SummaryExpression objective(setup.objective);
  std::vector<SummaryConstraint> constraints;
  for (const auto& c : setup.constraints) constraints.emplace_back(c);

  auto document_at = [&](const std::vector<double>& x) {
    InputDocument doc = document;
    for (std::size_t j = 0; j < x.size(); ++j) {
      const auto& p = setup.parameters[j];
      set_input_value(doc, p.key, p.unit.empty() ? fmt::format("{:.10g}", x[j]) : fmt::format("{:.10g} {}", x[j], p.unit));
    }
    return doc;
  };
  // The midpoint is read first so that a mistake in the base input stops before any run.
  std::vector<double> middle;
  for (const auto& p : setup.parameters) middle.push_back(0.5 * (p.range.lower + p.range.upper));
  SweepKind::Output output;
  try {
    output = kind.describe(document_at(middle));
  } catch (const InputError& e) {
    const InputTable t = document.root().table("optimize", "");
    throw InputError(document.file(), t.line_of("parameter"), "optimize.parameter",
                     fmt::format("the study does not accept its [[optimize.parameter]] values (tried at the middle of "
                                 "their ranges): {}",
                                 e.what()));
  }

  ProcessOptimizationResult result;
  result.directory = output.directory;
  const auto header = header_of(setup);
  const std::size_t d = setup.parameters.size(), m = constraints.size();

  // Resume: an evaluations.csv with the same columns holds the runs already done.
  std::vector<Evaluation> previous;
  const auto table_file = output.directory / "evaluations.csv";
  if (std::filesystem::exists(table_file)) {
    // The earlier optimisation must have been of the same study: same input, save for the budget,
    // the threads and where the results go (the manifest keeps the input it ran).
    auto comparable = [](nlohmann::json input) {
      if (input.contains("optimize")) {
        input["optimize"].erase("budget");
        input["optimize"].erase("threads");
      }
      input.erase("output");
      return input;
    };
    const auto manifest_file = output.directory / "manifest.json";
    if (std::filesystem::exists(manifest_file)) {
      nlohmann::json manifest;
      try {
        manifest = nlohmann::json::parse(std::ifstream(manifest_file));
      } catch (const std::exception&) {
      }
      const auto& before = manifest["resolved_input"];
      if (before.is_object() && before.contains("input") && comparable(before["input"]) != comparable(toml_to_json(document.value())))
        throw std::runtime_error(fmt::format("{} holds the evaluations of a different study or [optimize] (its manifest.json "
                                             "records another input; only the budget and threads may change to resume); remove "
                                             "it or choose another output directory",
                                             output.directory.string()));
    }
    const CsvTable old = read_csv_table(table_file);
    if (old.header != header)
      throw std::runtime_error(fmt::format("{} was written by a different [optimize] (its columns differ); remove it or choose "
                                           "another output directory to start over",
                                           table_file.string()));
    for (std::size_t r = 0; r < old.rows.size(); ++r) {
      Evaluation e;
      for (std::size_t j = 0; j < d; ++j) e.x.push_back(old.number(r, 1 + j));
      e.note = old.rows[r].back();
      e.ok = e.note == "ok";
      if (e.ok) {
        const double v = old.number(r, 1 + d);
        e.objective = setup.maximize ? -v : v;
        for (std::size_t k = 0; k < m; ++k) e.constraints.push_back(old.number(r, 2 + d + k));
      }
      previous.push_back(e);
    }
    result.resumed = static_cast<int>(previous.size());
  }

  nlohmann::json resolved = output.resolved_input;
  resolved["input"] = toml_to_json(document.value());
  RunDirectory dir(output.directory, resolved, document.file());
  const std::vector<std::string>& columns = header;
  TimeSeriesWriter table = dir.open_timeseries(columns, "evaluations.csv");
  std::size_t written = 0;
  auto write_new_rows = [&](const std::vector<Evaluation>& history) {
    for (; written < history.size(); ++written) {
      const auto& e = history[written];
      std::vector<std::optional<double>> row{static_cast<double>(written + 1)};
      row.insert(row.end(), e.x.begin(), e.x.end());
      // A failed run has no objective: its cells stay empty and its note says why.
      row.push_back(e.ok ? std::optional<double>(setup.maximize ? -e.objective : e.objective) : std::nullopt);
      for (std::size_t k = 0; k < m; ++k) row.push_back(e.ok ? std::optional<double>(e.constraints[k]) : std::nullopt);
      row.push_back(e.feasible() ? 1.0 : 0.0);
      table.write_cells(row, e.ok ? "ok" : e.note);
    }
  };
  write_new_rows(previous);

  unsigned threads = setup.threads ? setup.threads : std::max(1u, std::thread::hardware_concurrency());
  Progress progress(show_progress);
  const int budget = setup.options.budget;
  auto evaluate = [&](const std::vector<std::vector<double>>& points) {
    std::vector<Evaluation> out(points.size());
    std::atomic<std::size_t> next{0};
    std::mutex mutex;
    std::optional<InputError> input_error;
    auto worker = [&]() {
      for (std::size_t k = next++; k < points.size(); k = next++) {
        Evaluation& e = out[k];
        try {
          const nlohmann::json summary = kind.run(document_at(points[k]));
          const double v = objective.evaluate(summary);
          if (!std::isfinite(v)) throw std::invalid_argument(fmt::format("objective \"{}\" is not a finite number", setup.objective));
          e.objective = setup.maximize ? -v : v;
          for (const auto& c : constraints) e.constraints.push_back(c.violation(summary));
        } catch (const InputError& error) {
          std::lock_guard<std::mutex> lock(mutex);
          if (!input_error) input_error = error;
        } catch (const std::exception& error) {
          e.ok = false;  // a failed run is a result: kept, and counted as infeasible
          e.note = error.what();
          e.constraints.clear();
        }
      }
    };
    std::vector<std::thread> pool;
    for (unsigned w = 0; w < std::min<std::size_t>(threads, points.size()); ++w) pool.emplace_back(worker);
    for (auto& th : pool) th.join();
    if (input_error) throw *input_error;
    return out;
  };
  bool names_checked = false;
  auto observe = [&](const std::vector<Evaluation>& history) {
    write_new_rows(history);
    // A name the summaries never have (a misspelling) fails every run: stop after the first batch
    // rather than spend the budget.
    if (!names_checked && history.size() > static_cast<std::size_t>(result.resumed)) {
      names_checked = true;
      const std::string marker = "the run's summary has no '";
      std::optional<std::string> common;
      bool all_same = true;
      std::size_t fresh = 0;
      for (std::size_t i = static_cast<std::size_t>(result.resumed); i < history.size(); ++i, ++fresh) {
        const auto& e = history[i];
        const auto at = e.note.find(marker);
        if (e.ok || at == std::string::npos) {
          all_same = false;
          break;
        }
        const std::string name = e.note.substr(at + marker.size(), e.note.find('\'', at + marker.size()) - at - marker.size());
        if (common && *common != name) all_same = false;
        common = name;
      }
      if (all_same && common && fresh >= 2) {
        const InputTable t = document.root().table("optimize", "");
        throw InputError(document.file(), t.line_of(setup.maximize ? "maximize" : "minimize"), "optimize",
                         fmt::format("no run's summary has '{}' ({} runs): {}", *common, fresh, history.back().note));
      }
    }
    double best = NAN;
    for (const auto& e : history)
      if (e.feasible() && !(e.objective >= best)) best = e.objective;
    progress.update(double(history.size()) / budget,
                    fmt::format("{} of {} runs, best {}", history.size(), budget,
                                std::isnan(best) ? std::string("(none feasible yet)") : fmt::format("{:.5g}", setup.maximize ? -best : best)));
  };

  BayesianOptimizationResult bo;
  try {
    std::vector<OptimizationParameter> ranges;
    for (const auto& p : setup.parameters) ranges.push_back(p.range);
    bo = minimize_bayesian(ranges, static_cast<int>(m), evaluate, setup.options, previous, observe);
  } catch (const std::exception& e) {
    progress.done();
    dir.finish(std::string("failed: ") + e.what());
    throw;
  }
  progress.done();
  result.best = bo.best;
  result.evaluations = bo.evaluations;
  for (auto& e : result.evaluations)
    if (setup.maximize && e.ok) e.objective = -e.objective;

  // Summary: the best feasible run and its parameters; the convergence of the best value.
  nlohmann::json summary;
  summary["model"] = "optimize";
  summary["objective"] = (setup.maximize ? "maximize " : "minimize ") + setup.objective;
  summary["constraints"] = setup.constraints;
  summary["evaluations"] = result.evaluations.size();
  summary["resumed evaluations"] = result.resumed;
  int failed = 0, feasible = 0;
  for (const auto& e : result.evaluations) {
    failed += !e.ok;
    feasible += e.feasible();
  }
  summary["failed runs"] = failed;
  summary["feasible runs"] = feasible;
  if (result.best) {
    const auto& b = result.evaluations[*result.best];
    nlohmann::json params;
    for (std::size_t j = 0; j < d; ++j)
      params[setup.parameters[j].key] = setup.parameters[j].unit.empty() ? fmt::format("{:.6g}", b.x[j])
                                                                         : fmt::format("{:.6g} {}", b.x[j], setup.parameters[j].unit);
    summary["best"] = {{"evaluation", *result.best + 1}, {"objective", b.objective}, {"parameters", params}};
  } else {
    summary["best"] = "no feasible run";
  }
  dir.write_summary(summary);
  result.summary = summary;

  if (output.plots && feasible + static_cast<int>(result.evaluations.size()) - failed > 0) {
    // Objective of each run, feasible or not, and the best feasible so far.
    const int obj = static_cast<int>(d) + 2, feas = obj + static_cast<int>(m) + 1;
    // Running best in gnuplot: f restarts at the first row, then keeps the best feasible value.
    const std::string o = "$" + std::to_string(obj), fe = "$" + std::to_string(feas);
    const std::string best_line = "(f = ($1 == 1 ? " + std::string(setup.maximize ? "-1e300" : "1e300") + " : f), f = (" + fe +
                                  " == 1 && " + o + (setup.maximize ? " > f" : " < f") + ") ? " + o + " : f, abs(f) < 1e299 ? f : 1/0)";
    render_plot(dir.plots(), {"convergence", "Bayesian optimisation: " + setup.objective, "evaluation", setup.objective, "", false,
                              {{"../evaluations.csv", "1:($" + std::to_string(feas) + " == 1 ? $" + std::to_string(obj) + " : 1/0)",
                                "feasible run", "points pt 7"},
                               {"../evaluations.csv", "1:($" + std::to_string(feas) + " == 0 ? $" + std::to_string(obj) + " : 1/0)",
                                "infeasible run", "points pt 6"},
                               {"../evaluations.csv", "1:" + best_line, "best feasible so far", "steps"}},
                              setup.maximize ? "right bottom" : "right top"});
    if (d >= 2) {
      const auto& p0 = setup.parameters[0];
      const auto& p1 = setup.parameters[1];
      render_plot(dir.plots(), {"evaluations", "Where the optimiser looked",
                                columns[1], columns[2], "", p1.range.log_scale,
                                {{"../evaluations.csv", "2:($" + std::to_string(feas) + " == 1 ? $3 : 1/0)", "feasible", "points pt 7"},
                                 {"../evaluations.csv", "2:($" + std::to_string(feas) + " == 0 ? $3 : 1/0)", "infeasible", "points pt 6"}},
                                "outside right top", p0.range.log_scale});
    }
  }
  dir.finish("completed");
  return result;
}

}  // namespace kiln::ml

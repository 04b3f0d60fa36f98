// `kiln optimize`: Bayesian optimisation of the process parameters of any kiln study. The study's
// own input file gains an [optimize] table:
//
//   [optimize]
//   maximize = "final_relative_density"              # or minimize = "..." (expression of the summary)
//   constraints = ["peak_specimen_temperature < 1473"]
//   budget = 30          # runs in all
//   initial = 8          # space-filling runs first (default max(5, 2d+1))
//   batch = 2            # runs chosen together and run in parallel
//   seed = 1
//   [[optimize.parameter]]
//   key = "process.supply.current_density_limit"
//   lower = "100 mA/mm^2"
//   upper = "800 mA/mm^2"
//   scale = "log"        # or "linear" (default)
//
// Every evaluation is appended to evaluations.csv in the output directory as soon as its batch
// finishes; running the same input again resumes from that table instead of starting over.
#pragma once

#include "core/input.hpp"
#include "core/sweep.hpp"
#include "ml/bayesian_optimization.hpp"
#include "ml/summary_expression.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kiln::ml {

struct ProcessParameter {
  std::string key;
  std::string unit;  // the unit of `lower`, in which the table and the plots give the values
  OptimizationParameter range;
};

struct ProcessOptimizationSetup {
  std::vector<ProcessParameter> parameters;
  std::string objective;  // the expression as written
  bool maximize = true;
  std::vector<std::string> constraints;
  BayesianOptimizationOptions options;
  unsigned threads = 0;  // 0: all cores
};

ProcessOptimizationSetup read_process_optimization(const InputDocument& document);

struct ProcessOptimizationResult {
  std::filesystem::path directory;
  std::vector<Evaluation> evaluations;  // objective as the user wrote it (not negated)
  std::optional<std::size_t> best;
  int resumed = 0;  // evaluations read back from an earlier, interrupted optimisation
  nlohmann::json summary;  // as summary.json
};

// Runs the optimisation with `kind.run` evaluating one input document (a study's summary).
ProcessOptimizationResult run_process_optimization(const InputDocument& document, const SweepKind& kind, bool show_progress);

}  // namespace kiln::ml

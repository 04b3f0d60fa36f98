#include "ml_commands.hpp"

#include "core/plot.hpp"
#include "core/provenance.hpp"
#include "core/run_directory.hpp"
#include "ml/conductivity_model.hpp"
#include "ml/surrogate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>

namespace kiln::app {

namespace {
std::string default_model(const std::string& learner) {
  return (data_directory() / "models" / fmt::format("conductivity_{}.json", learner)).string();
}
}  // namespace

int conductivity_train(const ConductivityTrainCommand& c) {
  using namespace kiln::ml;
  const std::string data = c.data.empty() ? (data_directory() / "obelix" / "train.csv").string() : c.data;
  const auto records = read_conductivity_data(data);
  ConductivityModelOptions options;
  options.learner = c.learner;
  const auto& elements = ElementTable::default_table();
  int censored = 0;
  for (const auto& r : records) censored += r.censored;
  if (!c.quiet) fmt::print("{} records from {} ({} censored, used as upper bounds); learner {}\n", records.size(), data, censored, c.learner);

  nlohmann::json summary;
  summary["data"] = data;
  summary["records"] = records.size();
  summary["censored records"] = censored;
  summary["learner"] = c.learner;
  summary["descriptors"] = composition_descriptor_names(elements).size();
  std::filesystem::create_directories(c.output);
  if (c.folds > 1) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto cv = cross_validate(records, options, c.folds, 1, elements);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    summary["cross-validation"] = {{"folds", cv.folds},
                                   {"MAE [decades]", cv.mae},
                                   {"mean-predictor MAE [decades]", cv.baseline_mae},
                                   {"fold MAE [decades]", cv.fold_mae},
                                   {"fold mean-predictor MAE [decades]", cv.fold_baseline_mae},
                                   {"wall time [s]", seconds}};
    TimeSeriesWriter table(std::filesystem::path(c.output) / "cross_validation.csv",
                           {"measured log10 sigma [S/cm]", "censored", "predicted log10 sigma [S/cm]", "formula"});
    for (std::size_t i = 0; i < records.size(); ++i) {
      table.write_row({records[i].log10_conductivity, records[i].censored ? 1.0 : 0.0, cv.predictions[i]}, records[i].formula);
    }
    if (!c.quiet)
      fmt::print("{}-fold cross-validation: MAE {:.3f} decades of σ (mean predictor {:.3f}), {:.1f} s\n", cv.folds, cv.mae,
                 cv.baseline_mae, seconds);
    render_plot(std::filesystem::path(c.output) / "plots",
                {"parity", fmt::format("Out-of-fold predictions ({}, {}-fold CV, MAE {:.2f})", c.learner, cv.folds, cv.mae),
                 "measured log10 σ [S/cm]", "predicted log10 σ [S/cm]", "", false,
                 {{"../cross_validation.csv", "1:($2 == 0 ? $3 : 1/0)", "measured", "points pt 7 ps 0.5"},
                  {"../cross_validation.csv", "1:($2 == 1 ? $3 : 1/0)", "censored (x = upper bound)", "points pt 6"},
                  {"../cross_validation.csv", "1:1", "y = x", "lines dt 2"}},
                 "left top"});
  }
  const auto model = ConductivityPredictor::train(records, options, elements);
  // The shipped model (data/models) is replaced only when asked for with --model.
  const std::string file = c.model.empty() ? (std::filesystem::path(c.output) / "model.json").string() : c.model;
  std::filesystem::create_directories(std::filesystem::path(file).parent_path().empty() ? "." : std::filesystem::path(file).parent_path());
  model.save(file);
  summary["model file"] = file;
  write_json_file(std::filesystem::path(c.output) / "summary.json", summary);
  if (!c.quiet) fmt::print("model written to {}\nreport in {}/: summary.json, cross_validation.csv, plots/parity.png\n", file, c.output);
  return 0;
}

int predict_conductivity(const PredictConductivityCommand& c) {
  using namespace kiln::ml;
  const std::string file = c.model.empty() ? default_model("gp") : c.model;
  const auto model = ConductivityPredictor::load(file);
  for (const auto& formula : c.formulas) {
    const auto p = model.predict(formula);
    if (!ml::parse_formula(formula).count("Li"))
      fmt::print(stderr, "kiln: warning: {} has no lithium; the model learnt from Li-ion conductors only\n", formula);
    if (p.standard_deviation)
      fmt::print("{}: sigma(25 °C) = {:.2e} S/cm, log10 = {:.2f} ± {:.2f} (1 sd)\n", formula, std::pow(10.0, p.log10_conductivity),
                 p.log10_conductivity, *p.standard_deviation);
    else
      fmt::print("{}: sigma(25 °C) = {:.2e} S/cm, log10 = {:.2f}\n", formula, std::pow(10.0, p.log10_conductivity), p.log10_conductivity);
  }
  return 0;
}

int surrogate_command(const SurrogateCommand& c) {
  ml::SurrogateSetup setup;
  setup.table = c.table;
  setup.inputs = c.inputs;
  setup.output = c.output_column;
  setup.learner = c.learner;
  setup.grid = c.grid;
  setup.folds = c.folds;
  for (const auto& name : c.inputs)
    setup.log_inputs.push_back(std::find(c.log_inputs.begin(), c.log_inputs.end(), name) != c.log_inputs.end());
  for (const auto& name : c.log_inputs)
    if (std::find(c.inputs.begin(), c.inputs.end(), name) == c.inputs.end())
      throw std::invalid_argument(fmt::format("--log \"{}\" is not one of the --x columns", name));
  std::string stem;
  for (const char ch : c.output_column) stem += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  const std::filesystem::path dir = c.output.empty() ? std::filesystem::path(c.table).parent_path() / ("surrogate_" + stem) : std::filesystem::path(c.output);
  const auto r = ml::build_surrogate(setup, dir);
  if (!c.quiet) {
    fmt::print("surrogate ({}) of \"{}\" from {} runs in {}\n", c.learner, c.output_column, r.points, c.table);
    if (std::isfinite(r.cv_mae))
      fmt::print("  {}-fold cross-validation: MAE {:.4g} (mean predictor {:.4g})\n", c.folds, r.cv_mae, r.cv_baseline_mae);
    fmt::print("results in {}/: model.json, map.csv, summary.json, plots/\n", dir.string());
  }
  return 0;
}

}  // namespace kiln::app

// `kiln surrogate TABLE`: a Gaussian process (or SVR) trained on the results table of a sweep or
// an optimisation (one row per run), predicting a figure over the process space with its
// uncertainty: a process map that needs a fraction of the runs a dense sweep would, and says where
// it is unsure. The quality is measured, not assumed: k-fold cross-validation on the table's rows.
#pragma once

#include "ml/gaussian_process.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace kiln::ml {

struct SurrogateSetup {
  std::filesystem::path table;
  std::vector<std::string> inputs;  // 1 or 2 columns for the map; more are allowed for the model
  std::string output;               // the column to learn
  std::string learner = "gp";       // "gp" | "svr"
  std::vector<bool> log_inputs;     // learn and draw this input on a log scale
  int grid = 60;                    // map resolution per axis
  int folds = 5;                    // cross-validation folds (0: none)
  int max_points = 1000;            // larger tables are subsampled (GP cost grows as n³)
};

struct SurrogateResult {
  int points = 0;
  double cv_mae = NAN, cv_baseline_mae = NAN;  // against the mean predictor
  std::filesystem::path directory;
};

// Trains, cross-validates, writes model.json, map.csv (inputs, mean, standard deviation),
// cross_validation.csv, summary.json and plots/ to `directory`.
SurrogateResult build_surrogate(const SurrogateSetup& setup, const std::filesystem::path& directory);

}  // namespace kiln::ml

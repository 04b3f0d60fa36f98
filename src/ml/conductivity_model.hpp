// Room-temperature ionic conductivity from composition: Magpie-style descriptors of the formula
// (ml/composition.hpp) fed to a Gaussian process (with its uncertainty) or an SVR, trained on the
// OBELiX data set (Therrien et al. 2025, arXiv 2502.14234; data/obelix, CC BY 4.0) of measured
// log10 σ [S/cm] of lithium solid electrolytes.
//
// Censored values ("<1E-10": below the instrument's range) are upper bounds, not values. Training
// treats them as in a Tobit model by expectation: starting one decade below the bound, each
// censored target is replaced by the mean of the model's predictive normal truncated at the bound,
// E[y | y < c] = μ - s φ(α)/Φ(α) with α = (c - μ)/s, and the model refitted (three rounds).
// Scoring counts a censored point as wrong only by how far a prediction lies above its bound.
//
// This is a phenomenological learner: it knows nothing of structure, defects or processing, and
// the data set's scatter for one composition (different groups, densities) bounds what it can do.
#pragma once

#include "ml/composition.hpp"
#include "ml/gaussian_process.hpp"
#include "ml/support_vector_regression.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kiln::ml {

struct ConductivityRecord {
  std::string formula;
  double log10_conductivity = 0;  // log10(σ / (S/cm)); an upper bound when censored
  bool censored = false;
  std::string family;
};

// Reads an OBELiX-format CSV ("True Composition", "Ionic conductivity (S cm-1)", "Family").
std::vector<ConductivityRecord> read_conductivity_data(const std::filesystem::path& file);

struct ConductivityModelOptions {
  std::string learner = "gp";  // "gp" | "svr"
  GaussianProcessOptions gp;
  SupportVectorOptions svr;
  int censored_rounds = 3;
  ConductivityModelOptions();
};

struct ConductivityPrediction {
  double log10_conductivity = 0;
  std::optional<double> standard_deviation;  // GP only: of a new measurement, in decades
};

class ConductivityPredictor {
 public:
  static ConductivityPredictor train(const std::vector<ConductivityRecord>& data, const ConductivityModelOptions& options,
                                     const ElementTable& elements = ElementTable::default_table());
  ConductivityPrediction predict(const std::string& formula) const;
  std::vector<ConductivityPrediction> predict(const std::vector<std::string>& formulas) const;

  const std::string& learner() const { return learner_; }
  nlohmann::json to_json() const;
  static ConductivityPredictor from_json(const nlohmann::json& j, const ElementTable& elements = ElementTable::default_table());
  void save(const std::string& file) const;
  static ConductivityPredictor load(const std::string& file, const ElementTable& elements = ElementTable::default_table());

 private:
  const ElementTable* elements_ = nullptr;
  std::string learner_;
  GaussianProcess gp_;
  SupportVectorRegression svr_;
  int training_size_ = 0;
};

struct CrossValidationScore {
  int folds = 0;
  double mae = 0;           // decades of σ, over all points (censored scored as above)
  double baseline_mae = 0;  // predicting the training folds' mean
  std::vector<double> fold_mae, fold_baseline_mae;
  std::vector<double> predictions;  // out-of-fold prediction of every record, in input order
};

// k-fold cross-validation grouped by composition (all records of one normalised formula in one
// fold), folds filled evenly after a seeded shuffle.
CrossValidationScore cross_validate(const std::vector<ConductivityRecord>& data, const ConductivityModelOptions& options,
                                    int folds = 5, unsigned seed = 1,
                                    const ElementTable& elements = ElementTable::default_table());

// Error of a prediction against a record: |p - y|, or max(0, p - bound) for a censored record.
double conductivity_error(const ConductivityRecord& r, double prediction);

}  // namespace kiln::ml

#include "ml/conductivity_model.hpp"

#include "core/csv_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <numeric>
#include <random>
#include <stdexcept>

namespace kiln::ml {

namespace {

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }
double normal_pdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * M_PI); }

Eigen::MatrixXd descriptor_matrix(const std::vector<std::string>& formulas, const ElementTable& elements) {
  Eigen::MatrixXd X;
  for (std::size_t i = 0; i < formulas.size(); ++i) {
    const auto d = composition_descriptors(parse_formula(formulas[i]), elements);
    if (i == 0) X.resize(static_cast<Eigen::Index>(formulas.size()), static_cast<Eigen::Index>(d.size()));
    for (std::size_t k = 0; k < d.size(); ++k) X(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) = d[k];
  }
  return X;
}

}  // namespace

ConductivityModelOptions::ConductivityModelOptions() {
  // An isotropic Matérn 5/2 kernel on standardised descriptors: with ~60 correlated descriptors and
  // a few hundred points, one length per descriptor overfits and costs minutes to fit.
  gp.kernel = KernelFamily::matern52;
  gp.ard = false;
  gp.restarts = 3;
  gp.initial.length_scales = Eigen::VectorXd::Constant(1, 5.0);
  gp.initial.noise_variance = 0.1;
  // SVR: C and γ chosen by 5-fold cross-validation (grouped by composition) on the OBELiX training
  // split over C ∈ {3, 10, 30}, γ ∈ {0.005, 0.02, 0.05, 0.1, 0.2} (docs/machine_learning.md);
  // ε = 0.1 standardised units.
  svr.C = 10.0;
  svr.epsilon = 0.1;
  svr.gamma = 0.05;
}

std::vector<ConductivityRecord> read_conductivity_data(const std::filesystem::path& file) {
  const CsvTable t = read_csv_table(file);
  const auto formula = t.column("True Composition");
  const auto sigma = t.column("Ionic conductivity (S cm-1)");
  const auto family = t.find_column("Family");
  std::vector<ConductivityRecord> out;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    ConductivityRecord rec;
    rec.formula = t.rows[r][formula];
    std::string text = t.rows[r][sigma];
    if (!text.empty() && text[0] == '<') {
      rec.censored = true;
      text = text.substr(1);
    }
    double value = 0;
    try {
      std::size_t used = 0;
      value = std::stod(text, &used);
    } catch (const std::exception&) {
      throw std::runtime_error(fmt::format("{}:{}: conductivity \"{}\" is not a number in S/cm (or <bound)", file.string(),
                                           t.lines[r], t.rows[r][sigma]));
    }
    if (!(value > 0))
      throw std::runtime_error(fmt::format("{}:{}: conductivity must be positive (S/cm), got {}", file.string(), t.lines[r], text));
    rec.log10_conductivity = std::log10(value);
    if (family) rec.family = t.rows[r][*family];
    out.push_back(rec);
  }
  return out;
}

double conductivity_error(const ConductivityRecord& r, double prediction) {
  return r.censored ? std::max(0.0, prediction - r.log10_conductivity) : std::abs(prediction - r.log10_conductivity);
}

ConductivityPredictor ConductivityPredictor::train(const std::vector<ConductivityRecord>& data,
                                                   const ConductivityModelOptions& options, const ElementTable& elements) {
  if (data.size() < 5) throw std::invalid_argument("conductivity model: need at least 5 records to train");
  if (options.learner != "gp" && options.learner != "svr")
    throw std::invalid_argument(fmt::format("unknown learner \"{}\" (expected gp or svr)", options.learner));
  std::vector<std::string> formulas;
  for (const auto& r : data) formulas.push_back(r.formula);
  const Eigen::MatrixXd X = descriptor_matrix(formulas, elements);
  Eigen::VectorXd y(static_cast<Eigen::Index>(data.size()));
  for (std::size_t i = 0; i < data.size(); ++i)
    y(static_cast<Eigen::Index>(i)) = data[i].log10_conductivity - (data[i].censored ? 1.0 : 0.0);

  ConductivityPredictor p;
  p.elements_ = &elements;
  p.learner_ = options.learner;
  p.training_size_ = static_cast<int>(data.size());
  const bool any_censored = std::any_of(data.begin(), data.end(), [](const auto& r) { return r.censored; });
  const int rounds = any_censored ? std::max(options.censored_rounds, 0) : 0;
  for (int round = 0;; ++round) {
    Eigen::VectorXd mean, sd;
    if (options.learner == "gp") {
      p.gp_ = GaussianProcess::fit(X, y, options.gp);
      const auto pred = p.gp_.predict(X);
      mean = pred.mean;
      sd = (pred.variance.array() + p.gp_.noise_variance()).sqrt();
    } else {
      p.svr_ = SupportVectorRegression::fit(X, y, options.svr);
      mean = p.svr_.predict(X);
      // SVR has no predictive variance: the spread of its residuals on the uncensored points stands in.
      double ss = 0;
      int n = 0;
      for (std::size_t i = 0; i < data.size(); ++i)
        if (!data[i].censored) {
          ss += std::pow(mean(static_cast<Eigen::Index>(i)) - y(static_cast<Eigen::Index>(i)), 2);
          ++n;
        }
      sd = Eigen::VectorXd::Constant(mean.size(), std::sqrt(ss / std::max(n, 1)) + 1e-3);
    }
    if (round >= rounds) break;
    for (std::size_t i = 0; i < data.size(); ++i) {
      if (!data[i].censored) continue;
      const auto k = static_cast<Eigen::Index>(i);
      const double c = data[i].log10_conductivity, alpha = (c - mean(k)) / sd(k);
      const double cdf = normal_cdf(alpha);
      // Far above the bound the truncated mean tends to the bound itself.
      y(k) = cdf > 1e-12 ? std::min(mean(k) - sd(k) * normal_pdf(alpha) / cdf, c) : c - 0.1 * sd(k);
    }
  }
  return p;
}

std::vector<ConductivityPrediction> ConductivityPredictor::predict(const std::vector<std::string>& formulas) const {
  const Eigen::MatrixXd X = descriptor_matrix(formulas, *elements_);
  std::vector<ConductivityPrediction> out(formulas.size());
  if (learner_ == "gp") {
    const auto p = gp_.predict(X);
    for (std::size_t i = 0; i < formulas.size(); ++i) {
      out[i].log10_conductivity = p.mean(static_cast<Eigen::Index>(i));
      out[i].standard_deviation = std::sqrt(p.variance(static_cast<Eigen::Index>(i)) + gp_.noise_variance());
    }
  } else {
    const auto p = svr_.predict(X);
    for (std::size_t i = 0; i < formulas.size(); ++i) out[i].log10_conductivity = p(static_cast<Eigen::Index>(i));
  }
  return out;
}

ConductivityPrediction ConductivityPredictor::predict(const std::string& formula) const {
  return predict(std::vector<std::string>{formula}).front();
}

nlohmann::json ConductivityPredictor::to_json() const {
  nlohmann::json j;
  j["model"] = "conductivity_from_composition";
  j["target"] = "log10 of the room-temperature ionic conductivity in S/cm";
  j["descriptors"] = composition_descriptor_names(*elements_);
  j["element_table"] = elements_->file().filename().string();
  j["training_size"] = training_size_;
  j["learner"] = learner_;
  j["fit"] = learner_ == "gp" ? gp_.to_json() : svr_.to_json();
  return j;
}

ConductivityPredictor ConductivityPredictor::from_json(const nlohmann::json& j, const ElementTable& elements) {
  if (j.value("model", "") != "conductivity_from_composition")
    throw std::invalid_argument("not a saved conductivity model (model != conductivity_from_composition)");
  if (j.at("descriptors").get<std::vector<std::string>>() != composition_descriptor_names(elements))
    throw std::invalid_argument("the saved conductivity model was trained with other descriptors than this element table gives; retrain it");
  ConductivityPredictor p;
  p.elements_ = &elements;
  p.learner_ = j.at("learner").get<std::string>();
  p.training_size_ = j.value("training_size", 0);
  if (p.learner_ == "gp")
    p.gp_ = GaussianProcess::from_json(j.at("fit"));
  else
    p.svr_ = SupportVectorRegression::from_json(j.at("fit"));
  return p;
}

void ConductivityPredictor::save(const std::string& file) const {
  std::ofstream out(file);
  if (!out) throw std::runtime_error(fmt::format("cannot write {}", file));
  out << to_json().dump() << "\n";
}

ConductivityPredictor ConductivityPredictor::load(const std::string& file, const ElementTable& elements) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(fmt::format("cannot read the conductivity model {}", file));
  try {
    return from_json(nlohmann::json::parse(in), elements);
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("{}: {}", file, e.what()));
  }
}

CrossValidationScore cross_validate(const std::vector<ConductivityRecord>& data, const ConductivityModelOptions& options,
                                    int folds, unsigned seed, const ElementTable& elements) {
  if (folds < 2 || static_cast<std::size_t>(folds) > data.size()) throw std::invalid_argument("cross-validation needs 2 <= folds <= records");
  // Folds by composition: records of one composition (the same formula measured by several
  // groups) share a fold, so that a score is that of compositions the model has not seen.
  std::map<std::string, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < data.size(); ++i) {
    const auto c = parse_formula(data[i].formula);
    double total = 0;
    for (const auto& [e, a] : c) total += a;
    std::string key;
    for (const auto& [e, a] : c) key += fmt::format("{}{:.3f}", e, a / total);
    groups[key].push_back(i);
  }
  std::vector<const std::vector<std::size_t>*> group_list;
  for (const auto& [key, members] : groups) group_list.push_back(&members);
  std::mt19937 rng(seed);
  std::shuffle(group_list.begin(), group_list.end(), rng);
  std::vector<int> fold_of(data.size());
  {
    // Largest groups first into the currently smallest fold keeps the folds even.
    std::stable_sort(group_list.begin(), group_list.end(), [](const auto* a, const auto* b) { return a->size() > b->size(); });
    std::vector<std::size_t> fold_size(static_cast<std::size_t>(folds), 0);
    for (const auto* g : group_list) {
      const auto f = static_cast<int>(std::min_element(fold_size.begin(), fold_size.end()) - fold_size.begin());
      for (const auto i : *g) fold_of[i] = f;
      fold_size[static_cast<std::size_t>(f)] += g->size();
    }
  }
  std::vector<std::size_t> order(data.size());
  std::iota(order.begin(), order.end(), 0);
  CrossValidationScore score;
  score.folds = folds;
  score.predictions.assign(data.size(), 0.0);
  double total = 0, total_baseline = 0;
  for (int f = 0; f < folds; ++f) {
    std::vector<ConductivityRecord> train, test;
    std::vector<std::size_t> test_index;
    for (std::size_t k = 0; k < order.size(); ++k)
      if (fold_of[order[k]] == f) {
        test.push_back(data[order[k]]);
        test_index.push_back(order[k]);
      } else {
        train.push_back(data[order[k]]);
      }
    double mean = 0;
    int n = 0;
    for (const auto& r : train)
      if (!r.censored) {
        mean += r.log10_conductivity;
        ++n;
      }
    mean /= std::max(n, 1);
    const auto model = ConductivityPredictor::train(train, options, elements);
    std::vector<std::string> formulas;
    for (const auto& r : test) formulas.push_back(r.formula);
    const auto pred = model.predict(formulas);
    double err = 0, base = 0;
    for (std::size_t i = 0; i < test.size(); ++i) {
      score.predictions[test_index[i]] = pred[i].log10_conductivity;
      err += conductivity_error(test[i], pred[i].log10_conductivity);
      base += conductivity_error(test[i], mean);
    }
    score.fold_mae.push_back(err / test.size());
    score.fold_baseline_mae.push_back(base / test.size());
    total += err;
    total_baseline += base;
  }
  score.mae = total / data.size();
  score.baseline_mae = total_baseline / data.size();
  return score;
}

}  // namespace kiln::ml

// ε-support-vector regression with a Gaussian (RBF) kernel k(x, x') = exp(-γ |x - x'|²)
// (Smola & Schölkopf 2004, Stat. Comput. 14:199). The dual problem is solved by libsvm's SMO
// solver (Chang & Lin 2011, ACM TIST 2:27), the library scikit-learn's SVR wraps; kiln keeps the
// support vectors, their coefficients and the offset, so a trained model is saved as JSON and
// predicts f(x) = Σ_i c_i k(x_i, x) - ρ without libsvm.
#pragma once

#include <Eigen/Dense>
#include <nlohmann/json.hpp>

#include <string>

namespace kiln::ml {

struct SupportVectorOptions {
  double C = 1.0;          // penalty of errors beyond ε
  double epsilon = 0.1;    // half width of the insensitive tube, in (standardised) output units
  double gamma = 0.0;      // 1/length²; 0: 1/(d · var(X)) as scikit-learn's gamma="scale"
  double tolerance = 1e-3; // libsvm's stopping criterion (scikit-learn's tol)
  bool normalize_inputs = true;
  bool normalize_output = true;
};

class SupportVectorRegression {
 public:
  static SupportVectorRegression fit(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const SupportVectorOptions& options);
  Eigen::VectorXd predict(const Eigen::MatrixXd& X) const;

  int support_vector_count() const { return static_cast<int>(support_vectors_.rows()); }
  double gamma() const { return gamma_; }
  double offset() const { return rho_; }
  const SupportVectorOptions& options() const { return options_; }

  nlohmann::json to_json() const;
  static SupportVectorRegression from_json(const nlohmann::json& j);
  void save(const std::string& file) const;
  static SupportVectorRegression load(const std::string& file);

 private:
  SupportVectorOptions options_;
  Eigen::RowVectorXd x_mean_, x_scale_;
  double y_mean_ = 0.0, y_scale_ = 1.0;
  double gamma_ = 1.0;
  Eigen::MatrixXd support_vectors_;  // standardised
  Eigen::VectorXd coefficients_;
  double rho_ = 0.0;
};

}  // namespace kiln::ml

#include "ml/support_vector_regression.hpp"

#include "ml/standardisation.hpp"

#include "ml/model_file.hpp"

#include <fmt/format.h>
#include <libsvm/svm.h>

#include <fstream>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace kiln::ml {

namespace {
void quiet(const char*) {}
}  // namespace

SupportVectorRegression SupportVectorRegression::fit(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                                                     const SupportVectorOptions& options) {
  if (X.rows() != y.size() || X.rows() < 2) throw std::invalid_argument("SVR needs at least two points and one output per point");
  if (!X.allFinite() || !y.allFinite()) throw std::invalid_argument("training data contain NaN or infinite values");
  if (!(options.C > 0) || !(options.epsilon >= 0) || !(options.gamma >= 0))
    throw std::invalid_argument("SVR needs C > 0, epsilon >= 0 and gamma >= 0");
  SupportVectorRegression m;
  m.options_ = options;
  const auto n = X.rows(), d = X.cols();
  const auto xs = Standardisation::of(X, options.normalize_inputs);
  m.x_mean_ = xs.mean;
  m.x_scale_ = xs.scale;
  const auto y_standard = Standardisation::of(y, options.normalize_output);
  m.y_mean_ = y_standard.mean(0);
  m.y_scale_ = y_standard.scale(0);
  const Eigen::MatrixXd Xs = (X.rowwise() - m.x_mean_).array().rowwise() / m.x_scale_.array();
  Eigen::VectorXd ys = (y.array() - m.y_mean_) / m.y_scale_;
  if (options.gamma > 0) {
    m.gamma_ = options.gamma;
  } else {  // scikit-learn's gamma = "scale": 1 / (d · Var(X)) over all entries
    const double mean = Xs.mean();
    const double var = (Xs.array() - mean).square().mean();
    m.gamma_ = var > 0 ? 1.0 / (static_cast<double>(d) * var) : 1.0;
  }

  // libsvm's sparse rows, every feature present, terminated by index -1.
  std::vector<svm_node> nodes(static_cast<std::size_t>(n * (d + 1)));
  std::vector<svm_node*> rows(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) {
    svm_node* row = &nodes[static_cast<std::size_t>(i * (d + 1))];
    for (Eigen::Index j = 0; j < d; ++j) row[j] = {static_cast<int>(j + 1), Xs(i, j)};
    row[d] = {-1, 0.0};
    rows[static_cast<std::size_t>(i)] = row;
  }
  svm_problem problem{static_cast<int>(n), ys.data(), rows.data()};
  svm_parameter param{};
  param.svm_type = EPSILON_SVR;
  param.kernel_type = RBF;
  param.gamma = m.gamma_;
  param.cache_size = 200;
  param.eps = options.tolerance;
  param.C = options.C;
  param.p = options.epsilon;
  param.shrinking = 1;
  param.probability = 0;
  if (const char* error = svm_check_parameter(&problem, &param)) throw std::invalid_argument(fmt::format("libsvm: {}", error));
  static std::once_flag silence;
  std::call_once(silence, [] { svm_set_print_string_function(&quiet); });
  std::unique_ptr<svm_model, void (*)(svm_model*)> model(svm_train(&problem, &param),
                                                         [](svm_model* p) { svm_free_and_destroy_model(&p); });
  if (!model) throw std::runtime_error("libsvm failed to train the SVR");
  m.support_vectors_.resize(model->l, d);
  m.coefficients_.resize(model->l);
  for (int s = 0; s < model->l; ++s) {
    m.support_vectors_.row(s).setZero();
    for (const svm_node* node = model->SV[s]; node->index != -1; ++node) m.support_vectors_(s, node->index - 1) = node->value;
    m.coefficients_(s) = model->sv_coef[0][s];
  }
  m.rho_ = model->rho[0];
  return m;
}

Eigen::VectorXd SupportVectorRegression::predict(const Eigen::MatrixXd& X) const {
  if (X.cols() != x_mean_.size()) throw std::invalid_argument(fmt::format("expected {} inputs per point, got {}", x_mean_.size(), X.cols()));
  const Eigen::MatrixXd Xs = (X.rowwise() - x_mean_).array().rowwise() / x_scale_.array();
  Eigen::VectorXd f(X.rows());
  for (Eigen::Index i = 0; i < X.rows(); ++i) {
    double sum = 0;
    for (Eigen::Index s = 0; s < support_vectors_.rows(); ++s)
      sum += coefficients_(s) * std::exp(-gamma_ * (support_vectors_.row(s) - Xs.row(i)).squaredNorm());
    f(i) = (sum - rho_) * y_scale_ + y_mean_;
  }
  return f;
}

nlohmann::json SupportVectorRegression::to_json() const {
  nlohmann::json j;
  j["model"] = "support_vector_regression";
  j["C"] = options_.C;
  j["epsilon"] = options_.epsilon;
  j["gamma"] = gamma_;
  j["rho"] = rho_;
  j["input_mean"] = json_vector(x_mean_);
  j["input_scale"] = json_vector(x_scale_);
  j["output_mean"] = y_mean_;
  j["output_scale"] = y_scale_;
  j["coefficients"] = json_vector(coefficients_);
  j["support_vectors"] = json_matrix(support_vectors_);
  return j;
}

SupportVectorRegression SupportVectorRegression::from_json(const nlohmann::json& j) {
  if (j.value("model", "") != "support_vector_regression") throw std::invalid_argument("not a saved SVR (model != support_vector_regression)");
  SupportVectorRegression m;
  m.options_.C = j.at("C").get<double>();
  m.options_.epsilon = j.at("epsilon").get<double>();
  m.gamma_ = j.at("gamma").get<double>();
  m.rho_ = j.at("rho").get<double>();
  m.x_mean_ = vector_from_json(j.at("input_mean")).transpose();
  m.x_scale_ = vector_from_json(j.at("input_scale")).transpose();
  m.y_mean_ = j.at("output_mean").get<double>();
  m.y_scale_ = j.at("output_scale").get<double>();
  m.coefficients_ = vector_from_json(j.at("coefficients"));
  m.support_vectors_ = matrix_from_json(j.at("support_vectors"), m.x_mean_.size());
  return m;
}

void SupportVectorRegression::save(const std::string& file) const { write_json_file(file, to_json()); }

SupportVectorRegression SupportVectorRegression::load(const std::string& file) { return load_model<SupportVectorRegression>(file); }

}  // namespace kiln::ml

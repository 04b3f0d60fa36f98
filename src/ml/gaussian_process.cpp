#include "ml/gaussian_process.hpp"

#include "ml/standardisation.hpp"

#include "ml/model_file.hpp"

#include <fmt/format.h>
#include <nlopt.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <random>
#include <stdexcept>

namespace kiln::ml {

namespace {

constexpr double kLog2Pi = 1.8378770664093453;

// Kernel value k(r)/s² and the factor q(r) with ∂k/∂log l_j = s² q(r) (Δ_j/l_j)², for each family.
struct KernelShape {
  double value;
  double length_factor;
};

KernelShape shape(KernelFamily f, double r2) {
  switch (f) {
    case KernelFamily::squared_exponential: {
      const double e = std::exp(-0.5 * r2);
      return {e, e};
    }
    case KernelFamily::matern32: {
      const double r = std::sqrt(r2), e = std::exp(-std::sqrt(3.0) * r);
      return {(1.0 + std::sqrt(3.0) * r) * e, 3.0 * e};
    }
    case KernelFamily::matern52: {
      const double r = std::sqrt(r2), e = std::exp(-std::sqrt(5.0) * r);
      return {(1.0 + std::sqrt(5.0) * r + 5.0 * r2 / 3.0) * e, 5.0 / 3.0 * (1.0 + std::sqrt(5.0) * r) * e};
    }
  }
  return {0, 0};
}

double inverse_length(const KernelHyperparameters& h, int j) {
  return 1.0 / (h.length_scales.size() == 1 ? h.length_scales(0) : h.length_scales(j));
}

}  // namespace

KernelFamily kernel_family_from_name(const std::string& name) {
  if (name == "squared_exponential" || name == "rbf") return KernelFamily::squared_exponential;
  if (name == "matern32") return KernelFamily::matern32;
  if (name == "matern52") return KernelFamily::matern52;
  throw std::invalid_argument(fmt::format("unknown kernel \"{}\" (expected squared_exponential, matern32 or matern52)", name));
}

std::string kernel_family_name(KernelFamily family) {
  switch (family) {
    case KernelFamily::squared_exponential: return "squared_exponential";
    case KernelFamily::matern32: return "matern32";
    case KernelFamily::matern52: return "matern52";
  }
  return "";
}

Eigen::MatrixXd kernel_matrix(KernelFamily family, const KernelHyperparameters& h, const Eigen::MatrixXd& A,
                              const Eigen::MatrixXd& B) {
  const int d = static_cast<int>(A.cols());
  Eigen::RowVectorXd inv(d);
  for (int j = 0; j < d; ++j) inv(j) = inverse_length(h, j);
  const Eigen::MatrixXd As = A.array().rowwise() * inv.array();
  const Eigen::MatrixXd Bs = B.array().rowwise() * inv.array();
  Eigen::MatrixXd K(A.rows(), B.rows());
  for (Eigen::Index b = 0; b < B.rows(); ++b)
    for (Eigen::Index a = 0; a < A.rows(); ++a)
      K(a, b) = h.signal_variance * shape(family, (As.row(a) - Bs.row(b)).squaredNorm()).value;
  return K;
}

void GaussianProcess::set_data(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const GaussianProcessOptions& options) {
  if (X.rows() != y.size()) throw std::invalid_argument(fmt::format("{} input rows but {} outputs", X.rows(), y.size()));
  if (X.rows() < 1 || X.cols() < 1) throw std::invalid_argument("a Gaussian process needs at least one point with one input");
  if (!X.allFinite() || !y.allFinite()) throw std::invalid_argument("training data contain NaN or infinite values");
  options_ = options;
  const auto xs = Standardisation::of(X, options.normalize_inputs);
  x_mean_ = xs.mean;
  x_scale_ = xs.scale;
  const auto ys = Standardisation::of(y, options.normalize_output);
  y_mean_ = ys.mean(0);
  y_scale_ = ys.scale(0);
  X_ = scaled_inputs(X);
  y_ = (y.array() - y_mean_) / y_scale_;
}

Eigen::MatrixXd GaussianProcess::scaled_inputs(const Eigen::MatrixXd& X) const {
  if (X.cols() != x_mean_.size())
    throw std::invalid_argument(fmt::format("expected {} inputs per point, got {}", x_mean_.size(), X.cols()));
  return (X.rowwise() - x_mean_).array().rowwise() / x_scale_.array();
}

Eigen::VectorXd GaussianProcess::theta_of(const KernelHyperparameters& h) const {
  const auto m = h.length_scales.size();
  Eigen::VectorXd t(m + 2);
  t.head(m) = h.length_scales.array().log();
  t(m) = std::log(h.signal_variance);
  t(m + 1) = std::log(h.noise_variance);
  return t;
}

KernelHyperparameters GaussianProcess::hyper_of(const Eigen::VectorXd& theta) const {
  const auto m = theta.size() - 2;
  KernelHyperparameters h;
  h.length_scales = theta.head(m).array().exp();
  h.signal_variance = std::exp(theta(m));
  h.noise_variance = std::exp(theta(m + 1));
  return h;
}

double GaussianProcess::log_marginal_likelihood(const Eigen::VectorXd& theta, Eigen::VectorXd* gradient) const {
  const KernelHyperparameters h = hyper_of(theta);
  const auto n = X_.rows();
  const int d = static_cast<int>(X_.cols());
  const int m = static_cast<int>(h.length_scales.size());
  Eigen::RowVectorXd inv(d);
  for (int j = 0; j < d; ++j) inv(j) = inverse_length(h, j);
  const Eigen::MatrixXd Xs = X_.array().rowwise() * inv.array();
  Eigen::MatrixXd K(n, n), Q(n, n);  // Q: the length-scale factor q(r) of each pair
  for (Eigen::Index b = 0; b < n; ++b)
    for (Eigen::Index a = b; a < n; ++a) {
      const KernelShape s = shape(options_.kernel, (Xs.row(a) - Xs.row(b)).squaredNorm());
      K(a, b) = K(b, a) = h.signal_variance * s.value;
      Q(a, b) = Q(b, a) = h.signal_variance * s.length_factor;
    }
  K.diagonal().array() += h.noise_variance + options_.jitter;
  const Eigen::LLT<Eigen::MatrixXd> llt(K);
  if (llt.info() != Eigen::Success) return -std::numeric_limits<double>::infinity();
  const Eigen::VectorXd alpha = llt.solve(y_);
  const Eigen::MatrixXd& L = llt.matrixLLT();
  const double lml = -0.5 * y_.dot(alpha) - L.diagonal().array().log().sum() - 0.5 * n * kLog2Pi;
  if (gradient) {
    // ∂lml/∂θ = ½ tr(W ∂K/∂θ), W = ααᵀ - K⁻¹ (R&W Eq. 5.9).
    Eigen::MatrixXd W = -llt.solve(Eigen::MatrixXd::Identity(n, n));
    W.noalias() += alpha * alpha.transpose();
    gradient->resize(m + 2);
    gradient->setZero();
    for (Eigen::Index b = 0; b < n; ++b)
      for (Eigen::Index a = 0; a < n; ++a) {
        const double wq = W(a, b) * Q(a, b);
        if (m == 1) {
          (*gradient)(0) += wq * (Xs.row(a) - Xs.row(b)).squaredNorm();
        } else {
          for (int j = 0; j < d; ++j) {
            const double dx = Xs(a, j) - Xs(b, j);
            (*gradient)(j) += wq * dx * dx;
          }
        }
      }
    gradient->head(m) *= 0.5;
    const Eigen::MatrixXd Ks = K - Eigen::MatrixXd::Identity(n, n) * (h.noise_variance + options_.jitter);
    (*gradient)(m) = 0.5 * (W.array() * Ks.array()).sum();
    (*gradient)(m + 1) = 0.5 * W.trace() * h.noise_variance;
  }
  return lml;
}

void GaussianProcess::factorise() {
  Eigen::MatrixXd K = kernel_matrix(options_.kernel, hyper_, X_, X_);
  K.diagonal().array() += hyper_.noise_variance + options_.jitter;
  const Eigen::LLT<Eigen::MatrixXd> llt(K);
  if (llt.info() != Eigen::Success)
    throw std::runtime_error("the kernel matrix is not positive definite (duplicate points without noise?)");
  L_ = llt.matrixL();
  alpha_ = llt.solve(y_);
  log_marginal_likelihood_ =
      -0.5 * y_.dot(alpha_) - L_.diagonal().array().log().sum() - 0.5 * static_cast<double>(y_.size()) * kLog2Pi;
}

GaussianProcess GaussianProcess::condition(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                                           const GaussianProcessOptions& options, const KernelHyperparameters& hyper) {
  GaussianProcess gp;
  gp.set_data(X, y, options);
  gp.hyper_ = hyper;
  const Eigen::Index m = options.ard ? X.cols() : 1;
  if (hyper.length_scales.size() != m)
    throw std::invalid_argument(fmt::format("expected {} length scales, got {}", m, hyper.length_scales.size()));
  gp.factorise();
  return gp;
}

GaussianProcess GaussianProcess::fit(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const GaussianProcessOptions& options) {
  GaussianProcess gp;
  gp.set_data(X, y, options);
  const int m = options.ard ? static_cast<int>(X.cols()) : 1;
  const int p = m + 2;
  std::vector<double> lower(p), upper(p);
  for (int j = 0; j < m; ++j) {
    lower[j] = std::log(options.length_scale_min);
    upper[j] = std::log(options.length_scale_max);
  }
  lower[m] = std::log(options.signal_variance_min);
  upper[m] = std::log(options.signal_variance_max);
  lower[m + 1] = std::log(options.noise_variance_min);
  upper[m + 1] = std::log(options.noise_variance_max);

  KernelHyperparameters start = options.initial;
  if (start.length_scales.size() == 0) start.length_scales = Eigen::VectorXd::Ones(m);
  if (start.length_scales.size() == 1 && m > 1) start.length_scales = Eigen::VectorXd::Constant(m, start.length_scales(0));
  Eigen::VectorXd theta0 = gp.theta_of(start);
  if (!options.fit_noise) lower[m + 1] = upper[m + 1] = theta0(m + 1);
  for (int k = 0; k < p; ++k) theta0(k) = std::clamp(theta0(k), lower[k], upper[k]);

  auto objective = [](unsigned n, const double* x, double* grad, void* data) -> double {
    const auto* self = static_cast<const GaussianProcess*>(data);
    Eigen::VectorXd theta = Eigen::Map<const Eigen::VectorXd>(x, n), g;
    const double lml = self->log_marginal_likelihood(theta, grad ? &g : nullptr);
    if (!std::isfinite(lml)) {
      if (grad) std::fill(grad, grad + n, 0.0);
      return 1e300;
    }
    if (grad)
      for (unsigned k = 0; k < n; ++k) grad[k] = -g(k);
    return -lml;
  };

  std::mt19937 rng(options.seed);
  double best = std::numeric_limits<double>::infinity();
  Eigen::VectorXd best_theta = theta0;
  for (int start_index = 0; start_index <= options.restarts; ++start_index) {
    std::vector<double> x(theta0.data(), theta0.data() + p);
    if (start_index > 0)
      for (int k = 0; k < p; ++k)
        if (upper[k] > lower[k]) {
          // Random starts within a moderate part of the box: the extremes are rarely optima.
          const double lo = std::max(lower[k], theta0(k) - 3.0), hi = std::min(upper[k], theta0(k) + 3.0);
          x[k] = std::uniform_real_distribution<double>(lo, hi)(rng);
        }
    nlopt::opt opt(nlopt::LD_LBFGS, static_cast<unsigned>(p));
    opt.set_lower_bounds(lower);
    opt.set_upper_bounds(upper);
    opt.set_min_objective(objective, &gp);
    opt.set_ftol_rel(1e-10);
    opt.set_xtol_rel(1e-8);
    opt.set_maxeval(500);
    double f = 0;
    try {
      opt.optimize(x, f);
    } catch (const std::exception&) {
      // L-BFGS gives up on a rounding-limited line search; the point it reached stands.
      f = objective(static_cast<unsigned>(p), x.data(), nullptr, &gp);
    }
    if (f < best) {
      best = f;
      best_theta = Eigen::Map<Eigen::VectorXd>(x.data(), p);
    }
  }
  if (!std::isfinite(best) || best >= 1e300)
    throw std::runtime_error("Gaussian-process fit failed: the kernel matrix is singular at every start");
  gp.hyper_ = gp.hyper_of(best_theta);
  gp.factorise();
  return gp;
}

GaussianProcessPrediction GaussianProcess::predict(const Eigen::MatrixXd& X) const {
  if (X_.size() == 0) throw std::logic_error("predict on a Gaussian process that has not been fitted");
  const Eigen::MatrixXd Xs = scaled_inputs(X);
  const Eigen::MatrixXd Ks = kernel_matrix(options_.kernel, hyper_, X_, Xs);  // n × m
  GaussianProcessPrediction p;
  p.mean = (Ks.transpose() * alpha_).array() * y_scale_ + y_mean_;
  const Eigen::MatrixXd V = L_.triangularView<Eigen::Lower>().solve(Ks);
  p.variance = (hyper_.signal_variance - V.colwise().squaredNorm().transpose().array()).max(0.0) * y_scale_ * y_scale_;
  return p;
}

double GaussianProcess::noise_variance() const { return (hyper_.noise_variance + options_.jitter) * y_scale_ * y_scale_; }

nlohmann::json GaussianProcess::to_json() const {
  nlohmann::json j;
  j["model"] = "gaussian_process";
  j["kernel"] = kernel_family_name(options_.kernel);
  j["ard"] = options_.ard;
  j["jitter"] = options_.jitter;
  j["length_scales"] = json_vector(hyper_.length_scales);
  j["signal_variance"] = hyper_.signal_variance;
  j["noise_variance"] = hyper_.noise_variance;
  j["input_mean"] = json_vector(x_mean_);
  j["input_scale"] = json_vector(x_scale_);
  j["output_mean"] = y_mean_;
  j["output_scale"] = y_scale_;
  j["log_marginal_likelihood"] = log_marginal_likelihood_;
  j["inputs"] = json_matrix(X_);  // standardised
  j["outputs"] = json_vector(y_);
  return j;
}

GaussianProcess GaussianProcess::from_json(const nlohmann::json& j) {
  if (j.value("model", "") != "gaussian_process") throw std::invalid_argument("not a saved Gaussian process (model != gaussian_process)");
  GaussianProcess gp;
  gp.options_.kernel = kernel_family_from_name(j.at("kernel").get<std::string>());
  gp.options_.ard = j.at("ard").get<bool>();
  gp.options_.jitter = j.at("jitter").get<double>();
  gp.hyper_.length_scales = vector_from_json(j.at("length_scales"));
  gp.hyper_.signal_variance = j.at("signal_variance").get<double>();
  gp.hyper_.noise_variance = j.at("noise_variance").get<double>();
  gp.x_mean_ = vector_from_json(j.at("input_mean")).transpose();
  gp.x_scale_ = vector_from_json(j.at("input_scale")).transpose();
  gp.y_mean_ = j.at("output_mean").get<double>();
  gp.y_scale_ = j.at("output_scale").get<double>();
  gp.X_ = matrix_from_json(j.at("inputs"), gp.x_mean_.size());
  gp.y_ = vector_from_json(j.at("outputs"));
  gp.factorise();
  return gp;
}

void GaussianProcess::save(const std::string& file) const { write_json_file(file, to_json()); }

GaussianProcess GaussianProcess::load(const std::string& file) { return load_model<GaussianProcess>(file); }

}  // namespace kiln::ml

// Gaussian-process regression (Rasmussen & Williams 2006, "Gaussian Processes for Machine Learning",
// MIT Press, ch. 2 and 5): a prior over functions with a stationary kernel, conditioned on noisy
// observations. Used by kiln as a surrogate of expensive runs (Bayesian optimisation, process maps)
// and as a learner of material properties (conductivity from composition).
//
// Kernels with automatic relevance determination (one length scale per input):
//   squared exponential   k = s² exp(-r²/2)
//   Matérn 3/2            k = s² (1 + √3 r) exp(-√3 r)
//   Matérn 5/2            k = s² (1 + √5 r + 5r²/3) exp(-√5 r),      r² = Σ_j (x_j - x'_j)² / l_j²
// plus white noise σ_n² on the diagonal. Hyperparameters θ = log(l_1..l_d, s², σ_n²) maximise the
// log marginal likelihood (R&W Eq. 5.8) with its analytic gradient (Eq. 5.9), by NLopt's L-BFGS
// from several starting points. Inputs and output can be standardised (zero mean, unit variance),
// as scikit-learn's normalize_y does for the output; kiln's defaults standardise both.
#pragma once

#include <Eigen/Dense>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace kiln::ml {

enum class KernelFamily { squared_exponential, matern32, matern52 };
KernelFamily kernel_family_from_name(const std::string& name);  // "squared_exponential"|"matern32"|"matern52"
std::string kernel_family_name(KernelFamily family);

struct KernelHyperparameters {
  Eigen::VectorXd length_scales;  // in the (standardised) input units; size 1 (isotropic) or d (ARD)
  double signal_variance = 1.0;   // s², in (standardised) output units squared
  double noise_variance = 1e-2;   // σ_n²
};

struct GaussianProcessOptions {
  KernelFamily kernel = KernelFamily::matern52;
  bool ard = true;               // one length scale per input, else one for all
  bool normalize_inputs = true;  // standardise each input column
  bool normalize_output = true;  // standardise y
  bool fit_noise = true;         // else noise_variance stays at its initial value
  int restarts = 4;              // random starts besides the default one
  unsigned seed = 1;
  double jitter = 1e-10;         // added to the diagonal, as scikit-learn's alpha
  // Bounds of the hyperparameters (standardised units).
  double length_scale_min = 1e-3, length_scale_max = 1e3;
  double signal_variance_min = 1e-4, signal_variance_max = 1e4;
  double noise_variance_min = 1e-8, noise_variance_max = 1e1;
  KernelHyperparameters initial;  // empty length_scales: all 1
};

struct GaussianProcessPrediction {
  Eigen::VectorXd mean;
  Eigen::VectorXd variance;  // of the latent function (add noise_variance() for a new observation)
};

class GaussianProcess {
 public:
  GaussianProcess() = default;

  // Fits the hyperparameters by maximum marginal likelihood, then conditions on the data.
  static GaussianProcess fit(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const GaussianProcessOptions& options);
  // Conditions on the data with the given hyperparameters (no optimisation).
  static GaussianProcess condition(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const GaussianProcessOptions& options,
                                   const KernelHyperparameters& hyper);

  GaussianProcessPrediction predict(const Eigen::MatrixXd& X) const;
  // Prediction of a new noisy observation (latent variance plus noise), in output units.
  double noise_variance() const;  // σ_n² in output units

  // Log marginal likelihood of the (standardised) data at the fitted hyperparameters.
  double log_marginal_likelihood() const { return log_marginal_likelihood_; }
  // At θ = log hyperparameters (length scales, s², σ_n²), with its gradient if `gradient` is given.
  double log_marginal_likelihood(const Eigen::VectorXd& theta, Eigen::VectorXd* gradient) const;

  const KernelHyperparameters& hyperparameters() const { return hyper_; }
  const GaussianProcessOptions& options() const { return options_; }
  int dimension() const { return static_cast<int>(X_.cols()); }
  int size() const { return static_cast<int>(X_.rows()); }

  nlohmann::json to_json() const;
  static GaussianProcess from_json(const nlohmann::json& j);
  void save(const std::string& file) const;
  static GaussianProcess load(const std::string& file);

 private:
  void set_data(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const GaussianProcessOptions& options);
  void factorise();
  Eigen::MatrixXd scaled_inputs(const Eigen::MatrixXd& X) const;
  Eigen::VectorXd theta_of(const KernelHyperparameters& h) const;
  KernelHyperparameters hyper_of(const Eigen::VectorXd& theta) const;

  GaussianProcessOptions options_;
  KernelHyperparameters hyper_;
  Eigen::RowVectorXd x_mean_, x_scale_;
  double y_mean_ = 0.0, y_scale_ = 1.0;
  Eigen::MatrixXd X_;  // standardised training inputs
  Eigen::VectorXd y_;  // standardised training outputs
  Eigen::MatrixXd L_;  // Cholesky factor of K + (σ_n² + jitter) I
  Eigen::VectorXd alpha_;
  double log_marginal_likelihood_ = 0.0;
};

// Covariance matrix of the kernel between the rows of A and of B (standardised units).
Eigen::MatrixXd kernel_matrix(KernelFamily family, const KernelHyperparameters& h, const Eigen::MatrixXd& A,
                              const Eigen::MatrixXd& B);

}  // namespace kiln::ml

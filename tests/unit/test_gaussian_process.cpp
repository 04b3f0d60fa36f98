// Gaussian-process regression and SVR against scikit-learn 1.2 (Debian python3-sklearn) on the same
// data and fixed kernels (tests/data/ml/make_sklearn_reference.py), plus the properties a GP must
// have whatever the reference: interpolation of noise-free data, an analytic gradient that matches
// finite differences, and a save/load round trip.
#include "ml/gaussian_process.hpp"
#include "ml/support_vector_regression.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

namespace {

using namespace kiln::ml;

nlohmann::json reference() {
  std::ifstream in(std::string(KILN_TEST_DATA_DIR) + "/ml/sklearn_reference.json");
  return nlohmann::json::parse(in);
}

Eigen::MatrixXd matrix(const nlohmann::json& rows) {
  const auto r = rows.get<std::vector<std::vector<double>>>();
  Eigen::MatrixXd M(r.size(), r[0].size());
  for (std::size_t i = 0; i < r.size(); ++i)
    for (std::size_t j = 0; j < r[i].size(); ++j) M(i, j) = r[i][j];
  return M;
}

Eigen::VectorXd vector(const nlohmann::json& v) {
  const auto x = v.get<std::vector<double>>();
  return Eigen::Map<const Eigen::VectorXd>(x.data(), x.size());
}

GaussianProcessOptions sklearn_like(KernelFamily family) {
  GaussianProcessOptions o;
  o.kernel = family;
  o.normalize_inputs = false;  // scikit-learn does not standardise inputs
  o.normalize_output = true;   // normalize_y=True
  o.jitter = 1e-10;            // alpha
  return o;
}

class AgainstScikitLearn : public ::testing::TestWithParam<std::string> {};

TEST_P(AgainstScikitLearn, PredictionsAndLikelihoodAgreeToOneInAMillion) {
  const auto ref = reference();
  const auto& case_ = ref["gp"][GetParam()];
  KernelHyperparameters h;
  h.length_scales = vector(ref["length_scales"]);
  h.signal_variance = ref["signal_variance"].get<double>();
  h.noise_variance = ref["noise_variance"].get<double>();
  const auto gp = GaussianProcess::condition(matrix(ref["X"]), vector(ref["y"]), sklearn_like(kernel_family_from_name(GetParam())), h);
  const auto p = gp.predict(matrix(ref["X_test"]));
  const Eigen::VectorXd mean = vector(case_["mean"]), std = vector(case_["std"]);
  for (Eigen::Index i = 0; i < mean.size(); ++i) {
    EXPECT_NEAR(p.mean(i), mean(i), 1e-6) << "point " << i;
    EXPECT_NEAR(std::sqrt(p.variance(i) + gp.noise_variance()), std(i), 1e-6) << "point " << i;
  }
  EXPECT_NEAR(gp.log_marginal_likelihood(), case_["log_marginal_likelihood"].get<double>(), 1e-6);

  // scikit-learn orders θ as [log s², log l_1..l_d, log σ_n²]; kiln as [log l, log s², log σ_n²].
  Eigen::VectorXd theta(5), g;
  theta << h.length_scales.array().log(), std::log(h.signal_variance), std::log(h.noise_variance);
  gp.log_marginal_likelihood(theta, &g);
  const Eigen::VectorXd sk = vector(case_["gradient"]);
  EXPECT_NEAR(g(3), sk(0), 1e-6);
  for (int j = 0; j < 3; ++j) EXPECT_NEAR(g(j), sk(1 + j), 1e-6) << "length scale " << j;
  EXPECT_NEAR(g(4), sk(4), 1e-6);
}

INSTANTIATE_TEST_SUITE_P(Kernels, AgainstScikitLearn, ::testing::Values("squared_exponential", "matern32", "matern52"));

class GradientCheck : public ::testing::TestWithParam<KernelFamily> {};

TEST_P(GradientCheck, AnalyticGradientMatchesCentralDifferences) {
  const auto ref = reference();
  GaussianProcessOptions o;
  o.kernel = GetParam();
  KernelHyperparameters h;
  h.length_scales = Eigen::Vector3d(0.9, 1.4, 0.6);
  h.signal_variance = 0.8;
  h.noise_variance = 0.05;
  const auto gp = GaussianProcess::condition(matrix(ref["X"]), vector(ref["y"]), o, h);
  Eigen::VectorXd theta(5), g;
  theta << h.length_scales.array().log(), std::log(h.signal_variance), std::log(h.noise_variance);
  gp.log_marginal_likelihood(theta, &g);
  for (int k = 0; k < 5; ++k) {
    const double step = 1e-5;
    Eigen::VectorXd a = theta, b = theta;
    a(k) += step;
    b(k) -= step;
    const double fd = (gp.log_marginal_likelihood(a, nullptr) - gp.log_marginal_likelihood(b, nullptr)) / (2 * step);
    EXPECT_NEAR(g(k), fd, 1e-6 * std::max(1.0, std::abs(fd))) << "component " << k;
  }
}

INSTANTIATE_TEST_SUITE_P(Kernels, GradientCheck,
                         ::testing::Values(KernelFamily::squared_exponential, KernelFamily::matern32, KernelFamily::matern52));

TEST(GaussianProcess, InterpolatesNoiseFreeSamplesOfASmoothFunction) {
  // f(x) = sin(3x) + x² on 15 points of [0, 2]: the fitted GP passes through the samples and
  // predicts between them far better than the function varies.
  Eigen::MatrixXd X(15, 1);
  Eigen::VectorXd y(15);
  for (int i = 0; i < 15; ++i) {
    X(i, 0) = 2.0 * i / 14;
    y(i) = std::sin(3 * X(i, 0)) + X(i, 0) * X(i, 0);
  }
  GaussianProcessOptions o;
  o.kernel = KernelFamily::squared_exponential;
  o.noise_variance_min = 1e-10;
  o.initial.noise_variance = 1e-6;
  const auto gp = GaussianProcess::fit(X, y, o);
  const auto at_samples = gp.predict(X);
  for (int i = 0; i < 15; ++i) {
    EXPECT_NEAR(at_samples.mean(i), y(i), 1e-4);
    EXPECT_LT(at_samples.variance(i), 1e-6);
  }
  Eigen::MatrixXd Xm(14, 1);
  for (int i = 0; i < 14; ++i) Xm(i, 0) = 2.0 * (i + 0.5) / 14;
  const auto between = gp.predict(Xm);
  for (int i = 0; i < 14; ++i) EXPECT_NEAR(between.mean(i), std::sin(3 * Xm(i, 0)) + Xm(i, 0) * Xm(i, 0), 1e-3);
  // Far from the data the prediction returns to the prior: large variance.
  Eigen::MatrixXd far(1, 1);
  far(0, 0) = 20.0;
  EXPECT_GT(gp.predict(far).variance(0), 0.5 * gp.hyperparameters().signal_variance);
}

TEST(GaussianProcess, FitRecoversTheNoiseLevelAndIgnoresAnIrrelevantInput) {
  // y = sin(2 x0) + noise of σ = 0.1; x1 is irrelevant: ARD gives it a long length scale.
  const int n = 120;
  Eigen::MatrixXd X(n, 2);
  Eigen::VectorXd y(n);
  unsigned state = 7;
  auto uniform = [&] { state = state * 1664525u + 1013904223u; return (state >> 8) / double(1 << 24); };
  for (int i = 0; i < n; ++i) {
    X(i, 0) = 3 * uniform();
    X(i, 1) = 3 * uniform();
    const double u1 = uniform() + 1e-12, u2 = uniform();
    y(i) = std::sin(2 * X(i, 0)) + 0.1 * std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
  }
  GaussianProcessOptions o;
  o.normalize_output = false;
  o.normalize_inputs = false;
  const auto gp = GaussianProcess::fit(X, y, o);
  EXPECT_NEAR(std::sqrt(gp.hyperparameters().noise_variance), 0.1, 0.03);
  EXPECT_GT(gp.hyperparameters().length_scales(1), 5 * gp.hyperparameters().length_scales(0));
}

TEST(GaussianProcess, SavedModelPredictsTheSame) {
  const auto ref = reference();
  const auto gp = GaussianProcess::fit(matrix(ref["X"]), vector(ref["y"]), GaussianProcessOptions{});
  const auto file = std::filesystem::temp_directory_path() / "kiln_gp_roundtrip.json";
  gp.save(file.string());
  const auto loaded = GaussianProcess::load(file.string());
  const auto a = gp.predict(matrix(ref["X_test"])), b = loaded.predict(matrix(ref["X_test"]));
  EXPECT_LT((a.mean - b.mean).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_LT((a.variance - b.variance).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_NEAR(loaded.log_marginal_likelihood(), gp.log_marginal_likelihood(), 1e-9);
}

TEST(GaussianProcess, BadDataIsRefusedWithAReason) {
  Eigen::MatrixXd X(3, 1);
  X << 0, 1, 2;
  Eigen::VectorXd y(2);
  y << 1, 2;
  EXPECT_THROW(GaussianProcess::fit(X, y, {}), std::invalid_argument);
  Eigen::VectorXd y3(3);
  y3 << 1, NAN, 2;
  EXPECT_THROW(GaussianProcess::fit(X, y3, {}), std::invalid_argument);
  EXPECT_THROW(kernel_family_from_name("matern12"), std::invalid_argument);
}

TEST(SupportVectorRegression, MatchesScikitLearnSVRToSolverTolerance) {
  const auto ref = reference();
  const auto& s = ref["svr"];
  SupportVectorOptions o;
  o.C = s["C"].get<double>();
  o.epsilon = s["epsilon"].get<double>();
  o.gamma = s["gamma"].get<double>();
  o.tolerance = s["tol"].get<double>();
  o.normalize_inputs = o.normalize_output = false;
  const auto svr = SupportVectorRegression::fit(matrix(ref["X"]), vector(ref["y"]), o);
  EXPECT_EQ(svr.support_vector_count(), s["support_vectors"].get<int>());
  EXPECT_NEAR(-svr.offset(), s["intercept"].get<double>(), 1e-6);
  const auto p = svr.predict(matrix(ref["X_test"]));
  const auto expected = vector(s["prediction"]);
  for (Eigen::Index i = 0; i < p.size(); ++i) EXPECT_NEAR(p(i), expected(i), 1e-6) << "point " << i;

  const auto file = std::filesystem::temp_directory_path() / "kiln_svr_roundtrip.json";
  svr.save(file.string());
  const auto q = SupportVectorRegression::load(file.string()).predict(matrix(ref["X_test"]));
  EXPECT_LT((p - q).cwiseAbs().maxCoeff(), 1e-12);
}

}  // namespace

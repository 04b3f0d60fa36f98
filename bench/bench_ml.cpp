// Benchmarks of the machine-learning layer (figures in docs/performance.md).
//
//   ./build/bench/bench_ml
//   /usr/bin/python3 bench/sklearn_gp.py      # the same problems in scikit-learn
//
// GaussianProcessFit500x5: Matérn 5/2 ARD kernel + white noise, 500 points in 5 dimensions, output
// standardised (scikit-learn's normalize_y), hyperparameters by L-BFGS from 5 starts (scikit-learn:
// n_restarts_optimizer=4). The points are a Kronecker sequence, x_ij = frac((i+1)·√p_j), and
// y = sin(3x0) + x1² - x2·x3 + 0.5·cos(5x4) + 0.05·sin(1000 i): the same numbers in both codes.
// GaussianProcessPredict10000: mean and variance at 10,000 such points. SvrObelix: SVR on the
// 478 OBELiX compositions. BayesianOptimizationBranin40: 40 evaluations of Branin.
#include "ml/bayesian_optimization.hpp"
#include "ml/conductivity_model.hpp"
#include "ml/gaussian_process.hpp"

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>

using namespace kiln::ml;

namespace {

void kronecker(int n, int offset, Eigen::MatrixXd& X, Eigen::VectorXd& y) {
  const double primes[5] = {2, 3, 5, 7, 11};
  X.resize(n, 5);
  y.resize(n);
  for (int i = 0; i < n; ++i) {
    const int k = i + offset;
    for (int j = 0; j < 5; ++j) {
      const double v = (k + 1) * std::sqrt(primes[j]);
      X(i, j) = v - std::floor(v);
    }
    y(i) = std::sin(3 * X(i, 0)) + X(i, 1) * X(i, 1) - X(i, 2) * X(i, 3) + 0.5 * std::cos(5 * X(i, 4)) + 0.05 * std::sin(1000.0 * k);
  }
}

GaussianProcessOptions bench_options() {
  GaussianProcessOptions o;
  o.kernel = KernelFamily::matern52;
  o.normalize_inputs = false;  // as scikit-learn
  o.normalize_output = true;
  o.restarts = 4;
  o.length_scale_min = 1e-5;  // scikit-learn's default bounds
  o.length_scale_max = 1e5;
  o.signal_variance_min = 1e-5;
  o.signal_variance_max = 1e5;
  o.noise_variance_min = 1e-5;
  o.noise_variance_max = 1e5;
  return o;
}

}  // namespace

static void GaussianProcessFit500x5(benchmark::State& state) {
  Eigen::MatrixXd X;
  Eigen::VectorXd y;
  kronecker(500, 0, X, y);
  double lml = 0;
  for (auto _ : state) {
    const auto gp = GaussianProcess::fit(X, y, bench_options());
    lml = gp.log_marginal_likelihood();
  }
  state.counters["log_marginal_likelihood"] = lml;
}
BENCHMARK(GaussianProcessFit500x5)->Unit(benchmark::kMillisecond)->Iterations(3);

static void GaussianProcessPredict10000(benchmark::State& state) {
  Eigen::MatrixXd X, Xt;
  Eigen::VectorXd y, yt;
  kronecker(500, 0, X, y);
  kronecker(10000, 500, Xt, yt);
  const auto gp = GaussianProcess::fit(X, y, bench_options());
  double rmse = 0;
  for (auto _ : state) {
    const auto p = gp.predict(Xt);
    rmse = std::sqrt((p.mean - yt).squaredNorm() / yt.size());
    benchmark::DoNotOptimize(p.variance.data());
  }
  state.counters["test_rmse"] = rmse;
}
BENCHMARK(GaussianProcessPredict10000)->Unit(benchmark::kMillisecond);

static void SvrObelix(benchmark::State& state) {
  const auto data = read_conductivity_data(std::string(KILN_SOURCE_DIR) + "/data/obelix/train.csv");
  ConductivityModelOptions o;
  o.learner = "svr";
  for (auto _ : state) benchmark::DoNotOptimize(ConductivityPredictor::train(data, o));
}
BENCHMARK(SvrObelix)->Unit(benchmark::kMillisecond);

static void BayesianOptimizationBranin40(benchmark::State& state) {
  const std::vector<OptimizationParameter> params{{"x1", -5, 10}, {"x2", 0, 15}};
  BayesianOptimizationOptions o;
  o.budget = 40;
  o.initial = 8;
  o.seed = 3;
  double best = 0;
  for (auto _ : state) {
    const auto r = minimize_bayesian(params, 0, [](const std::vector<std::vector<double>>& pts) {
      std::vector<Evaluation> out;
      for (const auto& x : pts) {
        const double b = 5.1 / (4 * M_PI * M_PI), c = 5 / M_PI, t = 1 / (8 * M_PI);
        out.push_back({{}, true, std::pow(x[1] - b * x[0] * x[0] + c * x[0] - 6, 2) + 10 * (1 - t) * std::cos(x[0]) + 10, {}, ""});
      }
      return out;
    }, o);
    best = r.evaluations[*r.best].objective;
  }
  state.counters["best"] = best;
}
BENCHMARK(BayesianOptimizationBranin40)->Unit(benchmark::kMillisecond)->Iterations(3);

BENCHMARK_MAIN();

// Bayesian optimisation on the standard test functions, within a stated budget of evaluations.
#include "ml/bayesian_optimization.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using namespace kiln::ml;

// Branin–Hoo on [-5, 10] × [0, 15]: global minimum 0.397887 at three points
// (Dixon & Szegő 1978; the usual BO benchmark, e.g. Jones et al. 1998).
double branin(double x1, double x2) {
  const double b = 5.1 / (4 * M_PI * M_PI), c = 5 / M_PI, t = 1 / (8 * M_PI);
  return std::pow(x2 - b * x1 * x1 + c * x1 - 6, 2) + 10 * (1 - t) * std::cos(x1) + 10;
}

TEST(BayesianOptimization, FindsTheBraninMinimumWithinFortyEvaluations) {
  const std::vector<OptimizationParameter> params{{"x1", -5, 10}, {"x2", 0, 15}};
  BayesianOptimizationOptions o;
  o.budget = 40;
  o.initial = 8;
  o.seed = 3;
  int calls = 0;
  const auto result = minimize_bayesian(params, 0, [&](const std::vector<std::vector<double>>& pts) {
    std::vector<Evaluation> out;
    for (const auto& x : pts) {
      ++calls;
      Evaluation e;
      e.objective = branin(x[0], x[1]);
      out.push_back(e);
    }
    return out;
  }, o);
  ASSERT_TRUE(result.best);
  EXPECT_EQ(calls, 40);
  EXPECT_LT(result.evaluations[*result.best].objective, 0.397887 + 0.01);
}

TEST(BayesianOptimization, BatchesOfFourAlsoConverge) {
  const std::vector<OptimizationParameter> params{{"x1", -5, 10}, {"x2", 0, 15}};
  BayesianOptimizationOptions o;
  o.budget = 48;
  o.initial = 8;
  o.batch = 4;
  int batches = 0;
  const auto result = minimize_bayesian(params, 0, [&](const std::vector<std::vector<double>>& pts) {
    ++batches;
    std::vector<Evaluation> out;
    for (const auto& x : pts) out.push_back({{}, true, branin(x[0], x[1]), {}, ""});
    return out;
  }, o);
  EXPECT_EQ(batches, 2 + 10);  // the initial design in two batches, then ten batches of four
  EXPECT_LT(result.evaluations[*result.best].objective, 0.397887 + 0.03);
}

// Gardner et al. 2014 (ICML), simulation problem: minimise cos(2x) cos(y) + sin(x) on [0, 6]²
// subject to cos(x) cos(y) - sin(x) sin(y) ≤ 0.5. The constrained optimum, found here on a fine
// grid, lies on the constraint boundary, where unconstrained minima are infeasible.
double gardner_f(double x, double y) { return std::cos(2 * x) * std::cos(y) + std::sin(x); }
double gardner_c(double x, double y) { return std::cos(x) * std::cos(y) - std::sin(x) * std::sin(y) - 0.5; }

TEST(BayesianOptimization, FindsTheConstrainedOptimumOfGardner2014WithinSixtyEvaluations) {
  double reference = 1e9;
  for (int i = 0; i <= 1200; ++i)
    for (int j = 0; j <= 1200; ++j) {
      const double x = 6.0 * i / 1200, y = 6.0 * j / 1200;
      if (gardner_c(x, y) <= 0) reference = std::min(reference, gardner_f(x, y));
    }
  const std::vector<OptimizationParameter> params{{"x", 0, 6}, {"y", 0, 6}};
  BayesianOptimizationOptions o;
  o.budget = 60;
  o.initial = 10;
  o.seed = 5;
  const auto result = minimize_bayesian(params, 1, [](const std::vector<std::vector<double>>& pts) {
    std::vector<Evaluation> out;
    for (const auto& x : pts) out.push_back({{}, true, gardner_f(x[0], x[1]), {gardner_c(x[0], x[1])}, ""});
    return out;
  }, o);
  ASSERT_TRUE(result.best);
  const auto& best = result.evaluations[*result.best];
  EXPECT_LE(gardner_c(best.x[0], best.x[1]), 0.0);
  EXPECT_LT(best.objective, reference + 0.02) << "grid optimum " << reference;
}

TEST(BayesianOptimization, FailedRunsAreKeptAndAvoided) {
  // Runs fail on the left half; the optimum (x = 0.8) is on the right.
  const std::vector<OptimizationParameter> params{{"x", 0, 1}};
  BayesianOptimizationOptions o;
  o.budget = 15;
  o.initial = 5;
  const auto result = minimize_bayesian(params, 0, [](const std::vector<std::vector<double>>& pts) {
    std::vector<Evaluation> out;
    for (const auto& x : pts) {
      Evaluation e;
      e.ok = x[0] > 0.5;
      e.objective = e.ok ? std::pow(x[0] - 0.8, 2) : 0.0;
      if (!e.ok) e.note = "solver failed";
      out.push_back(e);
    }
    return out;
  }, o);
  EXPECT_EQ(result.evaluations.size(), 15u);
  ASSERT_TRUE(result.best);
  EXPECT_NEAR(result.evaluations[*result.best].x[0], 0.8, 0.02);
}

TEST(BayesianOptimization, ResumesFromPreviousEvaluationsWithoutRepeatingThem) {
  const std::vector<OptimizationParameter> params{{"x1", -5, 10}, {"x2", 0, 15}};
  BayesianOptimizationOptions o;
  o.budget = 12;
  o.initial = 8;
  auto eval = [](const std::vector<std::vector<double>>& pts) {
    std::vector<Evaluation> out;
    for (const auto& x : pts) out.push_back({{}, true, branin(x[0], x[1]), {}, ""});
    return out;
  };
  const auto first = minimize_bayesian(params, 0, eval, o);
  o.budget = 20;
  int new_points = 0;
  const auto second = minimize_bayesian(params, 0, [&](const std::vector<std::vector<double>>& pts) {
    new_points += static_cast<int>(pts.size());
    return eval(pts);
  }, o, first.evaluations);
  EXPECT_EQ(new_points, 8);
  EXPECT_EQ(second.evaluations.size(), 20u);
  EXPECT_LE(second.evaluations[*second.best].objective, first.evaluations[*first.best].objective);
}

TEST(BayesianOptimization, ExpectedImprovementHasItsClosedFormLimits) {
  EXPECT_NEAR(expected_improvement(1.0, 0.0, 2.0), 1.0, 1e-15);
  EXPECT_NEAR(expected_improvement(3.0, 0.0, 2.0), 0.0, 1e-15);
  // At mean = best the improvement is sd·φ(0) = sd/√(2π).
  EXPECT_NEAR(expected_improvement(2.0, 0.5, 2.0), 0.5 / std::sqrt(2 * M_PI), 1e-12);
}

}  // namespace

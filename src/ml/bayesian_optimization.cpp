#include "ml/bayesian_optimization.hpp"

#include <fmt/format.h>
#include <nlopt.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>

namespace kiln::ml {

namespace {

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }
double normal_pdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * M_PI); }

double to_unit(const OptimizationParameter& p, double x) {
  return p.log_scale ? (std::log(x) - std::log(p.lower)) / (std::log(p.upper) - std::log(p.lower)) : (x - p.lower) / (p.upper - p.lower);
}
double from_unit(const OptimizationParameter& p, double u) {
  u = std::clamp(u, 0.0, 1.0);
  return p.log_scale ? std::exp(std::log(p.lower) + u * (std::log(p.upper) - std::log(p.lower))) : p.lower + u * (p.upper - p.lower);
}

// The surrogate of one quantity (objective or a constraint) over the unit cube.
struct Surrogate {
  GaussianProcess gp;
  Eigen::MatrixXd U;
  Eigen::VectorXd y;
  GaussianProcessOptions options;
  void fit() { gp = GaussianProcess::fit(U, y, options); }
  // Kriging believer: adds a point at its own predicted mean, keeping the hyperparameters.
  void believe(const Eigen::RowVectorXd& u) {
    const double m = gp.predict(u).mean(0);
    U.conservativeResize(U.rows() + 1, Eigen::NoChange);
    U.row(U.rows() - 1) = u;
    y.conservativeResize(y.size() + 1);
    y(y.size() - 1) = m;
    gp = GaussianProcess::condition(U, y, options, gp.hyperparameters());
  }
};

std::vector<std::vector<double>> latin_hypercube(int n, int d, std::mt19937& rng) {
  std::vector<std::vector<double>> u(n, std::vector<double>(d));
  for (int j = 0; j < d; ++j) {
    std::vector<int> perm(n);
    std::iota(perm.begin(), perm.end(), 0);
    std::shuffle(perm.begin(), perm.end(), rng);
    for (int i = 0; i < n; ++i) u[i][j] = (perm[i] + std::uniform_real_distribution<double>(0, 1)(rng)) / n;
  }
  return u;
}

}  // namespace

bool Evaluation::feasible() const {
  return ok && std::all_of(constraints.begin(), constraints.end(), [](double c) { return c <= 0; });
}

double expected_improvement(double mean, double sd, double best) {
  if (sd <= 1e-300) return std::max(best - mean, 0.0);
  const double z = (best - mean) / sd;
  return (best - mean) * normal_cdf(z) + sd * normal_pdf(z);
}

BayesianOptimizationResult minimize_bayesian(const std::vector<OptimizationParameter>& parameters, int constraint_count,
                                             const BatchEvaluator& evaluate, const BayesianOptimizationOptions& options,
                                             std::vector<Evaluation> previous, const EvaluationObserver& observe) {
  const int d = static_cast<int>(parameters.size());
  if (d == 0) throw std::invalid_argument("Bayesian optimisation needs at least one parameter");
  for (const auto& p : parameters) {
    if (!(p.upper > p.lower)) throw std::invalid_argument(fmt::format("parameter {}: upper bound must exceed the lower", p.name));
    if (p.log_scale && !(p.lower > 0)) throw std::invalid_argument(fmt::format("parameter {}: a log scale needs positive bounds", p.name));
  }
  std::mt19937 rng(options.seed);
  BayesianOptimizationResult result;
  result.evaluations = std::move(previous);
  auto& history = result.evaluations;
  for (auto& e : history) {
    if (static_cast<int>(e.x.size()) != d) throw std::invalid_argument("a resumed evaluation has the wrong number of parameters");
    e.constraints.resize(constraint_count, e.ok ? 0.0 : 1.0);
  }
  const int budget = std::max(options.budget, 1);
  const int initial = options.initial > 0 ? options.initial : std::max(5, 2 * d + 1);

  auto run_batch = [&](const std::vector<std::vector<double>>& unit_points) {
    std::vector<std::vector<double>> points;
    for (const auto& u : unit_points) {
      std::vector<double> x(d);
      for (int j = 0; j < d; ++j) x[j] = from_unit(parameters[j], u[j]);
      points.push_back(x);
    }
    auto evaluations = evaluate(points);
    if (evaluations.size() != points.size()) throw std::logic_error("the evaluator returned a wrong number of results");
    for (std::size_t i = 0; i < evaluations.size(); ++i) {
      evaluations[i].x = points[i];
      if (evaluations[i].ok && static_cast<int>(evaluations[i].constraints.size()) != constraint_count)
        throw std::logic_error("the evaluator returned a wrong number of constraint values");
      if (evaluations[i].ok && (!std::isfinite(evaluations[i].objective))) {
        evaluations[i].ok = false;
        evaluations[i].note = "objective is not a finite number";
      }
      history.push_back(evaluations[i]);
    }
    if (observe) observe(history);
  };

  // Space-filling start (skipped for points a resumed study already has).
  const int missing_initial = std::min(initial, budget) - static_cast<int>(history.size());
  if (missing_initial > 0) {
    const auto design = latin_hypercube(missing_initial, d, rng);
    for (std::size_t start = 0; start < design.size(); start += static_cast<std::size_t>(std::max(options.batch, 1)))
      run_batch(std::vector<std::vector<double>>(design.begin() + start,
                                                 design.begin() + std::min(design.size(), start + std::max(options.batch, 1))));
  }

  while (static_cast<int>(history.size()) < budget) {
    // Training data. A failed run takes the worst objective seen, and constraint values beyond the
    // worst seen by the spread of the data: it marks the region as bad without inventing a figure
    // far outside the data. A further surrogate of "the run failed" (+1) or not (-1) keeps the
    // search away from where runs fail, with or without user constraints.
    double worst = -std::numeric_limits<double>::infinity();
    std::vector<double> worst_c(constraint_count, 0.0), span_c(constraint_count, 0.0);
    bool any_failed = false;
    for (const auto& e : history) {
      any_failed = any_failed || !e.ok;
      if (e.ok) {
        worst = std::max(worst, e.objective);
        for (int k = 0; k < constraint_count; ++k) {
          worst_c[k] = std::max(worst_c[k], e.constraints[k]);
          span_c[k] = std::max(span_c[k], std::abs(e.constraints[k]));
        }
      }
    }
    if (!std::isfinite(worst)) worst = 0.0;
    const auto n = static_cast<Eigen::Index>(history.size());
    Eigen::MatrixXd U(n, d);
    Eigen::VectorXd f(n);
    std::vector<Eigen::VectorXd> c(constraint_count, Eigen::VectorXd(n));
    double best = std::numeric_limits<double>::infinity();
    for (Eigen::Index i = 0; i < n; ++i) {
      const auto& e = history[i];
      for (int j = 0; j < d; ++j) U(i, j) = to_unit(parameters[j], e.x[j]);
      f(i) = e.ok ? e.objective : worst;
      for (int k = 0; k < constraint_count; ++k)
        c[k](i) = e.ok ? e.constraints[k] : std::max(worst_c[k], 0.0) + (span_c[k] > 0 ? span_c[k] : 1.0);
      if (e.feasible()) best = std::min(best, e.objective);
    }
    GaussianProcessOptions gpo;
    gpo.kernel = options.kernel;
    gpo.normalize_inputs = false;  // the unit cube is the natural scale
    gpo.length_scale_min = 1e-2;
    gpo.length_scale_max = 1e2;
    gpo.noise_variance_min = 1e-8;
    gpo.initial.noise_variance = 1e-4;
    gpo.initial.length_scales = Eigen::VectorXd::Constant(1, 0.3);
    gpo.restarts = 2;
    gpo.seed = options.seed + static_cast<unsigned>(n);
    Surrogate objective{{}, U, f, gpo};
    objective.fit();
    std::vector<Surrogate> constraints;
    for (int k = 0; k < constraint_count; ++k) {
      constraints.push_back({{}, U, c[k], gpo});
      constraints.back().fit();
    }
    if (any_failed) {
      Eigen::VectorXd failed(n);
      for (Eigen::Index i = 0; i < n; ++i) failed(i) = history[i].ok ? -1.0 : 1.0;
      constraints.push_back({{}, U, failed, gpo});
      constraints.back().fit();
    }

    const bool have_feasible = std::isfinite(best);
    auto acquisition = [&](const Eigen::RowVectorXd& u) {
      double a = 1.0;
      if (have_feasible) {
        const auto p = objective.gp.predict(u);
        a = expected_improvement(p.mean(0), std::sqrt(p.variance(0)), best);
      }
      for (const auto& s : constraints) {
        const auto p = s.gp.predict(u);
        const double sd = std::sqrt(p.variance(0));
        a *= sd > 1e-300 ? normal_cdf(-p.mean(0) / sd) : (p.mean(0) <= 0 ? 1.0 : 0.0);
      }
      return a;
    };

    const int q = std::min(std::max(options.batch, 1), budget - static_cast<int>(history.size()));
    std::vector<std::vector<double>> chosen;
    for (int b = 0; b < q; ++b) {
      // Random candidates, then the best five polished by BOBYQA inside the cube.
      std::vector<std::pair<double, Eigen::RowVectorXd>> scored;
      std::uniform_real_distribution<double> uniform(0.0, 1.0);
      for (int i = 0; i < options.candidates; ++i) {
        Eigen::RowVectorXd u(d);
        for (int j = 0; j < d; ++j) u(j) = uniform(rng);
        scored.emplace_back(acquisition(u), u);
      }
      std::partial_sort(scored.begin(), scored.begin() + std::min<std::size_t>(5, scored.size()), scored.end(),
                        [](const auto& a, const auto& b) { return a.first > b.first; });
      double best_a = scored.front().first;
      Eigen::RowVectorXd best_u = scored.front().second;
      for (std::size_t s = 0; s < std::min<std::size_t>(5, scored.size()); ++s) {
        nlopt::opt opt(nlopt::LN_BOBYQA, static_cast<unsigned>(d));
        opt.set_lower_bounds(std::vector<double>(d, 0.0));
        opt.set_upper_bounds(std::vector<double>(d, 1.0));
        auto fn = [](unsigned m, const double* x, double*, void* data) -> double {
          const auto* acq = static_cast<const decltype(acquisition)*>(data);
          return -(*acq)(Eigen::Map<const Eigen::RowVectorXd>(x, m));
        };
        opt.set_min_objective(fn, &acquisition);
        opt.set_maxeval(150);
        opt.set_xtol_abs(1e-6);
        std::vector<double> x(scored[s].second.data(), scored[s].second.data() + d);
        double value = 0;
        try {
          opt.optimize(x, value);
        } catch (const std::exception&) {
          value = fn(static_cast<unsigned>(d), x.data(), nullptr, &acquisition);
        }
        if (-value > best_a) {
          best_a = -value;
          best_u = Eigen::Map<Eigen::RowVectorXd>(x.data(), d);
        }
      }
      chosen.emplace_back(best_u.data(), best_u.data() + d);
      if (b + 1 < q) {
        objective.believe(best_u);
        for (auto& s : constraints) s.believe(best_u);
      }
    }
    run_batch(chosen);
  }

  for (std::size_t i = 0; i < history.size(); ++i)
    if (history[i].feasible() && (!result.best || history[i].objective < history[*result.best].objective)) result.best = i;
  return result;
}

}  // namespace kiln::ml

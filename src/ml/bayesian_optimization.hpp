// Bayesian optimisation with constraints (Jones, Schonlau & Welch 1998, J. Global Optim. 13:455 for
// expected improvement; Gardner et al. 2014, ICML, and Gelbart, Snoek & Adams 2014, UAI, for
// constraints handled by the probability of feasibility). Each objective and constraint is a
// Gaussian process over the parameters scaled to the unit cube (log-scaled where asked); the next
// points maximise EI(x) · Π_k P(c_k(x) ≤ 0). A batch of q points is chosen by the "kriging
// believer" (Ginsbourger, Le Riche & Carraro 2010): after each choice the GPs are conditioned on
// their own prediction there, with unchanged hyperparameters, so the batch spreads out; the batch
// is then evaluated together (in parallel by the caller).
//
// Runs that fail count as infeasible: they are kept in the history and push the search away.
#pragma once

#include "ml/gaussian_process.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace kiln::ml {

struct OptimizationParameter {
  std::string name;
  double lower = 0, upper = 1;
  bool log_scale = false;
};

// One evaluated point: the objective is minimised; a constraint is met where its value is ≤ 0.
struct Evaluation {
  std::vector<double> x;
  bool ok = true;  // false: the run failed (note says why)
  double objective = 0;
  std::vector<double> constraints;
  std::string note;
  bool feasible() const;
};

struct BayesianOptimizationOptions {
  int budget = 30;   // evaluations in all, the initial design and any resumed ones included
  int initial = 0;   // space-filling (Latin hypercube) points before the first model; 0: max(5, 2d + 1)
  int batch = 1;     // points chosen and evaluated together
  unsigned seed = 1;
  KernelFamily kernel = KernelFamily::matern52;
  int candidates = 2000;  // random candidates per choice, the best polished by BOBYQA
};

// Evaluates a batch of points (in the parameters' own units); returns one Evaluation per point.
using BatchEvaluator = std::function<std::vector<Evaluation>(const std::vector<std::vector<double>>& points)>;
// Called after every evaluated batch with the whole history (to write results as they come).
using EvaluationObserver = std::function<void(const std::vector<Evaluation>& history)>;

struct BayesianOptimizationResult {
  std::vector<Evaluation> evaluations;
  std::optional<std::size_t> best;  // index of the best feasible evaluation
};

BayesianOptimizationResult minimize_bayesian(const std::vector<OptimizationParameter>& parameters, int constraint_count,
                                             const BatchEvaluator& evaluate, const BayesianOptimizationOptions& options,
                                             std::vector<Evaluation> previous = {}, const EvaluationObserver& observe = {});

// Expected improvement of a Gaussian prediction (mean, standard deviation) over the best value
// so far, for minimisation.
double expected_improvement(double mean, double sd, double best);

}  // namespace kiln::ml

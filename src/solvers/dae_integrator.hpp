// Time integration of differential-algebraic systems F(t, y, y') = 0 with SUNDIALS IDA
// (variable-order BDF, Newton, dense direct linear solver; error-controlled steps, root finding).
// The cell models use it: lithium diffusion is differential, the current (fixed in galvanostatic
// steps, unknown when the voltage is held) is algebraic, so one system covers every protocol step.
//
// Like StiffIntegrator, it is driven one internal step at a time so that a runner can write
// results as they come and react to events (a cut-off voltage, the end of a step); between
// protocol steps the runner calls reset() with a consistent state.
#pragma once

#include "solvers/stiff_integrator.hpp"

#include <functional>
#include <memory>
#include <vector>

namespace kiln {

struct DaeProblem {
  int size = 0;
  // Residual F(t, y, y'); returns false when y is outside the physical domain (step cut).
  std::function<bool(double t, const double* y, const double* yp, double* r)> residual;
  std::vector<bool> differential;  // true: y_i appears with its derivative; false: algebraic
  int root_count = 0;
  std::function<void(double t, const double* y, const double* yp, double* g)> roots;
  std::vector<double> absolute_tolerance;
  double relative_tolerance = 1e-6;
  long max_steps = 100000;
  double max_step = 0.0;
  // Optional sparsity of dF/dy: for each unknown j, the residuals it can change. When given, the
  // Jacobian is built by finite differences on groups of unknowns that share no residual (Curtis,
  // Powell & Reid 1974), so a large sparse system costs a few residual evaluations per Jacobian
  // instead of one per unknown. The residual of a differential unknown must read y'_i - f(y).
  std::vector<std::vector<int>> column_rows;
};

class DaeIntegrator {
 public:
  enum class Event { step, stop_time, root };
  struct Step {
    double time;
    Event event;
    std::vector<int> roots;
  };

  DaeIntegrator(DaeProblem problem, double t0, const std::vector<double>& y0, const std::vector<double>& yp0);
  ~DaeIntegrator();
  DaeIntegrator(const DaeIntegrator&) = delete;
  DaeIntegrator& operator=(const DaeIntegrator&) = delete;

  // One internal step, never past t_stop; throws IntegrationFailure when IDA gives up (after
  // three retries from the last good state with smaller first steps).
  Step step(double t_stop);
  // Restarts from a consistent (y, y') at time t (a new protocol step).
  void reset(double t, const std::vector<double>& y, const std::vector<double>& yp);
  // Restarts from the differential part of y at time t: IDA computes the algebraic unknowns and
  // all derivatives (IDACalcIC) starting from the guesses in y and yp. Throws SolverError when
  // no consistent state is found.
  void reset_consistent(double t, const std::vector<double>& y, const std::vector<double>& yp);
  std::vector<double> interpolate(double t) const;

  double time() const;
  const double* state() const;
  const double* derivative() const;
  long steps() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kiln

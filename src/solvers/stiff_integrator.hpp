// Time integration of the small stiff ODE systems of the 0-D runners (flash, conventional and
// pressure-assisted sintering) with SUNDIALS CVODE: variable-order BDF, Newton iterations with a
// dense direct linear solver, error-controlled steps, root finding for events.
//
// The runner drives it one internal step at a time, so that it can write results as they are
// computed and react to events (a supply switching mode, a specimen melting); it calls restart()
// after any kink of its right-hand side so that the BDF history does not straddle it.
#pragma once

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace kiln {

struct StiffProblem {
  int size = 0;
  // dy/dt; returns false when y is outside the physical domain (the step is then cut).
  std::function<bool(double t, const double* y, double* ydot)> rhs;
  int root_count = 0;
  // Event functions: an event is a sign change of g[i].
  std::function<void(double t, const double* y, double* g)> roots;
  std::vector<double> absolute_tolerance;  // one per unknown
  double relative_tolerance = 1e-6;
  long max_steps = 200000;
  double max_step = 0.0;  // s; 0: no limit (set it to resolve a periodic forcing)
};

// A run could not be completed: where (time and physical state) and why, in a runner's words.
class SolverError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// CVODE gave up even after restarts with smaller steps. Holds the last good state so that the
// runner can say where, in physical terms.
class IntegrationFailure : public std::runtime_error {
 public:
  IntegrationFailure(double t, std::vector<double> y, std::string flag, int restarts);
  double time;
  std::vector<double> state;
  std::string cvode_flag;
  int restarts;
};

// The times a runner must stop at: the kinks of its forcing (program segment ends, switch-ons)
// inside (0, end_time], sorted, without repeats, ending with end_time.
std::vector<double> stop_times(std::vector<double> kinks, double end_time);

class StiffIntegrator {
 public:
  enum class Event { step, stop_time, root };
  struct Step {
    double time;
    Event event;
    std::vector<int> roots;  // for Event::root: +1/-1 where g[i] crossed zero rising/falling, else 0
  };

  StiffIntegrator(StiffProblem problem, double t0, const std::vector<double>& y0);
  ~StiffIntegrator();
  StiffIntegrator(const StiffIntegrator&) = delete;
  StiffIntegrator& operator=(const StiffIntegrator&) = delete;

  // One internal step, never past t_stop. A failed step is retried from the last good state with
  // a 1000x smaller first step, up to three times, before IntegrationFailure is thrown.
  Step step(double t_stop);
  // Restart the BDF history at the current state (after a kink or a state change).
  void restart();
  // The solution at a time inside the last step, from CVODE's interpolating polynomial (of the
  // integration order, so as accurate as the steps themselves): output at regular times costs
  // no extra steps.
  std::vector<double> interpolate(double t) const;

  double time() const;
  const double* state() const;
  long steps() const;
  long rhs_evaluations() const;
  int restarts_after_failure() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Writes rows at regular times inside the step that just ended at t (interpolated from CVODE), so
// that no gap between rows exceeds `interval`. `observe(time, state)` builds a row; `last` is the
// last row written and is updated.
template <class Row, class Observe, class Observer>
void write_rows_inside_step(const StiffIntegrator& integrator, double t, double interval, Row& last, Observe observe,
                            const Observer& observer) {
  if (!observer || interval <= 0) return;
  while (last.time + interval < t - 1e-6 * interval) {
    const double tk = last.time + interval;
    last = observe(tk, integrator.interpolate(tk).data());
    observer(last);
  }
}

}  // namespace kiln

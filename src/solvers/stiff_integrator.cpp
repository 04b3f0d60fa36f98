#include "solvers/stiff_integrator.hpp"

#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunmatrix/sunmatrix_dense.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace kiln {

IntegrationFailure::IntegrationFailure(double t, std::vector<double> y, std::string flag, int restarts_)
    : std::runtime_error(fmt::format("CVODE returned {} at t = {:.6g} s after {} restarts with smaller steps", flag,
                                     t, restarts_)),
      time(t),
      state(std::move(y)),
      cvode_flag(std::move(flag)),
      restarts(restarts_) {}

namespace {

// Runners report failures themselves, with the physical state; CVODE's messages to stderr would
// only duplicate them.
void silent_error_handler(int, const char*, const char*, char*, void*) {}

}  // namespace

std::vector<double> stop_times(std::vector<double> kinks, double end_time) {
  kinks.push_back(end_time);
  kinks.erase(std::remove_if(kinks.begin(), kinks.end(), [&](double s) { return s <= 0.0 || s > end_time; }), kinks.end());
  std::sort(kinks.begin(), kinks.end());
  kinks.erase(std::unique(kinks.begin(), kinks.end()), kinks.end());
  return kinks;
}

struct StiffIntegrator::Impl {
  StiffProblem problem;
  SUNContext context = nullptr;
  N_Vector y = nullptr, abstol = nullptr;
  SUNMatrix matrix = nullptr;
  SUNLinearSolver linear_solver = nullptr;
  void* memory = nullptr;
  double t = 0.0;
  std::vector<double> good;
  double t_good = 0.0;
  long steps_before = 0, evaluations_before = 0;  // CVodeReInit resets CVODE's counters
  int retries = 0;

  static int rhs(realtype t, N_Vector y, N_Vector ydot, void* data) {
    auto* self = static_cast<Impl*>(data);
    // A positive return asks CVODE to retry with a smaller step (recoverable failure).
    return self->problem.rhs(t, N_VGetArrayPointer(y), N_VGetArrayPointer(ydot)) ? 0 : 1;
  }
  static int roots(realtype t, N_Vector y, realtype* g, void* data) {
    auto* self = static_cast<Impl*>(data);
    self->problem.roots(t, N_VGetArrayPointer(y), g);
    return 0;
  }

  void check(int flag, const char* call) const {
    if (flag < 0) throw std::runtime_error(fmt::format("CVODE set-up failed in {}: {}", call, CVodeGetReturnFlagName(flag)));
  }

  void count() {
    long s = 0, e = 0;
    CVodeGetNumSteps(memory, &s);
    CVodeGetNumRhsEvals(memory, &e);
    steps_before += s;
    evaluations_before += e;
  }

  void reinit() {
    count();
    check(CVodeReInit(memory, t, y), "CVodeReInit");
  }
};

StiffIntegrator::StiffIntegrator(StiffProblem problem, double t0, const std::vector<double>& y0)
    : impl_(std::make_unique<Impl>()) {
  Impl& s = *impl_;
  s.problem = std::move(problem);
  const int n = s.problem.size;
  if (static_cast<int>(y0.size()) != n || static_cast<int>(s.problem.absolute_tolerance.size()) != n)
    throw std::invalid_argument("StiffIntegrator: initial state and tolerances must have the problem's size");
  if (SUNContext_Create(nullptr, &s.context) != 0) throw std::runtime_error("cannot create a SUNDIALS context");
  s.y = N_VNew_Serial(n, s.context);
  s.abstol = N_VNew_Serial(n, s.context);
  std::copy(y0.begin(), y0.end(), N_VGetArrayPointer(s.y));
  std::copy(s.problem.absolute_tolerance.begin(), s.problem.absolute_tolerance.end(), N_VGetArrayPointer(s.abstol));
  s.matrix = SUNDenseMatrix(n, n, s.context);
  s.linear_solver = SUNLinSol_Dense(s.y, s.matrix, s.context);
  s.memory = CVodeCreate(CV_BDF, s.context);
  s.t = t0;
  s.good = y0;
  s.t_good = t0;
  s.check(CVodeInit(s.memory, Impl::rhs, t0, s.y), "CVodeInit");
  s.check(CVodeSVtolerances(s.memory, s.problem.relative_tolerance, s.abstol), "CVodeSVtolerances");
  s.check(CVodeSetUserData(s.memory, &s), "CVodeSetUserData");
  s.check(CVodeSetLinearSolver(s.memory, s.linear_solver, s.matrix), "CVodeSetLinearSolver");
  s.check(CVodeSetMaxNumSteps(s.memory, s.problem.max_steps), "CVodeSetMaxNumSteps");
  s.check(CVodeSetErrHandlerFn(s.memory, silent_error_handler, nullptr), "CVodeSetErrHandlerFn");
  if (s.problem.max_step > 0.0) s.check(CVodeSetMaxStep(s.memory, s.problem.max_step), "CVodeSetMaxStep");
  if (s.problem.root_count > 0) s.check(CVodeRootInit(s.memory, s.problem.root_count, Impl::roots), "CVodeRootInit");
}

StiffIntegrator::~StiffIntegrator() {
  Impl& s = *impl_;
  CVodeFree(&s.memory);
  SUNLinSolFree(s.linear_solver);
  SUNMatDestroy(s.matrix);
  N_VDestroy(s.abstol);
  N_VDestroy(s.y);
  SUNContext_Free(&s.context);
}

StiffIntegrator::Step StiffIntegrator::step(double t_stop) {
  Impl& s = *impl_;
  for (;;) {
    s.check(CVodeSetStopTime(s.memory, t_stop), "CVodeSetStopTime");
    const int flag = CVode(s.memory, t_stop, s.y, &s.t, CV_ONE_STEP);
    if (flag >= 0) {
      const double* y = N_VGetArrayPointer(s.y);
      std::copy(y, y + s.problem.size, s.good.begin());
      s.t_good = s.t;
      Step result{s.t, Event::step, {}};
      if (flag == CV_TSTOP_RETURN) result.event = Event::stop_time;
      if (flag == CV_ROOT_RETURN) {
        result.event = Event::root;
        result.roots.assign(s.problem.root_count, 0);
        CVodeGetRootInfo(s.memory, result.roots.data());
      }
      return result;
    }
    // CVODE already cut the step several times (error test and Newton failures). Restart from
    // the last good state with a much smaller first step before giving up.
    const bool retryable = flag == CV_CONV_FAILURE || flag == CV_ERR_FAILURE || flag == CV_RHSFUNC_FAIL ||
                           flag == CV_REPTD_RHSFUNC_ERR || flag == CV_TOO_MUCH_WORK || flag == CV_FIRST_RHSFUNC_ERR;
    if (!retryable || s.retries >= 3) throw IntegrationFailure(s.t_good, s.good, CVodeGetReturnFlagName(flag), s.retries);
    ++s.retries;
    double h_last = 0.0;
    CVodeGetLastStep(s.memory, &h_last);
    std::copy(s.good.begin(), s.good.end(), N_VGetArrayPointer(s.y));
    s.t = s.t_good;
    s.reinit();
    CVodeSetInitStep(s.memory, h_last != 0.0 ? std::max(1e-12, std::abs(h_last) * 1e-3) : 1e-9);
  }
}

void StiffIntegrator::restart() { impl_->reinit(); }

std::vector<double> StiffIntegrator::interpolate(double t) const {
  N_Vector out = N_VClone(impl_->y);
  const int flag = CVodeGetDky(impl_->memory, t, 0, out);
  std::vector<double> result(N_VGetArrayPointer(out), N_VGetArrayPointer(out) + impl_->problem.size);
  N_VDestroy(out);
  if (flag < 0) throw std::runtime_error(fmt::format("CVodeGetDky at t = {:.6g} s: {}", t, CVodeGetReturnFlagName(flag)));
  return result;
}

double StiffIntegrator::time() const { return impl_->t; }
const double* StiffIntegrator::state() const { return N_VGetArrayPointer(impl_->y); }

long StiffIntegrator::steps() const {
  long s = 0;
  CVodeGetNumSteps(impl_->memory, &s);
  return impl_->steps_before + s;
}

long StiffIntegrator::rhs_evaluations() const {
  long e = 0;
  CVodeGetNumRhsEvals(impl_->memory, &e);
  return impl_->evaluations_before + e;
}

int StiffIntegrator::restarts_after_failure() const { return impl_->retries; }

}  // namespace kiln

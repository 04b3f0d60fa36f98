#include "solvers/dae_integrator.hpp"

#include <ida/ida.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunmatrix/sunmatrix_dense.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace kiln {

namespace {
void silent(int, const char*, const char*, char*, void*) {}
}  // namespace

struct DaeIntegrator::Impl {
  DaeProblem problem;
  SUNContext context = nullptr;
  N_Vector y = nullptr, yp = nullptr, abstol = nullptr, id = nullptr;
  SUNMatrix matrix = nullptr;
  SUNLinearSolver linear_solver = nullptr;
  void* memory = nullptr;
  double t = 0.0;
  std::vector<double> good_y, good_yp;
  double t_good = 0.0;
  long steps_before = 0;

  static int residual(realtype t, N_Vector y, N_Vector yp, N_Vector r, void* data) {
    auto* self = static_cast<Impl*>(data);
    return self->problem.residual(t, N_VGetArrayPointer(y), N_VGetArrayPointer(yp), N_VGetArrayPointer(r)) ? 0 : 1;
  }
  // Colored finite-difference Jacobian J = dF/dy + cj dF/dy' (dF/dy' = identity on differential rows).
  std::vector<std::vector<int>> colors;  // the unknowns of each colour
  static int jacobian(realtype t, realtype cj, N_Vector y, N_Vector yp, N_Vector r, SUNMatrix J, void* data, N_Vector tmp1,
                      N_Vector, N_Vector) {
    auto* self = static_cast<Impl*>(data);
    const int n = self->problem.size;
    SUNMatZero(J);
    double* yv = N_VGetArrayPointer(y);
    double* r0 = N_VGetArrayPointer(r);
    double* r1 = N_VGetArrayPointer(tmp1);
    std::vector<double> saved(static_cast<std::size_t>(n)), inc(static_cast<std::size_t>(n));
    for (const auto& group : self->colors) {
      for (const int j : group) {
        saved[static_cast<std::size_t>(j)] = yv[j];
        inc[static_cast<std::size_t>(j)] =
            1.4901161193847656e-08 * std::max(std::abs(yv[j]), 1e4 * self->problem.absolute_tolerance[static_cast<std::size_t>(j)]);
        yv[j] += inc[static_cast<std::size_t>(j)];
      }
      const bool ok = self->problem.residual(t, yv, N_VGetArrayPointer(yp), r1);
      for (const int j : group) yv[j] = saved[static_cast<std::size_t>(j)];
      if (!ok) return 1;
      for (const int j : group)
        for (const int i : self->problem.column_rows[static_cast<std::size_t>(j)])
          SM_ELEMENT_D(J, i, j) = (r1[i] - r0[i]) / inc[static_cast<std::size_t>(j)];
    }
    for (int i = 0; i < n; ++i)
      if (self->problem.differential[static_cast<std::size_t>(i)]) SM_ELEMENT_D(J, i, i) += cj;
    return 0;
  }
  static int roots(realtype t, N_Vector y, N_Vector yp, realtype* g, void* data) {
    auto* self = static_cast<Impl*>(data);
    self->problem.roots(t, N_VGetArrayPointer(y), N_VGetArrayPointer(yp), g);
    return 0;
  }
  void check(int flag, const char* call) const {
    if (flag < 0) throw std::runtime_error(fmt::format("IDA set-up failed in {}: {}", call, IDAGetReturnFlagName(flag)));
  }
  void remember() {
    const int n = problem.size;
    good_y.assign(N_VGetArrayPointer(y), N_VGetArrayPointer(y) + n);
    good_yp.assign(N_VGetArrayPointer(yp), N_VGetArrayPointer(yp) + n);
    t_good = t;
  }
  void reinit(double t0) {
    long s = 0;
    IDAGetNumSteps(memory, &s);
    steps_before += s;
    check(IDAReInit(memory, t0, y, yp), "IDAReInit");
  }
};

DaeIntegrator::DaeIntegrator(DaeProblem problem, double t0, const std::vector<double>& y0, const std::vector<double>& yp0)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.problem = std::move(problem);
  const int n = m.problem.size;
  if (static_cast<int>(y0.size()) != n || static_cast<int>(yp0.size()) != n || static_cast<int>(m.problem.differential.size()) != n)
    throw std::invalid_argument("DaeIntegrator: sizes of y0, yp0 and the differential flags must equal the problem size");
  if (SUNContext_Create(nullptr, &m.context) != 0) throw std::runtime_error("SUNDIALS context could not be created");
  m.y = N_VNew_Serial(n, m.context);
  m.yp = N_VNew_Serial(n, m.context);
  m.abstol = N_VNew_Serial(n, m.context);
  m.id = N_VNew_Serial(n, m.context);
  for (int i = 0; i < n; ++i) {
    NV_Ith_S(m.y, i) = y0[static_cast<std::size_t>(i)];
    NV_Ith_S(m.yp, i) = yp0[static_cast<std::size_t>(i)];
    NV_Ith_S(m.abstol, i) = m.problem.absolute_tolerance.at(static_cast<std::size_t>(i));
    NV_Ith_S(m.id, i) = m.problem.differential[static_cast<std::size_t>(i)] ? 1.0 : 0.0;
  }
  m.t = t0;
  m.memory = IDACreate(m.context);
  if (!m.memory) throw std::runtime_error("IDA memory could not be created");
  m.check(IDASetErrHandlerFn(m.memory, silent, nullptr), "IDASetErrHandlerFn");
  m.check(IDAInit(m.memory, Impl::residual, t0, m.y, m.yp), "IDAInit");
  m.check(IDASVtolerances(m.memory, m.problem.relative_tolerance, m.abstol), "IDASVtolerances");
  m.check(IDASetUserData(m.memory, &m), "IDASetUserData");
  m.check(IDASetId(m.memory, m.id), "IDASetId");
  m.check(IDASetMaxNumSteps(m.memory, m.problem.max_steps), "IDASetMaxNumSteps");
  if (m.problem.max_step > 0) m.check(IDASetMaxStep(m.memory, m.problem.max_step), "IDASetMaxStep");
  m.matrix = SUNDenseMatrix(n, n, m.context);
  m.linear_solver = SUNLinSol_Dense(m.y, m.matrix, m.context);
  m.check(IDASetLinearSolver(m.memory, m.linear_solver, m.matrix), "IDASetLinearSolver");
  if (!m.problem.column_rows.empty()) {
    if (static_cast<int>(m.problem.column_rows.size()) != n) throw std::invalid_argument("DaeIntegrator: column_rows needs one entry per unknown");
    // Greedy colouring: an unknown joins the first colour none of whose unknowns touches its rows.
    std::vector<std::vector<char>> used;  // per colour: rows taken
    for (int j = 0; j < n; ++j) {
      std::size_t c = 0;
      for (; c < m.colors.size(); ++c) {
        bool clash = false;
        for (const int i : m.problem.column_rows[static_cast<std::size_t>(j)]) clash = clash || used[c][static_cast<std::size_t>(i)];
        if (!clash) break;
      }
      if (c == m.colors.size()) {
        m.colors.emplace_back();
        used.emplace_back(static_cast<std::size_t>(n), 0);
      }
      m.colors[c].push_back(j);
      for (const int i : m.problem.column_rows[static_cast<std::size_t>(j)]) used[c][static_cast<std::size_t>(i)] = 1;
    }
    m.check(IDASetJacFn(m.memory, Impl::jacobian), "IDASetJacFn");
  }
  if (m.problem.root_count > 0) m.check(IDARootInit(m.memory, m.problem.root_count, Impl::roots), "IDARootInit");
  m.remember();
}

DaeIntegrator::~DaeIntegrator() {
  Impl& m = *impl_;
  if (m.memory) IDAFree(&m.memory);
  if (m.linear_solver) SUNLinSolFree(m.linear_solver);
  if (m.matrix) SUNMatDestroy(m.matrix);
  for (N_Vector v : {m.y, m.yp, m.abstol, m.id})
    if (v) N_VDestroy(v);
  if (m.context) SUNContext_Free(&m.context);
}

DaeIntegrator::Step DaeIntegrator::step(double t_stop) {
  Impl& m = *impl_;
  m.check(IDASetStopTime(m.memory, t_stop), "IDASetStopTime");
  for (int attempt = 0;; ++attempt) {
    double t_reached = m.t;
    const int flag = IDASolve(m.memory, t_stop, &t_reached, m.y, m.yp, IDA_ONE_STEP);
    if (flag >= 0) {
      m.t = t_reached;
      m.remember();
      Step s{m.t, flag == IDA_ROOT_RETURN ? Event::root : (flag == IDA_TSTOP_RETURN ? Event::stop_time : Event::step), {}};
      if (flag == IDA_ROOT_RETURN) {
        s.roots.assign(static_cast<std::size_t>(m.problem.root_count), 0);
        IDAGetRootInfo(m.memory, s.roots.data());
      }
      return s;
    }
    if (attempt == 3)
      throw IntegrationFailure(m.t_good, m.good_y, IDAGetReturnFlagName(flag), attempt);
    // Back to the last good state with a much smaller first step.
    std::copy(m.good_y.begin(), m.good_y.end(), N_VGetArrayPointer(m.y));
    std::copy(m.good_yp.begin(), m.good_yp.end(), N_VGetArrayPointer(m.yp));
    m.t = m.t_good;
    m.reinit(m.t);
    m.check(IDASetInitStep(m.memory, std::max(1e-12, 1e-3 * std::abs(t_stop - m.t) * std::pow(1e-3, attempt))), "IDASetInitStep");
  }
}

void DaeIntegrator::reset(double t, const std::vector<double>& y, const std::vector<double>& yp) {
  Impl& m = *impl_;
  std::copy(y.begin(), y.end(), N_VGetArrayPointer(m.y));
  std::copy(yp.begin(), yp.end(), N_VGetArrayPointer(m.yp));
  m.t = t;
  m.reinit(t);
  m.check(IDASetInitStep(m.memory, 0.0), "IDASetInitStep");
  m.remember();
}

void DaeIntegrator::reset_consistent(double t, const std::vector<double>& y, const std::vector<double>& yp) {
  reset(t, y, yp);
  Impl& m = *impl_;
  const int flag = IDACalcIC(m.memory, IDA_YA_YDP_INIT, t + 1e-6);
  if (flag < 0) throw SolverError(fmt::format("no consistent state at t = {:.6g} s: IDACalcIC returned {}", t, IDAGetReturnFlagName(flag)));
  IDAGetConsistentIC(m.memory, m.y, m.yp);
  m.remember();
}

std::vector<double> DaeIntegrator::interpolate(double t) const {
  N_Vector out = N_VClone(impl_->y);
  const int flag = IDAGetDky(impl_->memory, t, 0, out);
  std::vector<double> y(N_VGetArrayPointer(out), N_VGetArrayPointer(out) + impl_->problem.size);
  N_VDestroy(out);
  if (flag < 0) return std::vector<double>(impl_->good_y);
  return y;
}

double DaeIntegrator::time() const { return impl_->t; }
const double* DaeIntegrator::state() const { return N_VGetArrayPointer(impl_->y); }
const double* DaeIntegrator::derivative() const { return N_VGetArrayPointer(impl_->yp); }
long DaeIntegrator::steps() const {
  long s = 0;
  IDAGetNumSteps(impl_->memory, &s);
  return impl_->steps_before + s;
}

}  // namespace kiln

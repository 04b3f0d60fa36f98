#include "cell/cell_model.hpp"

#include "cell/electrode_laws.hpp"
#include "solvers/dae_integrator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace kiln {

double CellCommonParameters::arrhenius(double activation_energy, double T) const {
  if (activation_energy == 0 || T == temperature) return 1.0;
  return std::exp(-activation_energy / 8.314462618 * (1.0 / T - 1.0 / temperature));
}

double CellCommonParameters::move_to_temperature(double T) {
  const double kinetic = arrhenius(kinetic_activation_energy, T), diffusion = arrhenius(diffusion_activation_energy, T),
               conduction = arrhenius(conduction_activation_energy, T);
  cathode_exchange_current *= kinetic;
  anode_exchange_current *= kinetic;
  diffusivity *= diffusion;
  temperature = T;
  return conduction;
}

CellResult run_protocol(const CellModel& model, const std::vector<ProtocolStep>& steps, int cycles, const CellSolverSettings& settings,
                        const std::function<void(const CellObservation&)>& observer,
                        const std::function<void(int, int, const std::vector<double>&, const std::vector<double>&)>& profile) {
  const int m = model.size(settings);
  const bool thermal = settings.thermal.on;
  const int iI = m, iq = m + 1, ie = m + 2, iT = m + 3, size = m + (thermal ? 4 : 3);
  // The settings the model sees at a state: the cell's temperature when it is an unknown.
  auto at = [&](const double* y) {
    CellSolverSettings s = settings;
    s.temperature = thermal ? y[iT] : 0.0;
    return s;
  };
  const double capacity_ah = model.c_rate_capacity();

  enum class Mode { current, rest, hold };
  struct Active {
    Mode mode = Mode::rest;
    double current = 0, voltage = 0;
    double until_voltage = NAN, until_current = NAN;
    bool discharge = true;
  } a;
  auto voltage = [&](const double* y) { return model.voltage(at(y), y, y[iI]); };

  DaeProblem problem;
  problem.size = size;
  problem.differential = model.differential(settings);
  problem.differential.insert(problem.differential.end(), {false, true, true});
  if (thermal) problem.differential.push_back(true);
  problem.relative_tolerance = settings.relative_tolerance;
  problem.absolute_tolerance = model.absolute_tolerances(settings);
  problem.absolute_tolerance.insert(problem.absolute_tolerance.end(),
                                    {std::max(1e-14, 1e-10 * capacity_ah), 1e-10 * capacity_ah * 3600, 4e-10 * capacity_ah * 3600});
  if (thermal) problem.absolute_tolerance.push_back(1e-6);
  problem.residual = [&](double, const double* y, const double* yp, double* r) {
    const CellSolverSettings s = at(y);
    if (!model.residual(s, y, yp, y[iI], r)) return false;
    const double V = voltage(y);
    if (!std::isfinite(V)) return false;
    switch (a.mode) {
      case Mode::current: r[iI] = (y[iI] - a.current) / std::max(std::abs(a.current), 1e-30); break;
      case Mode::rest: r[iI] = y[iI] / std::max(capacity_ah, 1e-30); break;
      case Mode::hold: r[iI] = V - a.voltage; break;
    }
    r[iq] = yp[iq] - y[iI];
    r[ie] = yp[ie] - y[iI] * V;
    if (thermal) {
      const auto& h = settings.thermal;
      const double heat = y[iI] * (model.open_circuit_voltage(s, y) - V) - h.heat_transfer * (y[iT] - h.ambient);
      r[iT] = yp[iT] - heat / h.heat_capacity;
    }
    return true;
  };
  // A sparse model: its pattern, plus the driver's rows (the current's equation and the energy,
  // which read the voltage; the charge, which reads the current).
  if (auto pattern = model.sparsity(settings); !pattern.empty()) {
    pattern.resize(static_cast<std::size_t>(size));
    if (thermal) {
      // The temperature reaches every residual of the model. The temperature's own row reads the
      // whole state; it keeps only its current and temperature entries (an inexact Jacobian row
      // that Newton's iteration tolerates), so that the colouring stays cheap.
      pattern[static_cast<std::size_t>(iT)].clear();
      for (int i = 0; i < size; ++i) pattern[static_cast<std::size_t>(iT)].push_back(i);
      pattern[static_cast<std::size_t>(iI)].push_back(iT);
    }
    for (const int j : model.voltage_unknowns(settings)) {
      pattern[static_cast<std::size_t>(j)].push_back(iI);
      pattern[static_cast<std::size_t>(j)].push_back(ie);
    }
    for (const int i : {iI, iq, ie}) pattern[static_cast<std::size_t>(iI)].push_back(i);
    problem.column_rows = pattern;
  }
  problem.root_count = 4;
  problem.roots = [&](double, const double* y, const double*, double* g) {
    const double V = voltage(y);
    double lo = 0, hi = 0;
    model.surface_range(at(y), y, y[iI], lo, hi);
    g[0] = std::isnan(a.until_voltage) ? 1.0 : (a.discharge ? V - a.until_voltage : a.until_voltage - V);
    g[1] = std::isnan(a.until_current) ? 1.0 : std::abs(y[iI]) - a.until_current;
    // Full or empty: every particle surface at its limit (one saturated particle of a composite
    // only moves the reaction deeper; its kinetics vanish as theta -> 0 or 1).
    g[2] = (1.0 - 1e-6) - lo;
    g[3] = hi - 1e-6;
  };

  std::vector<double> y = model.initial_state(settings), yp(static_cast<std::size_t>(size), 0.0);
  y.insert(y.end(), {0.0, 0.0, 0.0});
  if (thermal) y.push_back(settings.thermal.ambient);
  const double lithium0 = model.lithium(settings, y.data());

  // Explicit consistent start, for models whose only algebraic unknown is the current: the current
  // for the mode (a hold's by bisection), then y' from the residual.
  auto current_for_voltage = [&](double V) {
    double lo = -1e3 * capacity_ah, hi = 1e3 * capacity_ah;
    auto f = [&](double I) {
      std::vector<double> t = y;
      t[static_cast<std::size_t>(iI)] = I;
      return voltage(t.data()) - V;
    };
    if (f(lo) < 0 || f(hi) > 0) throw SolverError(fmt::format("no current holds {:.4g} V at this state of charge", V));
    for (int it = 0; it < 200; ++it) {
      const double mid = 0.5 * (lo + hi);
      (f(mid) > 0 ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
  };
  auto derivatives = [&]() {
    std::vector<double> r(static_cast<std::size_t>(size)), zero(static_cast<std::size_t>(size), 0.0);
    problem.residual(0.0, y.data(), zero.data(), r.data());
    for (int k = 0; k < size; ++k) yp[static_cast<std::size_t>(k)] = problem.differential[static_cast<std::size_t>(k)] ? -r[static_cast<std::size_t>(k)] : 0.0;
  };

  auto observe = [&](double t, const double* s, int step, int cycle) {
    CellObservation o;
    o.time = t;
    o.current = s[iI];
    o.voltage = voltage(s);
    o.capacity = s[iq] / 3600.0;
    o.energy = s[ie] / 3600.0;
    const CellSolverSettings st = at(s);
    model.breakdown(st, s, s[iI], o);
    o.temperature = thermal ? s[iT] : model.reference_temperature();
    o.step = step;
    o.cycle = cycle;
    return o;
  };

  CellResult result;
  a.mode = Mode::rest;
  derivatives();
  DaeIntegrator dae(problem, 0.0, y, yp);
  if (model.has_algebraic_unknowns()) {
    dae.reset_consistent(0.0, y, yp);
    std::copy(dae.state(), dae.state() + size, y.begin());
  }
  double t = 0.0;
  CellObservation last = observe(0.0, y.data(), 0, 0);
  if (observer) observer(last);
  for (int cycle = 0; cycle < std::max(cycles, 1); ++cycle) {
    for (std::size_t si = 0; si < steps.size(); ++si) {
      const ProtocolStep& s = steps[si];
      a = Active{};
      a.discharge = s.kind != ProtocolStep::Kind::charge;
      switch (s.kind) {
        case ProtocolStep::Kind::discharge: a.mode = Mode::current; a.current = s.current.amperes(capacity_ah, model.area()); break;
        case ProtocolStep::Kind::charge: a.mode = Mode::current; a.current = -s.current.amperes(capacity_ah, model.area()); break;
        case ProtocolStep::Kind::rest: a.mode = Mode::rest; break;
        case ProtocolStep::Kind::hold: a.mode = Mode::hold; a.voltage = s.hold_voltage; break;
      }
      if (s.until_voltage) a.until_voltage = *s.until_voltage;
      if (s.until_current) a.until_current = s.until_current->amperes(capacity_ah, model.area());
      std::copy(dae.state(), dae.state() + size, y.begin());
      if (s.kind == ProtocolStep::Kind::hold) a.discharge = voltage(y.data()) > s.hold_voltage;
      CellStepResult sr{s.text, cycle, "", t, t, 0, 0};
      // The consistent start of this step.
      if (model.has_algebraic_unknowns()) {
        if (a.mode == Mode::current) y[static_cast<std::size_t>(iI)] = a.current;
        else if (a.mode == Mode::rest) y[static_cast<std::size_t>(iI)] = 0.0;
        derivatives();
        dae.reset_consistent(t, y, yp);
        std::copy(dae.state(), dae.state() + size, y.begin());
        std::copy(dae.derivative(), dae.derivative() + size, yp.begin());
      } else {
        if (a.mode == Mode::current) y[static_cast<std::size_t>(iI)] = a.current;
        else if (a.mode == Mode::rest) y[static_cast<std::size_t>(iI)] = 0.0;
        else y[static_cast<std::size_t>(iI)] = current_for_voltage(a.voltage);
        derivatives();
      }
      const double q0 = y[static_cast<std::size_t>(iq)], e0 = y[static_cast<std::size_t>(ie)];
      // A step that starts past its end ends at once (e.g. a discharge below its cut-off voltage).
      double g[4];
      problem.roots(t, y.data(), yp.data(), g);
      if (g[0] <= 0 || g[1] <= 0 || g[2] <= 0 || g[3] <= 0) {
        sr.end = g[0] <= 0 ? "voltage" : g[1] <= 0 ? "current" : g[2] <= 0 ? "cathode full" : "cathode empty";
        result.steps.push_back(sr);
        continue;
      }
      if (!model.has_algebraic_unknowns()) dae.reset(t, y, yp);
      const double t_end = s.duration ? t + *s.duration : std::numeric_limits<double>::infinity();
      const double horizon = s.duration ? t_end : t + 1e3 * 3600.0 / std::max(std::abs(a.current) / capacity_ah, 1e-3);
      // Rows: 200 over the step's expected length (its duration, or the nominal capacity at its
      // starting current), never fewer because the horizon is long.
      const double expected = s.duration ? *s.duration
                                         : std::min(horizon - t, 3600.0 * capacity_ah / std::max(std::abs(y[static_cast<std::size_t>(iI)]), 1e-30));
      const double interval = settings.output_interval > 0 ? settings.output_interval : expected / 200.0;
      double next_row = t + interval;
      const int step_index = static_cast<int>(si);
      while (true) {
        DaeIntegrator::Step st;
        try {
          st = dae.step(std::min(t_end, horizon));
        } catch (const IntegrationFailure& f) {
          result.exit_state = fmt::format("failed: step \"{}\" (cycle {}) at t = {:.6g} s, V = {:.4g} V: IDA {}", s.text, cycle + 1,
                                          f.time, voltage(f.state.data()), f.cvode_flag);
          throw SolverError(result.exit_state);
        }
        t = st.time;
        while (observer && next_row < t) {
          const auto yi = dae.interpolate(next_row);
          observer(observe(next_row, yi.data(), step_index, cycle));
          next_row += interval;
        }
        if (st.event == DaeIntegrator::Event::root) {
          sr.end = st.roots[0] ? "voltage" : st.roots[1] ? "current" : st.roots[2] ? "cathode full" : "cathode empty";
          break;
        }
        if (st.event == DaeIntegrator::Event::stop_time || t >= horizon) {
          sr.end = s.duration ? "duration" : "no end within 1000 h";
          break;
        }
      }
      std::copy(dae.state(), dae.state() + size, y.begin());
      last = observe(t, y.data(), step_index, cycle);
      if (observer) observer(last);
      sr.end_time = t;
      sr.capacity = (y[static_cast<std::size_t>(iq)] - q0) / 3600.0;
      sr.energy = (y[static_cast<std::size_t>(ie)] - e0) / 3600.0;
      result.steps.push_back(sr);
      if (profile) {
        std::vector<double> x, th;
        model.profile(settings, y.data(), x, th);
        profile(step_index, cycle, x, th);
      }
    }
  }
  // Lithium balance: what entered the cathode equals the charge passed.
  const double passed = y[static_cast<std::size_t>(iq)] / kFaraday;
  result.lithium_balance = (model.lithium(settings, y.data()) - lithium0 - passed) / lithium0;
  result.final = last;
  result.solver_steps = dae.steps();
  return result;
}

}  // namespace kiln

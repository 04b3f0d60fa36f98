#include "cell/thin_film_cell.hpp"

#include "solvers/dae_integrator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace kiln {

double ThinFilmCellParameters::nominal_capacity() const {
  return kFaraday * max_concentration * (theta_max - theta_min) * cathode_thickness * area / 3600.0;
}

ThinFilmCell::ThinFilmCell(ThinFilmCellParameters p) : p_(std::move(p)) {
  if (!p_.ocp) throw std::invalid_argument("a thin-film cell needs the open-circuit potential of its cathode");
  if (!(p_.theta_max > p_.theta_min)) throw std::invalid_argument("theta_max must exceed theta_min");
}

double ThinFilmCell::voltage(double theta_s, double I) const {
  const double i = I / p_.area;
  const double th = std::clamp(theta_s, 1e-9, 1.0 - 1e-9);
  const double i0c = p_.cathode_exchange_current * std::sqrt(th * (1.0 - th)) / 0.5;
  return p_.ocp->potential(th) - butler_volmer_overpotential(i, p_.anode_exchange_current, p_.temperature) -
         butler_volmer_overpotential(i, i0c, p_.temperature) -
         i * (p_.electrolyte_thickness / p_.electrolyte_conductivity + p_.series_resistance);
}

CellResult ThinFilmCell::run(const std::vector<ProtocolStep>& steps, int cycles, const CellSolverSettings& settings,
                             const std::function<void(const CellObservation&)>& observer,
                             const std::function<void(int, int, const std::vector<double>&, const std::vector<double>&)>& profile) const {
  const int n = std::max(settings.cells, 2);
  const double dx = p_.cathode_thickness / n, cmax = p_.max_concentration;
  const double capacity_ah = p_.c_rate_capacity();
  // y = [c_1..c_n, I, q, e]: concentrations, current, charge passed (C), energy (J).
  const int iI = n, iq = n + 1, ie = n + 2, size = n + 3;

  enum class Mode { current, rest, hold };
  struct Active {
    Mode mode = Mode::rest;
    double current = 0, voltage = 0;
    double until_voltage = NAN, until_current = NAN;
    bool discharge = true;
  } a;

  auto surface = [&](const double* y) {  // theta at the electrolyte side, from the flux condition
    const double j = y[iI] / (kFaraday * p_.area);
    return (y[0] + 0.5 * dx * j / p_.cathode_diffusivity(y[0] / cmax)) / cmax;
  };
  auto cell_voltage = [&](const double* y) { return voltage(surface(y), y[iI]); };

  DaeProblem problem;
  problem.size = size;
  problem.differential.assign(static_cast<std::size_t>(size), true);
  problem.differential[static_cast<std::size_t>(iI)] = false;
  problem.relative_tolerance = settings.relative_tolerance;
  problem.absolute_tolerance.assign(static_cast<std::size_t>(size), cmax * 1e-10);
  problem.absolute_tolerance[static_cast<std::size_t>(iI)] = std::max(1e-14, 1e-10 * capacity_ah);
  problem.absolute_tolerance[static_cast<std::size_t>(iq)] = 1e-10 * capacity_ah * 3600;
  problem.absolute_tolerance[static_cast<std::size_t>(ie)] = 1e-10 * capacity_ah * 3600 * 4;
  problem.residual = [&](double, const double* y, const double* yp, double* r) {
    const double j = y[iI] / (kFaraday * p_.area);  // mol/(m^2 s) into the film
    // Face diffusivities at the mean stoichiometry of the two cells.
    auto face_d = [&](int k) { return p_.cathode_diffusivity(0.5 * (y[k] + y[k + 1]) / cmax); };
    for (int k = 0; k < n; ++k) {
      const double in = k == 0 ? j : -face_d(k - 1) * (y[k] - y[k - 1]) / dx;
      const double out = k == n - 1 ? 0.0 : -face_d(k) * (y[k + 1] - y[k]) / dx;
      r[k] = yp[k] - (in - out) / dx;
    }
    const double V = cell_voltage(y);
    if (!std::isfinite(V)) return false;
    switch (a.mode) {
      case Mode::current: r[iI] = (y[iI] - a.current) / std::max(std::abs(a.current), 1e-30); break;
      case Mode::rest: r[iI] = y[iI] / std::max(capacity_ah, 1e-30); break;
      case Mode::hold: r[iI] = V - a.voltage; break;
    }
    r[iq] = yp[iq] - y[iI];
    r[ie] = yp[ie] - y[iI] * V;
    return true;
  };
  // Events: the cut-off voltage, the end current of a hold, the film full or empty.
  problem.root_count = 4;
  problem.roots = [&](double, const double* y, const double*, double* g) {
    const double V = cell_voltage(y), th = surface(y);
    g[0] = std::isnan(a.until_voltage) ? 1.0 : (a.discharge ? V - a.until_voltage : a.until_voltage - V);
    g[1] = std::isnan(a.until_current) ? 1.0 : std::abs(y[iI]) - a.until_current;
    g[2] = (1.0 - 1e-6) - th;
    g[3] = th - 1e-6;
  };

  std::vector<double> y(static_cast<std::size_t>(size), 0.0), yp(static_cast<std::size_t>(size), 0.0);
  for (int k = 0; k < n; ++k) y[static_cast<std::size_t>(k)] = p_.theta_initial * cmax;
  const double lithium0 = p_.theta_initial * cmax * p_.cathode_thickness * p_.area;  // mol

  // The current that holds voltage V at the present concentrations (V falls as I rises).
  auto current_for_voltage = [&](double V) {
    double lo = -1e3 * capacity_ah, hi = 1e3 * capacity_ah;
    auto f = [&](double I) {
      std::vector<double> t = y;
      t[static_cast<std::size_t>(iI)] = I;
      return cell_voltage(t.data()) - V;
    };
    if (f(lo) < 0 || f(hi) > 0) throw std::runtime_error(fmt::format("no current holds {:.4g} V at this state of charge", V));
    for (int it = 0; it < 200; ++it) {
      const double mid = 0.5 * (lo + hi);
      (f(mid) > 0 ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
  };
  auto consistent = [&]() {  // y' from y at the current's value for the active mode
    std::vector<double> r(static_cast<std::size_t>(size));
    std::vector<double> zero(static_cast<std::size_t>(size), 0.0);
    problem.residual(0.0, y.data(), zero.data(), r.data());
    for (int k = 0; k < size; ++k) yp[static_cast<std::size_t>(k)] = k == iI ? 0.0 : -r[static_cast<std::size_t>(k)];
  };

  auto observe = [&](double t, const double* s, int step, int cycle) {
    CellObservation o;
    o.time = t;
    o.current = s[iI];
    o.voltage = cell_voltage(s);
    o.capacity = s[iq] / 3600.0;
    o.energy = s[ie] / 3600.0;
    o.theta_surface = surface(s);
    double mean = 0;
    for (int k = 0; k < n; ++k) mean += s[k];
    o.theta_mean = mean / n / cmax;
    const double i = o.current / p_.area;
    o.ohmic = i * (p_.electrolyte_thickness / p_.electrolyte_conductivity + p_.series_resistance);
    o.diffusion = p_.ocp->potential(o.theta_mean) - p_.ocp->potential(std::clamp(o.theta_surface, 1e-9, 1 - 1e-9));
    o.kinetic = p_.ocp->potential(std::clamp(o.theta_surface, 1e-9, 1 - 1e-9)) - o.voltage - o.ohmic;
    o.step = step;
    o.cycle = cycle;
    return o;
  };

  CellResult result;
  consistent();
  DaeIntegrator dae(problem, 0.0, y, yp);
  double t = 0.0;
  CellObservation last = observe(0.0, y.data(), 0, 0);
  if (observer) observer(last);
  for (int cycle = 0; cycle < std::max(cycles, 1); ++cycle) {
    for (std::size_t si = 0; si < steps.size(); ++si) {
      const ProtocolStep& s = steps[si];
      a = Active{};
      a.discharge = s.kind != ProtocolStep::Kind::charge;
      switch (s.kind) {
        case ProtocolStep::Kind::discharge: a.mode = Mode::current; a.current = s.current.amperes(capacity_ah, p_.area); break;
        case ProtocolStep::Kind::charge: a.mode = Mode::current; a.current = -s.current.amperes(capacity_ah, p_.area); break;
        case ProtocolStep::Kind::rest: a.mode = Mode::rest; break;
        case ProtocolStep::Kind::hold: a.mode = Mode::hold; a.voltage = s.hold_voltage; break;
      }
      if (s.until_voltage) a.until_voltage = *s.until_voltage;
      if (s.until_current) a.until_current = s.until_current->amperes(capacity_ah, p_.area);
      if (s.kind == ProtocolStep::Kind::hold) a.discharge = cell_voltage(y.data()) > s.hold_voltage;
      // Consistent start: the algebraic current for this step, then y'.
      std::copy(dae.state(), dae.state() + size, y.begin());
      if (a.mode == Mode::current) y[static_cast<std::size_t>(iI)] = a.current;
      else if (a.mode == Mode::rest) y[static_cast<std::size_t>(iI)] = 0.0;
      else y[static_cast<std::size_t>(iI)] = current_for_voltage(a.voltage);
      consistent();
      CellStepResult sr{s.text, cycle, "", t, t, 0, 0};
      const double q0 = y[static_cast<std::size_t>(iq)], e0 = y[static_cast<std::size_t>(ie)];
      // A step that starts past its cut-off ends at once (e.g. a discharge below its cut-off voltage).
      double g[4];
      problem.roots(t, y.data(), yp.data(), g);
      if (g[0] <= 0 || g[1] <= 0 || g[2] <= 0 || g[3] <= 0) {
        sr.end = g[0] <= 0 ? "voltage" : g[1] <= 0 ? "current" : g[2] <= 0 ? "cathode full" : "cathode empty";
        result.steps.push_back(sr);
        continue;
      }
      dae.reset(t, y, yp);
      const double t_end = s.duration ? t + *s.duration : std::numeric_limits<double>::infinity();
      // Without a duration the step ends at an event; the horizon bounds a step that never would.
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
                                          f.time, cell_voltage(f.state.data()), f.cvode_flag);
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
        for (int k = 0; k < n; ++k) {
          x.push_back((k + 0.5) * dx);
          th.push_back(y[static_cast<std::size_t>(k)] / cmax);
        }
        profile(step_index, cycle, x, th);
      }
    }
  }
  // Lithium balance: what entered the film equals the charge passed.
  double lithium = 0;
  for (int k = 0; k < n; ++k) lithium += y[static_cast<std::size_t>(k)] * dx * p_.area;
  const double passed = y[static_cast<std::size_t>(iq)] / kFaraday;
  result.lithium_balance = (lithium - lithium0 - passed) / lithium0;
  result.final = last;
  result.solver_steps = dae.steps();
  return result;
}

}  // namespace kiln

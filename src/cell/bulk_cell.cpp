#include "cell/bulk_cell.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace kiln {

namespace {
constexpr double kGas = 8.314462618;
}

// Unknowns per cathode cell k: M shell concentrations, then phi_e, then phi_s.
struct BulkCell::Layout {
  int n = 0, m = 0;
  double dx = 0, dr = 0;
  std::vector<double> shell_volume, face_area;  // per particle: shell volumes, areas of the faces between shells (and the surface)
  int c(int k, int i) const { return k * (m + 2) + i; }
  int phi_e(int k) const { return k * (m + 2) + m; }
  int phi_s(int k) const { return k * (m + 2) + m + 1; }
};

BulkCellParameters BulkCellParameters::at(double T) const {
  BulkCellParameters q = *this;
  const double conduction = q.move_to_temperature(T);
  q.electrolyte_conductivity *= conduction;
  q.separator_conductivity *= conduction;
  return q;
}

double BulkCellParameters::window_capacity() const {
  return kFaraday * max_concentration * (theta_max - theta_min) * active_fraction * cathode_thickness * area / 3600.0;
}

BulkCell::BulkCell(BulkCellParameters p) : p_(std::move(p)) {
  if (!p_.ocp) throw std::invalid_argument("a bulk cell needs the open-circuit potential of its cathode");
  if (!(p_.theta_max > p_.theta_min)) throw std::invalid_argument("theta_max must exceed theta_min");
  if (!(p_.active_fraction > 0 && p_.electrolyte_fraction > 0 && p_.active_fraction + p_.electrolyte_fraction <= 1))
    throw std::invalid_argument("the cathode's active and electrolyte fractions must be positive and add up to at most 1");
}

BulkCell::Layout BulkCell::layout(const CellSolverSettings& s) const {
  Layout L;
  L.n = std::max(s.cells, 2);
  L.m = std::max(s.particle_shells, 2);
  L.dx = p_.cathode_thickness / L.n;
  L.dr = p_.particle_radius / L.m;
  for (int i = 0; i < L.m; ++i) {
    const double r0 = i * L.dr, r1 = (i + 1) * L.dr;
    L.shell_volume.push_back(4.0 / 3.0 * M_PI * (r1 * r1 * r1 - r0 * r0 * r0));
    L.face_area.push_back(4.0 * M_PI * r1 * r1);  // outer face of shell i (the last one: the surface)
  }
  return L;
}

int BulkCell::size(const CellSolverSettings& s) const {
  const Layout L = layout(s);
  return L.n * (L.m + 2);
}

std::vector<bool> BulkCell::differential(const CellSolverSettings& s) const {
  const Layout L = layout(s);
  std::vector<bool> d(static_cast<std::size_t>(size(s)), true);
  for (int k = 0; k < L.n; ++k) {
    d[static_cast<std::size_t>(L.phi_e(k))] = false;
    d[static_cast<std::size_t>(L.phi_s(k))] = false;
  }
  return d;
}

std::vector<double> BulkCell::absolute_tolerances(const CellSolverSettings& s) const {
  const Layout L = layout(s);
  std::vector<double> t(static_cast<std::size_t>(size(s)), p_.max_concentration * 1e-10);
  for (int k = 0; k < L.n; ++k) t[static_cast<std::size_t>(L.phi_e(k))] = t[static_cast<std::size_t>(L.phi_s(k))] = 1e-9;
  return t;
}

std::vector<double> BulkCell::initial_state(const CellSolverSettings& s) const {
  const Layout L = layout(s);
  std::vector<double> y(static_cast<std::size_t>(size(s)), p_.theta_initial * p_.max_concentration);
  const double U = p_.ocp->potential(p_.theta_initial);
  for (int k = 0; k < L.n; ++k) {
    y[static_cast<std::size_t>(L.phi_e(k))] = 0.0;
    y[static_cast<std::size_t>(L.phi_s(k))] = U;
  }
  return y;
}

double BulkCell::surface_theta(const BulkCellParameters& q, const Layout& L, const double* y, int k, double flux) const {
  // Half a shell beyond the outermost centre, from the surface flux condition -D dc/dr = -flux.
  return (y[L.c(k, L.m - 1)] + 0.5 * L.dr * flux / q.diffusivity) / q.max_concentration;
}

double BulkCell::reaction_flux(const BulkCellParameters& q, const Layout& L, const double* y, int k) const {
  // The flux j sets the surface concentration (half a shell beyond the outer centre), which sets
  // the kinetics that give j: solve f(j) = j - BV(theta_s(j)) = 0. f increases strictly with j
  // (more lithium in, higher theta_s, lower U, slower reduction), so a bracket and the Illinois
  // variant of regula falsi find the one root.
  auto bv = [&](double j) {
    const double th = std::clamp(surface_theta(q, L, y, k, j), 1e-12, 1.0 - 1e-12);
    const double i0 = q.cathode_exchange_current * std::sqrt(th * (1.0 - th)) / 0.5;
    const double eta = y[L.phi_s(k)] - y[L.phi_e(k)] - q.ocp->potential(th);
    return -(2.0 * i0 / kFaraday) * std::sinh(kFaraday * eta / (2.0 * kGas * q.temperature));
  };
  auto f = [&](double j) { return j - bv(j); };
  double lo = -1e-12, hi = 1e-12, flo = f(lo), fhi = f(hi);
  for (int i = 0; i < 400 && !(flo <= 0 && fhi >= 0); ++i) {
    if (flo > 0) flo = f(lo *= 2);
    if (fhi < 0) fhi = f(hi *= 2);
  }
  if (!(flo <= 0 && fhi >= 0)) return NAN;
  int side = 0;
  for (int i = 0; i < 100; ++i) {
    const double j = (lo * fhi - hi * flo) / (fhi - flo);
    const double fj = f(j);
    if (fj == 0.0 || std::abs(hi - lo) <= 1e-14 * std::max(std::abs(j), 1e-30)) return j;
    if (fj < 0) {
      lo = j;
      flo = fj;
      if (side == -1) fhi *= 0.5;
      side = -1;
    } else {
      hi = j;
      fhi = fj;
      if (side == 1) flo *= 0.5;
      side = 1;
    }
  }
  return (lo * fhi - hi * flo) / (fhi - flo);
}

double BulkCell::electrolyte_face_potential(const BulkCellParameters& q, double current) const {
  // Li anode at phi = 0; its overpotential (oxidation on discharge) and the separator's ohmic drop.
  const double i = current / q.area;
  return -butler_volmer_overpotential(i, q.anode_exchange_current, q.temperature) - i * q.separator_thickness / q.separator_conductivity;
}

bool BulkCell::residual(const CellSolverSettings& s, const double* y, const double* yp, double current, double* r) const {
  const Layout L = layout(s);
  const BulkCellParameters q = at(s);
  const double i = current / q.area;
  const double se = q.electrolyte_conductivity * std::pow(q.electrolyte_fraction, q.bruggeman);
  const double ss = q.electronic_conductivity * std::pow(q.active_fraction, q.bruggeman);
  const double a = 3.0 * q.active_fraction / q.particle_radius;  // m^2 of particle surface per m^3
  const double phi_face = electrolyte_face_potential(q, current);
  const double scale = p_.area / std::max(p_.c_rate_capacity(), 1e-30);  // 1 / (the 1C current density, A/m^2)
  for (int k = 0; k < L.n; ++k) {
    const double j = reaction_flux(q, L, y, k);
    if (!std::isfinite(j)) return false;
    // Electrolyte: current in +x through the faces; at the separator side it comes from the face
    // potential, at the collector none. Solid: none at the separator side, i at the collector.
    const double ie_in = k == 0 ? -se * (y[L.phi_e(0)] - phi_face) / (0.5 * L.dx) : -se * (y[L.phi_e(k)] - y[L.phi_e(k - 1)]) / L.dx;
    const double ie_out = k == L.n - 1 ? 0.0 : -se * (y[L.phi_e(k + 1)] - y[L.phi_e(k)]) / L.dx;
    const double is_in = k == 0 ? 0.0 : -ss * (y[L.phi_s(k)] - y[L.phi_s(k - 1)]) / L.dx;
    const double is_out = k == L.n - 1 ? i : -ss * (y[L.phi_s(k + 1)] - y[L.phi_s(k)]) / L.dx;
    const double reaction = a * kFaraday * j * L.dx;  // A/m^2 leaving the electrolyte in this cell
    r[L.phi_e(k)] = (ie_out - ie_in + reaction) * scale;
    r[L.phi_s(k)] = (is_out - is_in - reaction) * scale;
    // Particle shells: flux inward through the surface j, between shells D dc/dr.
    for (int sh = 0; sh < L.m; ++sh) {
      const double in_outer = sh == L.m - 1 ? j * L.face_area[static_cast<std::size_t>(sh)]
                                              : q.diffusivity * L.face_area[static_cast<std::size_t>(sh)] *
                                                    (y[L.c(k, sh + 1)] - y[L.c(k, sh)]) / L.dr;
      const double out_inner = sh == 0 ? 0.0
                                       : q.diffusivity * L.face_area[static_cast<std::size_t>(sh - 1)] *
                                             (y[L.c(k, sh)] - y[L.c(k, sh - 1)]) / L.dr;
      r[L.c(k, sh)] = yp[L.c(k, sh)] - (in_outer - out_inner) / L.shell_volume[static_cast<std::size_t>(sh)];
    }
  }
  return true;
}

std::vector<std::vector<int>> BulkCell::sparsity(const CellSolverSettings& s) const {
  const Layout L = layout(s);
  std::vector<std::vector<int>> rows(static_cast<std::size_t>(size(s) + 1));
  auto add = [&](int col, int row) { rows[static_cast<std::size_t>(col)].push_back(row); };
  for (int k = 0; k < L.n; ++k) {
    for (int q = 0; q < L.m; ++q) {
      for (int d = -1; d <= 1; ++d)
        if (q + d >= 0 && q + d < L.m) add(L.c(k, q), L.c(k, q + d));
    }
    // The outer shell sets the surface concentration, hence the reaction of the cell.
    add(L.c(k, L.m - 1), L.phi_e(k));
    add(L.c(k, L.m - 1), L.phi_s(k));
    for (const int col : {L.phi_e(k), L.phi_s(k)}) {
      add(col, L.phi_e(k));
      add(col, L.phi_s(k));
      add(col, L.c(k, L.m - 1));
    }
    for (const int d : {-1, 1})
      if (k + d >= 0 && k + d < L.n) {
        add(L.phi_e(k), L.phi_e(k + d));
        add(L.phi_s(k), L.phi_s(k + d));
      }
  }
  const int current = size(s);  // the current enters at the separator face and at the collector
  add(current, L.phi_e(0));
  add(current, L.phi_s(L.n - 1));
  return rows;
}

std::vector<int> BulkCell::voltage_unknowns(const CellSolverSettings& s) const {
  const Layout L = layout(s);
  return {L.phi_s(L.n - 1)};
}

double BulkCell::voltage(const CellSolverSettings& s, const double* y, double current) const {
  const Layout L = layout(s);
  const double i = current / p_.area;
  const double ss = p_.electronic_conductivity * std::pow(p_.active_fraction, p_.bruggeman);  // electronic: no Arrhenius
  return y[L.phi_s(L.n - 1)] - i * 0.5 * L.dx / ss - i * p_.series_resistance;
}

void BulkCell::surface_range(const CellSolverSettings& s, const double* y, double, double& lo, double& hi) const {
  const Layout L = layout(s);
  const BulkCellParameters q = at(s);
  lo = 1.0;
  hi = 0.0;
  for (int k = 0; k < L.n; ++k) {
    const double th = surface_theta(q, L, y, k, reaction_flux(q, L, y, k));
    lo = std::min(lo, th);
    hi = std::max(hi, th);
  }
}

void BulkCell::breakdown(const CellSolverSettings& s, const double* y, double current, CellObservation& o) const {
  const Layout L = layout(s);
  const BulkCellParameters q = at(s);
  double total = 0, volume = 0, surface = 0;
  for (int k = 0; k < L.n; ++k) {
    for (int q = 0; q < L.m; ++q) {
      total += y[L.c(k, q)] * L.shell_volume[static_cast<std::size_t>(q)];
      volume += L.shell_volume[static_cast<std::size_t>(q)];
    }
    surface += surface_theta(q, L, y, k, reaction_flux(q, L, y, k));
  }
  o.theta_mean = total / volume / p_.max_concentration;
  o.theta_surface = surface / L.n;
  const double i = current / p_.area;
  const double th_s = std::clamp(o.theta_surface, 1e-9, 1 - 1e-9);
  o.diffusion = p_.ocp->potential(o.theta_mean) - p_.ocp->potential(th_s);
  double phi_e_mean = 0;
  for (int k = 0; k < L.n; ++k) phi_e_mean += y[L.phi_e(k)];
  phi_e_mean /= L.n;
  // Ohmic: separator and series resistance, and the drop across the cathode's electrolyte to its mean.
  o.ohmic = i * (q.separator_thickness / q.separator_conductivity + q.series_resistance) +
            (electrolyte_face_potential(q, current) - phi_e_mean);
  o.kinetic = p_.ocp->potential(th_s) - o.voltage - o.ohmic;
}

double BulkCell::lithium(const CellSolverSettings& s, const double* y) const {
  const Layout L = layout(s);
  const double particles_per_cell = p_.active_fraction * L.dx * p_.area / (4.0 / 3.0 * M_PI * std::pow(p_.particle_radius, 3));
  double total = 0;
  for (int k = 0; k < L.n; ++k)
    for (int q = 0; q < L.m; ++q) total += y[L.c(k, q)] * L.shell_volume[static_cast<std::size_t>(q)] * particles_per_cell;
  return total;
}

double BulkCell::open_circuit_voltage(const CellSolverSettings& s, const double* y) const {
  const Layout L = layout(s);
  double total = 0, volume = 0;
  for (int k = 0; k < L.n; ++k)
    for (int sh = 0; sh < L.m; ++sh) {
      total += y[L.c(k, sh)] * L.shell_volume[static_cast<std::size_t>(sh)];
      volume += L.shell_volume[static_cast<std::size_t>(sh)];
    }
  return p_.ocp->potential(total / volume / p_.max_concentration);
}

void BulkCell::profile(const CellSolverSettings& s, const double* y, std::vector<double>& x, std::vector<double>& theta) const {
  const Layout L = layout(s);
  x.clear();
  theta.clear();
  for (int k = 0; k < L.n; ++k) {
    double total = 0, volume = 0;
    for (int q = 0; q < L.m; ++q) {
      total += y[L.c(k, q)] * L.shell_volume[static_cast<std::size_t>(q)];
      volume += L.shell_volume[static_cast<std::size_t>(q)];
    }
    x.push_back((k + 0.5) * L.dx);
    theta.push_back(total / volume / p_.max_concentration);
  }
}

}  // namespace kiln

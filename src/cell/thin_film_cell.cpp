#include "cell/thin_film_cell.hpp"


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

ThinFilmCellParameters ThinFilmCellParameters::at(double T) const {
  ThinFilmCellParameters q = *this;
  q.diffusion_factor = diffusion_factor * arrhenius(diffusion_activation_energy, T);  // a tabulated D
  q.electrolyte_conductivity *= q.move_to_temperature(T);
  return q;
}

double ThinFilmCell::voltage(const ThinFilmCellParameters& q, double theta_s, double I) const {
  const double i = I / q.area;
  const double th = std::clamp(theta_s, 1e-9, 1.0 - 1e-9);
  const double i0c = q.cathode_exchange_current * std::sqrt(th * (1.0 - th)) / 0.5;
  return q.ocp->potential(th) - butler_volmer_overpotential(i, q.anode_exchange_current, q.temperature) -
         butler_volmer_overpotential(i, i0c, q.temperature) -
         i * (q.electrolyte_thickness / q.electrolyte_conductivity + q.series_resistance);
}

double ThinFilmCell::surface(const ThinFilmCellParameters& q, const CellSolverSettings& s, const double* y, double current) const {
  // theta at the electrolyte side, from the flux condition -D dc/dx = I/(F A)
  const double dx = q.cathode_thickness / size(s);
  const double j = current / (kFaraday * q.area);
  return (y[0] + 0.5 * dx * j / q.cathode_diffusivity(y[0] / q.max_concentration)) / q.max_concentration;
}

std::vector<bool> ThinFilmCell::differential(const CellSolverSettings& s) const {
  return std::vector<bool>(static_cast<std::size_t>(size(s)), true);
}

std::vector<double> ThinFilmCell::absolute_tolerances(const CellSolverSettings& s) const {
  return std::vector<double>(static_cast<std::size_t>(size(s)), p_.max_concentration * 1e-10);
}

std::vector<double> ThinFilmCell::initial_state(const CellSolverSettings& s) const {
  return std::vector<double>(static_cast<std::size_t>(size(s)), p_.theta_initial * p_.max_concentration);
}

bool ThinFilmCell::residual(const CellSolverSettings& s, const double* y, const double* yp, double current, double* r) const {
  const int n = size(s);
  const ThinFilmCellParameters q = at(s);
  const double dx = q.cathode_thickness / n, cmax = q.max_concentration;
  const double j = current / (kFaraday * q.area);  // mol/(m^2 s) into the film
  // Face diffusivities at the mean stoichiometry of the two cells.
  auto face_d = [&](int k) { return q.cathode_diffusivity(0.5 * (y[k] + y[k + 1]) / cmax); };
  for (int k = 0; k < n; ++k) {
    const double in = k == 0 ? j : -face_d(k - 1) * (y[k] - y[k - 1]) / dx;
    const double out = k == n - 1 ? 0.0 : -face_d(k) * (y[k + 1] - y[k]) / dx;
    r[k] = yp[k] - (in - out) / dx;
  }
  return true;
}

double ThinFilmCell::voltage(const CellSolverSettings& s, const double* y, double current) const {
  const ThinFilmCellParameters q = at(s);
  return voltage(q, surface(q, s, y, current), current);
}

double ThinFilmCell::open_circuit_voltage(const CellSolverSettings& s, const double* y) const {
  const int n = size(s);
  double mean = 0;
  for (int k = 0; k < n; ++k) mean += y[k];
  return p_.ocp->potential(mean / n / p_.max_concentration);
}

void ThinFilmCell::surface_range(const CellSolverSettings& s, const double* y, double current, double& lo, double& hi) const {
  lo = hi = surface(at(s), s, y, current);
}

void ThinFilmCell::breakdown(const CellSolverSettings& s, const double* y, double current, CellObservation& o) const {
  const int n = size(s);
  double mean = 0;
  for (int k = 0; k < n; ++k) mean += y[k];
  const ThinFilmCellParameters q = at(s);
  o.theta_mean = mean / n / q.max_concentration;
  o.theta_surface = surface(q, s, y, current);
  const double i = current / q.area;
  const double th_s = std::clamp(o.theta_surface, 1e-9, 1 - 1e-9);
  o.ohmic = i * (q.electrolyte_thickness / q.electrolyte_conductivity + q.series_resistance);
  o.diffusion = q.ocp->potential(o.theta_mean) - q.ocp->potential(th_s);
  o.kinetic = q.ocp->potential(th_s) - voltage(q, o.theta_surface, current) - o.ohmic;
}

double ThinFilmCell::lithium(const CellSolverSettings& s, const double* y) const {
  const int n = size(s);
  double total = 0;
  for (int k = 0; k < n; ++k) total += y[k];
  return total * (p_.cathode_thickness / n) * p_.area;
}

void ThinFilmCell::profile(const CellSolverSettings& s, const double* y, std::vector<double>& x, std::vector<double>& theta) const {
  const int n = size(s);
  const double dx = p_.cathode_thickness / n;
  x.clear();
  theta.clear();
  for (int k = 0; k < n; ++k) {
    x.push_back((k + 0.5) * dx);
    theta.push_back(y[k] / p_.max_concentration);
  }
}

}  // namespace kiln

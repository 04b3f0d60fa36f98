#include "flash/runaway.hpp"

#include <boost/math/tools/roots.hpp>

#include <cmath>

namespace kiln {

double black_body_temperature(double furnace_temperature, double power, double radiating_area, double emissivity) {
  return std::pow(std::pow(furnace_temperature, 4) + power / (radiating_area * emissivity * kStefanBoltzmann), 0.25);
}

std::optional<RunawayPoint> voltage_control_runaway(const FlashLumpedModel& model) {
  const auto& supply = model.supply();
  if (supply.mode() != PowerSupply::Mode::voltage) return std::nullopt;
  const auto& mat = model.material();
  const auto& spec = model.specimen();
  const double rho = spec.green_density;
  const double V = supply.field() * spec.gauge.length;
  const double geometry = spec.gauge.cross_section / spec.gauge.length;  // sigma -> conductance
  const double A = spec.radiating_area;
  const double eps = mat.emissivity;
  const double h = model.furnace().heat_transfer_coefficient();

  auto p_el = [&](double T) { return V * V * mat.conductivity.sigma(T, rho) * geometry; };
  // d(P_el)/dT - d(P_loss)/dT: the loss derivative does not depend on T_f, so the fold
  // temperature T* follows from this alone.
  auto stability = [&](double T) {
    return V * V * mat.conductivity.dsigma_dT(T, rho) * geometry - A * (4.0 * eps * kStefanBoltzmann * std::pow(T, 3) + h);
  };

  // The stable branch starts cold (stability < 0); the first sign change going up is the fold.
  double lo = 200.0, hi = 0.0;
  if (stability(lo) >= 0) return std::nullopt;
  for (double T = lo * 1.005; T <= mat.limit_temperature; T *= 1.005) {
    if (stability(T) >= 0) {
      hi = T;
      break;
    }
    lo = T;
  }
  if (hi == 0.0) return std::nullopt;
  boost::uintmax_t iterations = 100;
  const auto tolerance = boost::math::tools::eps_tolerance<double>(48);
  const auto fold = boost::math::tools::toms748_solve(stability, lo, hi, tolerance, iterations);
  const double T_star = 0.5 * (fold.first + fold.second);
  const double P_star = p_el(T_star);

  // Furnace temperature at which the loss at T* equals P_el(T*): monotone in T_f.
  auto balance = [&](double Tf) {
    return A * (eps * kStefanBoltzmann * (std::pow(T_star, 4) - std::pow(Tf, 4)) + h * (T_star - Tf)) - P_star;
  };
  if (balance(0.0) <= 0) return std::nullopt;  // runs away even in a cold furnace
  iterations = 100;
  const auto tf = boost::math::tools::toms748_solve(balance, 0.0, T_star, tolerance, iterations);
  return RunawayPoint{0.5 * (tf.first + tf.second), T_star, P_star / spec.gauge.volume};
}

}  // namespace kiln

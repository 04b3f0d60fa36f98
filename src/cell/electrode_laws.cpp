#include "cell/electrode_laws.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace kiln {

double LiCoO2Ramadass2004::potential(double theta) const {
  const double x = std::clamp(theta, 0.0, 1.0), x2 = x * x;
  const double num = -4.656 + 88.669 * x2 - 401.119 * x2 * x2 + 342.909 * std::pow(x, 6) - 462.471 * std::pow(x, 8) +
                     433.434 * std::pow(x, 10);
  const double den = -1.0 + 18.933 * x2 - 79.532 * x2 * x2 + 37.311 * std::pow(x, 6) - 73.083 * std::pow(x, 8) +
                     95.96 * std::pow(x, 10);
  return num / den;
}

TabulatedPotential::TabulatedPotential(std::vector<double> theta, std::vector<double> potential, std::string source)
    : theta_(std::move(theta)), potential_(std::move(potential)), source_(std::move(source)) {
  if (theta_.size() < 2 || theta_.size() != potential_.size())
    throw std::invalid_argument("a tabulated open-circuit potential needs at least two (theta, U) pairs");
  for (std::size_t i = 1; i < theta_.size(); ++i)
    if (!(theta_[i] > theta_[i - 1])) throw std::invalid_argument("the stoichiometries of a tabulated potential must increase");
}

double TabulatedPotential::potential(double theta) const {
  if (theta <= theta_.front()) return potential_.front();
  if (theta >= theta_.back()) return potential_.back();
  const auto it = std::upper_bound(theta_.begin(), theta_.end(), theta);
  const std::size_t i = static_cast<std::size_t>(it - theta_.begin());
  const double w = (theta - theta_[i - 1]) / (theta_[i] - theta_[i - 1]);
  return potential_[i - 1] + w * (potential_[i] - potential_[i - 1]);
}

std::shared_ptr<const OpenCircuitPotential> open_circuit_potential(const std::string& name) {
  if (name == "LiCoO2_Ramadass2004") return std::make_shared<LiCoO2Ramadass2004>();
  throw std::invalid_argument(fmt::format("unknown open-circuit potential \"{}\" (known: LiCoO2_Ramadass2004)", name));
}

double butler_volmer_overpotential(double i, double i0, double T) {
  constexpr double R = 8.314462618;
  return 2.0 * R * T / kFaraday * std::asinh(i / (2.0 * i0));
}

}  // namespace kiln

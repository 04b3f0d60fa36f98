#include "cell/electrode_laws.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace kiln {

double LiCoO2Dualfoil1998::potential(double theta) const {
  const double s = 1.062 * std::clamp(theta, 0.0, 1.0);
  return 2.16216 + 0.07645 * std::tanh(30.834 - 54.4806 * s) + 2.1581 * std::tanh(52.294 - 50.294 * s) -
         0.14169 * std::tanh(11.0923 - 19.8543 * s) + 0.2051 * std::tanh(1.4684 - 5.4888 * s) +
         0.2531 * std::tanh((-s + 0.56478) / 0.1316) - 0.02167 * std::tanh((s - 0.525) / 0.006);
}

double NMC811Chen2020::potential(double theta) const {
  const double x = std::clamp(theta, 0.0, 1.0);
  return -0.8090 * x + 4.4875 - 0.0428 * std::tanh(18.5138 * (x - 0.5542)) - 17.7326 * std::tanh(15.7890 * (x - 0.3117)) +
         17.5842 * std::tanh(15.9308 * (x - 0.3120));
}

TabulatedPotential::TabulatedPotential(std::vector<double> theta, std::vector<double> potential, std::string source, bool logarithmic)
    : theta_(std::move(theta)), potential_(std::move(potential)), source_(std::move(source)), logarithmic_(logarithmic) {
  if (logarithmic_)
    for (auto& v : potential_) {
      if (!(v > 0)) throw std::invalid_argument("a table interpolated in log needs positive values");
      v = std::log(v);
    }
  if (theta_.size() < 2 || theta_.size() != potential_.size())
    throw std::invalid_argument("a tabulated open-circuit potential needs at least two (theta, U) pairs");
  for (std::size_t i = 1; i < theta_.size(); ++i)
    if (!(theta_[i] > theta_[i - 1])) throw std::invalid_argument("the stoichiometries of a tabulated potential must increase");
}

double TabulatedPotential::potential(double theta) const {
  double v;
  if (theta <= theta_.front()) {
    v = potential_.front();
  } else if (theta >= theta_.back()) {
    v = potential_.back();
  } else {
    const auto it = std::upper_bound(theta_.begin(), theta_.end(), theta);
    const std::size_t i = static_cast<std::size_t>(it - theta_.begin());
    const double w = (theta - theta_[i - 1]) / (theta_[i] - theta_[i - 1]);
    v = potential_[i - 1] + w * (potential_[i] - potential_[i - 1]);
  }
  return logarithmic_ ? std::exp(v) : v;
}

std::shared_ptr<const OpenCircuitPotential> open_circuit_potential(const std::string& name) {
  if (name == "LiCoO2_Dualfoil1998") return std::make_shared<LiCoO2Dualfoil1998>();
  if (name == "NMC811_Chen2020") return std::make_shared<NMC811Chen2020>();
  throw std::invalid_argument(fmt::format("unknown open-circuit potential \"{}\" (known: LiCoO2_Dualfoil1998, NMC811_Chen2020, or a table "
                                          "theta = [...], value = [...] in the parameter set)",
                                          name));
}

double butler_volmer_overpotential(double i, double i0, double T) {
  constexpr double R = 8.314462618;
  return 2.0 * R * T / kFaraday * std::asinh(i / (2.0 * i0));
}

}  // namespace kiln

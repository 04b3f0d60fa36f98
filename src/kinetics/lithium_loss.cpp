#include "kinetics/lithium_loss.hpp"

#include "materials/conductivity.hpp"

#include <algorithm>
#include <cmath>

namespace kiln {

LithiumLossLaw::LithiumLossLaw(double rate_prefactor, double activation_energy,
                               std::map<std::string, double> atmosphere_factors, double lithium_per_formula_unit,
                               double molar_mass, std::string secondary_phase, double threshold, double phase_per_loss)
    : k0_(rate_prefactor),
      Q_(activation_energy),
      factors_(std::move(atmosphere_factors)),
      li_per_fu_(lithium_per_formula_unit),
      molar_mass_(molar_mass),
      phase_(std::move(secondary_phase)),
      threshold_(threshold),
      phase_per_loss_(phase_per_loss) {}

double LithiumLossLaw::flux(double T, const std::string& atmosphere) const {
  return k0_ * std::exp(-Q_ / (kGasConstant * T)) * factors_.at(atmosphere);
}

double LithiumLossLaw::secondary_phase_fraction(double x) const {
  return std::clamp((x - threshold_) * phase_per_loss_, 0.0, 1.0);
}

std::vector<std::string> LithiumLossLaw::atmospheres() const {
  std::vector<std::string> out;
  for (const auto& [name, f] : factors_) out.push_back(name);
  return out;
}

std::unique_ptr<LithiumLossLaw> make_lithium_loss_law(const InputTable& t, Provenance& prov) {
  t.choice("law", {"evaporation"}, "a lithium-loss law", "evaporation");
  const std::string source = t.string("source", "where the parameters come from");
  const double k0 = read_sourced(t, "rate", {"mol/(m^2 s)", "the prefactor of the Li molar flux out of the surface", "1e-2 mol/(m^2 s)", Range::non_negative()}, source, prov);
  const double Q = read_sourced(t, "activation_energy", {"J/mol", "the activation energy of the evaporation", "300 kJ/mol", Range::non_negative()}, source, prov);
  const double n_li = read_sourced(t, "lithium_per_formula_unit", {"1", "Li atoms per formula unit", "6.4", Range::positive()}, source, prov);
  const double M = read_sourced(t, "molar_mass", {"kg/mol", "the molar mass of one formula unit", "840 g/mol", Range::positive()}, source, prov);
  const auto factors_table = t.table("atmosphere_factor", "the flux factor per atmosphere, e.g. {air = 1.0, mother_powder = 0.1}");
  std::map<std::string, double> factors;
  for (const auto& [name, value] : factors_table.raw().as_table())
    factors[name] = read_sourced(factors_table, name, {"1", "the flux factor in this atmosphere", "1.0", Range::non_negative()}, source, prov);
  if (!factors.count("air")) t.fail("atmosphere_factor", "needs at least air = 1.0 (the reference atmosphere)");
  const std::string phase = t.string_or("secondary_phase", "the phase formed once too much lithium is lost", "secondary phase");
  const double threshold = read_sourced(t, "threshold", {"1", "the lost Li fraction the structure tolerates before the phase forms", "0.05", Range::closed(0, 1)}, source, prov);
  const double per_loss = read_sourced(t, "phase_per_loss", {"1", "secondary-phase fraction formed per unit of lost Li fraction beyond the threshold", "2", Range::non_negative()}, source, prov);
  t.check_unknown_keys();
  return std::make_unique<LithiumLossLaw>(k0, Q, factors, n_li, M, phase, threshold, per_loss);
}

}  // namespace kiln

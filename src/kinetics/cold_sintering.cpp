#include "kinetics/cold_sintering.hpp"

#include "materials/conductivity.hpp"

#include <boost/math/tools/roots.hpp>

#include <algorithm>
#include <cmath>

namespace kiln {

double contact_stress(double pressure, double rho, double rho0, double hardness) {
  if (pressure <= 0.0) return 0.0;
  const double amplification = rho > rho0 ? (1.0 - rho0) / (rho * rho * (rho - rho0)) : 1e30;
  return std::min(hardness, pressure * std::max(1.0, amplification));
}

double Solubility::at(double T) const {
  return reference * std::exp(-enthalpy / kGasConstant * (1.0 / T - 1.0 / reference_temperature));
}

double PressureSolutionParameters::diffusivity_at(double T) const {
  return diffusivity * std::exp(-diffusion_activation_energy / kGasConstant * (1.0 / T - 1.0 / reference_temperature));
}

double PressureSolutionParameters::reaction_rate_at(double T) const {
  return reaction_rate * std::exp(-reaction_activation_energy / kGasConstant * (1.0 / T - 1.0 / reference_temperature));
}

double PressureSolutionDensification::strain_rate(const MaterialPoint& pt) const {
  if (pt.liquid <= 0.0 || pt.relative_density >= 1.0) return 0.0;
  const double T = pt.temperature, d = pt.grain_size;
  const double sigma = contact_stress(pt.pressure, pt.relative_density, p_.packing_density, p_.hardness);
  // Linear pressure-solution creep (Rutter 1976, Raj 1982): the excess solubility at the contact,
  // c0 (exp(sigma V_m/RT) - 1), linearised to c0 sigma V_m / RT as in the creep laws; the
  // exponential would turn the GPa stresses of point contacts into runaway rates that the
  // film's transport capacity cannot sustain.
  const double drive = p_.solubility.at(T) * sigma * p_.molar_volume / (kGasConstant * T);
  if (drive <= 0.0) return 0.0;
  const double e_d = p_.diffusion_constant * p_.diffusivity_at(T) * p_.film_thickness / (d * d * d) * drive;
  double e = e_d;
  if (p_.reaction_rate > 0.0) {
    const double e_r = p_.reaction_constant * p_.reaction_rate_at(T) / d * drive;
    e = 1.0 / (1.0 / e_d + 1.0 / e_r);
  }
  return e * (1.0 - p_.inert_fraction);
}

double PressureSolutionDensification::rate(const MaterialPoint& pt) const {
  const double e = strain_rate(pt);
  return pt.relative_density * e * (pt.loading == Loading::isostatic ? 3.0 : 1.0);
}

PlasticCompaction::PlasticCompaction(double hardness, double packing_density, double relaxation_time)
    : H_(hardness), rho0_(packing_density), tau_(relaxation_time) {}

double PlasticCompaction::yield_density(double p) const {
  if (p <= 0.0) return 0.0;
  // sigma_eff decreases monotonically from infinity at rho0 to p at full density.
  auto excess = [&](double rho) { return p * (1.0 - rho0_) / (rho * rho * (rho - rho0_)) - H_; };
  if (excess(1.0) >= 0.0) return 1.0;
  boost::uintmax_t iterations = 100;
  const auto r = boost::math::tools::toms748_solve(excess, rho0_ + 1e-12, 1.0, boost::math::tools::eps_tolerance<double>(40),
                                                   iterations);
  return 0.5 * (r.first + r.second);
}

double PlasticCompaction::rate(const MaterialPoint& pt) const {
  return std::max(0.0, yield_density(pt.pressure) - pt.relative_density) / tau_;
}

namespace {

// Mechanisms acting at once: their rates add, their names join.
template <class Laws>
double sum_of_rates(const Laws& laws, const MaterialPoint& pt) {
  double sum = 0.0;
  for (const auto& l : laws) sum += l->rate(pt);
  return sum;
}

template <class Laws>
std::string joined_names(const Laws& laws) {
  std::string out;
  for (const auto& l : laws) out += (out.empty() ? "" : " + ") + l->name();
  return out;
}

}  // namespace

double CombinedDensification::rate(const MaterialPoint& pt) const { return sum_of_rates(laws_, pt); }

std::string CombinedDensification::name() const { return joined_names(laws_); }

bool CombinedDensification::responds_to_pressure() const {
  return std::any_of(laws_.begin(), laws_.end(), [](const auto& l) { return l->responds_to_pressure(); });
}

double OstwaldRipening::rate_constant(double T) const {
  return p_.ripening_constant * 8.0 / 9.0 * p_.interfacial_energy * p_.diffusivity_at(T) * p_.solubility.at(T) *
         p_.molar_volume / (kGasConstant * T);
}

double OstwaldRipening::rate(const MaterialPoint& pt) const {
  if (pt.liquid <= 0.0) return 0.0;
  return rate_constant(pt.temperature) / (3.0 * pt.grain_size * pt.grain_size);
}

double CombinedGrainGrowth::rate(const MaterialPoint& pt) const { return sum_of_rates(laws_, pt); }

std::string CombinedGrainGrowth::name() const { return joined_names(laws_); }

double Solvent::vapour_pressure_ratio(double T) const {
  return std::exp(-vaporization_enthalpy / kGasConstant * (1.0 / T - 1.0 / boiling_point));
}

namespace {
template <class Laws>
std::vector<std::string> union_of_references(const Laws& laws) {
  std::vector<std::string> keys;
  for (const auto& law : laws)
    for (const auto& k : law->references())
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  return keys;
}
}  // namespace

std::vector<std::string> CombinedDensification::references() const { return union_of_references(laws_); }
std::vector<std::string> CombinedGrainGrowth::references() const { return union_of_references(laws_); }

}  // namespace kiln

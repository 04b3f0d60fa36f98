#include "kinetics/densification.hpp"

#include "kinetics/law_registry.hpp"

#include "materials/conductivity.hpp"

#include <fmt/format.h>

#include <cmath>

namespace kiln {

EmpiricalDensification::EmpiricalDensification(double A, double activation_energy, double n, double m)
    : A_(A), Q_(activation_energy), n_(n), m_(m) {}

double EmpiricalDensification::rate(const MaterialPoint& p) const {
  const double porosity = std::max(0.0, 1.0 - p.relative_density);
  if (porosity == 0.0) return 0.0;
  const double thermal = std::exp(-Q_ / (kGasConstant * p.temperature));
  return p.relative_density * A_ * thermal * std::pow(porosity, n_) / std::pow(p.grain_size, m_);
}

namespace {

const LawRegistry<DensificationLaw>& registry() {
  static const LawRegistry<DensificationLaw> laws("densification", {
      {"none", {"no densification", [](const InputTable&, Provenance&) { return std::make_unique<NoDensification>(); }}},
      {"empirical",
       {"(1/rho) drho/dt = A exp(-Q/RT) (1-rho)^n / G^m",
        [](const InputTable& t, Provenance& prov) -> std::unique_ptr<DensificationLaw> {
          const std::string source = t.string("source", "where the parameters come from");
          const double n = read_sourced(t, "n", {"1", "the porosity exponent n", "1", Range::closed(0, 10)}, source, prov);
          const double m = read_sourced(t, "m", {"1", "the grain-size exponent m", "3", Range::closed(0, 6)}, source, prov);
          const std::string unit = m == 0 ? "1/s" : fmt::format("m^{:g}/s", m);
          const double A = read_sourced(t, "A", {unit, "the prefactor A (units m^m/s)", "1e-3 " + unit, Range::non_negative()}, source, prov);
          const double Q = read_sourced(t, "activation_energy", {"J/mol", "the activation energy Q", "450 kJ/mol", Range::non_negative()}, source, prov);
          return std::make_unique<EmpiricalDensification>(A, Q, n, m);
        }}},
  });
  return laws;
}

}  // namespace

std::vector<LawInfo> densification_laws() { return registry().laws(); }

std::unique_ptr<DensificationLaw> make_densification_law(const InputTable& table, Provenance& provenance) {
  return registry().make(table, provenance);
}

}  // namespace kiln

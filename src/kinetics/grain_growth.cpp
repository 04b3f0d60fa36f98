#include "kinetics/grain_growth.hpp"

#include "kinetics/law_registry.hpp"

#include "materials/conductivity.hpp"

#include <fmt/format.h>

#include <cmath>

namespace kiln {

PowerLawGrainGrowth::PowerLawGrainGrowth(double k0, double activation_energy, double exponent)
    : k0_(k0), Q_(activation_energy), n_(exponent) {}

double PowerLawGrainGrowth::rate(const MaterialPoint& p) const {
  return k0_ * std::exp(-Q_ / (kGasConstant * p.temperature)) / (n_ * std::pow(p.grain_size, n_ - 1.0));
}

namespace {

const LawRegistry<GrainGrowthLaw>& registry() {
  static const LawRegistry<GrainGrowthLaw> laws("grain-growth", {
      {"none", {"no grain growth", [](const InputTable&, Provenance&) { return std::make_unique<NoGrainGrowth>(); }}},
      {"power",
       {"G^n - G0^n = k0 exp(-Qg/RT) t",
        [](const InputTable& t, Provenance& prov) -> std::unique_ptr<GrainGrowthLaw> {
          const std::string source = t.string("source", "where the parameters come from");
          const double n = read_sourced(t, "exponent", {"1", "the grain-growth exponent n", "3", Range::closed(1, 6)}, source, prov);
          const std::string unit = fmt::format("m^{:g}/s", n);
          const double k0 = read_sourced(t, "k0", {unit, "the rate constant k0 (units m^n/s)", "1e-10 " + unit, Range::non_negative()}, source, prov);
          const double Q = read_sourced(t, "activation_energy", {"J/mol", "the activation energy Qg", "400 kJ/mol", Range::non_negative()}, source, prov);
          t.accept("initial_grain_size");  // a property of the powder, read by the specimen
          return std::make_unique<PowerLawGrainGrowth>(k0, Q, n);
        }}},
  });
  return laws;
}

}  // namespace

std::vector<LawInfo> grain_growth_laws() { return registry().laws(); }

std::unique_ptr<GrainGrowthLaw> make_grain_growth_law(const InputTable& table, Provenance& provenance) {
  return registry().make(table, provenance);
}

}  // namespace kiln

#include "kinetics/grain_growth.hpp"

#include "kinetics/law_registry.hpp"

#include "materials/conductivity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace kiln {

PowerLawGrainGrowth::PowerLawGrainGrowth(double k0, double activation_energy, double exponent)
    : k0_(k0), Q_(activation_energy), n_(exponent) {}

double PowerLawGrainGrowth::rate(const MaterialPoint& p) const {
  return k0_ * std::exp(-Q_ / (kGasConstant * p.temperature)) / (n_ * std::pow(p.grain_size, n_ - 1.0));
}

PoreDragGrainGrowth::PoreDragGrainGrowth(double k0, double activation_energy, double exponent, double drag_porosity)
    : free_(k0, activation_energy, exponent), a_(drag_porosity) {}

double PoreDragGrainGrowth::drag_factor(double rho) const {
  const double theta = std::max(0.0, 1.0 - rho);
  return std::pow(a_ / (a_ + theta), 1.5);
}

double PoreDragGrainGrowth::rate(const MaterialPoint& p) const { return free_.rate(p) * drag_factor(p.relative_density); }

namespace {

// Reads the power-law parameters shared by "power" and "pore_drag".
struct PowerLawParameters {
  double k0, Q, n;
};
PowerLawParameters read_power_law(const InputTable& t, const std::string& source, Provenance& prov) {
  const double n = read_sourced(t, "exponent", {"1", "the grain-growth exponent n", "3", Range::closed(1, 6)}, source, prov);
  const std::string unit = fmt::format("m^{:g}/s", n);
  const double k0 = read_sourced(t, "k0", {unit, "the rate constant k0 (units m^n/s)", "1e-10 " + unit, Range::non_negative()}, source, prov);
  const double Q = read_sourced(t, "activation_energy", {"J/mol", "the activation energy Qg", "400 kJ/mol", Range::non_negative()}, source, prov);
  t.accept("initial_grain_size");  // a property of the powder, read by the specimen
  return {k0, Q, n};
}

const LawRegistry<GrainGrowthLaw>& registry() {
  static const LawRegistry<GrainGrowthLaw> laws("grain-growth", {
      {"none", {"no grain growth", [](const InputTable&, Provenance&) { return std::make_unique<NoGrainGrowth>(); }}},
      {"power",
       {"G^n - G0^n = k0 exp(-Qg/RT) t",
        [](const InputTable& t, Provenance& prov) -> std::unique_ptr<GrainGrowthLaw> {
          const auto p = read_power_law(t, t.string("source", "where the parameters come from"), prov);
          return std::make_unique<PowerLawGrainGrowth>(p.k0, p.Q, p.n);
        }}},
      {"pore_drag",
       {"power law slowed by open pores, times (a/(a + 1 - rho))^(3/2)",
        [](const InputTable& t, Provenance& prov) -> std::unique_ptr<GrainGrowthLaw> {
          const std::string source = t.string("source", "where the parameters come from");
          const auto p = read_power_law(t, source, prov);
          const double a = read_sourced(t, "drag_porosity", {"1", "the porosity a below which pores stop holding the boundaries", "0.05", Range::positive()}, source, prov);
          return std::make_unique<PoreDragGrainGrowth>(p.k0, p.Q, p.n, a);
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

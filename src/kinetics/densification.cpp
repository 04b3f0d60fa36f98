#include "kinetics/densification.hpp"

#include "materials/conductivity.hpp"

#include <fmt/format.h>

#include <cmath>
#include <functional>
#include <map>

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

using Factory = std::function<std::unique_ptr<DensificationLaw>(const InputTable&, Provenance&)>;

struct Entry {
  std::string description;
  Factory make;
};

const std::map<std::string, Entry>& registry() {
  static const std::map<std::string, Entry> laws = {
      {"none", {"no densification", [](const InputTable&, Provenance&) { return std::make_unique<NoDensification>(); }}},
      {"empirical",
       {"(1/rho) drho/dt = A exp(-Q/RT) (1-rho)^n / G^m",
        [](const InputTable& t, Provenance& prov) -> std::unique_ptr<DensificationLaw> {
          const std::string source = t.string("source", "where the parameters come from");
          const double n = t.number("n", "the porosity exponent n", Range::closed(0, 10));
          const double m = t.number("m", "the grain-size exponent m", Range::closed(0, 6));
          prov.add({t.path() + ".n", toml_to_text(t.raw("n")), n, "1", source});
          prov.add({t.path() + ".m", toml_to_text(t.raw("m")), m, "1", source});
          const std::string unit = m == 0 ? "1/s" : fmt::format("m^{:g}/s", m);
          const double A = read_sourced(t, "A", {unit, "the prefactor A (units m^m/s)", "1e-3 " + unit, Range::non_negative()}, source, prov);
          const double Q = read_sourced(t, "activation_energy", {"J/mol", "the activation energy Q", "450 kJ/mol", Range::non_negative()}, source, prov);
          return std::make_unique<EmpiricalDensification>(A, Q, n, m);
        }}},
  };
  return laws;
}

}  // namespace

std::vector<LawInfo> densification_laws() {
  std::vector<LawInfo> out;
  for (const auto& [name, entry] : registry()) out.push_back({name, entry.description});
  return out;
}

std::unique_ptr<DensificationLaw> make_densification_law(const InputTable& table, Provenance& provenance) {
  std::vector<std::string> names;
  for (const auto& [name, entry] : registry()) names.push_back(name);
  const std::string law = table.choice("law", names, "a densification law");
  auto result = registry().at(law).make(table, provenance);
  table.check_unknown_keys();
  return result;
}

}  // namespace kiln

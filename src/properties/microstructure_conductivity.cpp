#include "properties/microstructure_conductivity.hpp"

#include <cmath>

namespace kiln {

double porosity_factor(PorosityLaw law, double rho, double archie_exponent, double p0) {
  switch (law) {
    case PorosityLaw::archie: return std::pow(rho, archie_exponent);
    case PorosityLaw::bruggeman: return std::pow(rho, 1.5);
    case PorosityLaw::exponential: return std::exp(-(1.0 - rho) / p0);
  }
  return 1.0;
}

double grain_conductivity(const ElectricalConductivity& c, double T, double G, double delta) {
  double total = 0.0, bulk = 0.0, gb = 0.0;
  for (const auto& t : c.terms()) {
    const double s = t.sigma(T);
    if (t.carrier == ArrheniusTerm::Carrier::electronic || t.path == ArrheniusTerm::Path::total) total += s;
    else if (t.path == ArrheniusTerm::Path::bulk) bulk += s;
    else gb += s;
  }
  if (bulk > 0 && gb > 0) total += 1.0 / (1.0 / bulk + (delta / G) / gb);  // brick layer
  else total += bulk + gb;
  return total;
}

PropertiesReport microstructure_properties(const Material& m, const MicrostructureState& s, const ConductivityOptions& o) {
  PropertiesReport r;
  const double pores = porosity_factor(o.porosity_law, s.relative_density, m.conductivity.archie_exponent(), o.exponential_p0);
  const double phase = std::pow(std::max(0.0, 1.0 - s.secondary_phase), 1.5);
  auto sigma = [&](double T) { return grain_conductivity(m.conductivity, T, s.grain_size, o.grain_boundary_width) * pores * phase; };
  r.sigma_dense_25C = grain_conductivity(m.conductivity, 298.15, s.grain_size, o.grain_boundary_width);
  r.sigma_25C = sigma(298.15);
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  int n = 0;
  for (double T = 298.15; T <= 573.15 + 1e-9; T += 25.0) {
    const double v = sigma(T);
    r.arrhenius.emplace_back(T, v);
    const double x = 1.0 / T, y = std::log(v * T);
    sx += x, sy += y, sxx += x * x, sxy += x * y, ++n;
  }
  const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  r.apparent_activation_energy = -slope * kBoltzmann_eV;
  const double p = 1.0 - s.relative_density;
  if (m.youngs_modulus) r.youngs_modulus = *m.youngs_modulus * std::exp(-o.spriggs_b * p);
  if (m.shear_modulus) {
    r.shear_modulus = *m.shear_modulus * std::exp(-o.spriggs_b * p);
    r.monroe_newman_ok = *r.shear_modulus >= 2.0 * kLithiumShearModulus;
  }
  return r;
}

nlohmann::json properties_json(const PropertiesReport& r, const MicrostructureState& s, const ConductivityOptions& o) {
  nlohmann::json table = nlohmann::json::array();
  for (const auto& [T, v] : r.arrhenius) table.push_back({{"temperature [K]", T}, {"conductivity [S/m]", v}});
  const char* law = o.porosity_law == PorosityLaw::archie ? "archie" : o.porosity_law == PorosityLaw::bruggeman ? "bruggeman" : "exponential";
  nlohmann::json j = {{"microstructure", {{"relative density", s.relative_density},
                                          {"grain size [m]", s.grain_size},
                                          {"secondary phase fraction", s.secondary_phase}}},
                      {"porosity law", law},
                      {"conductivity at 25 degC [S/m]", r.sigma_25C},
                      {"conductivity at 25 degC [S/cm]", r.sigma_25C / 100.0},
                      {"conductivity of the grains at 25 degC [S/m]", r.sigma_dense_25C},
                      {"apparent activation energy [eV]", r.apparent_activation_energy},
                      {"arrhenius", table}};
  if (r.youngs_modulus) j["Young's modulus [Pa]"] = *r.youngs_modulus;
  if (r.shear_modulus) {
    j["shear modulus [Pa]"] = *r.shear_modulus;
    j["Monroe-Newman: G > 2 G_Li (8.5 GPa)"] = *r.monroe_newman_ok;
  }
  return j;
}

}  // namespace kiln

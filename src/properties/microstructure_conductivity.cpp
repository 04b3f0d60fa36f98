#include "properties/microstructure_conductivity.hpp"

#include <cmath>
#include <stdexcept>

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
  // The material's terms are those of its measured sample (reference density): scale from there.
  const double reference = porosity_factor(o.porosity_law, m.conductivity.reference_density(), m.conductivity.archie_exponent(), o.exponential_p0);
  const double pores =
      porosity_factor(o.porosity_law, s.relative_density, m.conductivity.archie_exponent(), o.exponential_p0) / reference;
  const double phase = std::pow(std::max(0.0, 1.0 - s.secondary_phase), 1.5);
  auto sigma = [&](double T) { return grain_conductivity(m.conductivity, T, s.grain_size, o.grain_boundary_width) * pores * phase; };
  r.sigma_dense_25C = grain_conductivity(m.conductivity, 298.15, s.grain_size, o.grain_boundary_width) / reference;
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

PelletImpedance pellet_impedance(const Material& m, const MicrostructureState& s, const ConductivityOptions& o,
                                 const PelletImpedanceOptions& p) {
  constexpr double eps0 = 8.8541878128e-12;  // F/m, CODATA 2018
  if (!(p.thickness > 0) || !(p.area > 0)) throw std::invalid_argument("pellet thickness and area must be positive");
  double bulk = 0.0, gb = 0.0, total = 0.0;
  for (const auto& t : m.conductivity.terms()) {
    if (t.carrier == ArrheniusTerm::Carrier::electronic) continue;  // ionic arcs; electrons shunt negligibly here
    const double v = t.sigma(p.temperature);
    if (t.path == ArrheniusTerm::Path::bulk) bulk += v;
    else if (t.path == ArrheniusTerm::Path::grain_boundary) gb += v;
    else total += v;
  }
  const double f = porosity_factor(o.porosity_law, s.relative_density, m.conductivity.archie_exponent(), o.exponential_p0) /
                   porosity_factor(o.porosity_law, m.conductivity.reference_density(), m.conductivity.archie_exponent(), o.exponential_p0) *
                   std::pow(std::max(0.0, 1.0 - s.secondary_phase), 1.5);
  const double geometric = p.thickness / p.area;
  const double C_bulk = eps0 * p.relative_permittivity / geometric;
  PelletImpedance z;
  std::string circuit;
  auto add = [&](const std::string& part, std::initializer_list<double> values) {
    circuit += (circuit.empty() ? "" : "-") + part;
    z.parameters.insert(z.parameters.end(), values);
  };
  if (bulk > 0 && gb > 0) {
    z.bulk_resistance = geometric / (bulk * f);
    z.grain_boundary_resistance = geometric * (o.grain_boundary_width / s.grain_size) / (gb * f);
    add("p(R1,C1)", {z.bulk_resistance, C_bulk});
    add("p(R2,C2)", {z.grain_boundary_resistance, C_bulk * s.grain_size / o.grain_boundary_width});
  } else {
    const double sigma = bulk + gb + total;
    if (!(sigma > 0)) throw std::invalid_argument(m.name + " has no ionic conductivity terms");
    z.bulk_resistance = geometric / (sigma * f);
    add("p(R1,C1)", {z.bulk_resistance, C_bulk});
  }
  if (p.surface_layer_thickness > 0) {
    z.surface_resistance = 2 * p.surface_layer_thickness / (p.area * p.surface_layer_conductivity);
    add("p(R3,C3)", {z.surface_resistance, eps0 * p.surface_layer_permittivity * p.area / (2 * p.surface_layer_thickness)});
  }
  const double Q = p.double_layer_capacitance * p.area / 2;
  if (p.blocking_electrodes) add("CPE4", {Q, p.double_layer_exponent});
  else add("p(R4,CPE4)", {2 * p.interface_resistance / p.area, Q, p.double_layer_exponent});
  z.circuit = circuit;
  return z;
}

}  // namespace kiln

// Ionic conductivity and stiffness of a sintered microstructure (review sections 2.2.3, 3.2, 3.4;
// DESIGN.md 4.5): what a sintering run's density, grain size and secondary phases give.
//
//   sigma(T) = sigma_grains(T, G) * f_pores(rho) * (1 - f_2nd)^(3/2)
//
// sigma_grains: the material's Arrhenius terms. Where the material gives bulk and specific
// grain-boundary terms, the brick-layer model combines them with the grain size,
// 1/sigma = 1/sigma_b + (delta/G)/sigma_gb (van Dijk & Burggraaf 1981); otherwise its total terms.
// f_pores, selectable: Archie rho^m (the material's exponent), Bruggeman rho^(3/2), or the
// exponential decay exp(-p/p0) reported for garnets (p = 1 - rho). An insulating secondary phase
// (La2Zr2O7 from lithium loss) scales as (1 - f)^(3/2) (Bruggeman).
// Stiffness: Spriggs, J. Am. Ceram. Soc. 44 (1961) 628: E = E0 exp(-b p), the same for G;
// Monroe & Newman, J. Electrochem. Soc. 152 (2005) A396: dendrites are suppressed when the
// electrolyte's shear modulus exceeds about twice lithium's (4.25 GPa).
#pragma once

#include "materials/material.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace kiln {

enum class PorosityLaw { archie, bruggeman, exponential };

struct MicrostructureState {
  double relative_density = 1.0;
  double grain_size = 1e-6;        // m
  double secondary_phase = 0.0;    // volume fraction of an insulating phase
  std::string secondary_phase_name;
};

struct ConductivityOptions {
  PorosityLaw porosity_law = PorosityLaw::archie;
  double exponential_p0 = 0.026;           // porosity constant of the exponential law
  double grain_boundary_width = 1e-9;      // m, brick layer
  double spriggs_b = 3.0;                  // porosity constant of the moduli
};

double porosity_factor(PorosityLaw law, double rho, double archie_exponent, double p0);

// Conductivity of the grains (bulk and brick-layer grain boundaries), S/m.
double grain_conductivity(const ElectricalConductivity& c, double T, double grain_size, double boundary_width);

struct PropertiesReport {
  double sigma_25C = 0.0;       // S/m, total with porosity and phases
  double sigma_dense_25C = 0.0;  // S/m, the grains alone
  std::vector<std::pair<double, double>> arrhenius;  // (T [K], sigma [S/m]) from 25 to 300 degC
  double apparent_activation_energy = 0.0;           // eV, slope of ln(sigma T) against 1/T
  std::optional<double> youngs_modulus, shear_modulus;  // Pa, porous body
  std::optional<bool> monroe_newman_ok;
};

PropertiesReport microstructure_properties(const Material& material, const MicrostructureState& state,
                                           const ConductivityOptions& options);
nlohmann::json properties_json(const PropertiesReport& report, const MicrostructureState& state,
                               const ConductivityOptions& options);

inline constexpr double kLithiumShearModulus = 4.25e9;  // Pa, Monroe & Newman 2005

}  // namespace kiln

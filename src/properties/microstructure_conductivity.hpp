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

// The impedance of a pellet of this microstructure between two electrodes, as the equivalent
// circuit experimenters fit (brick layer, van Dijk & Burggraaf 1981; Bauerle 1969):
//   bulk  R_b = L/(A sigma_b f),  C_b = eps0 eps_r A/L
//   grain boundaries  R_gb = (L/A)(delta/G)/(sigma_gb f),  C_gb = C_b G/delta
//   surface layers (e.g. Li2CO3 on both faces, thickness d)  R_s = 2d/(A sigma_s),  C_s = eps0 eps_s A/(2d)
//   electrodes: blocking, a CPE of the double layer (C_dl A/2, two in series); reversible, R_ct || CPE.
// f is the porosity and secondary-phase factor of the conductivity. Ideal capacitors: the arcs
// are semicircles; a material with only total terms gives one arc for the grains.
struct PelletImpedanceOptions {
  double temperature = 298.15;         // K
  double thickness = 1e-3;             // m
  double area = 1e-4;                  // m^2
  bool blocking_electrodes = true;     // Au/Pt: blocking; Li: reversible
  double relative_permittivity = 50;   // of the grains (garnets: ~50-60)
  double double_layer_capacitance = 0.1;   // F/m^2 (10 uF/cm^2)
  double double_layer_exponent = 0.9;
  double interface_resistance = 0.01;      // Ohm m^2 (100 Ohm cm^2), reversible electrodes
  double surface_layer_thickness = 0;      // m, on each face
  double surface_layer_conductivity = 1e-6;  // S/m (1e-8 S/cm, of the order reported for Li2CO3)
  double surface_layer_permittivity = 5;
};

struct PelletImpedance {
  std::string circuit;                     // e.g. "p(R1,C1)-p(R2,C2)-CPE4"
  std::vector<double> parameters;          // in the circuit's parameter order
  double bulk_resistance = 0, grain_boundary_resistance = 0, surface_resistance = 0;  // Ohm
};

PelletImpedance pellet_impedance(const Material& material, const MicrostructureState& state, const ConductivityOptions& options,
                                 const PelletImpedanceOptions& pellet);

}  // namespace kiln

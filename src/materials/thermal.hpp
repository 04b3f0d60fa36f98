// Thermal properties of a ceramic: heat capacity (Maier-Kelley form) and thermal conductivity
// with a porosity correction.
#pragma once

namespace kiln {

// c_p(T) = a + b T + c / T^2 per unit mass (Maier & Kelley 1932), the form of most
// thermochemical tables for oxides.
struct HeatCapacity {
  double a = 0.0;  // J/(kg K)
  double b = 0.0;  // J/(kg K^2)
  double c = 0.0;  // J K/kg

  double cp(double T) const { return a + b * T + c / (T * T); }
  // Specific enthalpy relative to an arbitrary zero, h = integral of c_p dT; used to close the
  // energy balance exactly: heat stored = m [h(T_end) - h(T_start)].
  double enthalpy(double T) const { return a * T + 0.5 * b * T * T - c / T; }
};

// k(T, rho) = k_ref (T_ref / T)^n * (1 - p) / (1 + p / 2), p = 1 - rho. The porosity factor is the
// Maxwell-Eucken bound for insulating spherical pores in a continuous solid; n = 1 is the phonon
// (Umklapp) T^-1 law of crystalline oxides, n = 0 a constant.
struct ThermalConductivity {
  double k_ref = 0.0;    // W/(m K)
  double T_ref = 300.0;  // K
  double exponent = 0.0;

  double dense(double T) const;
  double k(double T, double rho) const;
};

}  // namespace kiln

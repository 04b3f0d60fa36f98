#include "materials/thermal.hpp"

#include <cmath>

namespace kiln {

double ThermalConductivity::dense(double T) const { return k_ref * std::pow(T_ref / T, exponent); }

double ThermalConductivity::k(double T, double rho) const {
  const double porosity = 1.0 - rho;
  return dense(T) * (1.0 - porosity) / (1.0 + 0.5 * porosity);
}

}  // namespace kiln

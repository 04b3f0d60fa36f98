// Electrical conductivity of a (porous) ceramic as a function of temperature and relative density.
//
// Each mechanism is an Arrhenius term, sigma = sigma0 exp(-Ea / kB T) or (sigma0 / T) exp(-Ea / kB T)
// (the second form follows from the Nernst-Einstein relation for hopping ions). Ionic bulk and
// grain-boundary terms act in series (the measured "specific" grain-boundary conductivity of an
// impedance spectrum, no grain-size scaling here: the brick-layer model belongs to the properties
// layer); "total" ionic terms and electronic terms act in parallel with them. Porosity lowers the
// conductivity by Archie's law sigma = sigma_dense * rho^m (m = 1.5 is Bruggeman's exponent).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace kiln {

// Boltzmann constant in eV/K and J/K (CODATA 2018, exact).
inline constexpr double kBoltzmann_eV = 8.617333262e-5;
inline constexpr double kBoltzmann = 1.380649e-23;
inline constexpr double kGasConstant = 8.314462618;  // J/(mol K)
inline constexpr double kStefanBoltzmann = 5.670374419e-8;  // W/(m^2 K^4)

struct ArrheniusTerm {
  enum class Carrier { ionic, electronic };
  enum class Path { total, bulk, grain_boundary };
  Carrier carrier = Carrier::ionic;
  Path path = Path::total;
  double sigma0 = 0.0;            // S/m, or S K/m when over_T
  bool over_T = false;            // prefactor sigma0 / T
  double activation_energy = 0.0;  // J (per carrier)

  double sigma(double T) const;
  // d ln(sigma) / dT, for the runaway criterion.
  double dlog_sigma_dT(double T) const;
};

class ElectricalConductivity {
 public:
  ElectricalConductivity() = default;
  // `reference_density`: the relative density of the sample the terms were measured on; the
  // dense conductivity is then terms / reference_density^m (Archie), and other porosity laws
  // (properties) scale from the measured sample as f(rho)/f(reference_density).
  ElectricalConductivity(std::vector<ArrheniusTerm> terms, double archie_exponent, double reference_density = 1.0);

  // Conductivity of the dense material at temperature T [K], in S/m.
  double dense(double T) const;
  // Conductivity of a body at relative density rho (0 < rho <= 1).
  double sigma(double T, double rho) const;
  // d sigma / dT at fixed rho, by the chain rule through every term.
  double dsigma_dT(double T, double rho) const;
  double archie_exponent() const { return archie_exponent_; }
  double reference_density() const { return reference_density_; }
  // The electronic terms alone: what carries a DC current between ion-blocking electrodes once
  // the ionic current has polarised them. Empty optional when the material has none.
  std::optional<ElectricalConductivity> electronic_part() const;
  const std::vector<ArrheniusTerm>& terms() const { return terms_; }

 private:
  std::vector<ArrheniusTerm> terms_;
  double reference_density_ = 1.0;
  double dense_scale_ = 1.0;  // 1 / reference_density^m
  double archie_exponent_ = 1.5;
};

}  // namespace kiln

// Point-wise laws of the cell models: open-circuit potentials and electrode kinetics. Like the
// sintering laws, they are small objects the models call; a new electrode material is a new
// OpenCircuitPotential, not a change of the model.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace kiln {

inline constexpr double kFaraday = 96485.33212;  // C/mol, CODATA 2018

// Open-circuit potential of an intercalation electrode against Li/Li+, in V, as a function of its
// stoichiometry theta = c / c_max.
class OpenCircuitPotential {
 public:
  virtual ~OpenCircuitPotential() = default;
  virtual double potential(double theta) const = 0;
  virtual std::string name() const = 0;
  virtual std::vector<std::string> references() const { return {}; }
};

// LiCoO2 (Ramadass, Haran, Gomadam, White & Popov, J. Electrochem. Soc. 151 (2004) A196,
// Eq. A.2; the function PyBaMM uses as lico2_ocp_Ramadass2004), a ratio of even polynomials in
// theta, fitted for 0.4 < theta < 1.
class LiCoO2Ramadass2004 final : public OpenCircuitPotential {
 public:
  double potential(double theta) const override;
  std::string name() const override { return "LiCoO2_Ramadass2004"; }
  std::vector<std::string> references() const override { return {"Ramadass2004"}; }
};

// A measured curve: (theta, U) pairs, linear in between, constant beyond the ends.
class TabulatedPotential final : public OpenCircuitPotential {
 public:
  TabulatedPotential(std::vector<double> theta, std::vector<double> potential, std::string source);
  double potential(double theta) const override;
  std::string name() const override { return "tabulated"; }

 private:
  std::vector<double> theta_, potential_;
  std::string source_;
};

std::shared_ptr<const OpenCircuitPotential> open_circuit_potential(const std::string& name);

// Butler–Volmer with equal transfer coefficients (alpha = 1/2): the overpotential that drives a
// current density i through an interface of exchange current density i0,
// eta = (2RT/F) asinh(i / (2 i0)); positive for an oxidation (i > 0).
double butler_volmer_overpotential(double current_density, double exchange_current_density, double temperature);

}  // namespace kiln

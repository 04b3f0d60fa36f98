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

// LiCoO2 from the Dualfoil data (Garcia 2001 for 0.5 < theta < 0.99, Doyle for theta < 0.4), the
// sum of tanh terms PyBaMM ships as lico2_ocp_Dualfoil1998 (parameter set Marquis2019). Bounded
// everywhere: 4.2 V at theta = 0.495, 3.0 V at 0.967. (Ramadass et al. 2004's rational fit is not
// offered: its denominator vanishes at theta = 0.245, 0.374 and 0.889.)
class LiCoO2Dualfoil1998 final : public OpenCircuitPotential {
 public:
  double potential(double theta) const override;
  std::string name() const override { return "LiCoO2_Dualfoil1998"; }
  std::vector<std::string> references() const override { return {"Marquis2019"}; }
};

// NMC811 (LG M50 cell; Chen et al., J. Electrochem. Soc. 167 (2020) 080534, as PyBaMM ships it:
// nmc_LGM50_ocp_Chen2020): a line plus three tanh terms, smooth for 0 <= theta <= 1 (4.68 V to
// 3.49 V; 4.2 V at theta = 0.305).
class NMC811Chen2020 final : public OpenCircuitPotential {
 public:
  double potential(double theta) const override;
  std::string name() const override { return "NMC811_Chen2020"; }
  std::vector<std::string> references() const override { return {"Chen2020"}; }
};

// A measured curve: (theta, value) pairs, linear in between, constant beyond the ends. Also used
// for diffusivities (interpolated in log when `logarithmic`).
class TabulatedPotential final : public OpenCircuitPotential {
 public:
  TabulatedPotential(std::vector<double> theta, std::vector<double> potential, std::string source, bool logarithmic = false);
  double potential(double theta) const override;
  std::string name() const override { return "tabulated"; }

 private:
  std::vector<double> theta_, potential_;
  std::string source_;
  bool logarithmic_ = false;
};

std::shared_ptr<const OpenCircuitPotential> open_circuit_potential(const std::string& name);

// Butler–Volmer with equal transfer coefficients (alpha = 1/2): the overpotential that drives a
// current density i through an interface of exchange current density i0,
// eta = (2RT/F) asinh(i / (2 i0)); positive for an oxidation (i > 0).
double butler_volmer_overpotential(double current_density, double exchange_current_density, double temperature);

}  // namespace kiln

// Lithium loss of a Li-containing ceramic during firing, by evaporation of Li2O from its surface.
//
// The molar flux of lithium leaving the surface is j = k0 exp(-Q/RT) f_atm, where f_atm scales it
// for the atmosphere (1 in air by definition; below 1 in a Li2O-rich atmosphere or a bed of mother
// powder that raises the Li2O partial pressure over the specimen). The lost fraction of the
// specimen's initial lithium x grows as dx/dt = j S / N_Li0, so a thin or porous body (large
// surface-to-volume ratio S/V) loses more. Beyond a threshold loss x_c the structure cannot
// accommodate more lithium vacancies and a secondary phase forms (La2Zr2O7 in LLZO), reported as
// a phase fraction f = min(1, (x - x_c) * phase_per_loss).
//
// Phenomenological: one Arrhenius rate with an atmosphere factor stands for the evaporation
// kinetics; open porosity (internal surface) and Li2O diffusion inside the body are not resolved.
#pragma once

#include "core/input.hpp"
#include "core/provenance.hpp"
#include "kinetics/law_registry.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace kiln {

class LithiumLossLaw {
 public:
  LithiumLossLaw(double rate_prefactor, double activation_energy, std::map<std::string, double> atmosphere_factors,
                 double lithium_per_formula_unit, double molar_mass, std::string secondary_phase, double threshold,
                 double phase_per_loss);

  // Molar flux of lithium out of the surface, mol/(m^2 s), in the named atmosphere.
  double flux(double T, const std::string& atmosphere) const;
  // Moles of lithium in a body of the given mass.
  double lithium_moles(double mass) const { return mass / molar_mass_ * li_per_fu_; }
  // Fraction of the body that has turned into the secondary phase at a lost fraction x.
  double secondary_phase_fraction(double lost_fraction) const;
  const std::string& secondary_phase() const { return phase_; }
  bool knows(const std::string& atmosphere) const { return factors_.count(atmosphere) > 0; }
  std::vector<std::string> atmospheres() const;

 private:
  double k0_, Q_;
  std::map<std::string, double> factors_;
  double li_per_fu_, molar_mass_;
  std::string phase_;
  double threshold_, phase_per_loss_;
};

// From a material's [lithium_loss] table.
std::unique_ptr<LithiumLossLaw> make_lithium_loss_law(const InputTable& table, Provenance& provenance);

}  // namespace kiln

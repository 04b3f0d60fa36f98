// Laws of cold sintering (review sections 3.2, 3.3, 3.5; DESIGN.md 4.4): a powder wetted by a
// transient solvent densifies under pressure at < 300 degC by dissolution at the loaded contacts,
// transport through the liquid film and precipitation in the pores (pressure-solution creep), and
// coarsens by Ostwald ripening, until the solvent has evaporated.
//
// The loaded contacts of a powder compact carry far more than the applied pressure while they are
// small. The effective contact stress follows Helle, Easterling & Ashby (Acta Metall. 33 (1985)
// 2163), stage 1 of their HIP maps: sigma_eff = p (1 - rho0) / (rho^2 (rho - rho0)), at least p,
// and never more than the hardness H (the contact yields plastically).
#pragma once

#include "kinetics/densification.hpp"
#include "kinetics/grain_growth.hpp"

#include <memory>
#include <string>
#include <vector>

namespace kiln {

// Helle et al. (1985) contact stress, Pa; rho0 is the packing density at which contacts form.
double contact_stress(double pressure, double rho, double rho0, double hardness);

// Solubility of the solid in one solvent, as a volume fraction (c V_m), with a van 't Hoff
// temperature dependence; under a contact stress it rises as exp(sigma V_m / RT)
// (pressure-enhanced solubility).
struct Solubility {
  double reference = 0.0;  // volume fraction at T_ref and zero stress
  double enthalpy = 0.0;   // J/mol, dissolution enthalpy (positive: more soluble when hot)
  double reference_temperature = 298.15;
  double at(double T) const;
};

// Everything pressure-solution creep and ripening need to know about one material in one solvent.
struct PressureSolutionParameters {
  double molar_volume = 0.0;             // m^3/mol
  double hardness = 0.0;                 // Pa
  double packing_density = 0.64;         // rho0 of the contact-stress law
  Solubility solubility;                 // in this solvent
  double diffusivity = 0.0;              // m^2/s at T_ref, in the liquid
  double diffusion_activation_energy = 0.0;  // J/mol
  double film_thickness = 1e-9;          // m, liquid film in the contacts
  double reaction_rate = 0.0;            // m/s, interface reaction constant at T_ref (0: no reaction limit)
  double reaction_activation_energy = 0.0;
  double diffusion_constant = 8.0;       // A_d, geometric (Rutter 1976)
  double reaction_constant = 1.0;        // A_r
  double interfacial_energy = 0.5;       // J/m^2, solid-liquid (Ostwald ripening)
  double ripening_constant = 1.0;        // scales LSW: a thin film, not a dispersion, carries the flux
  double reference_temperature = 298.15;
  double inert_fraction = 0.0;           // volume fraction of a second phase that does not dissolve

  // Transport in the liquid and at the interface at temperature T (Arrhenius from T_ref).
  double diffusivity_at(double T) const;
  double reaction_rate_at(double T) const;
};

// Pressure-solution creep: the axial (die) or linear (isostatic) strain rate of the skeleton,
//   diffusion control  e_d = A_d (D delta / d^3) x_s sigma_eff V_m / RT
//   reaction control   e_r = A_r (k_r / d)      x_s sigma_eff V_m / RT
// in series, 1/e = 1/e_d + 1/e_r (the slower step controls; Rutter 1976, Raj 1982). Only where
// liquid fills part of the pores. d(rho)/dt = rho e in a die, 3 rho e isostatically. A second phase
// that does not dissolve (a polymer, carbon fibres) carries none of the transport: the rate falls
// as (1 - f_inert).
class PressureSolutionDensification final : public DensificationLaw {
 public:
  explicit PressureSolutionDensification(PressureSolutionParameters p) : p_(p) {}
  double rate(const MaterialPoint& point) const override;
  std::string name() const override { return "pressure_solution"; }
  std::vector<std::string> references() const override { return {"Rutter1976", "Raj1982"}; }
  bool responds_to_pressure() const override { return true; }
  double strain_rate(const MaterialPoint& point) const;  // 1/s, before the loading geometry
  const PressureSolutionParameters& parameters() const { return p_; }

 private:
  PressureSolutionParameters p_;
};

// Plastic compaction of a dry (or wet) powder: the body densifies until the contact stress has
// fallen to the hardness, rho_y solving sigma_eff(p, rho_y) = H (Helle et al. 1985), approached
// with a short relaxation time (the plastic flow is fast compared with a process step). No
// creep: at < 300 degC ceramics do not creep.
class PlasticCompaction final : public DensificationLaw {
 public:
  PlasticCompaction(double hardness, double packing_density, double relaxation_time = 1.0);
  double rate(const MaterialPoint& point) const override;
  std::string name() const override { return "plastic_compaction"; }
  std::vector<std::string> references() const override { return {"Helle1985"}; }
  bool responds_to_pressure() const override { return true; }
  double yield_density(double pressure) const;

 private:
  double H_, rho0_, tau_;
};

// Several mechanisms at once: their rates add (pressure solution while wet, plastic compaction,
// and the thermal law of the material for a post-anneal).
class CombinedDensification final : public DensificationLaw {
 public:
  explicit CombinedDensification(std::vector<std::shared_ptr<const DensificationLaw>> laws) : laws_(std::move(laws)) {}
  double rate(const MaterialPoint& point) const override;
  std::string name() const override;
  std::vector<std::string> references() const override;
  bool responds_to_pressure() const override;

 private:
  std::vector<std::shared_ptr<const DensificationLaw>> laws_;
};

// Ostwald ripening in the liquid (Lifshitz-Slyozov-Wagner, diffusion control):
// G^3 - G0^3 = k t, k = A_rip (8/9) gamma D x_s V_m / (RT), as a rate dG/dt = k / (3 G^2); only
// while liquid is present. LSW (A_rip = 1) describes grains dispersed in a liquid; in a compact
// wetted by a thin film the flux is far smaller, which A_rip < 1 accounts for (phenomenological).
class OstwaldRipening final : public GrainGrowthLaw {
 public:
  explicit OstwaldRipening(PressureSolutionParameters p) : p_(p) {}
  double rate(const MaterialPoint& point) const override;
  std::string name() const override { return "ostwald_ripening"; }
  std::vector<std::string> references() const override { return {"Lifshitz1961", "Wagner1961"}; }
  double rate_constant(double T) const;  // k, m^3/s

 private:
  PressureSolutionParameters p_;
};

class CombinedGrainGrowth final : public GrainGrowthLaw {
 public:
  explicit CombinedGrainGrowth(std::vector<std::shared_ptr<const GrainGrowthLaw>> laws) : laws_(std::move(laws)) {}
  double rate(const MaterialPoint& point) const override;
  std::string name() const override;
  std::vector<std::string> references() const override;

 private:
  std::vector<std::shared_ptr<const GrainGrowthLaw>> laws_;
};

// A transient solvent that leaves through the die gap at a rate set by its vapour pressure
// (Clausius-Clapeyron from the normal boiling point): dw/dt = -e p_v(T)/p_atm.
struct Solvent {
  std::string name;
  double boiling_point = 373.15;           // K at 1 atm
  double vaporization_enthalpy = 40.65e3;  // J/mol
  double molar_volume = 18.07e-6;          // m^3/mol of the liquid
  double density = 958.0;                  // kg/m^3 of the liquid
  double vapour_pressure_ratio(double T) const;  // p_v / 1 atm
};

}  // namespace kiln

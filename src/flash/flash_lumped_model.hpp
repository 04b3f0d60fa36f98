// Lumped (0-D) model of flash sintering: the energy balance of the gauge section heated by the
// current and exchanging heat with the furnace (DESIGN.md 4.1; Raj 2012, Todd et al. 2015),
//
//   m c_p(T) dT/dt = P_el - A_s [eps sigma_SB (T^4 - T_f^4) + h (T - T_f)],
//   P_el from the supply into R = L / (sigma(T, rho) A_c),
//
// with densification and grain growth from the point-wise kinetics laws, integrated together by
// SUNDIALS CVODE (variable-order BDF, error-controlled steps) so that minutes of incubation and
// the seconds of the flash need no user-chosen time step. The supply's switch from voltage to
// current control, the flash onset, is located exactly by CVODE's root finding.
//
// Assumptions: uniform temperature in the gauge section (Biot number << 1: the FEM model of
// issue #4 lifts this); heat lost through the electrodes neglected; isotropic shrinkage at
// constant mass; the conductivity follows the specimen temperature instantaneously.
#pragma once

#include "process/specimen.hpp"
#include "solvers/stiff_integrator.hpp"  // SolverError
#include "kinetics/densification.hpp"
#include "kinetics/grain_growth.hpp"
#include "materials/material.hpp"
#include "process/furnace_schedule.hpp"
#include "process/power_supply.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace kiln {

// The material properties the lumped flash model uses.
struct FlashMaterial {
  ElectricalConductivity conductivity;
  HeatCapacity heat_capacity;
  double emissivity = 0.9;
  double theoretical_density = 6000.0;  // kg/m^3
  double limit_temperature = 3000.0;    // K, melting or decomposition
  std::string limit_kind = "melting";

  static FlashMaterial from(const Material& m);
};

// Everything known about the specimen at one instant.
struct FlashObservation {
  double time = 0;               // s
  double furnace_temperature = 0;  // K
  double temperature = 0;          // K
  double field = 0;                // V/m over the current gauge length
  double current_density = 0;      // A/m^2 over the current cross-section
  double voltage = 0, current = 0, power = 0;  // V, A, W
  double power_density = 0;  // W/m^3 of the current gauge volume
  double conductivity = 0;   // S/m
  double relative_density = 0;
  double grain_size = 0;  // m
  PowerSupply::State supply_state = PowerSupply::State::off;
  double electrical_energy = 0, radiated_energy = 0, convected_energy = 0;  // J, since t = 0
};

struct FlashSolverSettings {
  double end_time = 0;          // s
  double relative_tolerance = 1e-6;
  double output_interval = 0;   // s between time-series rows; 0 = every step
  double output_temperature_change = 2.0;  // K: also write a row when T moved this much
};

struct FlashResult {
  std::string exit_state = "completed";  // or "stopped: ..." (a physical stop, e.g. melting)
  std::optional<double> onset_time, onset_furnace_temperature, onset_temperature, onset_power_density;
  double peak_temperature = 0, peak_temperature_time = 0;
  FlashObservation initial, final;
  double stored_heat = 0;               // J, m [h(T_end) - h(T_0)]
  double energy_balance_residual = 0;   // (E_el - losses - stored) / max(E_el, |losses|)
  long steps = 0, rhs_evaluations = 0, step_retries = 0;
};

class FlashLumpedModel {
 public:
  FlashLumpedModel(FlashMaterial material, LumpedSpecimen specimen, FurnaceSchedule furnace, PowerSupply supply,
                   std::shared_ptr<const DensificationLaw> densification,
                   std::shared_ptr<const GrainGrowthLaw> grain_growth);

  // State y = [T, rho, G, E_el, E_rad, E_conv]; returns false when y is outside the physical
  // domain (the integrator then cuts its step).
  static constexpr int kStateSize = 6;
  bool rhs(double t, const double* y, double* ydot) const;
  FlashObservation observe(double t, const double* y) const;
  double mass() const;  // kg of the gauge section
  double switch_margin(double t, const double* y) const;

  // Integrates from t = 0 with the specimen at the furnace temperature. `observer` sees the
  // time-series rows as they are computed. Throws SolverError when the integrator gives up.
  FlashResult run(const FlashSolverSettings& settings,
                  const std::function<void(const FlashObservation&)>& observer = {}) const;

  const FlashMaterial& material() const { return material_; }
  const LumpedSpecimen& specimen() const { return specimen_; }
  const FurnaceSchedule& furnace() const { return furnace_; }
  const PowerSupply& supply() const { return supply_; }

 private:
  struct Electrical {
    GaugeGeometry gauge;  // current size
    double radiating_area;
    double sigma, resistance;
    PowerSupply::Output out;
  };
  Electrical electrical(double t, double T, double rho) const;

  FlashMaterial material_;
  LumpedSpecimen specimen_;
  FurnaceSchedule furnace_;
  PowerSupply supply_;
  std::shared_ptr<const DensificationLaw> densification_;
  std::shared_ptr<const GrainGrowthLaw> grain_growth_;
};

}  // namespace kiln

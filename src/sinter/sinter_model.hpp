// Furnace sintering, with or without applied pressure, of a specimen small enough to follow the
// furnace temperature (0-D): relative density, grain size and lithium loss integrated in time
// from the point-wise kinetics laws, along a furnace program (ramps, holds, two-step sintering)
// and a pressure program (hot pressing, SPS/FAST, HIP, oscillatory pressure).
//
//   d(rho)/dt = densification law (T, rho, G, p, loading)
//   dG/dt     = grain-growth law (T, rho, G)
//   dx_Li/dt  = j_Li(T, atmosphere) S(rho) / N_Li0     (lithium-loss law, optional)
//   dw/dt     = -e p_v(T) / p_atm                       (transient solvent of cold sintering, optional)
//
// The liquid the laws see is what the pores can hold, min(w, (1 - rho)/rho) per volume of solid;
// the rest has been squeezed out and evaporates from the die gap. The mechanical work of the press
// is integrated alongside, p dV = p V0 rho0 d(rho) / rho^2.
//
// The specimen shrinks isotropically when free or isostatically pressed, L = L0 (rho0/rho)^(1/3);
// in a die only its height changes, H = H0 rho0/rho. A dilatometer reads dL/L0 along that axis.
#pragma once

#include "kinetics/cold_sintering.hpp"
#include "kinetics/densification.hpp"
#include "kinetics/grain_growth.hpp"
#include "kinetics/lithium_loss.hpp"
#include "process/furnace_schedule.hpp"
#include "process/pressure_schedule.hpp"
#include "process/specimen.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace kiln {

struct SinterObservation {
  double time = 0;         // s
  double temperature = 0;  // K
  double pressure = 0;     // Pa
  double relative_density = 0;
  double densification_rate = 0;  // 1/s
  double grain_size = 0;          // m
  double lithium_loss = 0;        // fraction of the initial lithium
  double secondary_phase = 0;     // fraction of the body
  double strain = 0;              // dL/L0 along the measured axis (negative: shrinkage)
  double liquid = 0;              // solvent in the pores per volume of solid
  int stage = 0;                  // cold sintering: 1 rearrangement, 2 pressure solution, 3 dry; 0 otherwise
  double mechanical_work = 0;     // J done by the press since t = 0
};

// The transient liquid of cold sintering.
struct TransientLiquid {
  Solvent solvent;
  double initial = 0.0;           // volume of solvent per volume of solid at the start
  double evaporation_rate = 0.0;  // 1/s: loss of w per second when its vapour pressure is 1 atm
  double packing_density = 0.64;  // density at which the rearranged particles form a skeleton
};

struct SinterResult {
  std::string exit_state = "completed";
  SinterObservation initial, final;
  double peak_densification_rate = 0, peak_rate_temperature = 0, peak_rate_time = 0;
  std::optional<double> time_to_90, time_to_95;  // s to reach 90 % / 95 % relative density
  std::optional<double> liquid_gone;               // s when the pores held no more liquid
  long steps = 0, rhs_evaluations = 0;
};

struct SinterSolverSettings {
  double end_time = 0;
  double relative_tolerance = 1e-6;
  double output_interval = 0;
  double output_density_change = 0.002;
};

class SinterModel {
 public:
  SinterModel(LumpedSpecimen specimen, double theoretical_density, FurnaceSchedule furnace, PressureSchedule pressure,
              std::shared_ptr<const DensificationLaw> densification, std::shared_ptr<const GrainGrowthLaw> grain_growth,
              std::shared_ptr<const LithiumLossLaw> lithium_loss, std::string atmosphere,
              double limit_temperature = 1e30, std::string limit_kind = "melting",
              std::optional<TransientLiquid> liquid = std::nullopt);

  static constexpr int kStateSize = 5;  // rho, G, x_Li, w (liquid), W (press work)
  bool rhs(double t, const double* y, double* ydot) const;
  SinterObservation observe(double t, const double* y) const;
  MaterialPoint point(double t, const double* y) const;
  SinterResult run(const SinterSolverSettings& settings,
                   const std::function<void(const SinterObservation&)>& observer = {}) const;

  const LumpedSpecimen& specimen() const { return specimen_; }
  const FurnaceSchedule& furnace() const { return furnace_; }
  const PressureSchedule& pressure() const { return pressure_; }
  const LithiumLossLaw* lithium_loss() const { return lithium_loss_.get(); }
  const std::string& atmosphere() const { return atmosphere_; }
  const std::optional<TransientLiquid>& liquid() const { return liquid_; }
  double solid_volume() const { return specimen_.green_density * specimen_.gauge.volume; }

 private:
  double strain(double rho) const;
  double surface(double rho) const;  // m^2 that loses lithium

  LumpedSpecimen specimen_;
  double theoretical_density_;
  FurnaceSchedule furnace_;
  PressureSchedule pressure_;
  std::shared_ptr<const DensificationLaw> densification_;
  std::shared_ptr<const GrainGrowthLaw> grain_growth_;
  std::shared_ptr<const LithiumLossLaw> lithium_loss_;
  std::string atmosphere_;
  double limit_temperature_;  // K: the run stops when the furnace reaches it
  std::string limit_kind_;
  std::optional<TransientLiquid> liquid_;
  double lithium_moles_ = 0.0;
  double pore_liquid(double rho, double w) const;
};

}  // namespace kiln

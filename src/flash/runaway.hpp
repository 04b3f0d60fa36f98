// The thermal-runaway criterion of flash onset (Todd, Zapata-Solvas, Bonilla, Sneddon & Wilshaw,
// J. Eur. Ceram. Soc. 35 (2015) 1865): under constant voltage a specimen whose conductivity
// rises with temperature has a steady state P_el(T) = P_loss(T, T_f) only while it is stable,
// dP_el/dT < dP_loss/dT. The furnace temperature at which the stable steady state disappears
// (the fold, where both equalities hold) is the predicted flash onset.
#pragma once

#include "flash/flash_lumped_model.hpp"

#include <optional>

namespace kiln {

struct RunawayPoint {
  double furnace_temperature;   // K: onset furnace temperature T_f*
  double specimen_temperature;  // K: steady specimen temperature at the fold T*
  double power_density;         // W/m^3 at the fold
};

// For the model's supply in voltage control, at the green geometry (no densification before the
// onset). Returns nothing when no fold exists below the material's limit temperature, or when
// the specimen runs away even in a cold furnace.
std::optional<RunawayPoint> voltage_control_runaway(const FlashLumpedModel& model);

// Raj (J. Eur. Ceram. Soc. 32 (2012) 2293): steady temperature of a specimen that loses the
// electrical power only by radiation, T^4 = T_f^4 + P / (A_s eps sigma_SB).
double black_body_temperature(double furnace_temperature, double power, double radiating_area, double emissivity);

}  // namespace kiln

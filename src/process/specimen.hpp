// The specimen of a lumped (0-D) study (flash or furnace sintering): the gauge section between the electrodes, described by
// its size at the start, its green density and grain size. Densification shrinks it
// isotropically, L = L0 (rho0/rho)^(1/3) (review Eq. 10), at constant mass.
#pragma once

#include "core/input.hpp"
#include "process/power_supply.hpp"  // GaugeGeometry

#include <optional>
#include <string>

namespace kiln {

struct LumpedSpecimen {
  std::string shape;           // "bar", "dogbone", "cylinder", "pellet"
  GaugeGeometry gauge;         // at the start
  double radiating_area = 0.0;  // m^2, at the start: the surface exchanging heat with the furnace
  double mantle_area = 0.0;     // m^2, the lateral surface (what a die wall covers)
  double green_density = 0.6;   // relative
  double initial_grain_size = 1e-7;  // m

  // Linear scale factor (rho0/rho)^(1/3) for a current relative density.
  double scale(double rho) const;

  // From [specimen]. `default_grain_size` comes from the material's powder, if it has one.
  static LumpedSpecimen from_input(const InputTable& table, std::optional<double> default_grain_size);
};

}  // namespace kiln

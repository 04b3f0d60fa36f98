// The specimen of a lumped (0-D) study: the gauge section between the electrodes, described by
// its size at the start, its green density and grain size. Densification shrinks it
// isotropically, L = L0 (rho0/rho)^(1/3) (review Eq. 10), at constant mass.
#pragma once

#include "core/input.hpp"
#include "process/power_supply.hpp"

#include <optional>
#include <string>

namespace kiln {

struct LumpedSpecimen {
  std::string shape;           // "bar", "dogbone", "cylinder", "pellet"
  GaugeGeometry gauge;         // at the start
  double radiating_area = 0.0;  // m^2, at the start
  double green_density = 0.6;   // relative
  double initial_grain_size = 1e-7;  // m
  // Electrodes that exchange no ions with the specimen (platinum on a Li+ or Na+ conductor): under
  // DC the ionic current polarises them within seconds and only electrons carry the steady
  // current (Caliman et al., J. Eur. Ceram. Soc. 36 (2016) 1253). Reversible electrodes (Pt in air
  // on an O2- conductor such as YSZ) pass the ionic current.
  bool ion_blocking_electrodes = false;

  // Linear scale factor (rho0/rho)^(1/3) for a current relative density.
  double scale(double rho) const;

  // From [specimen]. `default_grain_size` comes from the material's powder, if it has one.
  static LumpedSpecimen from_input(const InputTable& table, std::optional<double> default_grain_size);
};

}  // namespace kiln

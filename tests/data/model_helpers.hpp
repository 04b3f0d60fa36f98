// Small lumped flash models with round numbers for verification tests.
#pragma once

#include "flash/flash_lumped_model.hpp"
#include "process/pressure_schedule.hpp"

#include <fmt/format.h>

#include <cmath>
#include <memory>

namespace kiln::testing {

inline FlashMaterial simple_material(double sigma_1000K = 1.0, double Ea_eV = 1.0) {
  FlashMaterial m;
  ArrheniusTerm t;
  t.activation_energy = Ea_eV * 1.602176634e-19;
  t.sigma0 = sigma_1000K / std::exp(-t.activation_energy / (kBoltzmann * 1000.0));
  m.conductivity = ElectricalConductivity({t}, 1.5);
  m.heat_capacity = {565.0, 0.0611, -1.141e7};
  m.emissivity = 0.8;
  m.theoretical_density = 6080.0;
  m.limit_temperature = 2973.0;
  return m;
}

inline LumpedSpecimen bar(double green_density = 0.5, double grain_size = 1e-7) {
  LumpedSpecimen s;
  s.shape = "bar";
  const double L = 0.02, w = 3.3e-3, t = 1.58e-3;
  s.gauge = {L, w * t, L * w * t};
  s.radiating_area = 2 * (w + t) * L;
  s.mantle_area = s.radiating_area;
  s.green_density = green_density;
  s.initial_grain_size = grain_size;
  return s;
}

inline FurnaceSchedule ramp(double T0, double rate, double T1) {
  auto doc = InputDocument::from_string(
      fmt::format("[f]\nstart = {}\nheating_rate = {}\nmax = {}\n", T0, rate, T1), "ramp.toml");
  return FurnaceSchedule::from_input(doc.root().table("f", ""));
}

}  // namespace kiln::testing

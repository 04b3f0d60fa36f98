// Schedule maps for furnace sintering: a [sweep] table on a sinter.conventional or
// sinter.pressure input (hold temperature, hold time, heating rate, pressure, atmosphere
// factor, green density...) gives final density, grain size and lithium loss at every point.
#pragma once

#include "core/sweep.hpp"
#include "materials/material.hpp"

namespace kiln {

SweepKind sinter_sweep_kind(const MaterialDatabase& database);

}  // namespace kiln

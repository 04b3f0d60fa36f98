// Which kinetics laws a study uses: the input's [kinetics.*] tables when given, else the
// material's defaults. Shared by every runner, so that a law chosen in one study is chosen the
// same way in all.
#pragma once

#include "core/input.hpp"
#include "kinetics/densification.hpp"
#include "kinetics/grain_growth.hpp"
#include "kinetics/lithium_loss.hpp"
#include "materials/material.hpp"

#include <memory>
#include <optional>

namespace kiln {

struct SelectedLaws {
  std::shared_ptr<const DensificationLaw> densification;  // null: none
  std::shared_ptr<const GrainGrowthLaw> grain_growth;     // null: none
  std::shared_ptr<const LithiumLossLaw> lithium_loss;     // null: not modelled
  std::optional<double> powder_grain_size;                 // from the grain-growth table, m
};

enum class DensificationDefault { free, under_pressure };

// Reads [kinetics] of `root` (densification, grain_growth, lithium_loss) over the material's
// tables; records every parameter in the material's provenance. Under pressure the material's
// [pressure_densification] is the default when it has one.
SelectedLaws select_laws(const InputTable& root, Material& material, DensificationDefault which);

// A master curve starts at its lower asymptote rho0: the green density must lie above it.
// `specimen` is the [specimen] table, for the error's file and line.
void check_green_density(const SelectedLaws& laws, const InputTable& specimen, double green_density);

}  // namespace kiln

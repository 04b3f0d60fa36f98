// A finished sintering or flash run read back as the body it made: its material (with the run's
// overrides), the final microstructure (density, grain size, secondary phase) and, for a pellet,
// its size after shrinkage. `kiln properties` and the cells (a separator from a sintering run)
// start from it.
#pragma once

#include "materials/material.hpp"
#include "properties/microstructure_conductivity.hpp"

#include <filesystem>
#include <optional>

namespace kiln {

struct SinteredBody {
  std::filesystem::path run_directory;
  Material material;
  MicrostructureState state;
  std::optional<double> thickness, diameter;  // m, after the run's linear strain (taken as isotropic)
  double linear_scale = 1.0;                   // final/initial length
};

// Throws InputError naming the file when the directory is not a finished run with a microstructure.
SinteredBody read_sintered_body(const std::filesystem::path& run_dir, const MaterialDatabase& database);

// Ionic conductivity of the body at temperature T (S/m): the microstructure's conductivity
// (porosity law, secondary phase, reference density) at T.
double body_conductivity(const SinteredBody& body, double T, const ConductivityOptions& options = {});

}  // namespace kiln

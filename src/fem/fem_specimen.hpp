// The specimen of a finite-element flash study: its shape as experimenters describe it (a bar, a
// cylinder or pellet, the dog-bone with wire holes of most flash experiments, or a Gmsh file),
// the spatial model that represents it (3-D, a thin plate in the plane, or axisymmetric), where
// the electrodes sit, and how finely to mesh it. Free of deal.II: the mesh is built from this in
// fem_mesh.cpp.
#pragma once

#include "core/input.hpp"
#include "process/power_supply.hpp"  // GaugeGeometry

#include <array>
#include <optional>
#include <string>

namespace kiln {

// How the specimen is represented in space.
enum class SpatialModel {
  three_d,       // the full 3-D body
  plane,         // a plate of uniform thickness: the mesh is its plan; temperature, potential and
                 // density are uniform through the thickness, and both faces lose heat
  axisymmetric   // a body of revolution about the y axis, meshed in the (r, z) half-plane
};

// Boundary indicators shared by the mesh builders and the solver.
namespace boundary {
constexpr unsigned free_surface = 0;  // radiates and convects to the furnace
constexpr unsigned electrode_a = 1;   // at the supply's potential
constexpr unsigned electrode_b = 2;   // grounded
constexpr unsigned symmetry = 3;      // no flux of charge or heat (mirror plane, axis)
}  // namespace boundary

struct FemSpecimen {
  std::string shape;  // "bar", "cylinder", "pellet", "dogbone", "mesh"
  SpatialModel model = SpatialModel::three_d;

  // Bar and dog-bone: the gauge section (x along the length, y across the width, z through the
  // thickness), centred at the origin. Cylinder: length along the axis, diameter. Pellet:
  // thickness between the electrodes on its faces, diameter.
  double gauge_length = 0, width = 0, thickness = 0, diameter = 0;
  // Dog-bone heads: length and width of each head, wire-hole diameter and the distance of the
  // hole centre from the end of the specimen, fillet radius between gauge and head.
  double head_length = 0, head_width = 0, hole_diameter = 0, hole_offset = 0, fillet_radius = 0;

  // Gmsh file: its physical groups name the electrodes (and optional symmetry surfaces).
  std::string mesh_file;
  std::string electrode_a_name, electrode_b_name, symmetry_name;
  double symmetry_factor = 1.0;  // totals (current, power, energy) of the whole specimen per meshed part
  double length_scale = 1.0;     // the file's length unit in m (Gmsh files are often in mm)

  double mesh_size = 0;   // m, target element size
  unsigned refinements = 0;  // global refinements after meshing

  double green_density = 0.6;
  double initial_grain_size = 1e-7;  // m

  // The gauge section as the supply's settings refer to it (field = V / length, current density =
  // I / cross-section), before shrinkage.
  GaugeGeometry gauge;

  int dimension() const { return model == SpatialModel::three_d ? 3 : 2; }
  // Whether a point of the reference (unshrunk) specimen lies in the gauge section.
  bool in_gauge(const std::array<double, 3>& x) const;
  // The section through the middle of the gauge where the hot-spot measure is taken: the plane
  // normal to the current at this coordinate along `gauge_axis`.
  int gauge_axis() const;

  static FemSpecimen from_input(const InputTable& specimen, const InputTable& solver,
                                std::optional<double> default_grain_size);
};

}  // namespace kiln

#include "fem/fem_specimen.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace kiln {

namespace {
QuantitySpec length(const std::string& what, const std::string& example) {
  return {"m", what, example, Range::positive()};
}
}  // namespace

bool FemSpecimen::in_gauge(const std::array<double, 3>& x) const {
  if (shape == "dogbone") return std::abs(x[0]) <= 0.5 * gauge_length * (1 + 1e-9);
  return true;
}

int FemSpecimen::gauge_axis() const { return model == SpatialModel::axisymmetric ? 1 : 0; }

FemSpecimen FemSpecimen::from_input(const InputTable& t, const InputTable& solver,
                                    std::optional<double> default_grain_size) {
  FemSpecimen s;
  const std::string geometry = solver.choice("geometry", {"3d", "plane", "axisymmetric"},
                                             "how the specimen is represented in space", std::string("3d"));
  s.model = geometry == "3d" ? SpatialModel::three_d
                             : (geometry == "plane" ? SpatialModel::plane : SpatialModel::axisymmetric);
  s.shape = t.choice("shape", {"bar", "dogbone", "cylinder", "pellet", "mesh"}, "the specimen shape");

  auto require_model = [&](std::initializer_list<SpatialModel> allowed, const std::string& why) {
    if (std::find(allowed.begin(), allowed.end(), s.model) == allowed.end())
      solver.fail("geometry", fmt::format("solver.geometry = \"{}\" does not fit specimen.shape = \"{}\": {}", geometry,
                                          s.shape, why));
  };

  if (s.shape == "bar" || s.shape == "dogbone") {
    require_model({SpatialModel::three_d, SpatialModel::plane},
                  "a bar or dog-bone is 3-D or a plate in the plane (\"plane\"), not a body of revolution");
    s.gauge_length = t.quantity(s.shape == "bar" ? "length" : "gauge_length",
                                length("the length between the electrodes (the gauge section)", "20 mm"));
    s.width = t.quantity("width", length("the width of the gauge section", "3.3 mm"));
    s.thickness = t.quantity("thickness", length("the thickness of the gauge section", "1.6 mm"));
    s.gauge = {s.gauge_length, s.width * s.thickness, s.gauge_length * s.width * s.thickness};
    if (s.shape == "dogbone") {
      // Defaults: the specimen of Cologna, Rashkova & Raj, J. Am. Ceram. Soc. 93 (2010) 3556,
      // heads about twice as wide as the gauge with a Pt wire through a hole in each.
      s.head_length = t.quantity_or("head_length", length("the length of each head", "7 mm"), 7e-3);
      s.head_width = t.quantity_or("head_width", length("the width of each head", "7 mm"), 2.0 * s.width);
      s.hole_diameter = t.quantity_or("hole_diameter", length("the diameter of the wire holes", "1.5 mm"), 1.5e-3);
      s.hole_offset = t.quantity_or("hole_offset", length("the distance of a hole's centre from the specimen's end", "3 mm"),
                                    0.5 * s.head_length);
      s.fillet_radius = t.quantity_or("fillet_radius", {"m", "the radius of the fillets between gauge and heads", "1 mm",
                                                        Range::non_negative()}, 0.0);
      if (s.head_width <= s.width) t.fail("head_width", "the heads must be wider than the gauge section (width)");
      if (s.hole_offset - 0.5 * s.hole_diameter <= 0 || s.hole_offset + 0.5 * s.hole_diameter >= s.head_length)
        t.fail("hole_offset", fmt::format("the hole (diameter {:.3g} mm) must lie inside the head (length {:.3g} mm)",
                                          s.hole_diameter * 1e3, s.head_length * 1e3));
      if (s.hole_diameter >= s.head_width) t.fail("hole_diameter", "the hole must be narrower than the head");
      if (s.fillet_radius > 0.5 * (s.head_width - s.width) || s.fillet_radius > s.gauge_length / 2)
        t.fail("fillet_radius", "the fillet must fit between the gauge section and the head");
    }
  } else if (s.shape == "cylinder" || s.shape == "pellet") {
    require_model({SpatialModel::three_d, SpatialModel::axisymmetric},
                  "a cylinder or pellet is 3-D or axisymmetric");
    s.gauge_length = s.shape == "cylinder"
                         ? t.quantity("length", length("the length between the electrodes on its end faces", "10 mm"))
                         : t.quantity("thickness", length("the pellet thickness, between the electrodes on its faces", "2 mm"));
    s.diameter = t.quantity("diameter", length("the diameter", "5 mm"));
    const double A = M_PI * s.diameter * s.diameter / 4.0;
    s.gauge = {s.gauge_length, A, A * s.gauge_length};
  } else {
    s.mesh_file = t.string("file", "a Gmsh .msh file (quadrilaterals in 2-D, hexahedra in 3-D)");
    // A relative path is relative to the input file that names it.
    if (std::filesystem::path(s.mesh_file).is_relative()) {
      const std::filesystem::path input(t.file_of("file"));
      if (input.has_parent_path()) s.mesh_file = (input.parent_path() / s.mesh_file).lexically_normal().string();
    }
    s.electrode_a_name = t.string("electrode", "the physical group of the electrode at the supply's potential");
    s.electrode_b_name = t.string("ground", "the physical group of the grounded electrode");
    s.symmetry_name = t.string_or("symmetry", "the physical group of mirror planes (no flux)", "");
    s.symmetry_factor = t.number_or("symmetry_factor", "how many meshed parts make the whole specimen", 1.0, Range{1.0, 64.0});
    s.length_scale = t.quantity_or("length_unit", length("the length unit of the mesh file", "1 mm"), 1.0);
    const double L = t.quantity("gauge_length", length("the distance between the electrodes (for field settings)", "20 mm"));
    const double A = t.quantity("cross_section", {"m^2", "the cross-section of the gauge (for current-density settings)",
                                                  "5 mm^2", Range::positive()});
    s.gauge = {L, A, L * A};
    if (s.model == SpatialModel::plane)
      s.thickness = t.quantity("thickness", length("the plate thickness of the plane model", "1.6 mm"));
  }

  s.green_density = t.quantity("green_density", {"1", "the relative density of the green body", "0.55", Range::fraction()});
  if (default_grain_size) {
    s.initial_grain_size = t.quantity_or("initial_grain_size", length("the initial grain size", "100 nm"), *default_grain_size);
  } else {
    s.initial_grain_size = t.quantity("initial_grain_size", length("the initial grain size", "100 nm"));
  }
  t.check_unknown_keys();

  // Mesh resolution: an element size (default: a few elements across the thinnest dimension).
  double smallest = s.shape == "mesh" ? 1.0 : s.gauge_length;
  for (double d : {s.width, s.thickness, s.diameter, s.hole_diameter})
    if (d > 0) smallest = std::min(smallest, d);
  s.mesh_size = solver.quantity_or("mesh_size", {"m", "the target element size", "0.5 mm", Range::positive()},
                                   s.shape == "mesh" ? 0.0 : smallest / 4.0);
  s.refinements = static_cast<unsigned>(
      solver.number_or("refinements", "global refinements of the mesh (each halves the element size)", 0, Range{0, 8}));
  return s;
}

}  // namespace kiln

#include "process/specimen.hpp"

#include <cmath>

namespace kiln {

namespace {
QuantitySpec length(const std::string& what, const std::string& example) {
  return {"m", what, example, Range::positive()};
}
}  // namespace

double LumpedSpecimen::scale(double rho) const { return std::cbrt(green_density / rho); }

LumpedSpecimen LumpedSpecimen::from_input(const InputTable& t, std::optional<double> default_grain_size) {
  LumpedSpecimen s;
  s.shape = t.choice("shape", {"bar", "dogbone", "cylinder", "pellet"}, "the specimen shape");
  if (s.shape == "bar" || s.shape == "dogbone") {
    // The dog-bone's gauge section is a bar between the wire holes; its heads carry the current
    // in at low current density and are not part of the lumped energy balance.
    const double L = t.quantity(s.shape == "bar" ? "length" : "gauge_length",
                                length("the length between the electrodes", "20 mm"));
    const double w = t.quantity("width", length("the width of the gauge section", "3.3 mm"));
    const double th = t.quantity("thickness", length("the thickness of the gauge section", "1.6 mm"));
    s.gauge = {L, w * th, L * w * th};
    s.radiating_area = 2.0 * (w + th) * L;
    s.mantle_area = s.radiating_area;
  } else if (s.shape == "cylinder") {
    const double L = t.quantity("length", length("the length between the electrodes", "10 mm"));
    const double d = t.quantity("diameter", length("the diameter", "5 mm"));
    const double A = M_PI * d * d / 4.0;
    s.gauge = {L, A, A * L};
    s.radiating_area = M_PI * d * L;
    s.mantle_area = s.radiating_area;
  } else {
    // A pellet between electrodes on its faces: current through the thickness. The faces radiate
    // through thin electrode foils, so the default radiating area is the rim plus both faces.
    const double L = t.quantity("thickness", length("the pellet thickness (between the electrodes)", "2 mm"));
    const double d = t.quantity("diameter", length("the pellet diameter", "10 mm"));
    const double A = M_PI * d * d / 4.0;
    s.gauge = {L, A, A * L};
    s.radiating_area = M_PI * d * L + 2.0 * A;
    s.mantle_area = M_PI * d * L;
  }
  s.radiating_area = t.quantity_or("radiating_area", {"m^2", "the surface that exchanges heat with the furnace", "150 mm^2", Range::positive()}, s.radiating_area);
  s.green_density = t.quantity("green_density", {"1", "the relative density of the green body", "0.55", Range::fraction()});
  if (default_grain_size) {
    s.initial_grain_size = t.quantity_or("initial_grain_size", length("the initial grain size", "100 nm"), *default_grain_size);
  } else {
    s.initial_grain_size = t.quantity("initial_grain_size", length("the initial grain size", "100 nm"));
  }
  t.check_unknown_keys();
  return s;
}

}  // namespace kiln

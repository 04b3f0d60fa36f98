#include "process/pressure_schedule.hpp"

#include <algorithm>
#include <cmath>

namespace kiln {

PressureSchedule PressureSchedule::none() { return PressureSchedule(); }

PressureSchedule PressureSchedule::from_input(const InputTable& t) {
  PressureSchedule s;
  s.program_ = PiecewiseSchedule::from_input(t, {"Pa", "an applied pressure", "50 MPa", Range::non_negative()},
                                             {"Pa/s", "a pressure rate", "10 MPa/min", Range::any()}, "rate");
  const std::string loading = t.choice("loading", {"die", "isostatic"}, "how the pressure loads the specimen");
  s.loading_ = loading == "die" ? Loading::die : Loading::isostatic;
  s.amplitude_ = t.quantity_or("oscillation_amplitude", {"Pa", "the amplitude of an oscillating pressure", "5 MPa", Range::non_negative()}, 0.0);
  const auto frequency = t.optional_quantity("oscillation_frequency", {"Hz", "the frequency of the oscillating pressure", "1 Hz", Range::positive()});
  if (s.amplitude_ > 0.0) {
    if (!frequency) t.fail("oscillation_amplitude", "an oscillating pressure needs oscillation_frequency (e.g. \"1 Hz\")");
    s.frequency_ = *frequency;
  }
  t.check_unknown_keys();
  return s;
}

double PressureSchedule::pressure(double t) const {
  const double base = program_.value(t);
  if (amplitude_ == 0.0) return base;
  // A die or a gas cannot pull: the oscillation is clipped at zero pressure.
  return std::max(0.0, base + amplitude_ * std::sin(2.0 * M_PI * frequency_ * t));
}

}  // namespace kiln

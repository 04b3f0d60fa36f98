// The applied pressure of pressure-assisted sintering: a piecewise program p(t) (hot pressing,
// SPS/FAST, hot isostatic pressing), how it loads the specimen (uniaxial in a die, or isostatic),
// and an optional oscillation p(t) + A sin(2 pi f t) for oscillatory pressure sintering.
#pragma once

#include "core/input.hpp"
#include "kinetics/material_point.hpp"
#include "process/schedule.hpp"

namespace kiln {

class PressureSchedule {
 public:
  static PressureSchedule none();
  // From [process.pressure]: start = "0 MPa", segments = [{ramp = "10 MPa/min", to = "50 MPa"}],
  // loading = "die" | "isostatic", oscillation_amplitude = "5 MPa", oscillation_frequency = "1 Hz".
  static PressureSchedule from_input(const InputTable& table);

  double pressure(double t) const;  // Pa, compressive positive, never below zero
  Loading loading() const { return loading_; }
  std::vector<double> breakpoints() const { return program_.breakpoints(); }
  double duration() const { return program_.duration(); }
  bool oscillates() const { return amplitude_ > 0.0; }
  double oscillation_frequency() const { return frequency_; }

 private:
  PiecewiseSchedule program_ = PiecewiseSchedule::constant(0.0);
  Loading loading_ = Loading::free;
  double amplitude_ = 0.0, frequency_ = 0.0;
};

}  // namespace kiln

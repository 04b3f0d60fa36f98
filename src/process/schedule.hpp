// A quantity that a controller drives along a piecewise-linear program: a start value and a list
// of segments, each a ramp at a rate to a target or a hold for a time (furnace temperature,
// applied pressure). Solvers stop at every segment end, where the rate jumps.
#pragma once

#include "core/input.hpp"

#include <string>
#include <vector>

namespace kiln {

class PiecewiseSchedule {
 public:
  struct Segment {
    double t_start, t_end;
    double v_start, v_end;
  };

  static PiecewiseSchedule constant(double value);
  // Reads `start` and either `segments = [{ramp, to}, {hold}]` or the short form
  // `rate_key` + `max` (a single ramp, then a hold at max). `value` and `rate` describe the
  // quantity ("850 degC", "10 K/min"); the table's unknown keys are left to the caller.
  static PiecewiseSchedule from_input(const InputTable& table, const QuantitySpec& value, const QuantitySpec& rate,
                                      const std::string& rate_key);

  double value(double t) const;
  double rate(double t) const;
  std::vector<double> breakpoints() const;
  double duration() const;  // end of the last segment
  const std::vector<Segment>& segments() const { return segments_; }

 private:
  double v0_ = 0.0;
  std::vector<Segment> segments_;
};

}  // namespace kiln

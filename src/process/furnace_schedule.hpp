// The furnace temperature T_f(t) as a furnace controller runs it: a start temperature and a list
// of segments, each a ramp at a rate to a target or a hold for a time. Piecewise linear, so the
// solvers stop at every segment boundary (the kinks) instead of stepping over them.
#pragma once

#include "core/input.hpp"

#include <vector>

namespace kiln {

class FurnaceSchedule {
 public:
  struct Segment {
    double t_start, t_end;  // s
    double T_start, T_end;  // K
  };

  // A furnace held at T forever.
  static FurnaceSchedule isothermal(double T);
  // From [process.furnace]: start = "25 degC", segments = [{ramp = "10 K/min", to = "1300 degC"},
  // {hold = "30 min"}]; or the short form start + heating_rate (+ max = "...").
  static FurnaceSchedule from_input(const InputTable& table);

  double temperature(double t) const;
  double rate(double t) const;  // dT_f/dt, K/s
  // Ends of the segments: the solvers stop there.
  std::vector<double> breakpoints() const;
  // End of the last segment; the furnace holds its last temperature afterwards.
  double duration() const;
  const std::vector<Segment>& segments() const { return segments_; }
  // Convective heat-transfer coefficient between the furnace atmosphere and the specimen.
  double heat_transfer_coefficient() const { return h_; }
  void set_heat_transfer_coefficient(double h) { h_ = h; }

 private:
  double T0_ = 300.0;
  double h_ = 0.0;  // W/(m^2 K)
  std::vector<Segment> segments_;
};

}  // namespace kiln

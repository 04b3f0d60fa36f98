// The furnace: its temperature program T_f(t) (a piecewise schedule: start, ramps, holds; two-step
// sintering is two holds) and the convective exchange with the specimen.
#pragma once

#include "core/input.hpp"
#include "process/schedule.hpp"

#include <string>
#include <vector>

namespace kiln {

class FurnaceSchedule {
 public:
  // A furnace held at T forever.
  static FurnaceSchedule isothermal(double T);
  // From [process.furnace]: start = "25 degC", segments = [{ramp = "10 K/min", to = "1300 degC"},
  // {hold = "30 min"}]; or the short form start + heating_rate (+ max = "...").
  // Runners whose specimen follows the furnace (no energy balance) read no heat_transfer_coefficient.
  enum class HeatExchange { modelled, ignored };
  static FurnaceSchedule from_input(const InputTable& table, HeatExchange heat = HeatExchange::modelled);

  double temperature(double t) const { return program_.value(t); }
  double rate(double t) const { return program_.rate(t); }  // dT_f/dt, K/s
  std::vector<double> breakpoints() const { return program_.breakpoints(); }
  double duration() const { return program_.duration(); }
  // Convective heat-transfer coefficient between the furnace atmosphere and the specimen.
  double heat_transfer_coefficient() const { return h_; }

 private:
  PiecewiseSchedule program_;
  double h_ = 0.0;  // W/(m^2 K)
};

}  // namespace kiln

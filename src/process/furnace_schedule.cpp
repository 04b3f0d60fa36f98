#include "process/furnace_schedule.hpp"

namespace kiln {

FurnaceSchedule FurnaceSchedule::isothermal(double T) {
  FurnaceSchedule s;
  s.program_ = PiecewiseSchedule::constant(T);
  return s;
}

FurnaceSchedule FurnaceSchedule::from_input(const InputTable& table, HeatExchange heat) {
  FurnaceSchedule s;
  s.program_ = PiecewiseSchedule::from_input(table, {"K", "a furnace temperature", "850 degC", Range::positive()},
                                             {"K/s", "a heating (or, negative, cooling) rate", "10 K/min", Range::any()},
                                             "heating_rate");
  // Natural convection in a tube furnace is of order 5-20 W/(m^2 K); radiation dominates above
  // ~700 degC, so the default is radiation alone (Raj 2012) unless the user gives h.
  if (heat == HeatExchange::modelled)
    s.h_ = table.quantity_or("heat_transfer_coefficient",
                           {"W/(m^2 K)", "the convective heat-transfer coefficient", "10 W/(m^2 K)", Range::non_negative()}, 0.0);
  table.check_unknown_keys();
  return s;
}

}  // namespace kiln

#include "process/furnace_schedule.hpp"

#include <fmt/format.h>

#include <cmath>

namespace kiln {

namespace {
const QuantitySpec kTemperature{"K", "a furnace temperature", "850 degC", Range::positive()};
const QuantitySpec kRate{"K/s", "a heating (or, negative, cooling) rate", "10 K/min", Range::any()};
const QuantitySpec kTime{"s", "a hold time", "30 min", Range::non_negative()};
}  // namespace

FurnaceSchedule FurnaceSchedule::isothermal(double T) {
  FurnaceSchedule s;
  s.T0_ = T;
  return s;
}

FurnaceSchedule FurnaceSchedule::from_input(const InputTable& table) {
  FurnaceSchedule s;
  s.T0_ = table.quantity("start", kTemperature);
  // Natural convection in a tube furnace is of order 5-20 W/(m^2 K); radiation dominates above
  // ~700 degC, so the default is radiation alone (Raj 2012) unless the user gives h.
  s.h_ = table.quantity_or("heat_transfer_coefficient",
                           {"W/(m^2 K)", "the convective heat-transfer coefficient", "10 W/(m^2 K)", Range::non_negative()}, 0.0);
  double t = 0.0, T = s.T0_;

  auto add_ramp = [&](const InputTable& where, const std::string& rate_key, double rate, double target) {
    if (rate == 0.0) where.fail(rate_key, "a ramp needs a non-zero rate; use hold = \"...\" to stay at a temperature");
    if ((target - T) * rate < 0)
      where.fail(rate_key, fmt::format("a rate of {:.4g} K/s never reaches {:.2f} K from {:.2f} K: check the sign",
                                       rate, target, T));
    const double duration = (target - T) / rate;
    s.segments_.push_back({t, t + duration, T, target});
    t += duration;
    T = target;
  };

  if (table.has("segments")) {
    for (const auto& seg : table.array_of_tables("segments", "ramps {ramp, to} and holds {hold}")) {
      if (seg.has("hold")) {
        const double hold = seg.quantity("hold", kTime);
        s.segments_.push_back({t, t + hold, T, T});
        t += hold;
      } else if (seg.has("ramp")) {
        add_ramp(seg, "ramp", seg.quantity("ramp", kRate), seg.quantity("to", kTemperature));
      } else {
        seg.fail_table("a segment is either {ramp = \"10 K/min\", to = \"1300 degC\"} or {hold = \"30 min\"}");
      }
      seg.check_unknown_keys();
    }
  } else {
    // Short form: start, heating_rate and an optional max (the furnace holds at max afterwards).
    const double rate = table.quantity_or("heating_rate", kRate, 0.0);
    const auto max = table.optional_quantity("max", kTemperature);
    if (max && rate == 0.0)
      table.fail("max", "a furnace that stops at max needs a non-zero heating_rate (or use segments = [...])");
    if (rate != 0.0) {
      if (!max) table.fail_table("missing key 'max': a constant heating rate needs the temperature it stops at (e.g. max = \"1500 degC\")");
      add_ramp(table, "heating_rate", rate, *max);
    }
  }
  table.check_unknown_keys();
  return s;
}

double FurnaceSchedule::temperature(double t) const {
  for (const auto& seg : segments_)
    if (t <= seg.t_end) {
      if (t <= seg.t_start || seg.t_end == seg.t_start) return seg.T_start;
      return seg.T_start + (seg.T_end - seg.T_start) * (t - seg.t_start) / (seg.t_end - seg.t_start);
    }
  return segments_.empty() ? T0_ : segments_.back().T_end;
}

double FurnaceSchedule::rate(double t) const {
  for (const auto& seg : segments_)
    if (t < seg.t_end && t >= seg.t_start)
      return seg.t_end > seg.t_start ? (seg.T_end - seg.T_start) / (seg.t_end - seg.t_start) : 0.0;
  return 0.0;
}

std::vector<double> FurnaceSchedule::breakpoints() const {
  std::vector<double> out;
  for (const auto& seg : segments_) out.push_back(seg.t_end);
  return out;
}

double FurnaceSchedule::duration() const { return segments_.empty() ? 0.0 : segments_.back().t_end; }

}  // namespace kiln

#include "process/schedule.hpp"

#include <fmt/format.h>

namespace kiln {

PiecewiseSchedule PiecewiseSchedule::constant(double value) {
  PiecewiseSchedule s;
  s.v0_ = value;
  return s;
}

PiecewiseSchedule PiecewiseSchedule::from_input(const InputTable& table, const QuantitySpec& value_spec,
                                                const QuantitySpec& rate_spec, const std::string& rate_key) {
  const QuantitySpec time_spec{"s", "a hold time", "30 min", Range::non_negative()};
  PiecewiseSchedule s;
  s.v0_ = table.quantity("start", value_spec);
  double t = 0.0, v = s.v0_;

  auto add_ramp = [&](const InputTable& where, const std::string& key, double rate, double target) {
    if (rate == 0.0) where.fail(key, "a ramp needs a non-zero rate; use hold = \"...\" to stay at a value");
    if ((target - v) * rate < 0)
      where.fail(key, fmt::format("a rate of {:.4g} {} never reaches {:.6g} {} from {:.6g} {}: check the sign", rate,
                                  rate_spec.si_unit, target, value_spec.si_unit, v, value_spec.si_unit));
    const double duration = (target - v) / rate;
    s.segments_.push_back({t, t + duration, v, target});
    t += duration;
    v = target;
  };

  if (table.has("segments")) {
    for (const auto& seg : table.array_of_tables("segments", "ramps {ramp, to} and holds {hold}")) {
      if (seg.has("hold")) {
        const double hold = seg.quantity("hold", time_spec);
        s.segments_.push_back({t, t + hold, v, v});
        t += hold;
      } else if (seg.has("ramp")) {
        add_ramp(seg, "ramp", seg.quantity("ramp", rate_spec), seg.quantity("to", value_spec));
      } else {
        seg.fail_table(fmt::format("a segment is either {{ramp = \"{}\", to = \"{}\"}} or {{hold = \"30 min\"}}",
                                   rate_spec.example, value_spec.example));
      }
      seg.check_unknown_keys();
    }
  } else {
    // Short form: a single ramp to max, then a hold there.
    const double rate = table.quantity_or(rate_key, rate_spec, 0.0);
    const auto max = table.optional_quantity("max", value_spec);
    if (max && rate == 0.0)
      table.fail("max", fmt::format("stopping at max needs a non-zero {} (or use segments = [...])", rate_key));
    if (rate != 0.0) {
      if (!max)
        table.fail_table(fmt::format("missing key 'max': a constant {} needs the value it stops at (e.g. max = \"{}\")",
                                     rate_key, value_spec.example));
      add_ramp(table, rate_key, rate, *max);
    }
  }
  return s;
}

double PiecewiseSchedule::value(double t) const {
  for (const auto& seg : segments_)
    if (t <= seg.t_end) {
      if (t <= seg.t_start || seg.t_end == seg.t_start) return seg.v_start;
      return seg.v_start + (seg.v_end - seg.v_start) * (t - seg.t_start) / (seg.t_end - seg.t_start);
    }
  return segments_.empty() ? v0_ : segments_.back().v_end;
}

double PiecewiseSchedule::rate(double t) const {
  for (const auto& seg : segments_)
    if (t < seg.t_end && t >= seg.t_start)
      return seg.t_end > seg.t_start ? (seg.v_end - seg.v_start) / (seg.t_end - seg.t_start) : 0.0;
  return 0.0;
}

std::vector<double> PiecewiseSchedule::breakpoints() const {
  std::vector<double> out;
  for (const auto& seg : segments_) out.push_back(seg.t_end);
  return out;
}

double PiecewiseSchedule::duration() const { return segments_.empty() ? 0.0 : segments_.back().t_end; }

}  // namespace kiln

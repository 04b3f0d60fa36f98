#include "process/power_supply.hpp"

#include <algorithm>
#include <cmath>

namespace kiln {

namespace {
const QuantitySpec kField{"V/m", "the applied electric field (RMS for AC)", "100 V/cm", Range::positive()};
const QuantitySpec kCurrentDensity{"A/m^2", "a current density over the gauge cross-section", "100 mA/mm^2", Range::positive()};
const QuantitySpec kCurrentDensityRate{"A/(m^2 s)", "the rate at which the current density rises", "1 mA/(mm^2 s)", Range::positive()};
const QuantitySpec kTime{"s", "a time", "60 s", Range::non_negative()};
}  // namespace

PowerSupply PowerSupply::from_input(const InputTable& t) {
  PowerSupply s;
  const std::string mode = t.choice("mode", {"voltage", "current_ramp", "power"}, "the supply's control mode");
  s.on_at_ = t.quantity_or("on_at", kTime, 0.0);
  s.hold_after_onset_ = t.optional_quantity("hold_after_onset", {"s", "how long the supply stays on after the flash onset", "60 s", Range::positive()});
  s.ac_ = t.choice("waveform", {"DC", "AC"}, "the waveform", "DC") == "AC";
  s.ion_blocking_ =
      t.choice("electrodes", {"reversible", "ion_blocking"}, "how the electrodes exchange the mobile ion", "reversible") ==
      "ion_blocking";
  if (s.ac_) s.frequency_ = t.quantity("frequency", {"Hz", "the AC frequency", "1 kHz", Range::positive()});
  if (mode == "voltage") {
    s.mode_ = Mode::voltage;
    s.field_ = t.quantity("field", kField);
    s.current_density_limit_ = t.quantity_or("current_density_limit", kCurrentDensity, s.current_density_limit_);
  } else if (mode == "current_ramp") {
    s.mode_ = Mode::current_ramp;
    s.current_density_rate_ = t.quantity("current_density_rate", kCurrentDensityRate);
    s.current_density_limit_ = t.quantity("current_density_limit", kCurrentDensity);
    s.initial_current_density_ = t.quantity_or("initial_current_density", {"A/m^2", "the current density at switch-on", "5 mA/mm^2", Range::non_negative()}, 0.0);
    if (s.initial_current_density_ > s.current_density_limit_)
      t.fail("initial_current_density", "is above current_density_limit");
    s.compliance_field_ = t.quantity_or("field_limit", kField, s.compliance_field_);
  } else {
    s.mode_ = Mode::power;
    const bool total = t.has("power"), density = t.has("power_density");
    if (total == density)
      t.fail_table("power control needs exactly one of power = \"10 W\" or power_density = \"50 mW/mm^3\"");
    if (total) s.power_ = t.quantity("power", {"W", "the electrical power", "10 W", Range::positive()});
    else s.power_density_ = t.quantity("power_density", {"W/m^3", "the electrical power per gauge volume", "50 mW/mm^3", Range::positive()});
    s.compliance_field_ = t.quantity_or("field_limit", kField, s.compliance_field_);
  }
  if (s.hold_after_onset_ && s.mode_ != Mode::voltage)
    t.fail("hold_after_onset", "needs mode = \"voltage\": the flash onset is the switch from voltage to current control");
  t.check_unknown_keys();
  return s;
}

PowerSupply PowerSupply::voltage_control(double field, double current_density_limit, double on_at) {
  PowerSupply s;
  s.mode_ = Mode::voltage;
  s.field_ = field;
  s.current_density_limit_ = current_density_limit;
  s.on_at_ = on_at;
  return s;
}

PowerSupply PowerSupply::power_control(double power, double on_at) {
  PowerSupply s;
  s.mode_ = Mode::power;
  s.power_ = power;
  s.on_at_ = on_at;
  return s;
}

double PowerSupply::ramp_current_density(double t) const {
  return std::min(initial_current_density_ + current_density_rate_ * (t - on_at_), current_density_limit_);
}

PowerSupply::Output PowerSupply::deliver(double t, double R, const GaugeGeometry& g) const {
  Output out;
  if (t < on_at_) return out;
  const double v_compliance = compliance_field_ * g.length;
  switch (mode_) {
    case Mode::voltage: {
      const double V = field_ * g.length;
      const double I_max = current_density_limit_ * g.cross_section;
      if (V / R <= I_max) {
        out = {V, V / R, V * V / R, State::voltage_control};
      } else {
        out = {I_max * R, I_max, I_max * I_max * R, State::current_control};
      }
      break;
    }
    case Mode::current_ramp: {
      const double I = ramp_current_density(t) * g.cross_section;
      if (I * R <= v_compliance) out = {I * R, I, I * I * R, State::current_control};
      else out = {v_compliance, v_compliance / R, v_compliance * v_compliance / R, State::compliance_limited};
      break;
    }
    case Mode::power: {
      const double P = power_density_ ? *power_density_ * g.volume : power_;
      const double V = std::sqrt(P * R);
      if (V <= v_compliance) out = {V, V / R, P, State::power_control};
      else out = {v_compliance, v_compliance / R, v_compliance * v_compliance / R, State::compliance_limited};
      break;
    }
  }
  return out;
}

double PowerSupply::state_switch_margin(double t, double R, const GaugeGeometry& g) const {
  if (t < on_at_) return -1.0;
  switch (mode_) {
    case Mode::voltage:
      // Positive once V/R exceeds the limit: relative margin, well scaled for the root finder.
      if (!std::isfinite(current_density_limit_)) return -1.0;
      return (field_ * g.length / R) / (current_density_limit_ * g.cross_section) - 1.0;
    case Mode::current_ramp:
      if (!std::isfinite(compliance_field_)) return -1.0;
      return ramp_current_density(t) * g.cross_section * R / (compliance_field_ * g.length) - 1.0;
    case Mode::power: {
      if (!std::isfinite(compliance_field_)) return -1.0;
      const double P = power_density_ ? *power_density_ * g.volume : power_;
      return std::sqrt(P * R) / (compliance_field_ * g.length) - 1.0;
    }
  }
  return -1.0;
}

std::vector<double> PowerSupply::breakpoints() const {
  std::vector<double> out{on_at_};
  if (mode_ == Mode::current_ramp)
    out.push_back(on_at_ + (current_density_limit_ - initial_current_density_) / current_density_rate_);
  return out;
}

std::string PowerSupply::state_name(State s) {
  switch (s) {
    case State::off: return "off";
    case State::voltage_control: return "voltage";
    case State::current_control: return "current";
    case State::power_control: return "power";
    case State::compliance_limited: return "compliance";
  }
  return "unknown";
}

}  // namespace kiln

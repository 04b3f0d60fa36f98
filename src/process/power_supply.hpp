// The power supply of a flash experiment. Settings are written as experimenters write them, per
// specimen (field in V/cm over the gauge length, current density in mA/mm^2 over the gauge cross-
// section, power density in mW/mm^3), and turned into volts, amperes and watts for the specimen
// they drive.
//
// Modes:
//  - voltage: constant voltage V = E L0 until the current reaches its limit I_max = J_max A0, then
//    current control (the "flash" of the literature is this switch);
//  - current_ramp: the current density rises at a rate up to J_max (optional compliance field);
//  - power: constant electrical power (optional compliance field).
// AC supplies are described by RMS values: Joule heating of a resistor depends only on the RMS
// current, as long as the thermal time constant (seconds) is much longer than the period.
#pragma once

#include "core/input.hpp"

#include <limits>
#include <optional>
#include <string>

namespace kiln {

// The electrical size of the specimen's gauge section at the start (before shrinkage).
struct GaugeGeometry {
  double length = 0.0;         // m, between the electrodes
  double cross_section = 0.0;  // m^2
  double volume = 0.0;         // m^3
};

class PowerSupply {
 public:
  enum class Mode { voltage, current_ramp, power };
  enum class State { off, voltage_control, current_control, power_control, compliance_limited };

  struct Output {
    double voltage = 0.0;  // V (RMS for AC)
    double current = 0.0;  // A
    double power = 0.0;    // W
    State state = State::off;
  };

  static PowerSupply from_input(const InputTable& table);
  // Constant voltage (field E) with a current-density limit; the common flash experiment.
  static PowerSupply voltage_control(double field, double current_density_limit, double on_at = 0.0);
  static PowerSupply power_control(double power, double on_at = 0.0);

  // What the supply delivers at time t into a resistance R.
  Output deliver(double t, double resistance, const GaugeGeometry& gauge) const;
  // A function of (t, R) that changes sign exactly when the supply changes state (voltage ->
  // current control, reaching a compliance limit): the solver finds its zero to land on the kink.
  double state_switch_margin(double t, double resistance, const GaugeGeometry& gauge) const;
  // Times at which the supply itself changes (switch-on, end of a ramp): solvers stop there.
  std::vector<double> breakpoints() const;

  Mode mode() const { return mode_; }
  double on_at() const { return on_at_; }
  std::optional<double> hold_after_onset() const { return hold_after_onset_; }
  double field() const { return field_; }
  double current_density_limit() const { return current_density_limit_; }
  bool is_ac() const { return ac_; }
  // Electrodes that exchange no ions with the specimen (platinum on a Li+ or Na+ conductor): under
  // DC the ionic current polarises them within seconds and only electrons carry the steady
  // current (Caliman et al., J. Eur. Ceram. Soc. 36 (2016) 1253). Reversible electrodes (Pt in air
  // on an O2- conductor such as YSZ) pass the ionic current.
  bool ion_blocking_electrodes() const { return ion_blocking_; }
  static std::string state_name(State s);

 private:
  double ramp_current_density(double t) const;

  Mode mode_ = Mode::voltage;
  double on_at_ = 0.0;
  double field_ = 0.0;                                                      // V/m (voltage mode)
  double current_density_limit_ = std::numeric_limits<double>::infinity();  // A/m^2
  double current_density_rate_ = 0.0;                                       // A/(m^2 s)
  double initial_current_density_ = 0.0;                                    // A/m^2
  double power_ = 0.0;                                                      // W
  double compliance_field_ = std::numeric_limits<double>::infinity();       // V/m
  std::optional<double> power_density_;                                     // W/m^3, scales with volume
  std::optional<double> hold_after_onset_;                                  // s
  bool ac_ = false;
  bool ion_blocking_ = false;
  double frequency_ = 0.0;  // Hz, recorded for AC
};

}  // namespace kiln

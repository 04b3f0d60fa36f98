// Cycling protocols written as people write them (in the manner of PyBaMM's Experiment):
//   "Discharge at 1C until 3.0 V"        "Charge at C/2 until 4.2 V"      "Discharge at 2 mA for 1 h"
//   "Rest for 10 minutes"                 "Hold at 4.2 V until C/50"       "Charge at 0.1 mA/cm^2 until 4.2 V"
// Rates are C-rates (1C, C/2, 0.5C), currents (A, mA) or current densities (A/m^2, mA/cm^2);
// voltages and durations take any unit UDUNITS-2 knows. A step ends at its "until" condition, at
// its "for" duration, or (a safety the cell adds) when an electrode runs out of lithium or room.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace kiln {

struct CurrentSetting {
  enum class Kind { c_rate, current, current_density } kind = Kind::c_rate;
  double value = 0;  // C-rate (1/h as a number), A, or A/m^2; always positive
  // The current in A for a cell of the given capacity (A h) and area (m^2).
  double amperes(double capacity_ah, double area) const;
};

struct ProtocolStep {
  enum class Kind { discharge, charge, rest, hold } kind = Kind::rest;
  std::string text;                      // as written
  CurrentSetting current;                // discharge, charge
  double hold_voltage = 0;               // V, hold
  std::optional<double> until_voltage;   // V: discharge down to / charge up to
  std::optional<CurrentSetting> until_current;  // hold: until |I| falls below
  std::optional<double> duration;        // s
};

// Parses one step; throws std::invalid_argument saying what was expected, e.g.
// "step \"Dischrge at 1C\": expected Discharge, Charge, Rest or Hold at the start".
ProtocolStep parse_protocol_step(const std::string& text);

}  // namespace kiln

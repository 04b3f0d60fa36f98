// Physical quantities as people write them ("100 V/cm", "850 degC", "10 K/min"), converted to SI
// with UDUNITS-2. Inside kiln every number is SI; units exist only at the edges (input, output).
#pragma once

#include <string>

namespace kiln {

// A quantity split into its number and its unit text: "200 mA/mm^2" -> {200, "mA/mm^2"}.
struct QuantityText {
  double value = 0.0;
  std::string unit;  // empty for a bare number
};

// Splits "number unit". Throws std::invalid_argument when no number leads the text.
QuantityText split_quantity(const std::string& text);

// Thrown when a unit cannot be parsed or is not convertible to the expected one.
struct UnitError : std::exception {
  explicit UnitError(std::string m) : message(std::move(m)) {}
  const char* what() const noexcept override { return message.c_str(); }
  std::string message;
};

// True when `unit` parses (UDUNITS-2 syntax: "V/cm", "mA/mm^2", "J/(kg K)", "degC").
bool unit_parses(const std::string& unit);

// True when both units parse and measure the same dimension.
bool units_convertible(const std::string& from, const std::string& to);

// Converts `value` in unit `from` to unit `to` (offsets included: 850 degC -> 1123.15 K).
// Throws UnitError naming the unit when either does not parse or they are not convertible.
double convert_units(double value, const std::string& from, const std::string& to);

// Parses "850 degC" (or a bare number, taken as already in `si_unit`) into `si_unit`.
double quantity_to_si(const std::string& text, const std::string& si_unit);

}  // namespace kiln

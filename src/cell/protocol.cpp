#include "cell/protocol.hpp"

#include "core/units.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <sstream>
#include <stdexcept>

namespace kiln {

double CurrentSetting::amperes(double capacity_ah, double area) const {
  switch (kind) {
    case Kind::c_rate: return value * capacity_ah;  // 1C: the nominal capacity in one hour
    case Kind::current: return value;
    case Kind::current_density: return value * area;
  }
  return 0;
}

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

[[noreturn]] void fail(const std::string& step, const std::string& what) {
  throw std::invalid_argument(fmt::format("step \"{}\": {}", step, what));
}

// "1C", "C/2", "0.5 C", "2 mA", "0.1 mA/cm^2".
CurrentSetting read_rate(const std::string& step, std::string t) {
  t.erase(std::remove_if(t.begin(), t.end(), [](unsigned char c) { return std::isspace(c); }), t.end());
  CurrentSetting s;
  try {
    if (!t.empty() && (t[0] == 'C' || t[0] == 'c') && (t.size() == 1 || t[1] == '/')) {  // C or C/n
      s.value = t.size() == 1 ? 1.0 : 1.0 / std::stod(t.substr(2));
      return s;
    }
    if (t.size() > 1 && (t.back() == 'C' || t.back() == 'c') && (std::isdigit(static_cast<unsigned char>(t[t.size() - 2])) || t[t.size() - 2] == '.')) {
      s.value = std::stod(t.substr(0, t.size() - 1));
      return s;
    }
  } catch (const std::exception&) {
    fail(step, fmt::format("\"{}\" is not a C-rate (expected e.g. 1C, C/2, 0.5C)", t));
  }
  QuantityText q;
  try {
    q = split_quantity(t);
  } catch (const std::invalid_argument&) {
    fail(step, fmt::format("\"{}\" is not a rate: expected a C-rate (1C, C/2), a current (2 mA) or a current density (0.1 mA/cm^2)", t));
  }
  if (!q.unit.empty() && units_convertible(q.unit, "A")) {
    s.kind = CurrentSetting::Kind::current;
    s.value = convert_units(q.value, q.unit, "A");
  } else if (!q.unit.empty() && units_convertible(q.unit, "A/m^2")) {
    s.kind = CurrentSetting::Kind::current_density;
    s.value = convert_units(q.value, q.unit, "A/m^2");
  } else {
    fail(step, fmt::format("\"{}\" is not a rate: expected a C-rate (1C, C/2), a current (2 mA) or a current density (0.1 mA/cm^2)", t));
  }
  if (!(s.value > 0)) fail(step, "the rate must be positive (the direction comes from Charge or Discharge)");
  return s;
}

double read_quantity(const std::string& step, const std::string& text, const std::string& si, const std::string& what) {
  QuantityText q;
  try {
    q = split_quantity(text);
  } catch (const std::invalid_argument&) {
    fail(step, fmt::format("\"{}\" is not {} (expected e.g. {})", text, what, si == "V" ? "3.0 V" : "10 minutes"));
  }
  if (q.unit.empty() || !units_convertible(q.unit, si))
    fail(step, fmt::format("\"{}\" is not {} in a unit convertible to {}", text, what, si));
  const double v = convert_units(q.value, q.unit, si);
  if (!(v > 0)) fail(step, fmt::format("{} must be positive", what));
  return v;
}

}  // namespace

ProtocolStep parse_protocol_step(const std::string& text) {
  ProtocolStep s;
  s.text = text;
  const std::string t = lower(text);
  // Split at the keywords " at ", " until ", " for " (each at most once).
  auto find_word = [&](const std::string& w) { return t.find(" " + w + " "); };
  const auto at = find_word("at"), until = find_word("until"), for_ = find_word("for");
  std::string verb = t.substr(0, std::min({at, until, for_, t.size()}));
  verb.erase(std::remove_if(verb.begin(), verb.end(), [](unsigned char c) { return std::isspace(c); }), verb.end());
  auto part = [&](std::size_t pos, std::size_t word) {
    if (pos == std::string::npos) return std::string();
    std::size_t end = t.size();
    for (const auto other : {at, until, for_})
      if (other != std::string::npos && other > pos) end = std::min(end, other);
    return text.substr(pos + word + 2, end - pos - word - 2);
  };
  const std::string at_text = part(at, 2), until_text = part(until, 5), for_text = part(for_, 3);
  if (verb == "discharge" || verb == "charge") {
    s.kind = verb == "discharge" ? ProtocolStep::Kind::discharge : ProtocolStep::Kind::charge;
    if (at_text.empty()) fail(text, fmt::format("expected \"{} at RATE\", e.g. \"{} at 1C until {}\"", text.substr(0, verb.size()),
                                                text.substr(0, verb.size()), verb == "discharge" ? "3.0 V" : "4.2 V"));
    s.current = read_rate(text, at_text);
    if (!until_text.empty()) s.until_voltage = read_quantity(text, until_text, "V", "a cut-off voltage");
  } else if (verb == "rest") {
    s.kind = ProtocolStep::Kind::rest;
    if (!at_text.empty() || !until_text.empty()) fail(text, "a rest takes only a duration: \"Rest for 10 minutes\"");
    if (for_text.empty()) fail(text, "expected \"Rest for DURATION\", e.g. \"Rest for 10 minutes\"");
  } else if (verb == "hold") {
    s.kind = ProtocolStep::Kind::hold;
    if (at_text.empty()) fail(text, "expected \"Hold at VOLTAGE until RATE\", e.g. \"Hold at 4.2 V until C/50\"");
    s.hold_voltage = read_quantity(text, at_text, "V", "a voltage");
    if (!until_text.empty()) s.until_current = read_rate(text, until_text);
  } else {
    fail(text, "expected Discharge, Charge, Rest or Hold at the start");
  }
  if (!for_text.empty()) s.duration = read_quantity(text, for_text, "s", "a duration");
  if (!s.until_voltage && !s.until_current && !s.duration)
    fail(text, "the step never ends: give \"until\" (a voltage, or a current for Hold) or \"for\" a duration");
  return s;
}

}  // namespace kiln

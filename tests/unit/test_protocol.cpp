// Cycling protocols as people write them, and a clear error for each kind of mistake.
#include "cell/protocol.hpp"

#include <gtest/gtest.h>

namespace {

using namespace kiln;

TEST(Protocol, ReadsTheUsualSteps) {
  auto s = parse_protocol_step("Discharge at 1C until 3.0 V");
  EXPECT_EQ(s.kind, ProtocolStep::Kind::discharge);
  EXPECT_EQ(s.current.kind, CurrentSetting::Kind::c_rate);
  EXPECT_DOUBLE_EQ(s.current.value, 1.0);
  EXPECT_DOUBLE_EQ(*s.until_voltage, 3.0);
  s = parse_protocol_step("Charge at C/2 until 4.2 V");
  EXPECT_EQ(s.kind, ProtocolStep::Kind::charge);
  EXPECT_DOUBLE_EQ(s.current.value, 0.5);
  s = parse_protocol_step("Rest for 10 minutes");
  EXPECT_EQ(s.kind, ProtocolStep::Kind::rest);
  EXPECT_DOUBLE_EQ(*s.duration, 600.0);
  s = parse_protocol_step("Hold at 4.2 V until C/50");
  EXPECT_EQ(s.kind, ProtocolStep::Kind::hold);
  EXPECT_DOUBLE_EQ(s.hold_voltage, 4.2);
  EXPECT_DOUBLE_EQ(s.until_current->value, 0.02);
  s = parse_protocol_step("Discharge at 20 uA for 1 hour");
  EXPECT_EQ(s.current.kind, CurrentSetting::Kind::current);
  EXPECT_DOUBLE_EQ(s.current.value, 20e-6);
  EXPECT_DOUBLE_EQ(*s.duration, 3600.0);
  s = parse_protocol_step("Charge at 0.1 mA/cm^2 until 4200 mV");
  EXPECT_EQ(s.current.kind, CurrentSetting::Kind::current_density);
  EXPECT_DOUBLE_EQ(s.current.value, 1.0);  // A/m^2
  EXPECT_DOUBLE_EQ(*s.until_voltage, 4.2);
  EXPECT_DOUBLE_EQ(parse_protocol_step("discharge at 2C until 3 V").current.value, 2.0);
}

TEST(Protocol, CurrentsFromCRatesCapacityAndArea) {
  CurrentSetting c;
  c.value = 2.0;
  EXPECT_DOUBLE_EQ(c.amperes(1e-4, 1e-4), 2e-4);  // 2C of 0.1 mAh: 0.2 mA
  c.kind = CurrentSetting::Kind::current_density;
  c.value = 10.0;
  EXPECT_DOUBLE_EQ(c.amperes(1e-4, 1e-4), 1e-3);
}

void expect_error(const std::string& step, const std::string& fragment) {
  try {
    parse_protocol_step(step);
    FAIL() << step;
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("step \"" + step + "\""), std::string::npos) << e.what();
  }
}

TEST(Protocol, EveryMistakeHasItsMessage) {
  expect_error("Dischrge at 1C until 3 V", "expected Discharge, Charge, Rest or Hold");
  expect_error("Discharge until 3 V", "expected \"Discharge at RATE\"");
  expect_error("Discharge at 1C", "the step never ends");
  expect_error("Discharge at fast until 3 V", "is not a rate");
  expect_error("Discharge at 1C until 3 K", "not a cut-off voltage in a unit convertible to V");
  expect_error("Discharge at -1 mA until 3 V", "must be positive");
  expect_error("Rest", "expected \"Rest for DURATION\"");
  expect_error("Rest for 10 V", "not a duration");
  expect_error("Rest until 3 V", "a rest takes only a duration");
  expect_error("Hold until C/50", "expected \"Hold at VOLTAGE until RATE\"");
  expect_error("Hold at 4.2 V until 3 K", "is not a rate");
}

}  // namespace

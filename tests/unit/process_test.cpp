// Requirement: the furnace follows its schedule and the supply its control mode.
#include "process/furnace_schedule.hpp"
#include "process/power_supply.hpp"
#include "process/pressure_schedule.hpp"

#include <gtest/gtest.h>

using namespace kiln;

namespace {
InputDocument doc(const std::string& text) { return InputDocument::from_string(text, "case.toml"); }
}  // namespace

TEST(FurnaceSchedule, RampsAndHolds) {
  const auto d = doc("[f]\nstart = \"25 degC\"\nsegments = [{ramp = \"10 K/min\", to = \"1025 degC\"}, {hold = \"30 min\"}, {ramp = \"-5 K/min\", to = \"525 degC\"}]\n");
  const auto f = FurnaceSchedule::from_input(d.root().table("f", ""));
  EXPECT_NEAR(f.temperature(0.0), 298.15, 1e-9);
  EXPECT_NEAR(f.temperature(3000.0), 298.15 + 500.0, 1e-9);
  EXPECT_NEAR(f.temperature(6000.0 + 900.0), 1298.15, 1e-9);
  EXPECT_NEAR(f.rate(100.0), 10.0 / 60.0, 1e-12);
  EXPECT_NEAR(f.duration(), 6000.0 + 1800.0 + 6000.0, 1e-6);
  EXPECT_NEAR(f.temperature(1e6), 798.15, 1e-9);
  EXPECT_EQ(f.breakpoints().size(), 3u);
}

TEST(FurnaceSchedule, RampThatCannotReachItsTargetIsAnError) {
  const auto d = doc("[f]\nstart = \"900 degC\"\nsegments = [{ramp = \"10 K/min\", to = \"500 degC\"}]\n");
  EXPECT_THROW(FurnaceSchedule::from_input(d.root().table("f", "")), InputError);
}

TEST(FurnaceSchedule, HeatingRateNeedsMax) {
  const auto d = doc("[f]\nstart = \"25 degC\"\nheating_rate = \"10 K/min\"\n");
  EXPECT_THROW(FurnaceSchedule::from_input(d.root().table("f", "")), InputError);
}

TEST(PowerSupply, VoltageControlSwitchesToCurrentControlAtTheLimit) {
  const GaugeGeometry g{0.02, 5e-6, 1e-7};
  const auto s = PowerSupply::voltage_control(1e4, 1e5, 10.0);  // 100 V/cm, 100 mA/mm^2 -> V = 200 V, I_max = 0.5 A
  EXPECT_EQ(s.deliver(5.0, 1000.0, g).state, PowerSupply::State::off);
  const auto low = s.deliver(20.0, 1000.0, g);
  EXPECT_EQ(low.state, PowerSupply::State::voltage_control);
  EXPECT_NEAR(low.current, 0.2, 1e-12);
  EXPECT_NEAR(low.power, 40.0, 1e-9);
  const auto high = s.deliver(20.0, 100.0, g);
  EXPECT_EQ(high.state, PowerSupply::State::current_control);
  EXPECT_NEAR(high.current, 0.5, 1e-12);
  EXPECT_NEAR(high.power, 25.0, 1e-9);
  EXPECT_LT(s.state_switch_margin(20.0, 1000.0, g), 0.0);
  EXPECT_GT(s.state_switch_margin(20.0, 100.0, g), 0.0);
  EXPECT_NEAR(s.state_switch_margin(20.0, 400.0, g), 0.0, 1e-12);
}

TEST(PowerSupply, CurrentRampWithComplianceField) {
  const auto d = doc("[s]\nmode = \"current_ramp\"\ncurrent_density_rate = \"1 mA/(mm^2 s)\"\ncurrent_density_limit = \"50 mA/mm^2\"\nfield_limit = \"100 V/cm\"\n");
  const auto s = PowerSupply::from_input(d.root().table("s", ""));
  const GaugeGeometry g{0.01, 1e-6, 1e-8};
  const auto a = s.deliver(10.0, 100.0, g);  // 10 mA/mm^2 -> 10 mA, 1 V
  EXPECT_EQ(a.state, PowerSupply::State::current_control);
  EXPECT_NEAR(a.current, 0.01, 1e-12);
  EXPECT_NEAR(s.deliver(100.0, 100.0, g).current, 0.05, 1e-12);  // limited at 50 mA/mm^2
  const auto c = s.deliver(10.0, 1e6, g);  // 10 mA into 1 MOhm needs 10 kV > 100 V
  EXPECT_EQ(c.state, PowerSupply::State::compliance_limited);
  EXPECT_NEAR(c.voltage, 100.0, 1e-9);
}

TEST(PowerSupply, PowerControlAndACAreRMS) {
  const auto d = doc("[s]\nmode = \"power\"\npower_density = \"50 mW/mm^3\"\nwaveform = \"AC\"\nfrequency = \"1 kHz\"\n");
  const auto s = PowerSupply::from_input(d.root().table("s", ""));
  EXPECT_TRUE(s.is_ac());
  const auto out = s.deliver(0.0, 50.0, {0.01, 1e-6, 1e-8});
  EXPECT_NEAR(out.power, 5e7 * 1e-8, 1e-12);
  EXPECT_NEAR(out.voltage * out.current, out.power, 1e-12);
}

TEST(PowerSupply, PowerControlNeedsExactlyOneSetting) {
  const auto d = doc("[s]\nmode = \"power\"\n");
  EXPECT_THROW(PowerSupply::from_input(d.root().table("s", "")), InputError);
}

TEST(FurnaceSchedule, MaxWithoutHeatingRateIsAnError) {
  const auto d = doc("[f]\nstart = \"25 degC\"\nmax = \"1200 degC\"\n");
  EXPECT_THROW(FurnaceSchedule::from_input(d.root().table("f", "")), InputError);
}

TEST(PowerSupply, HoldAfterOnsetNeedsVoltageControl) {
  const auto d = doc("[s]\nmode = \"power\"\npower = \"5 W\"\nhold_after_onset = \"30 s\"\n");
  EXPECT_THROW(PowerSupply::from_input(d.root().table("s", "")), InputError);
}

TEST(PressureSchedule, ProgramLoadingAndClippedOscillation) {
  const auto d = doc("[p]\nstart = \"0 MPa\"\nsegments = [{ramp = \"10 MPa/min\", to = \"50 MPa\"}, {hold = \"10 min\"}]\n"
                     "loading = \"die\"\noscillation_amplitude = \"60 MPa\"\noscillation_frequency = \"1 Hz\"\n");
  const auto p = PressureSchedule::from_input(d.root().table("p", ""));
  EXPECT_EQ(p.loading(), Loading::die);
  EXPECT_NEAR(p.duration(), 900.0, 1e-9);
  EXPECT_NEAR(p.pressure(300.0 + 0.25), 50e6 + 60e6, 1e-3);  // crest
  EXPECT_EQ(p.pressure(300.0 + 0.75), 0.0);                  // a die cannot pull
}

TEST(PressureSchedule, LoadingIsRequired) {
  const auto d = doc("[p]\nstart = \"10 MPa\"\n");
  EXPECT_THROW(PressureSchedule::from_input(d.root().table("p", "")), InputError);
}

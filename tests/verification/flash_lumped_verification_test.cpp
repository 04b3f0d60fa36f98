// Verification of the lumped flash model against analytic results (DESIGN.md 4.1).
#include "flash/runaway.hpp"
#include "../data/model_helpers.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace kiln;
using namespace kiln::testing;

// The system shall reach the black-body-radiation steady temperature of Raj (2012),
// T^4 = T_f^4 + P/(A_s eps sigma_SB), at constant power, to 0.1 %.
TEST(FlashLumpedVerification, ConstantPowerReachesBlackBodyTemperature) {
  for (double power : {2.0, 10.0, 40.0}) {
    const FlashLumpedModel model(simple_material(), bar(), FurnaceSchedule::isothermal(1073.15),
                                 PowerSupply::power_control(power), nullptr, nullptr);
    FlashSolverSettings settings;
    settings.end_time = 600.0;  // about 100 thermal time constants
    const FlashResult r = model.run(settings);
    const double expected = black_body_temperature(1073.15, power, model.specimen().radiating_area, 0.8);
    EXPECT_NEAR(r.final.temperature, expected, 1e-3 * expected) << "P = " << power << " W";
    EXPECT_NEAR(r.final.temperature, expected, 1e-6 * expected) << "tighter than required";
  }
}

// The system shall conserve energy: electrical energy in = heat stored + heat lost, to 0.1 %
// over a whole run with heating, flash, current control and densification.
TEST(FlashLumpedVerification, EnergyBalanceClosesOverAFlashRun) {
  auto densification = std::make_shared<EmpiricalDensification>(6e6, 550e3, 1.0, 1.0);
  auto growth = std::make_shared<PowerLawGrainGrowth>(3.9e-7, 550e3, 3.0);
  PowerSupply supply = PowerSupply::voltage_control(1e4, 1e5);
  const FlashLumpedModel model(simple_material(), bar(), ramp(298.15, 10.0 / 60.0, 1573.15), supply, densification, growth);
  FlashSolverSettings settings;
  settings.end_time = 7800.0;
  const FlashResult r = model.run(settings);
  ASSERT_TRUE(r.onset_time.has_value());
  EXPECT_GT(r.final.electrical_energy, 100.0);
  EXPECT_LT(std::abs(r.energy_balance_residual), 1e-3);
}

// The system shall find the flash onset where the steady state loses stability,
// dP_el/dT = dP_loss/dT (Todd et al. 2015), when the furnace heats slowly.
TEST(FlashLumpedVerification, RunawayAgreesWithStabilityCriterion) {
  for (double field : {5e3, 1e4, 2e4}) {
    // A high current limit: the current reaches it only once the runaway is under way.
    PowerSupply supply = PowerSupply::voltage_control(field, 1e6);
    const FlashLumpedModel model(simple_material(), bar(), ramp(298.15, 0.25 / 60.0, 1873.15), supply, nullptr, nullptr);
    const auto criterion = voltage_control_runaway(model);
    ASSERT_TRUE(criterion.has_value());
    FlashSolverSettings settings;
    settings.end_time = 1575.0 * 60.0 / 0.25;
    const FlashResult r = model.run(settings);
    ASSERT_TRUE(r.onset_time.has_value()) << field;
    EXPECT_NEAR(*r.onset_furnace_temperature, criterion->furnace_temperature, 0.005 * criterion->furnace_temperature)
        << "field " << field << " V/m";
    // The runaway starts from the fold temperature T* (quasi-steady before it).
    EXPECT_GT(*r.onset_temperature, criterion->specimen_temperature);
  }
}

// The onset furnace temperature converges to the criterion as the heating rate goes to zero.
TEST(FlashLumpedVerification, OnsetApproachesCriterionAsHeatingSlows) {
  double previous_gap = 1e9;
  for (double rate_K_per_min : {20.0, 5.0, 1.0}) {
    PowerSupply supply = PowerSupply::voltage_control(1e4, 1e6);
    const FlashLumpedModel model(simple_material(), bar(), ramp(298.15, rate_K_per_min / 60.0, 1873.15), supply, nullptr, nullptr);
    const double criterion = voltage_control_runaway(model)->furnace_temperature;
    FlashSolverSettings settings;
    settings.end_time = 1575.0 * 60.0 / rate_K_per_min;
    const FlashResult r = model.run(settings);
    ASSERT_TRUE(r.onset_time.has_value());
    const double gap = std::abs(*r.onset_furnace_temperature - criterion);
    EXPECT_LT(gap, previous_gap) << rate_K_per_min << " K/min";
    previous_gap = gap;
  }
}

// Isothermal densification with m = 0, n = 1 is logistic:
// rho(t) = 1 / (1 + (1 - rho0)/rho0 exp(-K t)), K = A exp(-Q/RT).
TEST(FlashLumpedVerification, IsothermalDensificationMatchesLogistic) {
  const double T = 1600.0, A = 2e13, Q = 450e3;
  const double K = A * std::exp(-Q / (kGasConstant * T));
  auto law = std::make_shared<EmpiricalDensification>(A, Q, 1.0, 0.0);
  PowerSupply off = PowerSupply::voltage_control(1.0, 1e6, 1e9);  // switched on long after the end
  const FlashLumpedModel model(simple_material(), bar(0.55), FurnaceSchedule::isothermal(T), off, law, nullptr);
  FlashSolverSettings settings;
  settings.end_time = 3.0 / K;
  settings.relative_tolerance = 1e-8;
  const FlashResult r = model.run(settings);
  const double rho0 = 0.55;
  const double expected = 1.0 / (1.0 + (1.0 - rho0) / rho0 * std::exp(-K * r.final.time));
  EXPECT_NEAR(r.final.relative_density, expected, 1e-6);
}

// Coupled densification (n = 1, m = 3) and cubic grain growth have the closed form
// ln(rho/(1-rho)) = ln(rho0/(1-rho0)) + (K/k) ln(1 + k t / G0^3), with G^3 = G0^3 + k t.
TEST(FlashLumpedVerification, CoupledDensificationAndGrainGrowthMatchClosedForm) {
  const double T = 1500.0, G0 = 1e-7;
  const double A = 1e-6, Q = 400e3, k0 = 1e-12, Qg = 400e3;
  const double K = A * std::exp(-Q / (kGasConstant * T));
  const double k = k0 * std::exp(-Qg / (kGasConstant * T));
  auto densification = std::make_shared<EmpiricalDensification>(A, Q, 1.0, 3.0);
  auto growth = std::make_shared<PowerLawGrainGrowth>(k0, Qg, 3.0);
  PowerSupply off = PowerSupply::voltage_control(1.0, 1e6, 1e9);
  const FlashLumpedModel model(simple_material(), bar(0.6, G0), FurnaceSchedule::isothermal(T), off, densification, growth);
  FlashSolverSettings settings;
  settings.end_time = 20.0 * G0 * G0 * G0 / k;
  settings.relative_tolerance = 1e-8;
  const FlashResult r = model.run(settings);
  const double t = r.final.time;
  const double G = std::cbrt(G0 * G0 * G0 + k * t);
  const double logit = std::log(0.6 / 0.4) + (K / k) * std::log(1.0 + k * t / (G0 * G0 * G0));
  const double rho = 1.0 / (1.0 + std::exp(-logit));
  EXPECT_NEAR(r.final.grain_size, G, 1e-5 * G);
  EXPECT_NEAR(r.final.relative_density, rho, 1e-6);
  EXPECT_GT(r.final.relative_density, 0.7);  // the test exercises real densification
}

// Self-convergence: the onset time converges as the tolerance is tightened.
TEST(FlashLumpedVerification, OnsetTimeConvergesWithTolerance) {
  PowerSupply supply = PowerSupply::voltage_control(1e4, 1e5);
  const FlashLumpedModel model(simple_material(), bar(), ramp(298.15, 10.0 / 60.0, 1573.15), supply, nullptr, nullptr);
  auto onset = [&](double rtol) {
    FlashSolverSettings s;
    s.end_time = 7800.0;
    s.relative_tolerance = rtol;
    return *model.run(s).onset_time;
  };
  const double reference = onset(1e-10);
  const double e3 = std::abs(onset(1e-3) - reference), e5 = std::abs(onset(1e-5) - reference),
               e7 = std::abs(onset(1e-7) - reference);
  EXPECT_LT(e5, e3);
  EXPECT_LT(e7, e5 + 1e-9);
  EXPECT_LT(e7 / reference, 1e-6);
}

// A run that cannot be integrated stops with a message that says where and why, never with NaN.
TEST(FlashLumpedVerification, FailingIntegrationSaysWhereAndWhy) {
  FlashMaterial m = simple_material();
  ArrheniusTerm absurd;
  absurd.sigma0 = 1e300;  // P_el overflows as soon as the supply is on
  m.conductivity = ElectricalConductivity({absurd}, 1.5);
  m.limit_temperature = 1e300;
  const FlashLumpedModel model(m, bar(), FurnaceSchedule::isothermal(1000.0), PowerSupply::voltage_control(1e4, 1e300), nullptr, nullptr);
  FlashSolverSettings settings;
  settings.end_time = 10.0;
  try {
    model.run(settings);
    FAIL() << "expected a SolverError";
  } catch (const SolverError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("failed at t ="), std::string::npos) << what;
    EXPECT_NE(what.find("specimen"), std::string::npos) << what;
    EXPECT_NE(what.find("restarts with smaller steps"), std::string::npos) << what;
    EXPECT_EQ(what.find("nan"), std::string::npos) << what;
  }
}

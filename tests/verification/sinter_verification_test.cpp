// Verification of the furnace-sintering runner and its laws against closed-form solutions.
#include "../data/model_helpers.hpp"
#include "sinter/sinter_model.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace kiln;
using namespace kiln::testing;

namespace {

// eta0 = 1.66e-5 exp(48259.6/T) Pa s (Q = 401 kJ/mol): the Skorohod-Olevsky verification set of
// the MFront documentation (docs/sources/sintering_validation_data.md).
constexpr double kEtaA = 1.66e-5, kQeta = 48259.583 * kGasConstant;

PressureSchedule constant_pressure(double p, const char* loading) {
  auto doc = InputDocument::from_string(fmt::format("[p]\nstart = {}\nloading = \"{}\"\n", p, loading), "p.toml");
  return PressureSchedule::from_input(doc.root().table("p", ""));
}

SinterResult run(const SinterModel& model, double end_time, double rtol = 1e-9) {
  SinterSolverSettings s;
  s.end_time = end_time;
  s.relative_tolerance = rtol;
  return model.run(s);
}

}  // namespace

// Free sintering of a linear-viscous porous body: theta = theta0 exp(-3 sigma_s0 t / (4 eta0)),
// sigma_s0 = 3 alpha / r0 (Skorohod-Olevsky with phi = (1-theta)^2, psi = 2/3 (1-theta)^3/theta).
TEST(SinterVerification, FreeViscousSinteringIsExponentialInPorosity) {
  const double T = 1473.15, r0 = 1e-6, alpha = 3.81e6 * r0 / 3.0;  // sigma_s0 = 3.81 MPa of the reference set
  auto law = std::make_shared<SkorohodOlevskyDensification>(kEtaA, kQeta, alpha, r0);
  const SinterModel model(bar(0.55), 6000.0, FurnaceSchedule::isothermal(T), PressureSchedule::none(), law, nullptr,
                          nullptr, "air");
  const double eta = law->viscosity(T, 1e-7);
  const double tau = 4.0 * eta / (3.0 * 3.0 * alpha / r0);
  const SinterResult r = run(model, 2.0 * tau);
  const double theta = 0.45 * std::exp(-r.final.time / tau);
  EXPECT_NEAR(1.0 - r.final.relative_density, theta, 1e-7);
  EXPECT_NEAR(tau, 980.0, 5.0);  // the 1200 degC time constant of the reference set
}

// Die pressing without sintering stress: ln(theta/theta0) - (theta - theta0) = -3 p t / (4 eta0).
TEST(SinterVerification, DiePressingMatchesClosedForm) {
  const double T = 1373.15, p = 50e6;
  auto law = std::make_shared<SkorohodOlevskyDensification>(kEtaA, kQeta, 0.0, 1e-6);
  const SinterModel model(bar(0.5), 6000.0, FurnaceSchedule::isothermal(T), constant_pressure(p, "die"), law, nullptr,
                          nullptr, "air");
  const double eta = law->viscosity(T, 1e-7);
  const SinterResult r = run(model, 3.0 * 4.0 * eta / (3.0 * p));
  const double theta = 1.0 - r.final.relative_density, theta0 = 0.5;
  const double lhs = std::log(theta / theta0) - (theta - theta0);
  EXPECT_NEAR(lhs, -3.0 * p * r.final.time / (4.0 * eta), 1e-6);
  EXPECT_NEAR(r.final.strain, 0.5 / r.final.relative_density - 1.0, 1e-12);  // only the height changes
}

// Isostatic pressing without sintering stress: ln theta - 2 theta + theta^2/2 changes by -3 p t/(4 eta0).
TEST(SinterVerification, IsostaticPressingMatchesClosedForm) {
  const double T = 1373.15, p = 100e6;
  auto law = std::make_shared<SkorohodOlevskyDensification>(kEtaA, kQeta, 0.0, 1e-6);
  const SinterModel model(bar(0.6), 6000.0, FurnaceSchedule::isothermal(T), constant_pressure(p, "isostatic"), law,
                          nullptr, nullptr, "air");
  const double eta = law->viscosity(T, 1e-7);
  const SinterResult r = run(model, 2.0 * 4.0 * eta / (3.0 * p));
  auto F = [](double th) { return std::log(th) - 2.0 * th + 0.5 * th * th; };
  EXPECT_NEAR(F(1.0 - r.final.relative_density) - F(0.4), -3.0 * p * r.final.time / (4.0 * eta), 1e-6);
}

// The master-curve law integrated along a constant heating rate lands on Phi(Theta_green + Theta),
// Theta = [E1(Q/RT) - E1(Q/RT0)] / beta.
TEST(SinterVerification, MasterCurveFollowsWorkOfSintering) {
  const double Q = 485e3, beta = 10.0 / 60.0, T0 = 873.15, T1 = 1773.15;
  auto law = std::make_shared<MasterCurveDensification>(Q, -39.3, 0.98, 0.45);
  const SinterModel model(bar(0.46), 6000.0, ramp(T0, beta, T1), PressureSchedule::none(), law, nullptr, nullptr, "air");
  const SinterResult r = run(model, (T1 - T0) / beta);
  const double theta_green = std::exp(law->log_theta(0.46));
  const double expected = law->density(theta_green + work_of_sintering_constant_rate(Q, T0, T1, beta));
  EXPECT_NEAR(r.final.relative_density, expected, 1e-6);
  EXPECT_GT(r.final.relative_density, 0.9);
}

// Grain growth at fixed density and temperature: G^3 - G0^3 = k0 exp(-Q/RT) (a/(a+theta))^1.5 t.
TEST(SinterVerification, PoreDragGrainGrowthMatchesClosedForm) {
  const double T = 1600.0, k0 = 1e-9, Q = 400e3, a = 0.05, G0 = 2e-7;
  auto growth = std::make_shared<PoreDragGrainGrowth>(k0, Q, 3.0, a);
  const SinterModel model(bar(0.8, G0), 6000.0, FurnaceSchedule::isothermal(T), PressureSchedule::none(),
                          std::make_shared<NoDensification>(), growth, nullptr, "air");
  const SinterResult r = run(model, 3600.0);
  const double factor = std::pow(a / (a + 0.2), 1.5);
  const double G = std::cbrt(G0 * G0 * G0 + k0 * std::exp(-Q / (kGasConstant * T)) * factor * r.final.time);
  EXPECT_NEAR(r.final.grain_size, G, 1e-5 * G);
  EXPECT_NEAR(growth->drag_factor(1.0 - a), std::pow(0.5, 1.5), 1e-12);  // 0.354 at theta = a
}

// Lithium lost at constant temperature and surface grows linearly: x = j S t / N_Li0; it scales
// with the surface-to-volume ratio and with the atmosphere's factor.
TEST(SinterVerification, LithiumLossScalesWithSurfaceAndAtmosphere) {
  const double T = 1523.15;
  auto li = std::make_shared<LithiumLossLaw>(1.6e9, 400e3, std::map<std::string, double>{{"air", 1.0}, {"mother_powder", 0.1}},
                                             6.4, 0.88941, "La2Zr2O7", 0.05, 2.0);
  auto loss = [&](double thickness, const std::string& atmosphere) {
    LumpedSpecimen s = bar(0.6);
    s.gauge = {0.02, 0.01 * thickness, 0.02 * 0.01 * thickness};
    s.radiating_area = 2 * 0.02 * 0.01;  // the two large faces
    const SinterModel model(s, 5450.0, FurnaceSchedule::isothermal(T), PressureSchedule::none(),
                            std::make_shared<NoDensification>(), nullptr, li, atmosphere);
    const SinterResult r = run(model, 36000.0);
    const double moles = li->lithium_moles(0.6 * 5450.0 * s.gauge.volume);
    EXPECT_NEAR(r.final.lithium_loss, li->flux(T, atmosphere) * s.radiating_area * 36000.0 / moles, 1e-9);
    return r.final;
  };
  const auto thick = loss(2e-3, "air"), thin = loss(1e-3, "air"), covered = loss(1e-3, "mother_powder");
  EXPECT_NEAR(thin.lithium_loss, 2.0 * thick.lithium_loss, 1e-9);
  EXPECT_NEAR(covered.lithium_loss, 0.1 * thin.lithium_loss, 1e-9);
  EXPECT_NEAR(thin.secondary_phase, std::clamp((thin.lithium_loss - 0.05) * 2.0, 0.0, 1.0), 1e-12);
}

// Combined-stage sintering with constant Gamma and no grain growth at constant T is exponential
// in ln(rho): d(rho)/dt = 3 rho K, K = (gamma Omega/kT)[3 delta D_b Gamma_b/G^4 + D_v Gamma_v/G^3].
TEST(SinterVerification, CombinedStageIsothermalClosedForm) {
  const double T = 1600.0, G = 5e-7, gamma = 1.0, Vm = 2e-5, delta = 5e-10;
  const double Db0 = 1e-6, Qb = 400e3, Dv0 = 1e-5, Qv = 500e3;
  CombinedStageDensification::Table gb{{0.5, 1.0}, {20.0, 20.0}}, gv{{0.5, 1.0}, {5.0, 5.0}};
  auto law = std::make_shared<CombinedStageDensification>(gamma, Vm / 6.02214076e23, delta, Db0, Qb, Dv0, Qv, gb, gv);
  const double omega = Vm / 6.02214076e23;
  const double K = gamma * omega / (kBoltzmann * T) *
                   (3 * delta * Db0 * std::exp(-Qb / (kGasConstant * T)) * 20.0 / std::pow(G, 4) +
                    Dv0 * std::exp(-Qv / (kGasConstant * T)) * 5.0 / std::pow(G, 3));
  const SinterModel model(bar(0.55, G), 6000.0, FurnaceSchedule::isothermal(T), PressureSchedule::none(), law, nullptr,
                          nullptr, "air");
  const double t_end = std::log(0.9 / 0.55) / (3 * K);  // reaches 0.9 at the end
  const SinterResult r = run(model, t_end);
  EXPECT_NEAR(r.final.relative_density, 0.55 * std::exp(3 * K * r.final.time), 1e-6);
  EXPECT_NEAR(r.final.relative_density, 0.9, 1e-5);
}

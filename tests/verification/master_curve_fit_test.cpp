// Verification of kiln fit msc: curves made by a known master curve are collapsed with the
// activation energy that made them.
#include "../data/model_helpers.hpp"
#include "sinter/master_curve_fit.hpp"
#include "sinter/sinter_model.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace kiln;
using namespace kiln::testing;

namespace {

// Runs the master-curve law along a ramp and writes it as a dilatometry file in user units.
std::filesystem::path synthetic_curve(const MasterCurveDensification& law, double rate_K_per_min, const std::string& dir) {
  auto law_ptr = std::make_shared<MasterCurveDensification>(law);
  const double T0 = 1073.15, T1 = 1873.15, beta = rate_K_per_min / 60.0;
  const SinterModel model(bar(0.46), 6000.0, ramp(T0, beta, T1), PressureSchedule::none(), law_ptr, nullptr, nullptr, "air");
  std::filesystem::create_directories(dir);
  const auto file = std::filesystem::path(dir) / fmt::format("curve_{}.csv", rate_K_per_min);
  std::ofstream out(file);
  out << "# synthetic\ntime [min],temperature [degC],relative density\n";
  SinterSolverSettings s;
  s.end_time = (T1 - T0) / beta;
  s.relative_tolerance = 1e-9;
  s.output_interval = s.end_time / 500;
  s.output_density_change = 1.0;
  model.run(s, [&](const SinterObservation& o) {
    out << fmt::format("{:.9g},{:.9g},{:.9g}\n", o.time / 60, o.temperature - 273.15, o.relative_density);
  });
  return file;
}

}  // namespace

TEST(MasterCurveFitVerification, RecoversTheActivationEnergyOfSyntheticCurves) {
  const MasterCurveDensification truth(485e3, -39.3, 0.98, 0.45);
  const std::string dir = ::testing::TempDir() + "/kiln_msc";
  std::vector<DilatometryCurve> curves;
  for (double rate : {2.0, 5.0, 20.0}) curves.push_back(read_dilatometry_csv(synthetic_curve(truth, rate, dir)));
  EXPECT_NEAR(curves[1].heating_rate * 60, 5.0, 1e-3);
  const MasterCurveFit fit = fit_master_curve(curves, 200e3, 1000e3);
  EXPECT_NEAR(fit.activation_energy, 485e3, 0.005 * 485e3);
  EXPECT_NEAR(fit.b, 0.98, 0.03);
  EXPECT_NEAR(fit.rho0, 0.45, 0.011);  // the data start at the green density 0.46
  EXPECT_LT(fit.rms_residual, 0.003);
  EXPECT_GT(fit.activation_energy_sigma, 0.0);
  // The profile has its minimum near the truth: collapse is worse 100 kJ/mol away.
  const auto& q = fit.profile_q;
  const auto& S = fit.profile_sum_of_squares;
  const auto at = [&](double target) {
    return S[std::min_element(q.begin(), q.end(), [&](double a, double b) { return std::abs(a - target) < std::abs(b - target); }) - q.begin()];
  };
  EXPECT_GT(at(385e3), 10 * at(485e3));
  EXPECT_GT(at(585e3), 10 * at(485e3));
}

TEST(MasterCurveFitVerification, WorkOfSinteringAlongARampMatchesClosedForm) {
  DilatometryCurve c;
  const double beta = 10.0 / 60.0;
  for (int i = 0; i <= 4000; ++i) {
    c.time.push_back(i * 1.5);
    c.temperature.push_back(1000.0 + beta * i * 1.5);
    c.density.push_back(0.5);
  }
  const double Q = 500e3;
  const auto theta = work_of_sintering(c, Q);
  const double exact = work_of_sintering_constant_rate(Q, 1000.0, c.temperature.back(), beta);
  EXPECT_NEAR(theta.back(), exact, 1e-5 * exact);  // trapezoids, second order
}

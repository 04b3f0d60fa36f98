// The equivalent-circuit fitter recovers the parameters of synthetic spectra (issue #6): a
// polycrystalline electrolyte between blocking electrodes, R0-p(R1,CPE1)-p(R2,CPE2)-CPE3, with
// and without 1 % noise, from the automatic initial guess.
#include "properties/equivalent_circuit.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace {

using namespace kiln;

// Bulk arc near 0.5 MHz, grain boundaries near 5 kHz, the electrodes' spike below 10 Hz.
const std::vector<double> kTrue{50.0, 1000.0, 1e-9, 0.92, 3000.0, 5e-8, 0.85, 2e-6, 0.8};  // R0, R1, CPE1_Q, CPE1_n, R2, CPE2_Q, CPE2_n, CPE3_Q, CPE3_n

TEST(EquivalentCircuit, ParsesTheImpedancePySyntaxAndNamesParameters) {
  const EquivalentCircuit c("R0-p(R1,CPE1)-p(R2,CPE2)-CPE3");
  EXPECT_EQ(c.parameter_names(), (std::vector<std::string>{"R0", "R1", "CPE1_Q", "CPE1_n", "R2", "CPE2_Q", "CPE2_n", "CPE3_Q", "CPE3_n"}));
  EXPECT_THROW(EquivalentCircuit("R0-p(R1"), std::invalid_argument);
  EXPECT_THROW(EquivalentCircuit("R0-X1"), std::invalid_argument);
  EXPECT_THROW(EquivalentCircuit("R0-R0"), std::invalid_argument);
  EXPECT_THROW(EquivalentCircuit("R-C1"), std::invalid_argument);
}

TEST(EquivalentCircuit, RParallelCIsASemicircleOfDiameterRPeakingAtOmegaOneOverRC) {
  const EquivalentCircuit c("p(R1,C1)");
  const double R = 1000, C = 1e-6;
  const Complex top = c.impedance(1.0 / (R * C), {R, C});
  EXPECT_NEAR(top.real(), R / 2, 1e-9 * R);
  EXPECT_NEAR(-top.imag(), R / 2, 1e-9 * R);
  EXPECT_NEAR(c.impedance(1e-6, {R, C}).real(), R, 1e-6 * R);
  EXPECT_NEAR(std::abs(c.impedance(1e12, {R, C})), 0.0, 1e-3);
  // A CPE with n = 1 is a capacitor; a ZARC written as a circuit equals kiln's zarc().
  const EquivalentCircuit q("p(R1,CPE1)");
  for (double w : {1.0, 1e3, 1e6}) {
    const Complex a = q.impedance(w, {R, C, 1.0}), b = c.impedance(w, {R, C});
    EXPECT_NEAR(std::abs(a - b), 0.0, 1e-9 * R);
    const Complex z = q.impedance(w, {R, 3e-7, 0.8}), r = zarc(w, R, 3e-7, 0.8);
    EXPECT_NEAR(std::abs(z - r), 0.0, 1e-9 * R);
  }
}

class Recovery : public ::testing::TestWithParam<double> {};

TEST_P(Recovery, FitRecoversTheParametersOfASyntheticPolycrystalSpectrum) {
  const double noise = GetParam();
  const EquivalentCircuit c("R0-p(R1,CPE1)-p(R2,CPE2)-CPE3");
  ImpedanceSpectrum s = c.spectrum(log_frequencies(0.1, 1e7, 10), kTrue);
  std::mt19937 rng(11);
  std::normal_distribution<double> gauss(0.0, noise);
  for (auto& z : s.impedance) z = Complex(z.real() * (1 + gauss(rng)), z.imag() * (1 + gauss(rng)));
  const CircuitFit fit = fit_circuit(c, s);
  ASSERT_TRUE(fit.converged) << fit.report;
  // Noise-free: to solver precision. With 1 % noise: every parameter within 3 standard deviations,
  // resistances and exponents within 5 % (a CPE's Q is tied to its exponent: ln Q moves by ln(w) dn,
  // so its relative error is larger and only the 3-sd check applies).
  for (std::size_t k = 0; k < kTrue.size(); ++k) {
    const double rel = std::abs(fit.values[k] / kTrue[k] - 1);
    if (noise == 0) {
      EXPECT_LT(rel, 1e-5) << c.parameter_names()[k];
    } else {
      if (c.parameter_names()[k].find("_Q") == std::string::npos) EXPECT_LT(rel, 0.05) << c.parameter_names()[k];
      ASSERT_TRUE(std::isfinite(fit.standard_deviations[k]));
      EXPECT_LT(std::abs(fit.values[k] - kTrue[k]), 3 * fit.standard_deviations[k] + 1e-12) << c.parameter_names()[k];
    }
  }
  if (noise > 0) EXPECT_NEAR(fit.weighted_rms, noise, 0.5 * noise);
}

INSTANTIATE_TEST_SUITE_P(Noise, Recovery, ::testing::Values(0.0, 0.01));

}  // namespace

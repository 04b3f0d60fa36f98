// Verification of the distribution of relaxation times (DRT): synthetic ZARC spectra, whose DRT
// is known analytically (Fuoss-Kirkwood), are recovered: peak position within 0.05 decades,
// resistance within 2 %, with and without 1 % noise.
#include "properties/drt.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <algorithm>
#include <array>
#include <random>

using namespace kiln;

namespace {

ImpedanceSpectrum spectrum(const std::vector<std::array<double, 3>>& zarcs, double r_inf, double noise, unsigned seed = 7) {
  ImpedanceSpectrum s;
  std::mt19937 rng(seed);
  std::normal_distribution<double> gauss(0.0, 1.0);
  for (double f : log_frequencies(1e-2, 1e6, 10)) {
    Complex z = r_inf;
    for (const auto& [R, tau0, n] : zarcs) z += zarc_tau(2 * M_PI * f, R, tau0, n);
    if (noise > 0) z += noise * std::abs(z) * Complex(gauss(rng), gauss(rng));
    s.frequency.push_back(f);
    s.impedance.push_back(z);
  }
  return s;
}

}  // namespace

TEST(DrtVerification, AnalyticZarcDistributionIsNormalised) {
  // integral of gamma d ln tau = R
  double area = 0.0;
  for (double y = -40; y <= 40; y += 0.001) area += zarc_drt(std::exp(y), 100.0, 1.0, 0.8) * 0.001;
  EXPECT_NEAR(area, 100.0, 1e-3);
}

// With a fixed regularisation (lambda = 1e-5 on the 1/|Z|-weighted problem) the peaks are where
// the ZARCs put them and carry their resistances, with and without 1 % noise.
TEST(DrtVerification, SingleZarcRecovered) {
  DrtOptions fixed;
  fixed.lambda = 1e-5;
  for (double noise : {0.0, 0.01}) {
    const DrtResult r = compute_drt(spectrum({{{100.0, 1e-3, 0.9}}}, 10.0, noise), fixed);
    ASSERT_GE(r.peaks.size(), 1u) << "noise " << noise;
    const auto main = *std::max_element(r.peaks.begin(), r.peaks.end(), [](auto& a, auto& b) { return a.resistance < b.resistance; });
    EXPECT_NEAR(std::log10(main.tau), -3.0, 0.05) << "noise " << noise;
    EXPECT_NEAR(main.resistance, 100.0, 2.0) << "noise " << noise;
    EXPECT_NEAR(r.r_inf, 10.0, 1.0) << "noise " << noise;
  }
}

TEST(DrtVerification, TwoZarcsRecovered) {
  // Bulk-like and grain-boundary-like arcs three decades apart, as in a sintered electrolyte.
  DrtOptions fixed;
  fixed.lambda = 1e-5;
  for (double noise : {0.0, 0.01}) {
    const DrtResult r = compute_drt(spectrum({{{50.0, 1e-6, 0.9}}, {{200.0, 1e-3, 0.85}}}, 5.0, noise), fixed);
    std::vector<DrtPeak> big;
    for (const auto& p : r.peaks)
      if (p.resistance > 0.02 * 250.0) big.push_back(p);
    ASSERT_EQ(big.size(), 2u) << "noise " << noise;
    EXPECT_NEAR(std::log10(big[0].tau), -6.0, 0.05) << "noise " << noise;
    EXPECT_NEAR(std::log10(big[1].tau), -3.0, 0.05) << "noise " << noise;
    EXPECT_NEAR(big[0].resistance, 50.0, 1.0) << "noise " << noise;
    EXPECT_NEAR(big[1].resistance, 200.0, 4.0) << "noise " << noise;
  }
}

// With lambda from generalised cross-validation (the default), the peaks are in place and the
// total polarisation resistance is right; GCV regularises less, so small spurious peaks (each
// below 3 % of the total) take some area from the main ones.
TEST(DrtVerification, GcvKeepsPeaksAndTotalResistance) {
  for (double noise : {0.0, 0.01}) {
    const DrtResult r = compute_drt(spectrum({{{50.0, 1e-6, 0.9}}, {{200.0, 1e-3, 0.85}}}, 5.0, noise));
    EXPECT_TRUE(r.lambda_by_gcv);
    double total = 0.0;
    std::vector<DrtPeak> big;
    for (const auto& p : r.peaks) {
      total += p.resistance;
      if (p.resistance > 0.03 * 250.0) big.push_back(p);
    }
    EXPECT_NEAR(total, 250.0, 0.02 * 250.0) << "noise " << noise;
    ASSERT_EQ(big.size(), 2u) << "noise " << noise;
    EXPECT_NEAR(std::log10(big[0].tau), -6.0, 0.05) << "noise " << noise;
    EXPECT_NEAR(std::log10(big[1].tau), -3.0, 0.05) << "noise " << noise;
  }
}

TEST(DrtVerification, GammaFollowsTheAnalyticShape) {
  // Noise-free data need little regularisation; the regulariser then barely flattens the peak.
  DrtOptions light;
  light.lambda = 1e-8;
  const DrtResult r = compute_drt(spectrum({{{100.0, 1e-3, 0.8}}}, 0.0, 0.0), light);
  // Compare gamma with the Fuoss-Kirkwood distribution at its peak and a half-decade away.
  auto at = [&](double tau) {
    const auto it = std::min_element(r.tau.begin(), r.tau.end(), [&](double a, double b) {
      return std::abs(std::log(a / tau)) < std::abs(std::log(b / tau));
    });
    return r.gamma[it - r.tau.begin()];
  };
  for (double tau : {1e-3, 3e-4, 3e-3}) EXPECT_NEAR(at(tau), zarc_drt(tau, 100.0, 1e-3, 0.8), 0.10 * zarc_drt(1e-3, 100.0, 1e-3, 0.8)) << tau;
}

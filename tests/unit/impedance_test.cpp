// Requirement: circuit elements have their textbook impedances; spectra are read in the formats
// instruments export.
#include "properties/impedance.hpp"

#include "core/input.hpp"

#include <gtest/gtest.h>

#include <fstream>

using namespace kiln;

TEST(Impedance, ParallelRCIsASemicircleOfDiameterR) {
  const double R = 1000.0, C = 1e-6;
  // At omega = 1/RC the point is the top of the arc: Z = R/2 - i R/2.
  const Complex z = zarc(1.0 / (R * C), R, C, 1.0);
  EXPECT_NEAR(z.real(), R / 2, 1e-9);
  EXPECT_NEAR(z.imag(), -R / 2, 1e-9);
  EXPECT_NEAR(zarc(1e-9, R, C, 1.0).real(), R, 1e-6);  // low frequency: R
  EXPECT_NEAR(std::abs(zarc(1e12, R, C, 1.0)), 0.0, 1e-3);  // high frequency: shorted
  for (double w : {1.0, 1e3, 1e6}) {  // every point on the circle centred at R/2
    const Complex zz = zarc(w, R, C, 1.0);
    EXPECT_NEAR(std::abs(zz - R / 2), R / 2, 1e-9);
  }
}

TEST(Impedance, ZarcWithTauMatchesRQForm) {
  const double R = 50, Q = 2e-5, n = 0.8, tau0 = std::pow(R * Q, 1.0 / n);
  for (double w : {0.1, 10.0, 1e4}) EXPECT_NEAR(std::abs(zarc(w, R, Q, n) - zarc_tau(w, R, tau0, n)), 0.0, 1e-9);
}

TEST(Impedance, ReadsEitherSignConventionWithOrWithoutHeader) {
  const auto dir = ::testing::TempDir();
  {
    std::ofstream a(dir + "/a.csv");
    a << "freq/Hz,Re(Z)/Ohm,-Im(Z)/Ohm\n";
    for (double f : {1.0, 10.0, 100.0, 1000.0, 1e4, 1e5}) a << f << "," << 10 << "," << 5 << "\n";
    std::ofstream b(dir + "/b.txt");
    b << "# exported\n";
    for (double f : {1e5, 1e4, 1000.0, 100.0, 10.0, 1.0}) b << f << "\t" << 10 << "\t" << -5 << "\n";
  }
  const auto a = read_impedance_csv(dir + "/a.csv"), b = read_impedance_csv(dir + "/b.txt");
  ASSERT_EQ(a.frequency.size(), 6u);
  EXPECT_DOUBLE_EQ(a.frequency.front(), 1e5);  // sorted descending
  EXPECT_DOUBLE_EQ(a.impedance[0].imag(), -5.0);  // -Z'' flipped to Z''
  EXPECT_DOUBLE_EQ(b.impedance[0].imag(), -5.0);
}

TEST(Impedance, BadRowNamesTheLine) {
  const auto file = ::testing::TempDir() + "/bad.csv";
  std::ofstream(file) << "1,2,3\n10,2,3\n100,x,3\n";
  try {
    read_impedance_csv(file);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 3);
  }
}

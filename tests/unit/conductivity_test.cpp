// Requirement: conductivity laws follow Arrhenius, combine bulk and grain boundary in series,
// scale with density by Archie's law, and give the derivative the runaway criterion needs.
#include "materials/conductivity.hpp"
#include "materials/thermal.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace kiln;

namespace {
ArrheniusTerm term(double sigma0, double Ea_eV, ArrheniusTerm::Path path = ArrheniusTerm::Path::total, bool over_T = false) {
  ArrheniusTerm t;
  t.sigma0 = sigma0;
  t.activation_energy = Ea_eV * 1.602176634e-19;
  t.path = path;
  t.over_T = over_T;
  return t;
}
}  // namespace

TEST(Conductivity, ArrheniusTerm) {
  const auto t = term(1e4, 1.0);
  EXPECT_NEAR(t.sigma(1000.0), 1e4 * std::exp(-1.0 / (kBoltzmann_eV * 1000.0)), 1e-9 * t.sigma(1000.0));
  const auto u = term(1e7, 0.5, ArrheniusTerm::Path::total, true);
  EXPECT_NEAR(u.sigma(800.0), 1e7 / 800.0 * std::exp(-0.5 / (kBoltzmann_eV * 800.0)), 1e-9 * u.sigma(800.0));
}

TEST(Conductivity, BulkAndGrainBoundaryInSeriesElectronicInParallel) {
  auto electronic = term(2.0, 0.0);
  electronic.carrier = ArrheniusTerm::Carrier::electronic;
  const ElectricalConductivity c({term(6.0, 0.0, ArrheniusTerm::Path::bulk), term(3.0, 0.0, ArrheniusTerm::Path::grain_boundary), electronic}, 1.5);
  EXPECT_NEAR(c.dense(900.0), 1.0 / (1.0 / 6.0 + 1.0 / 3.0) + 2.0, 1e-12);
}

TEST(Conductivity, ArchiePorosityCorrection) {
  const ElectricalConductivity c({term(5.0, 0.0)}, 1.5);
  EXPECT_NEAR(c.sigma(1000.0, 0.64), 5.0 * 0.512, 1e-12);
}

TEST(Conductivity, DerivativeMatchesFiniteDifference) {
  auto electronic = term(50.0, 0.4);
  electronic.carrier = ArrheniusTerm::Carrier::electronic;
  const ElectricalConductivity c({term(1e5, 1.1, ArrheniusTerm::Path::bulk), term(3e6, 1.3, ArrheniusTerm::Path::grain_boundary, true), electronic}, 2.0);
  for (double T : {600.0, 1000.0, 1500.0}) {
    const double h = 1e-3 * T;
    const double fd = (c.sigma(T + h, 0.7) - c.sigma(T - h, 0.7)) / (2 * h);
    EXPECT_NEAR(c.dsigma_dT(T, 0.7), fd, 1e-5 * std::abs(fd)) << T;
  }
}

TEST(Thermal, EnthalpyIsTheIntegralOfHeatCapacity) {
  const HeatCapacity cp{565.0, 0.0611, -1.141e7};
  // Simpson's rule on c_p between 400 K and 1400 K.
  const int n = 1000;
  double integral = 0.0;
  for (int i = 0; i <= n; ++i) {
    const double T = 400.0 + 1000.0 * i / n;
    integral += (i == 0 || i == n ? 1 : (i % 2 ? 4 : 2)) * cp.cp(T);
  }
  integral *= 1000.0 / n / 3.0;
  EXPECT_NEAR(cp.enthalpy(1400.0) - cp.enthalpy(400.0), integral, 1e-6 * integral);
}

TEST(Thermal, MaxwellEuckenPorosityCorrection) {
  const ThermalConductivity k{2.7, 300.0, 1.0};
  EXPECT_NEAR(k.dense(600.0), 1.35, 1e-12);
  EXPECT_NEAR(k.k(300.0, 0.6), 2.7 * 0.6 / 1.2, 1e-12);
}

TEST(Conductivity, ElectronicPartKeepsOnlyElectrons) {
  auto electronic = term(2.0, 0.5);
  electronic.carrier = ArrheniusTerm::Carrier::electronic;
  const ElectricalConductivity c({term(100.0, 0.3), electronic}, 1.5);
  const auto e = c.electronic_part();
  ASSERT_TRUE(e.has_value());
  EXPECT_NEAR(e->dense(1000.0), electronic.sigma(1000.0), 1e-15);
  EXPECT_FALSE(ElectricalConductivity({term(100.0, 0.3)}, 1.5).electronic_part().has_value());
}

// Requirement: kinetics laws give the rates of their equations and are chosen by name.
#include "kinetics/densification.hpp"
#include "kinetics/grain_growth.hpp"
#include "materials/conductivity.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include <cmath>

using namespace kiln;

TEST(Densification, EmpiricalLawRate) {
  const EmpiricalDensification law(2e-3, 300e3, 2.0, 1.0);
  const MaterialPoint p{1400.0, 0.7, 2e-7};
  const double expected = 0.7 * 2e-3 * std::exp(-300e3 / (kGasConstant * 1400.0)) * 0.09 / 2e-7;
  EXPECT_NEAR(law.rate(p), expected, 1e-12 * expected);
  EXPECT_EQ(law.rate({1400.0, 1.0, 2e-7}), 0.0);
}

TEST(GrainGrowth, PowerLawRate) {
  const PowerLawGrainGrowth law(1e-10, 400e3, 3.0);
  const MaterialPoint p{1500.0, 0.9, 1e-6};
  const double expected = 1e-10 * std::exp(-400e3 / (kGasConstant * 1500.0)) / (3.0 * 1e-12);
  EXPECT_NEAR(law.rate(p), expected, 1e-12 * expected);
}

TEST(Laws, ChosenByNameWithProvenance) {
  const auto doc = InputDocument::from_string(
      "[d]\nlaw = \"empirical\"\nA = \"1e-3 m/s\"\nactivation_energy = \"500 kJ/mol\"\nn = 1\nm = 1\nsource = \"test\"\n"
      "[g]\nlaw = \"power\"\nexponent = 3\nk0 = \"1e-10 m^3/s\"\nactivation_energy = \"400 kJ/mol\"\nsource = \"test\"\n",
      "laws.toml");
  Provenance prov;
  const auto d = make_densification_law(doc.root().table("d", ""), prov);
  const auto g = make_grain_growth_law(doc.root().table("g", ""), prov);
  EXPECT_EQ(d->name(), "empirical");
  EXPECT_EQ(g->name(), "power");
  EXPECT_NEAR(dynamic_cast<const EmpiricalDensification&>(*d).activation_energy(), 5e5, 1e-6);
  EXPECT_EQ(prov.values().size(), 7u);
}

TEST(Laws, WrongUnitOfPrefactorIsAnError) {
  // With m = 1 the prefactor A has units m/s; "1/s" is the m = 0 unit.
  const auto doc = InputDocument::from_string(
      "[d]\nlaw = \"empirical\"\nA = \"1e-3 1/s\"\nactivation_energy = \"500 kJ/mol\"\nn = 1\nm = 1\nsource = \"test\"\n", "laws.toml");
  Provenance prov;
  EXPECT_THROW(make_densification_law(doc.root().table("d", ""), prov), InputError);
}

TEST(Laws, UnknownLawSuggestsClosest) {
  const auto doc = InputDocument::from_string("[d]\nlaw = \"emprical\"\n", "laws.toml");
  Provenance prov;
  try {
    make_densification_law(doc.root().table("d", ""), prov);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean \"empirical\"?"), std::string::npos);
  }
}

TEST(MasterCurve, WorkOfSinteringMatchesQuadrature) {
  const double Q = 485e3, T0 = 900.0, T1 = 1700.0, beta = 5.0 / 60.0;
  // Simpson's rule on exp(-Q/RT)/T dT / beta.
  const int n = 20000;
  double sum = 0.0;
  for (int i = 0; i <= n; ++i) {
    const double T = T0 + (T1 - T0) * i / n;
    sum += (i == 0 || i == n ? 1 : (i % 2 ? 4 : 2)) * std::exp(-Q / (kGasConstant * T)) / T;
  }
  const double theta = sum * (T1 - T0) / n / 3.0 / beta;
  EXPECT_NEAR(work_of_sintering_constant_rate(Q, T0, T1, beta), theta, 1e-8 * theta);
}

TEST(MasterCurve, DensityAndInverseAgree) {
  const MasterCurveDensification law(485e3, -39.3, 0.98, 0.45);
  for (double rho : {0.5, 0.7, 0.95}) EXPECT_NEAR(law.density(std::exp(law.log_theta(rho))), rho, 1e-12);
  EXPECT_NEAR(law.density(std::exp(-39.3)), 0.725, 1e-12);  // midpoint
}

TEST(SkorohodOlevsky, DieStiffensAgainstIsostatic) {
  // Same pressure: die pressing densifies more slowly than isostatic pressing (psi + 2 phi/3 > psi).
  const SkorohodOlevskyDensification law(1.66e-5, 401e3, 1.0, 1e-6);
  MaterialPoint p{1473.15, 0.7, 1e-7, 50e6, Loading::isostatic};
  const double iso = law.rate(p);
  p.loading = Loading::die;
  EXPECT_LT(law.rate(p), iso);
  p.loading = Loading::free;
  EXPECT_LT(law.rate(p), law.rate({1473.15, 0.7, 1e-7, 50e6, Loading::die}));
  EXPECT_NEAR(law.sintering_stress(1.0), 3e6, 1e-6);
}

TEST(CombinedStage, ScalingTablesInterpolateAndAreValidated) {
  CombinedStageDensification::Table t{{0.6, 0.8, 0.95}, {30.0, 10.0, 2.0}};
  EXPECT_DOUBLE_EQ(t.at(0.5), 30.0);
  EXPECT_DOUBLE_EQ(t.at(0.7), 20.0);
  EXPECT_DOUBLE_EQ(t.at(0.99), 2.0);
  const auto doc = InputDocument::from_string(
      "[d]\nlaw = \"combined_stage\"\nsurface_energy = \"1 J/m^2\"\nmolar_volume = \"20 cm^3/mol\"\nboundary_width = \"0.5 nm\"\n"
      "boundary_diffusivity = \"1e-6 m^2/s\"\nboundary_activation_energy = \"400 kJ/mol\"\nvolume_diffusivity = \"1e-5 m^2/s\"\n"
      "volume_activation_energy = \"500 kJ/mol\"\ngamma_b = [[0.9, 3], [0.6, 30]]\ngamma_v = [[0.6, 5], [0.9, 1]]\nsource = \"t\"\n",
      "cs.toml");
  Provenance prov;
  try {
    make_densification_law(doc.root().table("d", ""), prov);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("must increase"), std::string::npos) << e.what();
  }
}

// Requirement: kinetics laws give the rates of their equations and are chosen by name.
#include "kinetics/densification.hpp"
#include "kinetics/grain_growth.hpp"
#include "materials/conductivity.hpp"

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

// Requirement: the conductivity of a microstructure follows its limits: porosity laws at full
// density, the brick layer between bulk-dominated and boundary-dominated grains, stiffness.
#include "properties/microstructure_conductivity.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace kiln;

namespace {
ArrheniusTerm term(double sigma0, ArrheniusTerm::Path path) {
  ArrheniusTerm t;
  t.sigma0 = sigma0;
  t.activation_energy = 0.0;
  t.path = path;
  return t;
}
}  // namespace

TEST(MicrostructureConductivity, PorosityLawsAtFullAndPartialDensity) {
  for (auto law : {PorosityLaw::archie, PorosityLaw::bruggeman, PorosityLaw::exponential})
    EXPECT_DOUBLE_EQ(porosity_factor(law, 1.0, 2.0, 0.026), 1.0);
  EXPECT_NEAR(porosity_factor(PorosityLaw::archie, 0.9, 2.0, 0.0), 0.81, 1e-12);
  EXPECT_NEAR(porosity_factor(PorosityLaw::bruggeman, 0.9, 0.0, 0.0), std::pow(0.9, 1.5), 1e-12);
  EXPECT_NEAR(porosity_factor(PorosityLaw::exponential, 0.974, 0.0, 0.026), std::exp(-1.0), 1e-12);
}

TEST(MicrostructureConductivity, BrickLayerLimits) {
  const ElectricalConductivity c({term(1.0, ArrheniusTerm::Path::bulk), term(1e-3, ArrheniusTerm::Path::grain_boundary)}, 1.5);
  // Large grains: the boundaries (volume fraction delta/G) hardly count -> bulk.
  EXPECT_NEAR(grain_conductivity(c, 300.0, 1e-2, 1e-9), 1.0, 1e-3);
  // delta/G = 1e-3 with sigma_gb = 1e-3 sigma_b: boundaries and bulk resist equally -> 1/2.
  EXPECT_NEAR(grain_conductivity(c, 300.0, 1e-6, 1e-9), 0.5, 1e-12);
  // Fine grains: boundary-dominated, sigma ~ sigma_gb G / delta.
  EXPECT_NEAR(grain_conductivity(c, 300.0, 1e-8, 1e-9), 1.0 / (1.0 + 100.0), 1e-12);
}

TEST(MicrostructureConductivity, SecondaryPhaseStiffnessAndMonroeNewman) {
  Material m;
  m.conductivity = ElectricalConductivity({term(2.0, ArrheniusTerm::Path::total)}, 1.5);
  m.youngs_modulus = 150e9;
  m.shear_modulus = 60e9;
  MicrostructureState s{0.9, 1e-6, 0.1, "La2Zr2O7"};
  const auto r = microstructure_properties(m, s, {});
  EXPECT_NEAR(r.sigma_25C, 2.0 * std::pow(0.9, 1.5) * std::pow(0.9, 1.5), 1e-12);
  EXPECT_NEAR(*r.shear_modulus, 60e9 * std::exp(-0.3), 1.0);  // Spriggs, b = 3
  EXPECT_TRUE(*r.monroe_newman_ok);
  EXPECT_NEAR(r.apparent_activation_energy, 0.0 + 8.617333262e-5 * 420.0, 0.01);  // ln(sigma T) of a flat sigma: ~kT
}

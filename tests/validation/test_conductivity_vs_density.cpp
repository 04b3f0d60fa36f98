// Conductivity against relative density of Ta-LLZO: Huang et al., Energy Storage Mater. 22 (2019)
// 207, as quoted in the review (SazvarReview section 3.2.2, text with Fig. 25): 4.3e-4 S/cm at
// 95 % and 6.4e-4 S/cm at 98 % relative density, one study, one composition. The ratio
// sigma(0.98)/sigma(0.95) = 1.49 does not depend on the database's dense conductivity, so the
// comparison is not circular (docs/sources/conductivity_density_data.md, section 4.1).
//
// What it shows: Archie/Bruggeman (m = 1.5) predict 1.05, the exponential law of the garnet
// literature with p0 = 2.6 % applied to total porosity 3.17; the measurement lies between. The 98 %
// sample also had a longer dwell and larger grains (the review), so 1.49 is an upper bound on the
// pure porosity effect. Tolerance: a factor 2.5 on the ratio, the scatter of a single laboratory's
// pair whose densities are rounded to the percent (the exponential law's prediction alone moves
// between 2.16 and 4.6 within that rounding).
#include "materials/material.hpp"
#include "properties/microstructure_conductivity.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using namespace kiln;

constexpr double kMeasuredRatio = 6.4e-4 / 4.3e-4;  // Huang 2019: 98 % over 95 %

double ratio(PorosityLaw law) {
  const Material m = MaterialDatabase::default_database().load("LLZO-Ta");
  MicrostructureState a, b;
  a.relative_density = 0.98;
  b.relative_density = 0.95;
  a.grain_size = b.grain_size = 5e-6;
  ConductivityOptions o;
  o.porosity_law = law;
  return microstructure_properties(m, a, o).sigma_25C / microstructure_properties(m, b, o).sigma_25C;
}

TEST(ConductivityVsDensity, Huang2019TaLlzoRatioWithinAFactorTwoPointFiveForEveryPorosityLaw) {
  for (const auto law : {PorosityLaw::archie, PorosityLaw::bruggeman, PorosityLaw::exponential}) {
    const double r = ratio(law);
    EXPECT_LT(std::max(r / kMeasuredRatio, kMeasuredRatio / r), 2.5) << "law " << static_cast<int>(law) << ": ratio " << r;
  }
  // The measurement lies between the power laws and the exponential law on total porosity.
  EXPECT_LT(ratio(PorosityLaw::bruggeman), kMeasuredRatio);
  EXPECT_GT(ratio(PorosityLaw::exponential), kMeasuredRatio);
}

TEST(ConductivityVsDensity, TheMeasuredSampleIsReproducedWhateverTheLaw) {
  // The database value was measured on Huang's 95 % pellet (reference_relative_density = 0.95):
  // a 95 % microstructure must give 4.3e-4 S/cm back with every porosity law, the grains alone more.
  const Material m = MaterialDatabase::default_database().load("LLZO-Ta");
  EXPECT_DOUBLE_EQ(m.conductivity.reference_density(), 0.95);
  MicrostructureState s;
  s.relative_density = 0.95;
  for (const auto law : {PorosityLaw::archie, PorosityLaw::bruggeman, PorosityLaw::exponential}) {
    ConductivityOptions o;
    o.porosity_law = law;
    const auto r = microstructure_properties(m, s, o);
    EXPECT_NEAR(r.sigma_25C / 100, 4.3e-4, 0.01 * 4.3e-4) << static_cast<int>(law);
    EXPECT_GT(r.sigma_dense_25C, r.sigma_25C);
  }
}

}  // namespace

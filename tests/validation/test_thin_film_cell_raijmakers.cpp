// Validation of the thin-film cell against Raijmakers, Danilov, Eichel & Notten, Electrochim. Acta
// 330 (2020) 135147: a commercial 0.7 mAh Li | LiPON | LiCoO2 cell (3.36 cm^2, 20 degC) discharged
// from the charged state to 3.0 V at 0.1-6C. Measured capacities (Fig. 3, the last marker of each
// curve, read second-hand: docs/sources/thin_film_cell_data.md section 3.6), in mAh/cm^2:
//   0.5C 0.2746, 1C 0.2473, 2C 0.2180, 4C 0.1858, 6C 0.1600; 0.1C at least 0.3244.
// Tolerance: 10 % up to 2C and 15 % at 4 and 6C. The authors' own model misses by up to 2.8 % at
// 4-6C; kiln's is simpler (single-ion LiPON, lithium supplied to LiCoO2 from one face only, no
// concentration terms in Butler-Volmer) and its inputs are figure readings, so it is expected low
// by 2-10 %. The text's statement that at 6C less than half of the full (EMF) capacity of
// 0.3489 mAh/cm^2 is delivered is checked as well, and the LiPON ohmic drop against Fig. 6.
#include "cell/cell_study.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fmt/format.h>

namespace {

using namespace kiln;

double capacity_per_cm2(double c_rate) {
  const std::string input = fmt::format(R"(
[cell]
parameters = "LiCoO2_LiPON_Raijmakers2020"
[experiment]
steps = ["Discharge at {}C until 3.0 V"]
[solver]
model = "cell.thin_film"
cells = 60
)", c_rate);
  const CellStudy study = CellStudy::from_input(InputDocument::from_string(input, "raijmakers"));
  const auto r = study.model->run(study.steps, study.cycles, study.settings);
  EXPECT_EQ(r.steps.at(0).end, "voltage") << c_rate << "C";
  return r.steps.at(0).capacity * 1e3 / (study.thin_film->parameters().area * 1e4);  // mAh/cm^2
}

TEST(ThinFilmCellRaijmakers2020, DischargeCapacityAgainstRateMatchesFig3) {
  const std::vector<std::pair<double, double>> measured{{0.5, 0.2746}, {1, 0.2473}, {2, 0.2180}, {4, 0.1858}, {6, 0.1600}};
  double previous = INFINITY;
  for (const auto& [rate, q] : measured) {
    const double kiln = capacity_per_cm2(rate);
    const double tolerance = rate <= 2 ? 0.10 : 0.15;
    EXPECT_NEAR(kiln / q, 1.0, tolerance) << rate << "C: kiln " << kiln << " mAh/cm^2, measured " << q;
    EXPECT_LT(kiln, previous);
    previous = kiln;
  }
  EXPECT_GT(capacity_per_cm2(0.1), 0.90 * 0.3244);
  EXPECT_LT(capacity_per_cm2(6) / 0.3489, 0.5);  // "less than half of the full discharge capacity"
}

TEST(ThinFilmCellRaijmakers2020, LiponOhmicDropAtOneAndFourC) {
  // j L / sigma with 1C = 0.7 mA on 3.36 cm^2: 68.0 mV at 1C, 271.9 mV at 4C (exact for kiln's
  // single-ion LiPON); the paper's binary electrolyte gives 69.8 and 280.7 mV (Fig. 6): within 5 %.
  const CellStudy study = CellStudy::from_input(InputDocument::from_string(R"(
[cell]
parameters = "LiCoO2_LiPON_Raijmakers2020"
[experiment]
steps = ["Discharge at 1C for 1 s"]
[solver]
model = "cell.thin_film"
)", "raijmakers"));
  const auto& p = study.thin_film->parameters();
  const double drop_1c = 0.7e-3 * p.electrolyte_resistance();
  EXPECT_NEAR(drop_1c, 68.0e-3, 0.005 * 68.0e-3);
  EXPECT_NEAR(drop_1c / 69.8e-3, 1.0, 0.05);
  EXPECT_NEAR(4 * drop_1c / 280.7e-3, 1.0, 0.05);
}

}  // namespace

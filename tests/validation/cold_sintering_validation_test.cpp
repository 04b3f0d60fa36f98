// Validation of cold sintering (sinter.cold) against published ZnO results.
//
// Funahashi, Guo, Guo, Randall et al., J. Am. Ceram. Soc. 100 (2017) 546-553 (abstract): ZnO with
// ~1 M acetic acid densifies to > 90 % below 100 degC; with water alone (or dilute acid) it stays
// near 65 % (as quoted in docs/sources/cold_sintering_data.md, row 2). The ZnO kinetic constants of
// the database were calibrated to the first statement (docs/cold_sintering.md), so that test
// checks the calibration holds at the reported condition; the water case is a prediction: only
// the solubility changes (1e-7 against 6.5e-3, independent data). Tolerance for water: final
// density below 0.75 (dry pressing of the same powder gives 0.70).
#include "sinter/sinter_study.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

using namespace kiln;

namespace {

double zno(const std::string& solvent, double T_celsius) {
  auto doc = InputDocument::from_file(std::string(KILN_SOURCE_DIR) + "/examples/cold_sinter_zno.toml");
  doc.set("process.solvent.name=" + solvent);
  doc.set("process.furnace.start=24 degC");
  doc.set(fmt::format("process.furnace.segments=[{{ramp=\"10 K/min\", to=\"{} degC\"}}, {{hold=\"60 min\"}}]", T_celsius));
  const auto study = SinterStudy::from_input(doc, MaterialDatabase(std::string(KILN_SOURCE_DIR) + "/data/materials"));
  return study.model->run(study.settings).final.relative_density;
}

}  // namespace

TEST(ColdSinteringValidation, ZnOWithAceticAcidExceeds90PercentBelow100CFunahashi2017) {
  EXPECT_GT(zno("acetic_acid", 90.0), 0.90);
}

TEST(ColdSinteringValidation, ZnOWithWaterStaysLowFunahashi2017) {
  const double water = zno("water", 90.0);
  EXPECT_LT(water, 0.75);
  EXPECT_GT(water, 0.60);
  EXPECT_GT(zno("acetic_acid", 90.0) - water, 0.15);  // the trend: solubility makes CSP work
}

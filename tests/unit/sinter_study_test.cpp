// Requirement: sintering studies refuse inputs that cannot mean what the user intends, and stop
// where the material stops being itself.
#include "sinter/sinter_study.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

using namespace kiln;

namespace {

const char* kBase = R"(
[material]
name = "LLZO-Ta"
[specimen]
shape = "pellet"
diameter = "12 mm"
thickness = "1.5 mm"
green_density = 0.55
[process.furnace]
start = "25 degC"
segments = [{{ramp = "5 K/min", to = "{top}"}}]
{pressure}
[solver]
model = "{model}"
)";

SinterStudy study(const std::string& model, const std::string& top = "1200 degC", const std::string& pressure = "") {
  const auto doc = InputDocument::from_string(
      fmt::format(kBase, fmt::arg("top", top), fmt::arg("pressure", pressure), fmt::arg("model", model)), "s.toml");
  return SinterStudy::from_input(doc, MaterialDatabase(std::string(KILN_SOURCE_DIR) + "/data/materials"));
}

}  // namespace

TEST(SinterStudy, PressureNeedsALawThatFeelsIt) {
  try {
    study("sinter.pressure", "1200 degC", "[process.pressure]\nstart = \"50 MPa\"\nloading = \"die\"");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("skorohod_olevsky"), std::string::npos) << e.what();
  }
}

TEST(SinterStudy, StopsWhenTheFurnacePassesTheDecompositionTemperature) {
  const auto s = study("sinter.conventional", "1500 degC");
  const auto r = s.model->run(s.settings);
  EXPECT_NE(r.exit_state.find("stopped: the furnace reached the material's decomposition temperature"), std::string::npos)
      << r.exit_state;
  EXPECT_NEAR(r.final.temperature, 1573.15, 0.5);  // 1300 degC in data/materials/LLZO-Ta.toml
}

TEST(SinterStudy, HeatTransferCoefficientIsNotAKeyOfSintering) {
  const auto doc = InputDocument::from_string(
      fmt::format(kBase, fmt::arg("top", "1200 degC"), fmt::arg("pressure", ""), fmt::arg("model", "sinter.conventional")), "s.toml");
  InputDocument d = doc;
  d.set("process.furnace.heat_transfer_coefficient=10");
  EXPECT_THROW(SinterStudy::from_input(d, MaterialDatabase(std::string(KILN_SOURCE_DIR) + "/data/materials")), InputError);
}

TEST(SinterStudy, LithiumLossIsReportedForLLZO) {
  const auto s = study("sinter.conventional", "1250 degC");
  const auto summary = sinter_summary(s, s.model->run(s.settings));
  ASSERT_TRUE(summary.contains("lithium"));
  EXPECT_GT(summary["lithium"]["lost fraction of the initial lithium"].get<double>(), 0.0);
  EXPECT_TRUE(summary["lithium"].contains("La2Zr2O7 fraction"));
}

TEST(SinterStudy, ColdModelWithoutSolventIsDryPressing) {
  auto doc = InputDocument::from_file(std::string(KILN_SOURCE_DIR) + "/examples/cold_sinter_zno.toml");
  doc.value().as_table().at("process").as_table().erase("solvent");
  const auto s = SinterStudy::from_input(doc, MaterialDatabase(std::string(KILN_SOURCE_DIR) + "/data/materials"));
  EXPECT_FALSE(s.model->liquid().has_value());
  const auto summary = sinter_summary(s, s.model->run(s.settings));
  EXPECT_EQ(summary["cold sintering"]["solvent"], "none (dry pressing)");
  EXPECT_NEAR(summary["microstructure"]["final relative density"].get<double>(), PlasticCompaction(5e9, 0.64).yield_density(390e6), 1e-4);
}

TEST(SinterStudy, MisspeltSolventSuggestsOneWithData) {
  auto doc = InputDocument::from_file(std::string(KILN_SOURCE_DIR) + "/examples/cold_sinter_zno.toml");
  doc.set("process.solvent.name=acetc_acid");
  try {
    SinterStudy::from_input(doc, MaterialDatabase(std::string(KILN_SOURCE_DIR) + "/data/materials"));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean \"acetic_acid\"?"), std::string::npos) << e.what();
  }
}

// Requirement: a flash study is read from one input file, every key checked, with the carriers
// that conduct chosen from the electrodes and the waveform.
#include "flash/flash_study.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

using namespace kiln;

namespace {

const char* kBase = R"(
[material]
name = "{material}"
[specimen]
shape = "bar"
length = "10 mm"
width = "3 mm"
thickness = "1.5 mm"
green_density = 0.6
initial_grain_size = "1 um"
[process.furnace]
start = "800 degC"
segments = [{{hold = "10 s"}}]
[process.supply]
mode = "voltage"
field = "50 V/cm"
waveform = "{waveform}"
electrodes = "{electrodes}"
{extra}
[solver]
model = "flash.lumped"
)";

FlashStudy study(const std::string& material, const std::string& electrodes, const std::string& waveform = "DC") {
  const std::string extra = waveform == "AC" ? "frequency = \"1 kHz\"" : "";
  const auto doc = InputDocument::from_string(
      fmt::format(kBase, fmt::arg("material", material), fmt::arg("electrodes", electrodes), fmt::arg("waveform", waveform),
                  fmt::arg("extra", extra)),
      "study.toml");
  return FlashStudy::from_input(doc, MaterialDatabase(std::string(KILN_SOURCE_DIR) + "/data/materials"));
}

}  // namespace

TEST(FlashStudy, IonBlockingElectrodesUnderDCConductOnlyElectrons) {
  const auto reversible = study("LLZO-Al", "reversible");
  const auto blocking = study("LLZO-Al", "ion_blocking");
  const auto ac = study("LLZO-Al", "ion_blocking", "AC");
  const double T = 1100.0;
  const double all = reversible.model->material().conductivity.dense(T);
  const double electronic = blocking.model->material().conductivity.dense(T);
  EXPECT_LT(electronic, 0.1 * all);
  EXPECT_DOUBLE_EQ(ac.model->material().conductivity.dense(T), all);
  EXPECT_EQ(blocking.resolved_input["conducting carriers"], "electronic (DC, ion-blocking electrodes)");
}

TEST(FlashStudy, IonBlockingElectrodesNeedAnElectronicTerm) {
  try {
    study("3YSZ", "ion_blocking");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no electronic"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("process.supply.electrodes"), std::string::npos) << e.what();
  }
}

TEST(FlashStudy, UnknownTopLevelSectionIsAnError) {
  auto doc = InputDocument::from_string(fmt::format(kBase, fmt::arg("material", "3YSZ"), fmt::arg("electrodes", "reversible"),
                                                    fmt::arg("waveform", "DC"), fmt::arg("extra", "")),
                                        "study.toml");
  doc.set("solvr.model=flash.lumped");
  try {
    FlashStudy::from_input(doc, MaterialDatabase(std::string(KILN_SOURCE_DIR) + "/data/materials"));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'solver'?"), std::string::npos) << e.what();
  }
}

TEST(FlashStudy, RunWritesDirectoryWithoutNaN) {
  auto s = study("3YSZ", "reversible");
  s.output_directory = ::testing::TempDir() + "/kiln_study_run";
  s.plots = false;
  const auto r = run_flash_study(s, false);
  EXPECT_EQ(r.exit_state, "completed");
  for (const char* f : {"manifest.json", "summary.json", "timeseries.csv"})
    EXPECT_TRUE(std::filesystem::exists(s.output_directory / f)) << f;
  std::ifstream in(s.output_directory / "summary.json");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text.find("NaN"), std::string::npos);
  EXPECT_EQ(text.find("nan"), std::string::npos);
}

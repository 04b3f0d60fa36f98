// Validation of the FEM flash model (flash.fem) on the dog-bone of a published experiment.
//
// Cologna, Rashkova & Raj, J. Am. Ceram. Soc. 93 (2010) 3556-3559, Fig. 1: 3YSZ dog-bones (gauge
// 20 x 3.3 x 1.58 mm, green density ~0.5, Pt wires through holes in the heads) heated at 10 K/min
// under a constant field; flash onset furnace temperatures as quoted from that figure by
// npj Comput. Mater. 6 (2020) 133: 120 V/cm -> 1123 K (850 degC), 60 V/cm -> 1310 K
// (tests/validation/data/cologna2010_3ysz_onset.csv, shared with the lumped model's test).
//
// The whole dog-bone (heads, holes, the current path through them) as a plate ("plane": T
// uniform through the 1.58 mm thickness, both faces radiating), the 3YSZ of kiln's database as it
// is, no fit. Tolerance at 120 V/cm: 50 K. At 60 V/cm the model flashes about 240 K too late: the
// estimated conductivity of the porous compact (data/materials/3YSZ.toml, an estimate with a
// factor-2 uncertainty) and no conductivity rise with early densification make the onset too
// sensitive to the field, as in the lumped model (docs/flash_lumped.md); the test asserts only
// that the onset rises as the field falls there.
#include "fem/flash_fem_study.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <map>

using namespace kiln;

namespace {

FlashFemResult run_cologna_dogbone(double field_V_per_cm) {
  const std::string input = fmt::format(R"(
[material]
name = "3YSZ"
[specimen]
shape = "dogbone"
gauge_length = "20 mm"
width = "3.3 mm"
thickness = "1.58 mm"
head_length = "7 mm"
head_width = "7 mm"
hole_diameter = "1.5 mm"
hole_offset = "3.5 mm"
green_density = 0.50
initial_grain_size = "60 nm"
[process.furnace]
start = "600 degC"
heating_rate = "10 K/min"
max = "1500 degC"
[process.supply]
mode = "voltage"
field = "{} V/cm"
current_density_limit = "100 mA/mm^2"
hold_after_onset = "10 s"
[solver]
model = "flash.fem"
geometry = "plane"
mesh_size = "0.5 mm"
)", field_V_per_cm);
  const auto doc = InputDocument::from_string(input, "cologna2010_fem.toml");
  auto study = FlashFemStudy::from_input(doc, MaterialDatabase(std::string(KILN_SOURCE_DIR) + "/data/materials"));
  study.setup.settings.field_directory.clear();  // no VTU files from a test
  return run_flash_fem(study.setup);
}

// Each field runs once for both tests.
const FlashFemResult& cologna_dogbone(double field_V_per_cm) {
  static std::map<double, FlashFemResult> runs;
  auto it = runs.find(field_V_per_cm);
  if (it == runs.end()) it = runs.emplace(field_V_per_cm, run_cologna_dogbone(field_V_per_cm)).first;
  return it->second;
}

}  // namespace

TEST(FlashFemValidation, DogboneOnsetAt120VcmCologna2010Fig1) {
  const FlashFemResult& r = cologna_dogbone(120.0);
  ASSERT_TRUE(r.onset_furnace_temperature.has_value());
  std::printf("120 V/cm: onset furnace temperature %.1f K (measured 1123 K)\n", *r.onset_furnace_temperature);
  EXPECT_NEAR(*r.onset_furnace_temperature, 1123.0, 50.0);
  // The gauge is the hot part: its core is hotter than its surface, and the heads stay cooler.
  EXPECT_GT(r.peak_core_surface_difference, 10.0);
  EXPECT_GT(r.final.max_temperature, r.final.temperature);
}

TEST(FlashFemValidation, DogboneOnsetRisesAsFieldFallsCologna2010) {
  const FlashFemResult& high = cologna_dogbone(120.0);
  const FlashFemResult& low = cologna_dogbone(60.0);
  ASSERT_TRUE(high.onset_furnace_temperature && low.onset_furnace_temperature);
  std::printf("60 V/cm: onset furnace temperature %.1f K (measured 1310 K)\n", *low.onset_furnace_temperature);
  EXPECT_GT(*low.onset_furnace_temperature, *high.onset_furnace_temperature + 100.0);
}

// The bulk cell against Bielefeld, Weber, Ruess, Glavas & Janek, J. Electrochem. Soc. 169 (2022)
// 020539: NCM811 | Li6PS5Cl composite cathodes (Table S2 inputs; first-charge capacities of Fig. 4,
// read second-hand: about 197 mAh/g at 0.02C and 115 mAh/g at 0.5C; the authors' own model gives
// about 188 and 103-106). kiln's open-circuit potential, particle size and NCM811 diffusivity are
// stand-ins from Chen et al. 2020 (the paper's were not available), so:
//   - at 0.02C, which depends on the window and the OCV alone, kiln must be within 10 % of 197;
//   - the capacity must fall with rate.
// NOT claimed: the 0.5C value. kiln gives 147 mAh/g, 28 % above the measurement; a random-composite
// Bruggeman conductivity and the full particle surface as reaction area are too generous for this
// composite (Bielefeld et al. resolve its microstructure). docs/cells.md says so.
#include "cell/cell_study.hpp"

#include <gtest/gtest.h>
#include <fmt/format.h>

namespace {

using namespace kiln;

double first_charge_mah_per_g(double c_rate) {
  const CellStudy s = CellStudy::from_input(InputDocument::from_string(fmt::format(R"(
[cell]
parameters = "NMC811_Li6PS5Cl_Bielefeld2022"
[experiment]
steps = ["Charge at {}C until 4.2 V"]
[solver]
model = "cell.bulk"
)", c_rate), "bielefeld"));
  const auto r = s.model->run(s.steps, s.cycles, s.settings);
  EXPECT_EQ(r.steps.at(0).end, "voltage");
  const auto& p = s.bulk->parameters();
  const double mass_g = 4.77e6 * p.active_fraction * p.cathode_thickness * p.area;  // 4.77 g/cm^3 (Table S2)
  return -r.steps.at(0).capacity * 1e3 / mass_g;
}

TEST(BulkCellBielefeld2022, FirstChargeCapacityAtLowRateAndItsFallWithRate) {
  const double slow = first_charge_mah_per_g(0.02), fast = first_charge_mah_per_g(0.5);
  EXPECT_NEAR(slow / 197.0, 1.0, 0.10) << slow << " mAh/g";
  EXPECT_LT(fast, slow);
}

}  // namespace

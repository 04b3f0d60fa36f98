// Every parameter set of data/cells loads with a source per value and cycles: after a first charge,
// a discharge and a charge between the set's own cut-offs move the same lithium (3 %: constant current only), and the
// lithium balance closes (1e-8).
#include "cell/cell_study.hpp"

#include <gtest/gtest.h>
#include <fmt/format.h>

namespace {

using namespace kiln;

struct SetCase {
  const char* name;
  const char* model;
  double low, high;  // V
};

class CellParameterSet : public ::testing::TestWithParam<SetCase> {};

TEST_P(CellParameterSet, LoadsWithSourcesAndCycles) {
  const auto c = GetParam();
  const CellStudy s = CellStudy::from_input(InputDocument::from_string(fmt::format(R"(
[cell]
parameters = "{0}"
[experiment]
steps = ["Charge at C/5 until {2} V", "Discharge at C/5 until {1} V", "Charge at C/5 until {2} V"]
[solver]
model = "{3}"
cells = 8
particle_shells = 6
)", c.name, c.low, c.high, c.model), c.name));
  for (const auto& v : s.resolved_input["material"]["values"]) EXPECT_FALSE(v["source"].get<std::string>().empty()) << v["key"];
  const auto r = s.model->run(s.steps, s.cycles, s.settings);
  ASSERT_EQ(r.steps.size(), 3u);
  EXPECT_EQ(r.steps[1].end, "voltage");
  EXPECT_EQ(r.steps[2].end, "voltage");
  EXPECT_GT(r.steps[1].capacity, 0.5 * s.model->c_rate_capacity());
  EXPECT_NEAR(-r.steps[2].capacity / r.steps[1].capacity, 1.0, 0.03);  // CC only: no hold at the end
  EXPECT_LT(std::abs(r.lithium_balance), 1e-8);
}

INSTANTIATE_TEST_SUITE_P(Sets, CellParameterSet,
                         ::testing::Values(SetCase{"LiCoO2_LiPON_Raijmakers2020", "cell.thin_film", 3.0, 4.2},
                                           SetCase{"NMC811_Li6PS5Cl_Bielefeld2022", "cell.bulk", 3.5, 4.2},
                                           SetCase{"LFP_Li6PS5Cl_composite", "cell.bulk", 2.5, 3.6},
                                           SetCase{"LTO_Li6PS5Cl_composite", "cell.bulk", 1.0, 2.5}),
                         [](const auto& info) { return std::string(info.param.name).substr(0, 3); });

}  // namespace

// kiln surrogate on a table whose truth is known: the map follows the function between the runs.
#include "core/csv_table.hpp"
#include "ml/surrogate.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

namespace {

TEST(Surrogate, MapFollowsASmoothFunctionBetweenTheRunsAndSkipsMissingValues) {
  const auto dir = std::filesystem::temp_directory_path() / "kiln_surrogate_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    std::ofstream t(dir / "sweep.csv");
    t << "field [V/cm],onset [degC],note\n";
    for (int i = 0; i <= 12; ++i) t << 20 + 10 * i << "," << 900 - 300 * std::tanh((10.0 * i - 60) / 40) << ",ok\n";
    t << "150,,\"no flash, below the limit\"\n";  // a run without the figure: left out
  }
  kiln::ml::SurrogateSetup s;
  s.table = dir / "sweep.csv";
  s.inputs = {"field [V/cm]"};
  s.output = "onset [degC]";
  s.grid = 41;
  const auto r = kiln::ml::build_surrogate(s, dir / "out");
  EXPECT_EQ(r.points, 13);
  EXPECT_LT(r.cv_mae, 0.05 * r.cv_baseline_mae);
  const auto map = kiln::read_csv_table(dir / "out" / "map.csv");
  ASSERT_EQ(map.rows.size(), 41u);
  for (std::size_t k = 0; k < map.rows.size(); ++k) {
    const double x = map.number(k, 0), truth = 900 - 300 * std::tanh((x - 80) / 40);
    EXPECT_NEAR(map.number(k, 1), truth, 3.0) << "field " << x;
    EXPECT_LT(map.number(k, 2), 5.0);
  }
  EXPECT_TRUE(std::filesystem::exists(dir / "out" / "model.json"));
}

TEST(Surrogate, UnknownColumnsAreNamedWithTheClosestMatch) {
  const auto dir = std::filesystem::temp_directory_path() / "kiln_surrogate_test2";
  std::filesystem::create_directories(dir);
  {
    std::ofstream t(dir / "sweep.csv");
    t << "field [V/cm],onset [degC]\n20,900\n30,800\n40,700\n";
  }
  kiln::ml::SurrogateSetup s;
  s.table = dir / "sweep.csv";
  s.inputs = {"feild [V/cm]"};
  s.output = "onset [degC]";
  try {
    kiln::ml::build_surrogate(s, dir / "out");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean \"field [V/cm]\""), std::string::npos) << e.what();
  }
}

}  // namespace

// Requirement: dilatometry files are read with their units, and every problem names file and line.
#include "sinter/master_curve_fit.hpp"

#include "core/input.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace kiln;

namespace {
std::string write(const std::string& name, const std::string& text) {
  const auto file = ::testing::TempDir() + "/" + name;
  std::ofstream(file) << text;
  return file;
}
std::string error_of(const std::string& file, double green = 0.0) {
  try {
    read_dilatometry_csv(file, green);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}
const char* kRows = "0,900,0.5\n1,905,0.5\n2,910,0.51\n3,915,0.52\n4,920,0.53\n";
}  // namespace

TEST(Dilatometry, ReadsUnitsFromTheHeader) {
  const auto c = read_dilatometry_csv(write("ok.csv", std::string("# comment\ntime [min],temperature [degC],relative density\n") + kRows));
  ASSERT_EQ(c.time.size(), 5u);
  EXPECT_DOUBLE_EQ(c.time[1], 60.0);
  EXPECT_NEAR(c.temperature[1], 1178.15, 1e-9);
  EXPECT_NEAR(c.heating_rate, 5.0 / 60.0, 1e-12);
}

TEST(Dilatometry, ShrinkageBecomesDensityWithTheGreenDensity) {
  // "shrinkage" is positive while shrinking; "dL/L0" negative. Both give the same density.
  const auto file = write("shrink.csv", "time [s],T [K],shrinkage [%]\n0,1000,0\n1,1001,1\n2,1002,2\n3,1003,3\n4,1004,4\n");
  EXPECT_NE(error_of(file).find("green density"), std::string::npos);
  const auto c = read_dilatometry_csv(file, 0.5);
  EXPECT_NEAR(c.density[4], 0.5 / std::pow(0.96, 3), 1e-12);
  EXPECT_NEAR(c.temperature[4], 1004.0, 1e-12);  // "T" is temperature, "t" would be time
  const auto strain = read_dilatometry_csv(
      write("strain.csv", "t [s],temperature [K],dL/L0 [%]\n0,1000,0\n1,1001,-1\n2,1002,-2\n3,1003,-3\n4,1004,-4\n"), 0.5);
  EXPECT_NEAR(strain.density[4], c.density[4], 1e-12);
}

TEST(Dilatometry, DensityInPercent) {
  const auto c = read_dilatometry_csv(write("pct.csv", "time [min],temperature [degC],relative density [%]\n0,900,50\n1,905,50\n2,910,51\n3,915,52\n4,920,53\n"));
  EXPECT_NEAR(c.density[4], 0.53, 1e-12);
}

TEST(Dilatometry, MissingColumnIsNamed) {
  const auto msg = error_of(write("nocol.csv", std::string("time [min],relative density\n") + kRows));
  EXPECT_NE(msg.find("nocol.csv:1"), std::string::npos) << msg;
  EXPECT_NE(msg.find("temperature column"), std::string::npos) << msg;
}

TEST(Dilatometry, BadNumberNamesLine) {
  const auto msg = error_of(write("bad.csv", "time [min],temperature [degC],relative density\n0,900,0.5\n1,hot,0.5\n"));
  EXPECT_NE(msg.find("bad.csv:3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("\"hot\" is not a number"), std::string::npos) << msg;
}

TEST(Dilatometry, BadUnitIsNamed) {
  const auto msg = error_of(write("unit.csv", std::string("time [blorps],temperature [degC],relative density\n") + kRows));
  EXPECT_NE(msg.find("unit.csv:1"), std::string::npos) << msg;
}

TEST(Dilatometry, TimeMustIncrease) {
  const auto msg = error_of(write("back.csv", "time [min],temperature [degC],relative density\n0,900,0.5\n2,905,0.5\n1,910,0.5\n3,915,0.5\n4,920,0.5\n"));
  EXPECT_NE(msg.find("back.csv:4"), std::string::npos) << msg;
}

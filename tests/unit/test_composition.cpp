// Formulas, element table and composition descriptors of the conductivity learner.
#include "ml/composition.hpp"
#include "ml/conductivity_model.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using namespace kiln::ml;

TEST(Formula, ReadsDecimalsParenthesesAndRepeatedElements) {
  const auto llzo = parse_formula("Li6.4La3Zr1.4Ta0.6O12");
  EXPECT_DOUBLE_EQ(llzo.at("Li"), 6.4);
  EXPECT_DOUBLE_EQ(llzo.at("Ta"), 0.6);
  EXPECT_DOUBLE_EQ(llzo.at("O"), 12.0);
  const auto latp = parse_formula("Li1.3Al0.3Ti1.7(PO4)3");
  EXPECT_DOUBLE_EQ(latp.at("P"), 3.0);
  EXPECT_DOUBLE_EQ(latp.at("O"), 12.0);
  EXPECT_DOUBLE_EQ(parse_formula("LiOHLiO").at("Li"), 2.0);
}

TEST(Formula, BadFormulasSayWhereAndWhy) {
  try {
    parse_formula("Li7la3Zr2O12");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("position 4"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_formula("Li3(PO4"), std::invalid_argument);
  EXPECT_THROW(parse_formula(""), std::invalid_argument);
  EXPECT_THROW(parse_formula("Li0O"), std::invalid_argument);
  EXPECT_THROW(composition_descriptors(parse_formula("Li2Xx"), ElementTable::default_table()), std::invalid_argument);
}

TEST(ElementTable, CoversEveryElementOfTheOBELiXData) {
  const auto& table = ElementTable::default_table();
  const auto data = read_conductivity_data(std::string(KILN_SOURCE_DIR) + "/data/obelix/train.csv");
  ASSERT_EQ(data.size(), 478u);
  for (const auto& r : data)
    for (const auto& [element, amount] : parse_formula(r.formula)) EXPECT_TRUE(table.has(element)) << element << " in " << r.formula;
  EXPECT_EQ(table.properties().size(), 15u);
}

TEST(Descriptors, AreFractionWeightedStatistics) {
  // LiF: Z = 3 and 9 in equal parts: mean 6, mean absolute deviation 3, min 3, max 9.
  const auto& table = ElementTable::default_table();
  const auto names = composition_descriptor_names(table);
  const auto d = composition_descriptors(parse_formula("LiF"), table);
  ASSERT_EQ(names.size(), d.size());
  auto at = [&](const std::string& n) { return d[std::find(names.begin(), names.end(), n) - names.begin()]; };
  EXPECT_DOUBLE_EQ(at("Z mean"), 6.0);
  EXPECT_DOUBLE_EQ(at("Z deviation"), 3.0);
  EXPECT_DOUBLE_EQ(at("Z min"), 3.0);
  EXPECT_DOUBLE_EQ(at("Z max"), 9.0);
  EXPECT_DOUBLE_EQ(at("Li fraction"), 0.5);
  EXPECT_DOUBLE_EQ(at("element count"), 2.0);
  EXPECT_NEAR(at("fraction L2 norm"), std::sqrt(0.5), 1e-15);
  // The formula unit does not matter, only the fractions.
  EXPECT_EQ(composition_descriptors(parse_formula("Li2F2"), table), d);
}

TEST(ConductivityData, CensoredValuesAreUpperBounds) {
  const auto data = read_conductivity_data(std::string(KILN_SOURCE_DIR) + "/data/obelix/train.csv");
  int censored = 0;
  for (const auto& r : data)
    if (r.censored) {
      ++censored;
      EXPECT_TRUE(std::abs(r.log10_conductivity + 10) < 1e-9 || std::abs(r.log10_conductivity + 8) < 1e-9);
    }
  EXPECT_EQ(censored, 29);
  ConductivityRecord bound{"X", -10.0, true, ""};
  EXPECT_EQ(conductivity_error(bound, -12.0), 0.0);  // below the bound: consistent with the measurement
  EXPECT_DOUBLE_EQ(conductivity_error(bound, -9.0), 1.0);
  ConductivityRecord value{"X", -4.0, false, ""};
  EXPECT_DOUBLE_EQ(conductivity_error(value, -5.5), 1.5);
}

}  // namespace

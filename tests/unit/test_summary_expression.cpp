// Objectives and constraints written as expressions of a run summary.
#include "ml/summary_expression.hpp"

#include <gtest/gtest.h>

namespace {

using namespace kiln::ml;

const nlohmann::json kSummary = {
    {"flash", {{"flash occurred", true}, {"onset time [s]", 120.0}, {"onset furnace temperature [K]", 1073.15},
               {"onset furnace temperature [degC]", 800.0}}},
    {"temperature", {{"peak specimen temperature [K]", 1400.0}, {"final specimen temperature [K]", 1300.0}}},
    {"microstructure", {{"final relative density", 0.9}}},
    {"final state", {{"conductivity [S/m]", 5.0}}},
    {"other", {{"conductivity [S/m]", 7.0}}},
    {"model", "flash.lumped"}};

TEST(SummaryExpression, NamesAreKeysWithoutUnitsAndQualifiedWhenShared) {
  const auto v = summary_variables(kSummary);
  EXPECT_EQ(v.at("peak_specimen_temperature"), 1400.0);
  EXPECT_EQ(v.at("temperature.peak_specimen_temperature"), 1400.0);
  EXPECT_EQ(v.at("flash_occurred"), 1.0);
  EXPECT_EQ(v.count("conductivity"), 0u);  // two groups have it: only the qualified names exist
  EXPECT_EQ(v.at("final_state.conductivity"), 5.0);
  EXPECT_EQ(v.at("other.conductivity"), 7.0);
  // The same figure in two units keeps both, with the unit in the name.
  EXPECT_EQ(v.at("onset_furnace_temperature_K"), 1073.15);
  EXPECT_EQ(v.at("flash.onset_furnace_temperature_degC"), 800.0);
}

TEST(SummaryExpression, EvaluatesArithmeticOfSummaryFigures) {
  EXPECT_DOUBLE_EQ(SummaryExpression("final_relative_density * 100 - onset_time / 60").evaluate(kSummary), 88.0);
  EXPECT_DOUBLE_EQ(SummaryExpression("max(final_state.conductivity, other.conductivity)").evaluate(kSummary), 7.0);
}

TEST(SummaryExpression, AMissingFigureIsAnErrorWithACloseMatch) {
  const SummaryExpression e("peak_specimen_temprature - 1000");
  try {
    e.evaluate(kSummary);
    FAIL();
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("did you mean 'peak_specimen_temperature'"), std::string::npos) << error.what();
  }
  EXPECT_THROW(SummaryExpression("final_relative_density *"), std::invalid_argument);
  EXPECT_THROW(SummaryExpression(" "), std::invalid_argument);
}

TEST(SummaryConstraint, ViolationIsSignedDistanceToTheBound) {
  EXPECT_DOUBLE_EQ(SummaryConstraint("peak_specimen_temperature < 1473").violation(kSummary), -73.0);
  EXPECT_DOUBLE_EQ(SummaryConstraint("peak_specimen_temperature <= 1300").violation(kSummary), 100.0);
  EXPECT_DOUBLE_EQ(SummaryConstraint("final_relative_density > 0.95").violation(kSummary), 0.95 - 0.9);
  EXPECT_DOUBLE_EQ(SummaryConstraint("2 * onset_time >= 200").violation(kSummary), -40.0);
  EXPECT_THROW(SummaryConstraint("peak_specimen_temperature"), std::invalid_argument);
  EXPECT_THROW(SummaryConstraint("0 < final_relative_density < 1"), std::invalid_argument);
}

}  // namespace

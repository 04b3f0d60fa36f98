// Conductivity from composition on the OBELiX training split (Therrien et al. 2025, arXiv
// 2502.14234; 478 measured room-temperature conductivities of Li solid electrolytes, 29 of them
// censored upper bounds). The published OBELiX baselines learn from composition and structure; here
// the claim is the one the issue asks for: 5-fold cross-validated MAE in log10(S/cm) well below that
// of predicting the mean. Folds are grouped by composition (a formula measured twice is never in
// training and test at once). Measured (docs/machine_learning.md): GP 0.92, SVR 0.92, mean 2.00 decades.
#include "ml/conductivity_model.hpp"

#include <gtest/gtest.h>

namespace {

using namespace kiln::ml;

std::vector<ConductivityRecord> obelix() {
  return read_conductivity_data(std::string(KILN_SOURCE_DIR) + "/data/obelix/train.csv");
}

TEST(ConductivityFromComposition, SvrFiveFoldErrorIsUnderHalfTheMeanPredictors) {
  ConductivityModelOptions o;
  o.learner = "svr";
  const auto cv = cross_validate(obelix(), o, 5, 1);
  EXPECT_NEAR(cv.baseline_mae, 2.0, 0.1);
  EXPECT_LT(cv.mae, 1.0);  // measured 0.92
  EXPECT_LT(cv.mae, 0.5 * cv.baseline_mae);
}

TEST(ConductivityFromComposition, GaussianProcessFiveFoldErrorIsUnderHalfTheMeanPredictors) {
  ConductivityModelOptions o;
  o.gp.restarts = 0;       // one start: the test checks the learner, not the optimiser (full fit: 0.92)
  o.censored_rounds = 1;
  const auto cv = cross_validate(obelix(), o, 5, 1);
  EXPECT_LT(cv.mae, 1.0);
  EXPECT_LT(cv.mae, 0.5 * cv.baseline_mae);
}

TEST(ConductivityFromComposition, ShippedModelLoadsAndGivesAnUncertainty) {
  // data/models/conductivity_gp.json is made by `kiln conductivity train`. For a garnet far from
  // Li-free oxides its prediction is the fast-conductor range with an uncertainty under a decade.
  const auto model = ConductivityPredictor::load(std::string(KILN_SOURCE_DIR) + "/data/models/conductivity_gp.json");
  const auto p = model.predict("Li6.4La3Zr1.4Ta0.6O12");
  ASSERT_TRUE(p.standard_deviation);
  EXPECT_GT(p.log10_conductivity, -5.0);
  EXPECT_LT(p.log10_conductivity, -2.0);
  EXPECT_LT(*p.standard_deviation, 1.0);
  // Out of the data: larger uncertainty.
  EXPECT_GT(*model.predict("Li2Au").standard_deviation, *p.standard_deviation);
}

}  // namespace

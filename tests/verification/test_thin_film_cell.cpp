// Verification of the thin-film cell (issue #7): the open-circuit limit, the ohmic drop, the
// lithium balance, spatial convergence, and protocol steps that end where they should.
#include "cell/thin_film_cell.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using namespace kiln;

ThinFilmCellParameters cell() {
  ThinFilmCellParameters p;
  p.ocp = std::make_shared<LiCoO2Dualfoil1998>();
  p.theta_initial = 0.5;
  p.theta_min = 0.5;
  p.theta_max = 0.99;
  return p;
}

std::vector<ProtocolStep> steps(std::initializer_list<const char*> texts) {
  std::vector<ProtocolStep> out;
  for (const char* t : texts) out.push_back(parse_protocol_step(t));
  return out;
}

TEST(ThinFilmCell, AtC100TheVoltageFollowsTheOpenCircuitCurve) {
  const ThinFilmCell c(cell());
  double worst = 0;
  int rows = 0;
  c.run(steps({"Discharge at C/100 until 3.6 V"}), 1, {}, [&](const CellObservation& o) {
    if (o.current <= 0) return;
    ++rows;
    worst = std::max(worst, std::abs(o.voltage - c.parameters().ocp->potential(o.theta_mean)));
  });
  EXPECT_GT(rows, 100);
  EXPECT_LT(worst, 5e-3);  // V: kinetics, diffusion and LiPON together below 5 mV at C/100
}

TEST(ThinFilmCell, TheOhmicDropIsCurrentTimesTheSeparatorResistance) {
  auto p = cell();
  p.cathode_exchange_current = p.anode_exchange_current = 1e9;  // no kinetic loss
  p.diffusivity = 1e-6;                                          // no diffusion loss
  const ThinFilmCell c(p);
  std::vector<CellObservation> rows;
  c.run(steps({"Discharge at 2C for 1 s"}), 1, {}, [&](const CellObservation& o) { rows.push_back(o); });
  ASSERT_GE(rows.size(), 3u);
  const double I = 2 * p.nominal_capacity();
  const auto& first = rows[1];  // the first row under current
  EXPECT_NEAR(first.current, I, 1e-12 * I);
  EXPECT_NEAR(p.ocp->potential(first.theta_mean) - first.voltage, I * p.electrolyte_resistance(), 1e-6);
  EXPECT_NEAR(first.ohmic, I * p.electrolyte_resistance(), 1e-12);
}

TEST(ThinFilmCell, LithiumIsConservedThroughACycle) {
  const ThinFilmCell c(cell());
  const auto r = c.run(steps({"Discharge at 1C until 3.6 V", "Rest for 10 minutes", "Charge at C/2 until 4.2 V",
                              "Hold at 4.2 V until C/50"}),
                       2, {});
  EXPECT_EQ(r.steps.size(), 8u);
  EXPECT_LT(std::abs(r.lithium_balance), 1e-8);
  EXPECT_EQ(r.steps[0].end, "voltage");
  EXPECT_EQ(r.steps[1].end, "duration");
  EXPECT_EQ(r.steps[2].end, "voltage");
  EXPECT_EQ(r.steps[3].end, "current");
  EXPECT_GT(r.steps[0].capacity, 0.0);
  EXPECT_LT(r.steps[2].capacity, 0.0);
}

TEST(ThinFilmCell, RestRelaxesToTheOpenCircuitVoltage) {
  const ThinFilmCell c(cell());
  CellObservation last;
  c.run(steps({"Discharge at 2C for 10 minutes", "Rest for 10 hours"}), 1, {}, [&](const CellObservation& o) { last = o; });
  EXPECT_NEAR(last.current, 0.0, 1e-15);
  EXPECT_NEAR(last.voltage, cell().ocp->potential(last.theta_mean), 1e-5);
}

TEST(ThinFilmCell, CapacityConvergesAtSecondOrderInTheFilmMesh) {
  auto p = cell();
  p.diffusivity = 3e-15;  // diffusion-limited at 2C, so the mesh matters
  const ThinFilmCell c(p);
  auto capacity = [&](int cells) {
    CellSolverSettings s;
    s.cells = cells;
    s.relative_tolerance = 1e-10;
    return c.run(steps({"Discharge at 2C until 3.8 V"}), 1, s).steps[0].capacity;
  };
  const double reference = capacity(640);
  const double e1 = std::abs(capacity(10) - reference), e2 = std::abs(capacity(20) - reference), e3 = std::abs(capacity(40) - reference);
  EXPECT_GT(e1, 0.0);
  const double order1 = std::log2(e1 / e2), order2 = std::log2(e2 / e3);
  EXPECT_NEAR(order1, 2.0, 0.4);
  EXPECT_NEAR(order2, 2.0, 0.4);
}

TEST(ThinFilmCell, AStepPastItsCutOffEndsAtOnce) {
  const ThinFilmCell c(cell());
  const auto r = c.run(steps({"Discharge at 1C until 4.5 V"}), 1, {});
  EXPECT_EQ(r.steps[0].end, "voltage");
  EXPECT_DOUBLE_EQ(r.steps[0].capacity, 0.0);
}

}  // namespace

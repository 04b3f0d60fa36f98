// Verification of the bulk cell (issue #7): the open-circuit limit, the ohmic drop of the separator,
// lithium conservation, convergence in the particle and across the cathode.
#include "cell/bulk_cell.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using namespace kiln;

BulkCellParameters bulk() {
  BulkCellParameters p;
  p.ocp = std::make_shared<LiCoO2Dualfoil1998>();
  p.theta_initial = p.theta_min = 0.5;
  p.theta_max = 0.95;
  return p;
}

std::vector<ProtocolStep> steps(std::initializer_list<const char*> texts) {
  std::vector<ProtocolStep> out;
  for (const char* t : texts) out.push_back(parse_protocol_step(t));
  return out;
}

CellSolverSettings coarse() {
  CellSolverSettings s;
  s.cells = 10;
  s.particle_shells = 8;
  return s;
}

TEST(BulkCell, AtC100TheVoltageFollowsTheOpenCircuitCurve) {
  const BulkCell c(bulk());
  double worst = 0;
  int rows = 0;
  c.run(steps({"Discharge at C/100 until 3.7 V"}), 1, coarse(), [&](const CellObservation& o) {
    // Where the open-circuit curve is not a cliff: past theta = 0.9 it falls ~1 V over 0.05 in theta,
    // and any gradient in the particles shows as volts.
    if (o.current <= 0 || o.theta_mean > 0.9) return;
    ++rows;
    worst = std::max(worst, std::abs(o.voltage - c.parameters().ocp->potential(o.theta_mean)));
  });
  EXPECT_GT(rows, 100);
  EXPECT_LT(worst, 5e-3);
}

TEST(BulkCell, TheOhmicDropIsCurrentTimesTheSeparatorResistance) {
  auto p = bulk();
  p.anode_exchange_current = p.cathode_exchange_current = 1e9;
  p.diffusivity = 1e-6;
  p.electrolyte_conductivity = p.electronic_conductivity = 1e9;
  const BulkCell c(p);
  std::vector<CellObservation> rows;
  c.run(steps({"Discharge at 1C for 1 s"}), 1, coarse(), [&](const CellObservation& o) { rows.push_back(o); });
  const double I = p.c_rate_capacity();
  const auto& o = rows.at(1);
  EXPECT_NEAR(o.current, I, 1e-9 * I);
  EXPECT_NEAR(p.ocp->potential(o.theta_mean) - o.voltage, I * p.separator_resistance(), 2e-5);
}

TEST(BulkCell, LithiumIsConservedThroughACycle) {
  const BulkCell c(bulk());
  const auto r = c.run(steps({"Discharge at 1C until 3.6 V", "Rest for 10 minutes", "Charge at C/2 until 4.2 V", "Hold at 4.2 V until C/50"}),
                       1, coarse());
  ASSERT_EQ(r.steps.size(), 4u);
  EXPECT_EQ(r.steps[0].end, "voltage");
  EXPECT_EQ(r.steps[2].end, "voltage");
  EXPECT_EQ(r.steps[3].end, "current");
  EXPECT_LT(std::abs(r.lithium_balance), 1e-8);
  EXPECT_NEAR(-(r.steps[2].capacity + r.steps[3].capacity), r.steps[0].capacity, 0.02 * r.steps[0].capacity);
}

TEST(BulkCell, CapacityConvergesInTheParticleAndAcrossTheCathode) {
  auto p = bulk();
  p.diffusivity = 2e-15;  // particle-diffusion limited at 2C
  const BulkCell c(p);
  auto capacity = [&](int cells, int shells) {
    CellSolverSettings s;
    s.cells = cells;
    s.particle_shells = shells;
    s.relative_tolerance = 1e-8;
    return c.run(steps({"Discharge at 2C until 3.7 V"}), 1, s).steps[0].capacity;
  };
  const double ref = capacity(4, 80);
  const double e1 = std::abs(capacity(4, 5) - ref), e2 = std::abs(capacity(4, 10) - ref), e3 = std::abs(capacity(4, 20) - ref);
  EXPECT_GT(e1, e2);
  EXPECT_GT(e2, e3);
  EXPECT_GT(std::log2(e2 / e3), 1.5);  // about second order in the shells
  // Across the cathode: successive refinements shrink the change about fourfold.
  const double c4 = capacity(4, 10), c8 = capacity(8, 10), c16 = capacity(16, 10);
  EXPECT_GT(std::log2(std::abs(c8 - c4) / std::abs(c16 - c8)), 1.5);
}

}  // namespace

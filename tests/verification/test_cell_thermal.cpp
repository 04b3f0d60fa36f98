// The lumped thermal option of the cells: the heat balance closes, and a warmer cell (Arrhenius
// kinetics and conduction) delivers more at a high rate.
#include "cell/cell_study.hpp"

#include <gtest/gtest.h>
#include <fmt/format.h>

#include <cmath>

namespace {

using namespace kiln;

CellStudy thin_film(const std::string& extra) {
  return CellStudy::from_input(InputDocument::from_string(R"(
[cell]
parameters = "LiCoO2_LiPON_Raijmakers2020"
kinetic_activation_energy = "40 kJ/mol"
conduction_activation_energy = "50 kJ/mol"
diffusion_activation_energy = "30 kJ/mol"
[experiment]
steps = ["Discharge at 4C until 3.0 V"]
[solver]
model = "cell.thin_film"
output_interval = "1 s"
)" + extra, "thermal"));
}

TEST(CellThermal, AdiabaticHeatingEqualsTheIrreversibleHeat) {
  // C dT/dt = I (U(theta_mean) - V) with no loss: C (T_end - T_0) equals the integral of the heat
  // over the discharge (trapezoidal rule on 1 s rows).
  const CellStudy s = thin_film("[thermal]\nheat_capacity = \"0.01 J/K\"\n");
  std::vector<CellObservation> rows;
  const auto r = s.model->run(s.steps, s.cycles, s.settings, [&](const CellObservation& o) { rows.push_back(o); });
  const auto& ocp = *s.thin_film->parameters().ocp;
  double heat = 0;
  for (std::size_t k = 1; k < rows.size(); ++k) {
    auto q = [&](const CellObservation& o) { return o.current * (ocp.potential(o.theta_mean) - o.voltage); };
    heat += 0.5 * (q(rows[k]) + q(rows[k - 1])) * (rows[k].time - rows[k - 1].time);
  }
  const double rise = rows.back().temperature - rows.front().temperature;
  EXPECT_GT(rise, 1.0);  // K: noticeable
  EXPECT_NEAR(0.01 * rise / heat, 1.0, 0.01);
  EXPECT_LT(std::abs(r.lithium_balance), 1e-8);
}

TEST(CellThermal, AWarmingCellDeliversMoreAtHighRateAndACooledOneStaysIsothermal) {
  const CellStudy iso = thin_film("");
  const CellStudy warm = thin_film("[thermal]\nheat_capacity = \"0.01 J/K\"\n");
  const CellStudy cooled = thin_film("[thermal]\nheat_capacity = \"0.01 J/K\"\nheat_transfer = \"100 W/K\"\n");
  const double q_iso = iso.model->run(iso.steps, 1, iso.settings).steps[0].capacity;
  const double q_warm = warm.model->run(warm.steps, 1, warm.settings).steps[0].capacity;
  CellObservation last;
  const double q_cooled = cooled.model->run(cooled.steps, 1, cooled.settings, [&](const CellObservation& o) { last = o; }).steps[0].capacity;
  EXPECT_GT(q_warm, 1.02 * q_iso);
  EXPECT_NEAR(q_cooled / q_iso, 1.0, 1e-3);
  EXPECT_NEAR(last.temperature, 293.15, 0.01);
}

}  // namespace

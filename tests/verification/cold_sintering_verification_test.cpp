// Verification of the cold-sintering laws against closed forms.
#include "../data/model_helpers.hpp"
#include "kinetics/cold_sintering.hpp"
#include "sinter/sinter_model.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace kiln;
using namespace kiln::testing;

namespace {

PressureSolutionParameters zno_like() {
  PressureSolutionParameters p;
  p.molar_volume = 14.52e-6;
  p.hardness = 5e9;
  p.packing_density = 0.64;
  p.solubility = {6.5e-3, 0.0, 298.15};
  p.diffusivity = 7e-10;
  p.diffusion_activation_energy = 17e3;
  p.film_thickness = 1e-9;
  p.diffusion_constant = 1e-4;
  p.ripening_constant = 1e-3;
  return p;
}

PressureSchedule die(double p) {
  auto doc = InputDocument::from_string(fmt::format("[p]\nstart = {}\nloading = \"die\"\n", p), "p.toml");
  return PressureSchedule::from_input(doc.root().table("p", ""));
}

Solvent water() {
  Solvent s;
  s.name = "water";
  return s;  // 373.15 K, 40.65 kJ/mol
}

}  // namespace

// Helle, Easterling & Ashby (1985): at the yield density the contact stress equals the hardness.
TEST(ColdSinteringVerification, PlasticYieldDensitySolvesTheContactStress) {
  const PlasticCompaction law(5e9, 0.64);
  for (double p : {10e6, 100e6, 390e6, 1e9}) {
    const double rho = law.yield_density(p);
    EXPECT_NEAR(p * 0.36 / (rho * rho * (rho - 0.64)), 5e9, 1e-6 * 5e9) << p;
  }
  EXPECT_NEAR(contact_stress(390e6, 0.99, 0.64, 5e9), 390e6 * 0.36 / (0.99 * 0.99 * 0.35), 1.0);
  EXPECT_DOUBLE_EQ(contact_stress(390e6, 0.6, 0.64, 5e9), 5e9);  // point contacts: capped at H
}

// Dry pressing in the 0-D model ends at the yield density (no creep at room temperature).
TEST(ColdSinteringVerification, DryPressingReachesTheYieldDensity) {
  auto law = std::make_shared<PlasticCompaction>(5e9, 0.64);
  const SinterModel model(bar(0.55), 5606.0, FurnaceSchedule::isothermal(298.15), die(390e6), law, nullptr, nullptr, "air");
  SinterSolverSettings s;
  s.end_time = 60.0;
  s.relative_tolerance = 1e-9;
  EXPECT_NEAR(model.run(s).final.relative_density, law->yield_density(390e6), 1e-6);
}

// Pressure-solution creep scales as d^-3 under diffusion control, d^-1 under reaction control,
// linearly with solubility and stress, and the slower step controls.
TEST(ColdSinteringVerification, PressureSolutionScalings) {
  auto p = zno_like();
  MaterialPoint pt{373.15, 0.8, 1e-6, 100e6, Loading::die, 0.1};
  const PressureSolutionDensification diffusion(p);
  const double e1 = diffusion.strain_rate(pt);
  pt.grain_size = 2e-6;
  EXPECT_NEAR(diffusion.strain_rate(pt), e1 / 8.0, 1e-12 * e1);
  pt.pressure = 200e6;
  EXPECT_NEAR(diffusion.strain_rate(pt), 2.0 * e1 / 8.0, 1e-12 * e1);
  p.reaction_rate = 1e-15;  // a slow interface reaction controls
  const PressureSolutionDensification reaction(p);
  pt.grain_size = 1e-6;
  const double r1 = reaction.strain_rate(pt);
  pt.grain_size = 2e-6;
  EXPECT_NEAR(reaction.strain_rate(pt) / r1, 0.5, 0.01);
  pt.liquid = 0.0;
  EXPECT_EQ(diffusion.strain_rate(pt), 0.0);  // dry: no pressure solution
}

// Ostwald ripening at constant liquid and temperature: G^3 - G0^3 = k t (LSW cube law).
TEST(ColdSinteringVerification, OstwaldRipeningCubeLaw) {
  const auto p = zno_like();
  auto ripening = std::make_shared<OstwaldRipening>(p);
  TransientLiquid liquid{water(), 0.3, 0.0, 0.64};  // no evaporation
  const double T = 393.15, G0 = 3e-7;
  const SinterModel model(bar(0.55, G0), 5606.0, FurnaceSchedule::isothermal(T), PressureSchedule::none(),
                          std::make_shared<NoDensification>(), ripening, nullptr, "air", 1e30, "melting", liquid);
  SinterSolverSettings s;
  s.end_time = 3600.0;
  s.relative_tolerance = 1e-9;
  const auto r = model.run(s);
  const double G = std::cbrt(G0 * G0 * G0 + ripening->rate_constant(T) * r.final.time);
  EXPECT_NEAR(r.final.grain_size, G, 1e-5 * G);
}

// Clausius-Clapeyron: 1 atm at the boiling point; water at 150 degC ~ 476 kPa.
TEST(ColdSinteringVerification, SolventVapourPressure) {
  const Solvent w = water();
  EXPECT_NEAR(w.vapour_pressure_ratio(373.15), 1.0, 1e-12);
  EXPECT_NEAR(w.vapour_pressure_ratio(423.15) * 101.325, 476.0, 0.05 * 476.0);
}

// Evaporation at constant temperature: w falls at e p_v/p_atm until the last traces.
TEST(ColdSinteringVerification, LiquidLeavesAtTheEvaporationRate) {
  TransientLiquid liquid{water(), 0.2, 1e-4, 0.64};
  const SinterModel model(bar(0.55), 5606.0, FurnaceSchedule::isothermal(373.15), PressureSchedule::none(),
                          std::make_shared<NoDensification>(), nullptr, nullptr, "air", 1e30, "melting", liquid);
  SinterSolverSettings s;
  s.end_time = 1000.0;
  const auto r = model.run(s);
  EXPECT_NEAR(r.final.liquid, 0.2 - 1e-4 * 1000.0, 1e-6);
}

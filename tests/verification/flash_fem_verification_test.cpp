// Verification of the finite-element flash model (flash.fem):
//  - manufactured solutions of the coupled potential/energy problem with temperature-dependent
//    sigma and k: second-order spatial convergence of Q1 (L2), first-order convergence in time
//    of implicit Euler;
//  - the analytic core-surface difference of a long cylinder heated uniformly by a current,
//    dT = q R^2 / (4 k), with its surface at the radiative balance q R / 2 = eps sigma_SB (Ts^4 - Tf^4);
//  - agreement with the lumped model for a thin, conductive bar (Biot << 1), to 1 %;
//  - charge conservation (current in = current out) and the energy balance.
#include "fem/flash_fem_model.hpp"
#include "../data/model_helpers.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace kiln;
using kiln::testing::simple_material;

namespace {

FemSpecimen bar_specimen(SpatialModel model, double L, double w, double t, double h, unsigned refinements = 0) {
  FemSpecimen s;
  s.shape = "bar";
  s.model = model;
  s.gauge_length = L;
  s.width = w;
  s.thickness = t;
  s.gauge = {L, w * t, L * w * t};
  s.mesh_size = h;
  s.refinements = refinements;
  s.green_density = 0.9;
  s.initial_grain_size = 1e-7;
  return s;
}

FlashFemSetup base_setup(FemSpecimen specimen) {
  FlashFemSetup s;
  s.material = simple_material(1.0, 0.8);
  s.thermal_conductivity = {2.5, 300.0, 1.0};  // k = 2.5 (300/T) W/(m K) dense: T-dependent
  s.specimen = std::move(specimen);
  s.furnace = FurnaceSchedule::isothermal(1200.0);
  s.supply = PowerSupply::voltage_control(1e3, 1e9);
  s.densification = std::make_shared<NoDensification>();
  s.grain_growth = std::make_shared<NoGrainGrowth>();
  return s;
}

// d/dT by central differences of a material function (exact to ~1e-9 relative here).
template <class F>
double derivative(F f, double T) {
  const double h = 1e-3;
  return (f(T + h) - f(T - h)) / (2 * h);
}

// A manufactured (T, U) on the plate [-L/2, L/2] x [-w/2, w/2], electrodes at x = -L/2 (U = V0)
// and x = L/2 (U = 0), no current through y = +-w/2:
//   U = V0 (1/2 - x/L) + a cos(pi x / L) cos(2 pi y / w)
//   T = T0 + b g(t) cos(pi x / L) cos(pi y / w)
// and the sources that make them exact for the model's sigma(T, rho), k(T, rho), c_p(T).
ManufacturedSolution manufactured(const FlashFemSetup& s, std::function<double(double)> g, std::function<double(double)> dg) {
  const double L = s.specimen.gauge_length, w = s.specimen.width;
  const double V0 = 2.0, a = 0.3, T0 = 1200.0, b = 80.0;
  const double rho = s.specimen.green_density, rho_m = s.material.theoretical_density * rho;
  const auto material = s.material;
  const auto kcond = s.thermal_conductivity;
  struct Fields {
    double T, Tt, Tx, Ty, lapT, U, Ux, Uy, lapU;
  };
  auto fields = [=](const std::array<double, 3>& p, double t) {
    const double x = p[0], y = p[1];
    const double cx = std::cos(M_PI * x / L), sx = std::sin(M_PI * x / L);
    const double cy = std::cos(M_PI * y / w), sy = std::sin(M_PI * y / w);
    const double c2y = std::cos(2 * M_PI * y / w), s2y = std::sin(2 * M_PI * y / w);
    Fields f;
    f.T = T0 + b * g(t) * cx * cy;
    f.Tt = b * dg(t) * cx * cy;
    f.Tx = -b * g(t) * (M_PI / L) * sx * cy;
    f.Ty = -b * g(t) * (M_PI / w) * cx * sy;
    f.lapT = -b * g(t) * cx * cy * (M_PI * M_PI / (L * L) + M_PI * M_PI / (w * w));
    f.U = V0 * (0.5 - x / L) + a * cx * c2y;
    f.Ux = -V0 / L - a * (M_PI / L) * sx * c2y;
    f.Uy = -a * cx * (2 * M_PI / w) * s2y;
    f.lapU = -a * cx * c2y * (M_PI * M_PI / (L * L) + 4 * M_PI * M_PI / (w * w));
    return f;
  };
  auto sigma = [=](double T) { return material.conductivity.sigma(T, rho); };
  auto k = [=](double T) { return kcond.k(T, rho); };
  ManufacturedSolution m;
  m.temperature = [=](const std::array<double, 3>& p, double t) { return fields(p, t).T; };
  m.potential_a = [=](const std::array<double, 3>&, double) { return V0; };
  m.potential_exact = [=](const std::array<double, 3>& p, double t) { return fields(p, t).U; };
  // div(sigma grad U) + s = 0
  m.current_source = [=](const std::array<double, 3>& p, double t) {
    const Fields f = fields(p, t);
    return -(derivative(sigma, f.T) * (f.Tx * f.Ux + f.Ty * f.Uy) + sigma(f.T) * f.lapU);
  };
  // rho_m c_p T_t = div(k grad T) + sigma |grad U|^2 + f
  m.heat_source = [=](const std::array<double, 3>& p, double t) {
    const Fields f = fields(p, t);
    const double div_k_grad = derivative(k, f.T) * (f.Tx * f.Tx + f.Ty * f.Ty) + k(f.T) * f.lapT;
    return rho_m * material.heat_capacity.cp(f.T) * f.Tt - div_k_grad - sigma(f.T) * (f.Ux * f.Ux + f.Uy * f.Uy);
  };
  return m;
}

}  // namespace

TEST(FlashFemVerification, ManufacturedSolutionConvergesAtSecondOrderInSpace) {
  // A steady manufactured solution (g = 1): three long implicit-Euler steps reach the discrete
  // steady state, so the error is the spatial error alone.
  std::vector<double> errors_T, errors_U;
  for (unsigned r = 0; r < 3; ++r) {
    FlashFemSetup s = base_setup(bar_specimen(SpatialModel::plane, 0.01, 0.005, 0.002, 0.00125, r));
    s.settings.end_time = 3e5;
    s.settings.fixed_time_step = 1e5;
    s.settings.nonlinear_tolerance = 1e-10;
    s.settings.manufactured = manufactured(s, [](double) { return 1.0; }, [](double) { return 0.0; });
    const FlashFemResult result = run_flash_fem(s);
    errors_T.push_back(result.temperature_l2_error);
    errors_U.push_back(result.potential_l2_error);
  }
  for (unsigned r = 0; r < errors_T.size(); ++r)
    std::printf("space: refinement %u  |T - T_h| = %.4e K  |U - U_h| = %.4e V\n", r, errors_T[r], errors_U[r]);
  for (unsigned r = 1; r < errors_T.size(); ++r) {
    const double rate_T = std::log2(errors_T[r - 1] / errors_T[r]);
    const double rate_U = std::log2(errors_U[r - 1] / errors_U[r]);
    EXPECT_NEAR(rate_T, 2.0, 0.15) << "refinement " << r << ": " << errors_T[r - 1] << " -> " << errors_T[r];
    EXPECT_NEAR(rate_U, 2.0, 0.15) << "refinement " << r << ": " << errors_U[r - 1] << " -> " << errors_U[r];
  }
}

TEST(FlashFemVerification, ManufacturedSolutionConvergesAtFirstOrderInTime) {
  // A transient manufactured solution g(t) = 1 + sin(t / 5 s) on a fine mesh of quadratic
  // elements: the error is implicit Euler's, O(dt).
  std::vector<double> errors;
  for (double dt : {2.0, 1.0, 0.5}) {
    FlashFemSetup s = base_setup(bar_specimen(SpatialModel::plane, 0.01, 0.005, 0.002, 0.00125, 1));
    s.settings.fe_degree = 2;
    s.settings.end_time = 10.0;
    s.settings.fixed_time_step = dt;
    s.settings.nonlinear_tolerance = 1e-9;
    s.settings.manufactured = manufactured(s, [](double t) { return 1.0 + std::sin(t / 5.0); },
                                           [](double t) { return std::cos(t / 5.0) / 5.0; });
    errors.push_back(run_flash_fem(s).temperature_l2_error);
  }
  for (unsigned i = 0; i < errors.size(); ++i) std::printf("time: step %u  |T - T_h| = %.4e K\n", i, errors[i]);
  for (unsigned i = 1; i < errors.size(); ++i)
    EXPECT_NEAR(std::log2(errors[i - 1] / errors[i]), 1.0, 0.15) << errors[i - 1] << " -> " << errors[i];
}

TEST(FlashFemVerification, CylinderCoreSurfaceDifferenceIsQR2Over4k) {
  // A long cylinder (axisymmetric) with a constant conductivity and thermal conductivity,
  // heated by a constant current: uniform q = J^2 / sigma. At steady state the surface sits at the
  // radiative balance and the axis is q R^2 / (4 k) hotter.
  FemSpecimen c;
  c.shape = "cylinder";
  c.model = SpatialModel::axisymmetric;
  c.gauge_length = 0.02;
  c.diameter = 0.003;
  c.gauge = {c.gauge_length, M_PI * 0.0015 * 0.0015, M_PI * 0.0015 * 0.0015 * 0.02};
  c.mesh_size = 0.00025;
  c.refinements = 1;
  c.green_density = 1.0;
  c.initial_grain_size = 1e-7;
  FlashFemSetup s = base_setup(c);
  ArrheniusTerm constant;
  constant.sigma0 = 10.0;  // S/m, no activation energy
  s.material.conductivity = ElectricalConductivity({constant}, 1.5);
  s.material.emissivity = 0.8;
  s.thermal_conductivity = {2.7, 300.0, 0.0};
  const double J = 5e4;  // A/m^2 (50 mA/mm^2)
  auto doc = InputDocument::from_string("[s]\nmode = \"current_ramp\"\ninitial_current_density = \"50 mA/mm^2\"\n"
                                        "current_density_rate = \"1 mA/mm^2/s\"\ncurrent_density_limit = \"50 mA/mm^2\"\n",
                                        "supply.toml");
  s.supply = PowerSupply::from_input(doc.root().table("s", ""));
  s.furnace = FurnaceSchedule::isothermal(1123.15);
  s.settings.end_time = 600.0;
  s.settings.output_interval = 10.0;
  const FlashFemResult r = run_flash_fem(s);
  const double q = J * J / 10.0, R = 0.0015, k = 2.7;
  const double Ts = std::pow(std::pow(1123.15, 4) + q * R / (2 * 0.8 * kStefanBoltzmann), 0.25);
  std::printf("cylinder: surface %.3f K (analytic %.3f), core-surface %.3f K (analytic %.3f), energy residual %.2e\n",
              r.final.surface_temperature, Ts, r.final.core_surface_difference, q * R * R / (4 * k), r.energy_balance_residual);
  EXPECT_NEAR(r.final.surface_temperature, Ts, 0.5);
  EXPECT_NEAR(r.final.core_surface_difference, q * R * R / (4 * k), 0.5) << "Ts = " << Ts;
  EXPECT_LT(std::abs(r.energy_balance_residual), 1e-4);
}

TEST(FlashFemVerification, ThinConductiveBarFollowsTheLumpedModel) {
  // Biot << 1: a thin bar with a high thermal conductivity is isothermal, and its temperature,
  // current and flash onset are those of the lumped model on the same specimen.
  const double L = 0.01, w = 0.001, t = 0.001;
  FlashFemSetup s = base_setup(bar_specimen(SpatialModel::three_d, L, w, t, 0.0005));
  s.material = simple_material(1.0, 1.0);
  s.specimen.green_density = 0.5;
  s.thermal_conductivity = {500.0, 300.0, 0.0};
  s.furnace = kiln::testing::ramp(1000.0, 20.0 / 60.0, 1400.0);
  s.supply = PowerSupply::voltage_control(8000.0, 1e5);  // 80 V/cm, 100 mA/mm^2
  s.settings.end_time = 900.0;
  s.settings.relative_tolerance = 2e-5;
  s.settings.output_interval = 5.0;
  std::vector<FlashFemObservation> fem_rows;
  const FlashFemResult fem = run_flash_fem(s, [&](const FlashFemObservation& o) { fem_rows.push_back(o); });

  LumpedSpecimen ls = kiln::testing::bar(0.5);
  ls.gauge = {L, w * t, L * w * t};
  ls.radiating_area = 2 * (w + t) * L;
  const FlashLumpedModel lumped(s.material, ls, s.furnace, s.supply, nullptr, nullptr);
  FlashSolverSettings settings;
  settings.end_time = 900.0;
  settings.output_interval = 5.0;
  settings.relative_tolerance = 1e-8;
  std::vector<FlashObservation> rows;
  const FlashResult reference = lumped.run(settings, [&](const FlashObservation& o) { rows.push_back(o); });

  ASSERT_TRUE(fem.onset_time.has_value());
  ASSERT_TRUE(reference.onset_time.has_value());
  EXPECT_NEAR(*fem.onset_time, *reference.onset_time, 0.01 * *reference.onset_time);
  // Temperatures along the run (interpolated at the FEM rows), and isothermal to 1 K.
  auto lumped_T = [&](double time) {
    for (std::size_t i = 1; i < rows.size(); ++i)
      if (rows[i].time >= time) {
        const double f = (time - rows[i - 1].time) / (rows[i].time - rows[i - 1].time);
        return rows[i - 1].temperature + f * (rows[i].temperature - rows[i - 1].temperature);
      }
    return rows.back().temperature;
  };
  double worst = 0;
  for (const auto& o : fem_rows)
    if (o.time < 0.97 * *reference.onset_time || o.time > *reference.onset_time + 10.0)
      worst = std::max(worst, std::abs(o.temperature - lumped_T(o.time)) / (lumped_T(o.time) - 273.15));
  std::printf("Biot: onset FEM %.3f s, lumped %.3f s; largest relative difference of T [degC] %.2e; charge %.1e, energy %.1e\n",
              *fem.onset_time, *reference.onset_time, worst, fem.charge_balance_residual, fem.energy_balance_residual);
  // Away from the runaway itself, where T rises at hundreds of K/s and a 1 % shift of the onset
  // time is a large temperature difference at the same instant.
  for (const auto& o : fem_rows) {
    if (o.time > 0.97 * *reference.onset_time && o.time < *reference.onset_time + 10.0) continue;
    EXPECT_NEAR(o.temperature - 273.15, lumped_T(o.time) - 273.15, 0.01 * (lumped_T(o.time) - 273.15)) << "t = " << o.time;
    EXPECT_LT(o.max_temperature - o.min_temperature, 1.0) << "t = " << o.time;
  }
  EXPECT_LT(fem.charge_balance_residual, 1e-8);
  EXPECT_LT(std::abs(fem.energy_balance_residual), 5e-3);
}

TEST(FlashFemVerification, ChargeAndEnergyBalanceWithShrinkageContactsAndElectrodeLoss) {
  // Everything on: densification (the mesh shrinks), contact resistances (Robin electrodes that
  // heat the specimen) and heat lost into the electrodes. Current in = current out, and
  // electrical energy = stored heat + losses to 0.5 %.
  FlashFemSetup s = base_setup(bar_specimen(SpatialModel::three_d, 0.01, 0.002, 0.001, 0.0005));
  s.specimen.green_density = 0.6;
  s.densification = std::make_shared<EmpiricalDensification>(6e6, 550e3, 1.0, 1.0);
  s.boundary.contact_resistance = 2e-5;       // Ohm m^2
  s.boundary.electrode_heat_transfer = 300.0;  // W/(m^2 K)
  s.furnace = kiln::testing::ramp(1100.0, 20.0 / 60.0, 1500.0);
  s.supply = PowerSupply::voltage_control(8000.0, 1e5);
  s.settings.end_time = 600.0;
  const FlashFemResult r = run_flash_fem(s);
  ASSERT_TRUE(r.onset_time.has_value());
  EXPECT_GT(r.final.relative_density, 0.61);
  EXPECT_GT(r.final.max_displacement, 1e-6);
  EXPECT_GT(r.final.contact_power, 0.0);
  EXPECT_GT(r.final.electrode_energy, 0.0);
  std::printf("shrinking: rho %.4f, displacement %.3e m, contact %.3g W, electrode loss %.3g J, charge %.1e, energy %.1e\n",
              r.final.relative_density, r.final.max_displacement, r.final.contact_power, r.final.electrode_energy,
              r.charge_balance_residual, r.energy_balance_residual);
  EXPECT_LT(r.charge_balance_residual, 1e-8);
  EXPECT_NEAR(r.final.electrode_current_in, r.final.electrode_current_out, 1e-8 * r.final.current);
  EXPECT_LT(std::abs(r.energy_balance_residual), 5e-3);
}

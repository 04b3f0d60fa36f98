#include "sinter/sinter_model.hpp"

#include "solvers/stiff_integrator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace kiln {

SinterModel::SinterModel(LumpedSpecimen specimen, double theoretical_density, FurnaceSchedule furnace,
                         PressureSchedule pressure, std::shared_ptr<const DensificationLaw> densification,
                         std::shared_ptr<const GrainGrowthLaw> grain_growth,
                         std::shared_ptr<const LithiumLossLaw> lithium_loss, std::string atmosphere,
                         double limit_temperature, std::string limit_kind, std::optional<TransientLiquid> liquid)
    : specimen_(std::move(specimen)),
      theoretical_density_(theoretical_density),
      furnace_(std::move(furnace)),
      pressure_(std::move(pressure)),
      densification_(densification ? std::move(densification) : std::make_shared<NoDensification>()),
      grain_growth_(grain_growth ? std::move(grain_growth) : std::make_shared<NoGrainGrowth>()),
      lithium_loss_(std::move(lithium_loss)),
      atmosphere_(std::move(atmosphere)),
      limit_temperature_(limit_temperature),
      limit_kind_(std::move(limit_kind)),
      liquid_(std::move(liquid)) {
  const double mass = specimen_.green_density * theoretical_density_ * specimen_.gauge.volume;
  if (lithium_loss_) lithium_moles_ = lithium_loss_->lithium_moles(mass);
}

double SinterModel::strain(double rho) const {
  const double volume_ratio = specimen_.green_density / rho;  // V/V0 at constant mass
  if (pressure_.loading() == Loading::die) return volume_ratio - 1.0;  // only the height changes
  return std::cbrt(volume_ratio) - 1.0;
}

double SinterModel::surface(double rho) const {
  if (pressure_.loading() == Loading::die) {
    // In a die the faces are covered by the punches: lithium leaves through the mantle, along the
    // die wall, which shrinks with the height.
    return specimen_.mantle_area * specimen_.green_density / rho;
  }
  const double s = specimen_.scale(rho);
  return specimen_.radiating_area * s * s;
}

double SinterModel::pore_liquid(double rho, double w) const {
  return std::clamp(std::min(w, (1.0 - rho) / rho), 0.0, 1e9);
}

MaterialPoint SinterModel::point(double t, const double* y) const {
  MaterialPoint p;
  p.temperature = furnace_.temperature(t);
  p.relative_density = std::min(y[0], 1.0);
  p.grain_size = y[1];
  p.pressure = pressure_.pressure(t);
  p.loading = pressure_.loading();
  p.liquid = liquid_ ? pore_liquid(p.relative_density, y[3]) : 0.0;
  return p;
}

bool SinterModel::rhs(double t, const double* y, double* ydot) const {
  if (!(y[0] > 0.0) || !(y[1] > 0.0) || !std::isfinite(y[0]) || !std::isfinite(y[1])) return false;
  const MaterialPoint p = point(t, y);
  ydot[0] = densification_->rate(p);
  ydot[1] = grain_growth_->rate(p);
  ydot[2] = 0.0;
  if (lithium_loss_ && y[2] < 1.0)
    ydot[2] = lithium_loss_->flux(p.temperature, atmosphere_) * surface(p.relative_density) / lithium_moles_;
  ydot[3] = 0.0;
  if (liquid_ && y[3] > 0.0) {
    // The last traces leave smoothly (w / (w + w_small)) so that w never crosses zero.
    const double w_small = 1e-6 * std::max(liquid_->initial, 1e-12);
    ydot[3] = -liquid_->evaporation_rate * liquid_->solvent.vapour_pressure_ratio(p.temperature) * y[3] / (y[3] + w_small);
  }
  // Work of the press: p dV with dV = -V0 rho0 d(rho)/rho^2 (constant mass).
  ydot[4] = p.pressure * specimen_.gauge.volume * specimen_.green_density * ydot[0] / (p.relative_density * p.relative_density);
  for (int i = 0; i < kStateSize; ++i)
    if (!std::isfinite(ydot[i])) return false;
  return true;
}

SinterObservation SinterModel::observe(double t, const double* y) const {
  const MaterialPoint p = point(t, y);
  SinterObservation o;
  o.time = t;
  o.temperature = p.temperature;
  o.pressure = p.pressure;
  o.relative_density = p.relative_density;
  o.densification_rate = densification_->rate(p);
  o.grain_size = p.grain_size;
  o.lithium_loss = std::min(y[2], 1.0);
  o.secondary_phase = lithium_loss_ ? lithium_loss_->secondary_phase_fraction(o.lithium_loss) : 0.0;
  o.strain = strain(p.relative_density);
  o.liquid = p.liquid;
  o.mechanical_work = y[4];
  if (liquid_) {
    const bool wet = p.liquid > 1e-3 * liquid_->initial;
    o.stage = !wet ? 3 : (p.relative_density < liquid_->packing_density ? 1 : 2);
  }
  return o;
}

SinterResult SinterModel::run(const SinterSolverSettings& settings,
                              const std::function<void(const SinterObservation&)>& observer) const {
  if (!(settings.end_time > 0)) throw SolverError("the run needs an end time > 0 s");
  const std::vector<double> y0{specimen_.green_density, specimen_.initial_grain_size, 0.0,
                               liquid_ ? liquid_->initial : 0.0, 0.0};
  StiffProblem problem;
  problem.size = kStateSize;
  problem.rhs = [this](double t, const double* y, double* ydot) { return rhs(t, y, ydot); };
  problem.absolute_tolerance = {1e-10, 1e-6 * specimen_.initial_grain_size, 1e-10,
                                1e-9 * std::max(1e-3, liquid_ ? liquid_->initial : 0.0), 1e-9};
  problem.relative_tolerance = settings.relative_tolerance;
  problem.root_count = 1;
  problem.roots = [this](double t, const double*, double* g) { g[0] = furnace_.temperature(t) / limit_temperature_ - 1.0; };
  // An oscillating pressure needs steps well below its period: allow for them.
  if (pressure_.oscillates()) {
    problem.max_steps = 2000000;
    problem.max_step = 0.05 / pressure_.oscillation_frequency();  // 20 steps per period
  }
  StiffIntegrator integrator(problem, 0.0, y0);

  std::vector<double> kinks = furnace_.breakpoints();
  for (double b : pressure_.breakpoints()) kinks.push_back(b);
  const std::vector<double> stops = stop_times(kinks, settings.end_time);
  std::size_t next_stop = 0;

  SinterResult result;
  result.initial = observe(0.0, y0.data());
  SinterObservation last_row = result.initial;
  if (observer) observer(result.initial);
  auto track = [&](const SinterObservation& o) {
    if (o.densification_rate > result.peak_densification_rate) {
      result.peak_densification_rate = o.densification_rate;
      result.peak_rate_temperature = o.temperature;
      result.peak_rate_time = o.time;
    }
    if (!result.time_to_90 && o.relative_density >= 0.90) result.time_to_90 = o.time;
    if (!result.time_to_95 && o.relative_density >= 0.95) result.time_to_95 = o.time;
    if (liquid_ && !result.liquid_gone && o.stage == 3) result.liquid_gone = o.time;
  };
  track(result.initial);

  while (integrator.time() < settings.end_time) {
    StiffIntegrator::Step step{};
    try {
      step = integrator.step(stops[next_stop]);
    } catch (const IntegrationFailure& failure) {
      const SinterObservation o = observe(failure.time, failure.state.data());
      throw SolverError(fmt::format(
          "the time integration failed at t = {:.6g} s (temperature {:.1f} K, pressure {:.4g} MPa, relative density "
          "{:.4f}, grain size {:.3g} um): CVODE returned {} after {} restarts with smaller steps; check the "
          "densification law's parameters at this temperature",
          failure.time, o.temperature, o.pressure * 1e-6, o.relative_density, o.grain_size * 1e6, failure.cvode_flag,
          failure.restarts));
    }
    const double t = step.time;
    write_rows_inside_step(integrator, t, settings.output_interval, last_row,
                           [this](double time, const double* y) { return observe(time, y); }, observer);
    const SinterObservation o = observe(t, integrator.state());
    track(o);
    if (step.event == StiffIntegrator::Event::root && step.roots[0] > 0) {
      result.exit_state = fmt::format("stopped: the furnace reached the material's {} temperature ({:.0f} K) at t = {:.4g} s",
                                      limit_kind_, limit_temperature_, t);
      if (observer) observer(o);
      result.final = o;
      break;
    }
    const bool kink = step.event == StiffIntegrator::Event::stop_time;
    if (kink) ++next_stop;
    const bool due = t - last_row.time >= settings.output_interval ||
                     std::abs(o.relative_density - last_row.relative_density) >= settings.output_density_change || kink ||
                     t >= settings.end_time;
    if (observer && due) {
      observer(o);
      last_row = o;
    }
    result.final = o;
    if (next_stop >= stops.size() || t >= settings.end_time) break;
    if (kink) integrator.restart();
  }
  result.steps = integrator.steps();
  result.rhs_evaluations = integrator.rhs_evaluations();
  return result;
}

}  // namespace kiln

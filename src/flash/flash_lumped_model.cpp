#include "flash/flash_lumped_model.hpp"

#include "solvers/stiff_integrator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace kiln {

FlashMaterial FlashMaterial::from(const Material& m) {
  FlashMaterial f;
  f.conductivity = m.conductivity;
  f.heat_capacity = m.heat_capacity;
  f.emissivity = m.emissivity;
  f.theoretical_density = m.theoretical_density;
  f.limit_temperature = m.limit_temperature;
  f.limit_kind = m.limit_kind;
  return f;
}

FlashLumpedModel::FlashLumpedModel(FlashMaterial material, LumpedSpecimen specimen, FurnaceSchedule furnace,
                                   PowerSupply supply, std::shared_ptr<const DensificationLaw> densification,
                                   std::shared_ptr<const GrainGrowthLaw> grain_growth)
    : material_(std::move(material)),
      specimen_(std::move(specimen)),
      furnace_(std::move(furnace)),
      supply_(std::move(supply)),
      densification_(densification ? std::move(densification) : std::make_shared<NoDensification>()),
      grain_growth_(grain_growth ? std::move(grain_growth) : std::make_shared<NoGrainGrowth>()) {}

double FlashLumpedModel::mass() const {
  return specimen_.green_density * material_.theoretical_density * specimen_.gauge.volume;
}

FlashLumpedModel::Electrical FlashLumpedModel::electrical(double t, double T, double rho) const {
  Electrical e;
  const double s = specimen_.scale(rho);
  e.gauge = {specimen_.gauge.length * s, specimen_.gauge.cross_section * s * s, specimen_.gauge.volume * s * s * s};
  e.radiating_area = specimen_.radiating_area * s * s;
  e.sigma = material_.conductivity.sigma(T, rho);
  e.resistance = e.gauge.length / (e.sigma * e.gauge.cross_section);
  // The supply's settings (field, current density) refer to the specimen as mounted.
  e.out = supply_.deliver(t, e.resistance, specimen_.gauge);
  return e;
}

bool FlashLumpedModel::rhs(double t, const double* y, double* ydot) const {
  const double T = y[0], rho = y[1], G = y[2];
  if (!(T > 0.0) || !(rho > 0.0) || !(G > 0.0) || !std::isfinite(T)) return false;
  const double rho_c = std::min(rho, 1.0);
  const Electrical e = electrical(t, T, rho_c);
  const double Tf = furnace_.temperature(t);
  const double q_rad = e.radiating_area * material_.emissivity * kStefanBoltzmann * (std::pow(T, 4) - std::pow(Tf, 4));
  const double q_conv = e.radiating_area * furnace_.heat_transfer_coefficient() * (T - Tf);
  ydot[0] = (e.out.power - q_rad - q_conv) / (mass() * material_.heat_capacity.cp(T));
  const MaterialPoint point{T, rho_c, G};
  ydot[1] = densification_->rate(point);
  ydot[2] = grain_growth_->rate(point);
  ydot[3] = e.out.power;
  ydot[4] = q_rad;
  ydot[5] = q_conv;
  for (int i = 0; i < kStateSize; ++i)
    if (!std::isfinite(ydot[i])) return false;
  return true;
}

double FlashLumpedModel::switch_margin(double t, const double* y) const {
  const double rho_c = std::min(y[1], 1.0);
  const Electrical e = electrical(t, y[0], rho_c);
  return supply_.state_switch_margin(t, e.resistance, specimen_.gauge);
}

FlashObservation FlashLumpedModel::observe(double t, const double* y) const {
  const double rho_c = std::min(y[1], 1.0);
  const Electrical e = electrical(t, y[0], rho_c);
  FlashObservation o;
  o.time = t;
  o.furnace_temperature = furnace_.temperature(t);
  o.temperature = y[0];
  o.voltage = e.out.voltage;
  o.current = e.out.current;
  o.power = e.out.power;
  o.field = e.out.voltage / e.gauge.length;
  o.current_density = e.out.current / e.gauge.cross_section;
  o.power_density = e.out.power / e.gauge.volume;
  o.conductivity = e.sigma;
  o.relative_density = rho_c;
  o.grain_size = y[2];
  o.supply_state = e.out.state;
  o.electrical_energy = y[3];
  o.radiated_energy = y[4];
  o.convected_energy = y[5];
  return o;
}

// ---------------------------------------------------------------------------------------------
// Time integration.

FlashResult FlashLumpedModel::run(const FlashSolverSettings& settings,
                                  const std::function<void(const FlashObservation&)>& observer) const {
  if (!(settings.end_time > 0)) throw SolverError("the run needs an end time > 0 s");
  const std::vector<double> y0{furnace_.temperature(0.0), specimen_.green_density, specimen_.initial_grain_size, 0.0, 0.0, 0.0};

  StiffProblem problem;
  problem.size = kStateSize;
  problem.rhs = [this](double t, const double* y, double* ydot) { return rhs(t, y, ydot); };
  problem.root_count = 2;
  problem.roots = [this](double t, const double* y, double* g) {
    g[0] = switch_margin(t, y);                           // supply changes state (flash onset)
    g[1] = y[0] / material_.limit_temperature - 1.0;  // specimen melts / decomposes
  };
  // Absolute tolerances: each at a scale far below anything a user reads.
  const double energy_scale = 1e-9 * std::max(1.0, mass() * 1e3);  // J
  problem.absolute_tolerance = {1e-6, 1e-10, 1e-6 * specimen_.initial_grain_size, energy_scale, energy_scale, energy_scale};
  problem.relative_tolerance = settings.relative_tolerance;
  StiffIntegrator integrator(problem, 0.0, y0);

  // Kinks of the forcing (furnace segment ends, supply switch-on, end of a current ramp): the
  // integrator stops and restarts there rather than smearing them into its history.
  double end_time = settings.end_time;
  std::vector<double> kinks = furnace_.breakpoints();
  for (double b : supply_.breakpoints()) kinks.push_back(b);
  std::vector<double> stops = stop_times(kinks, end_time);
  std::size_t next_stop = 0;

  FlashResult result;
  result.initial = observe(0.0, y0.data());
  result.peak_temperature = y0[0];
  FlashObservation last_row = result.initial;
  if (observer) observer(result.initial);

  auto record_onset = [&](const FlashObservation& o) {
    if (result.onset_time || supply_.mode() != PowerSupply::Mode::voltage) return;
    result.onset_time = o.time;
    result.onset_furnace_temperature = o.furnace_temperature;
    result.onset_temperature = o.temperature;
    result.onset_power_density = o.power_density;
    if (supply_.hold_after_onset()) {
      // The experiment ends hold_after_onset after the flash: make that the last stop.
      end_time = std::min(end_time, o.time + *supply_.hold_after_onset());
      stops.erase(std::remove_if(stops.begin() + static_cast<long>(next_stop), stops.end(),
                                 [&](double s) { return s >= end_time; }),
                  stops.end());
      stops.push_back(end_time);
    }
  };
  // A supply already above its limit at the start is in current control from the first instant.
  if (result.initial.supply_state == PowerSupply::State::current_control) record_onset(result.initial);

  while (integrator.time() < end_time) {
    StiffIntegrator::Step step{};
    try {
      step = integrator.step(stops[next_stop]);
    } catch (const IntegrationFailure& failure) {
      const FlashObservation o = observe(failure.time, failure.state.data());
      throw SolverError(fmt::format(
          "the time integration failed at t = {:.6g} s (furnace {:.1f} K, specimen {:.1f} K, relative density {:.4f}, "
          "supply {}): CVODE returned {} after {} restarts with smaller steps; try a smaller solver.relative_tolerance "
          "or check the material's conductivity at this temperature",
          failure.time, o.furnace_temperature, o.temperature, o.relative_density, PowerSupply::state_name(o.supply_state),
          failure.cvode_flag, failure.restarts));
    }
    const double t = step.time;
    write_rows_inside_step(integrator, t, settings.output_interval, last_row,
                           [this](double time, const double* y) { return observe(time, y); }, observer);
    const FlashObservation o = observe(t, integrator.state());
    if (o.temperature > result.peak_temperature) {
      result.peak_temperature = o.temperature;
      result.peak_temperature_time = t;
    }
    bool restart = false, stop_now = false;
    if (step.event == StiffIntegrator::Event::root) {
      if (step.roots[0] > 0) record_onset(o);
      if (step.roots[1] > 0) {
        result.exit_state = fmt::format("stopped: the specimen reached its {} temperature ({:.0f} K) at t = {:.4g} s",
                                        material_.limit_kind, material_.limit_temperature, t);
        stop_now = true;
      }
      restart = true;  // the right-hand side has a kink here
    }
    if (step.event == StiffIntegrator::Event::stop_time) {
      ++next_stop;
      restart = true;
      // A supply that starts above its current limit is in current control from the first instant.
      if (o.supply_state == PowerSupply::State::current_control) record_onset(o);
    }

    const bool due = t - last_row.time >= settings.output_interval ||
                     std::abs(o.temperature - last_row.temperature) >= settings.output_temperature_change ||
                     o.supply_state != last_row.supply_state || restart || t >= end_time;
    if (observer && due) {
      observer(o);
      last_row = o;
    }
    result.final = o;
    if (stop_now || next_stop >= stops.size() || t >= end_time) break;
    if (restart) integrator.restart();
  }
  result.steps = integrator.steps();
  result.rhs_evaluations = integrator.rhs_evaluations();
  result.step_retries = integrator.restarts_after_failure();

  // Energy balance: electrical energy in = heat stored + heat lost to the furnace (by radiation
  // and convection; negative while the furnace heats the specimen).
  const auto& f = result.final;
  result.stored_heat = mass() * (material_.heat_capacity.enthalpy(f.temperature) - material_.heat_capacity.enthalpy(y0[0]));
  const double losses = f.radiated_energy + f.convected_energy;
  const double scale = std::max({std::abs(f.electrical_energy), std::abs(losses), std::abs(result.stored_heat), 1e-30});
  result.energy_balance_residual = (f.electrical_energy - losses - result.stored_heat) / scale;
  return result;
}

}  // namespace kiln

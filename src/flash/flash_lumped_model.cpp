#include "flash/flash_lumped_model.hpp"

#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunmatrix/sunmatrix_dense.h>

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
// Time integration with CVODE.

namespace {

int cvode_rhs(realtype t, N_Vector y, N_Vector ydot, void* data) {
  const auto* model = static_cast<const FlashLumpedModel*>(data);
  // A positive return asks CVODE to retry with a smaller step (recoverable failure).
  return model->rhs(t, N_VGetArrayPointer(y), N_VGetArrayPointer(ydot)) ? 0 : 1;
}

int cvode_roots(realtype t, N_Vector y, realtype* g, void* data) {
  const auto* model = static_cast<const FlashLumpedModel*>(data);
  const double* v = N_VGetArrayPointer(y);
  g[0] = model->switch_margin(t, v);                          // supply changes state (flash onset)
  g[1] = v[0] / model->material().limit_temperature - 1.0;  // specimen melts / decomposes
  return 0;
}

// RAII owner of the CVODE objects.
struct Cvode {
  SUNContext context = nullptr;
  N_Vector y = nullptr, abstol = nullptr;
  SUNMatrix matrix = nullptr;
  SUNLinearSolver linear_solver = nullptr;
  void* memory = nullptr;

  Cvode() {
    if (SUNContext_Create(nullptr, &context) != 0) throw SolverError("cannot create a SUNDIALS context");
    y = N_VNew_Serial(FlashLumpedModel::kStateSize, context);
    abstol = N_VNew_Serial(FlashLumpedModel::kStateSize, context);
    matrix = SUNDenseMatrix(FlashLumpedModel::kStateSize, FlashLumpedModel::kStateSize, context);
    linear_solver = SUNLinSol_Dense(y, matrix, context);
    memory = CVodeCreate(CV_BDF, context);
  }
  ~Cvode() {
    CVodeFree(&memory);
    SUNLinSolFree(linear_solver);
    SUNMatDestroy(matrix);
    N_VDestroy(abstol);
    N_VDestroy(y);
    SUNContext_Free(&context);
  }
  Cvode(const Cvode&) = delete;
  Cvode& operator=(const Cvode&) = delete;
};

// kiln reports integration failures itself (with the state of the specimen); CVODE's own
// messages to stderr would only duplicate them.
void silent_error_handler(int, const char*, const char*, char*, void*) {}

void check(int flag, const char* call) {
  if (flag < 0) throw SolverError(fmt::format("CVODE set-up failed in {}: {}", call, CVodeGetReturnFlagName(flag)));
}

}  // namespace

FlashResult FlashLumpedModel::run(const FlashSolverSettings& settings,
                                  const std::function<void(const FlashObservation&)>& observer) const {
  if (!(settings.end_time > 0)) throw SolverError("the run needs an end time > 0 s");
  Cvode cv;
  double* y = N_VGetArrayPointer(cv.y);
  y[0] = furnace_.temperature(0.0);
  y[1] = specimen_.green_density;
  y[2] = specimen_.initial_grain_size;
  y[3] = y[4] = y[5] = 0.0;

  // Absolute tolerances: each at a scale far below anything a user reads.
  double* atol = N_VGetArrayPointer(cv.abstol);
  atol[0] = 1e-6;                                     // K
  atol[1] = 1e-10;                                    // relative density
  atol[2] = 1e-6 * specimen_.initial_grain_size;      // m
  atol[3] = atol[4] = atol[5] = 1e-9 * std::max(1.0, mass() * 1e3);  // J

  check(CVodeInit(cv.memory, cvode_rhs, 0.0, cv.y), "CVodeInit");
  check(CVodeSVtolerances(cv.memory, settings.relative_tolerance, cv.abstol), "CVodeSVtolerances");
  check(CVodeSetUserData(cv.memory, const_cast<FlashLumpedModel*>(this)), "CVodeSetUserData");
  check(CVodeSetLinearSolver(cv.memory, cv.linear_solver, cv.matrix), "CVodeSetLinearSolver");
  check(CVodeRootInit(cv.memory, 2, cvode_roots), "CVodeRootInit");
  check(CVodeSetMaxNumSteps(cv.memory, 200000), "CVodeSetMaxNumSteps");
  check(CVodeSetErrHandlerFn(cv.memory, silent_error_handler, nullptr), "CVodeSetErrHandlerFn");

  // Kinks of the forcing (furnace segment ends, supply switch-on, end of a current ramp): the
  // integrator stops and restarts there rather than smearing them into its history.
  double end_time = settings.end_time;
  std::vector<double> stops = furnace_.breakpoints();
  for (double b : supply_.breakpoints()) stops.push_back(b);
  stops.push_back(end_time);
  std::sort(stops.begin(), stops.end());
  stops.erase(std::remove_if(stops.begin(), stops.end(), [&](double s) { return s <= 0.0 || s > end_time; }), stops.end());
  stops.erase(std::unique(stops.begin(), stops.end()), stops.end());
  std::size_t next_stop = 0;
  check(CVodeSetStopTime(cv.memory, stops[next_stop]), "CVodeSetStopTime");

  FlashResult result;
  double t = 0.0;
  result.initial = observe(t, y);
  result.peak_temperature = y[0];
  FlashObservation last_row = result.initial;
  if (observer) observer(result.initial);
  const double T0 = y[0];

  auto record_onset = [&](const FlashObservation& o) {
    if (result.onset_time || supply_.mode() != PowerSupply::Mode::voltage) return;
    result.onset_time = o.time;
    result.onset_furnace_temperature = o.furnace_temperature;
    result.onset_temperature = o.temperature;
    result.onset_power_density = o.power_density;
    result.onset_field = o.field;
    if (supply_.hold_after_onset()) {
      // The experiment ends hold_after_onset after the flash: make that the last stop.
      end_time = std::min(end_time, o.time + *supply_.hold_after_onset());
      stops.erase(std::remove_if(stops.begin() + static_cast<long>(next_stop), stops.end(),
                                 [&](double s) { return s >= end_time; }),
                  stops.end());
      stops.push_back(end_time);
      CVodeSetStopTime(cv.memory, stops[next_stop]);
    }
  };

  // A supply already above its limit at the start is in current control from the first instant.
  if (result.initial.supply_state == PowerSupply::State::current_control) record_onset(result.initial);

  // CVodeReInit resets CVODE's counters: keep the totals here.
  auto restart_at = [&](double time) {
    long steps = 0, evaluations = 0;
    CVodeGetNumSteps(cv.memory, &steps);
    CVodeGetNumRhsEvals(cv.memory, &evaluations);
    result.steps += steps;
    result.rhs_evaluations += evaluations;
    check(CVodeReInit(cv.memory, time, cv.y), "CVodeReInit");
    check(CVodeSetStopTime(cv.memory, stops[next_stop]), "CVodeSetStopTime");
  };

  // Last good state, for a restart with a smaller step when CVODE gives up on a step.
  std::array<double, kStateSize> good{};
  std::copy(y, y + kStateSize, good.begin());
  double t_good = 0.0;

  while (t < end_time) {
    const int flag = CVode(cv.memory, stops[next_stop], cv.y, &t, CV_ONE_STEP);
    if (flag < 0) {
      // CVODE already cut the step several times (error test and Newton failures). Restart from
      // the last good state with a much smaller first step before giving up.
      if (result.step_retries < 3 && (flag == CV_CONV_FAILURE || flag == CV_ERR_FAILURE || flag == CV_RHSFUNC_FAIL ||
                                      flag == CV_REPTD_RHSFUNC_ERR || flag == CV_TOO_MUCH_WORK)) {
        ++result.step_retries;
        double h_last = 0.0;
        CVodeGetLastStep(cv.memory, &h_last);
        std::copy(good.begin(), good.end(), y);
        t = t_good;
        restart_at(t);
        CVodeSetInitStep(cv.memory, std::max(1e-12, std::abs(h_last) * 1e-3));
        continue;
      }
      throw SolverError(fmt::format(
          "the time integration failed at t = {:.6g} s (furnace {:.1f} K, specimen {:.1f} K, relative density {:.4f}, "
          "supply {}): CVODE returned {} after {} restarts with smaller steps; try a smaller solver.relative_tolerance "
          "or check the material's conductivity at this temperature",
          t_good, furnace_.temperature(t_good), good[0], good[1],
          PowerSupply::state_name(observe(t_good, good.data()).supply_state), CVodeGetReturnFlagName(flag),
          result.step_retries));
    }
    std::copy(y, y + kStateSize, good.begin());
    t_good = t;

    const FlashObservation o = observe(t, y);
    if (o.temperature > result.peak_temperature) {
      result.peak_temperature = o.temperature;
      result.peak_temperature_time = t;
    }
    bool restart = false, stop_now = false;
    if (flag == CV_ROOT_RETURN) {
      int roots[2] = {0, 0};
      CVodeGetRootInfo(cv.memory, roots);
      if (roots[0] > 0) record_onset(o);
      if (roots[1] > 0) {
        result.exit_state = fmt::format("stopped: the specimen reached its {} temperature ({:.0f} K) at t = {:.4g} s",
                                        material_.limit_kind, material_.limit_temperature, t);
        stop_now = true;
      }
      restart = true;  // the right-hand side has a kink here
    }
    if (flag == CV_TSTOP_RETURN) {
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
    if (restart) restart_at(t);
  }

  long steps = 0, evaluations = 0;
  CVodeGetNumSteps(cv.memory, &steps);
  CVodeGetNumRhsEvals(cv.memory, &evaluations);
  result.steps += steps;
  result.rhs_evaluations += evaluations;

  // Energy balance: electrical energy in = heat stored + heat lost to the furnace (by radiation
  // and convection; negative while the furnace heats the specimen).
  const auto& f = result.final;
  result.stored_heat = mass() * (material_.heat_capacity.enthalpy(f.temperature) - material_.heat_capacity.enthalpy(T0));
  const double losses = f.radiated_energy + f.convected_energy;
  const double scale = std::max({std::abs(f.electrical_energy), std::abs(losses), std::abs(result.stored_heat), 1e-30});
  result.energy_balance_residual = (f.electrical_energy - losses - result.stored_heat) / scale;
  return result;
}

}  // namespace kiln

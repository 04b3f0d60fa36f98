// Finite-element model of flash sintering, the "dog-bone model" of the review (section 3.5,
// Eqs. 4-10; DESIGN.md 4.2), on deal.II in 2-D (plate, axisymmetric) and 3-D, serial or MPI:
//
//   div(sigma(T, rho) grad U) = 0                                   charge conservation
//   rho_m c_p dT/dt = div(k(T, rho) grad T) + sigma |grad U|^2      energy, Joule heating
//   (1/rho) d rho/dt = f(rho) g(T),  dG/dt = ...                    the lumped model's laws, per point
//   eps = (rho0/rho)^(1/3) - 1                                      shrinkage, as a mesh displacement
//
// with electrodes at fixed potential (optionally through a contact resistance), radiation and
// convection to the furnace on the free surfaces, mirror planes, optional heat loss into the
// electrodes, and the lumped model's power supply coupled globally through the specimen's
// conductance. This header is free of deal.II; the solver lives in flash_fem_model.cpp.
#pragma once

#include "fem/fem_specimen.hpp"
#include "flash/flash_lumped_model.hpp"  // FlashMaterial, FlashObservation
#include "kinetics/densification.hpp"
#include "kinetics/grain_growth.hpp"
#include "process/furnace_schedule.hpp"
#include "process/power_supply.hpp"

#include <array>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kiln {

// Optional extras of the boundary conditions.
struct FemBoundarySettings {
  double contact_resistance = 0.0;  // Ohm m^2, area-specific, between electrode and specimen
  double electrode_heat_transfer = 0.0;  // W/(m^2 K), heat lost into the electrodes and their wires
};

// A manufactured solution for verification: source terms and boundary temperatures that make a
// chosen (T, U) exact. Not an input-file feature; the verification tests set it.
struct ManufacturedSolution {
  using Field = std::function<double(const std::array<double, 3>& x, double t)>;
  Field heat_source;      // W/m^3 added to the energy equation
  Field current_source;   // A/m^3 added to charge conservation (div(sigma grad U) + s = 0)
  Field temperature;      // the temperature imposed on every boundary (replaces radiation)
  Field potential_a;      // potential of electrode a: a function of (x, t) instead of the supply
  Field potential_exact;  // the exact potential everywhere (for the error; default potential_a)
};

struct FlashFemSettings {
  double end_time = 0;  // s
  // Error control of the adaptive steps: the local error of the temperature per step, estimated
  // from the difference between the implicit Euler solution and its linear extrapolation, is kept
  // below relative_tolerance * max T.
  double relative_tolerance = 1e-3;
  double initial_time_step = 0.1;  // s
  double max_time_step = 0;        // s; 0 = the output interval
  std::optional<double> fixed_time_step;  // s: no error control (convergence studies)
  unsigned fe_degree = 1;
  double output_interval = 0;  // s between time-series rows
  double output_temperature_change = 5.0;  // K: also a row when the maximum temperature moved this much
  std::vector<double> field_output_times;  // s: VTU snapshots (also at the flash and at peak power)
  double field_output_interval = 0;        // s: also every interval (0 = none)
  std::filesystem::path field_directory;   // where VTU/PVD go; empty = none
  bool write_picture_fields = true;        // gnuplot patches of T on the deformed specimen at peak power
  unsigned max_nonlinear_iterations = 30;
  // Anderson acceleration of the coupling iteration: how many past iterates it combines (0: plain
  // Picard iteration).
  unsigned coupling_acceleration_depth = 4;
  double nonlinear_tolerance = 0.1;   // K: the coupling iterations stop when T moves less
  std::optional<ManufacturedSolution> manufactured;
};

struct FlashFemObservation : FlashObservation {
  double max_temperature = 0, min_temperature = 0, mean_temperature = 0;  // K, whole specimen
  double surface_temperature = 0;        // K, mean over the free surface
  double core_surface_difference = 0;    // K, max T - mean free-surface T
  double hottest_tenth_current_fraction = 0;  // fraction of the current through the hottest 10 % of the mid-section
  double electrode_current_in = 0, electrode_current_out = 0;  // A, at electrode a and b
  double electrode_loss = 0;        // W, into the electrodes
  double radiated_power = 0, convected_power = 0;  // W, to the furnace
  double conductance = 0;           // S, of the whole specimen
  double contact_power = 0;         // W, dissipated in the contact resistances
  double stored_heat = 0;           // J since t = 0
  double electrode_energy = 0;      // J lost into the electrodes since t = 0
  double max_displacement = 0;      // m
  long step = 0;
};

struct FlashFemResult {
  std::string exit_state = "completed";
  std::optional<double> onset_time, onset_furnace_temperature, onset_temperature, onset_power_density;
  double peak_temperature = 0, peak_temperature_time = 0;  // maximum over the specimen
  double peak_power = 0, peak_power_time = 0;
  double peak_core_surface_difference = 0;
  FlashFemObservation initial, final;
  double energy_balance_residual = 0;   // (E_el - losses - stored) / max(...)
  double charge_balance_residual = 0;   // max over steps of |I_a - I_b| / I
  long steps = 0, rejected_steps = 0, nonlinear_iterations = 0, linear_iterations = 0;
  std::size_t cells = 0, dofs_per_field = 0;
  unsigned processes = 1;
  std::vector<std::string> field_files;  // PVD records written
  std::filesystem::path picture_data;    // gnuplot patches of the peak-power state (rank-0 file stem)
  // L2 and maximum errors against a manufactured solution at the end time.
  double temperature_l2_error = 0, potential_l2_error = 0, temperature_max_error = 0;
};

struct FlashFemSetup {
  FlashMaterial material;
  ThermalConductivity thermal_conductivity;
  FemSpecimen specimen;
  FurnaceSchedule furnace;
  PowerSupply supply;
  std::shared_ptr<const DensificationLaw> densification;
  std::shared_ptr<const GrainGrowthLaw> grain_growth;
  FemBoundarySettings boundary;
  FlashFemSettings settings;
};

// Runs the model. `observer` sees the time-series rows on rank 0 as they are computed. Throws
// SolverError when a step fails even after cutting it. MPI must be initialised when the
// communicator has more than one process (kiln run does this).
FlashFemResult run_flash_fem(const FlashFemSetup& setup,
                             const std::function<void(const FlashFemObservation&)>& observer = {});

// MPI for the FEM solver: initialises MPI (and PETSc/p4est) once per process, for programs
// that may not have; the rank and size of MPI_COMM_WORLD.
void ensure_mpi_initialized();
// Held by main(): finalises MPI at the end of main, if a FEM run initialised it.
struct MpiSession {
  MpiSession() = default;
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
};
unsigned mpi_rank();
unsigned mpi_size();

}  // namespace kiln

// What the protocol driver needs of a cell model, and the driver itself. A model owns its
// unknowns (concentrations, potentials) and their equations; the driver adds three more at the end
// of the state, the current I (algebraic: I = I_set, I = 0 or V = V_hold by step), the charge
// passed and the energy (differential), and runs the protocol steps with SUNDIALS IDA, ending each
// at its condition or when an electrode runs out of lithium or of room.
#pragma once

#include "cell/electrode_laws.hpp"
#include "cell/protocol.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace kiln {

struct CellObservation {
  double time = 0;          // s
  double voltage = 0;       // V
  double current = 0;       // A, positive on discharge
  double capacity = 0;      // A h discharged since the start (charge counts negative)
  double energy = 0;        // W h delivered since the start
  double theta_surface = 0, theta_mean = 0;  // cathode stoichiometry: at the particle surfaces (mean), overall
  double ohmic = 0;         // V: electrolyte(s) and series resistance
  double kinetic = 0;       // V: both interfaces
  double diffusion = 0;     // V: U(theta_mean) - U(theta_surface)
  double temperature = 0;   // K
  int step = 0;             // index of the protocol step
  int cycle = 0;
};

struct CellStepResult {
  std::string text;
  int cycle = 0;
  std::string end;  // "voltage", "current", "duration", "cathode full", "cathode empty"
  double start_time = 0, end_time = 0, capacity = 0, energy = 0;  // capacity, energy: of this step
};

struct CellResult {
  std::string exit_state = "completed";
  std::vector<CellStepResult> steps;
  CellObservation final;
  double lithium_balance = 0;  // relative error of the lithium balance (cathode vs charge passed)
  long solver_steps = 0;
};

// The lumped thermal option: one temperature for the cell, heated by the irreversible heat
// I (U_mean - V) and cooled to its surroundings, C dT/dt = I (U - V) - hA (T - T_ambient).
// (The reversible, entropic heat is left out.)
struct CellThermal {
  bool on = false;
  double heat_capacity = 1.0;    // J/K of the whole cell (stack, collectors, package)
  double heat_transfer = 0.0;    // W/K: hA to the surroundings (0: adiabatic)
  double ambient = 298.15;       // K; also the start
};

struct CellSolverSettings {
  int cells = 40;                    // finite volumes across the cathode (film or composite)
  int particle_shells = 10;          // finite volumes in a particle (bulk cell)
  double relative_tolerance = 1e-8;
  double output_interval = 0;        // s; 0: 200 rows per step
  CellThermal thermal;
  double temperature = 0;            // K: the cell's temperature now (set by the driver); 0: the parameter set's
};

// What every cell model has: the cell, the cathode's lithium store (a film or the particles of a
// composite) with its window, and the two interfaces.
struct CellCommonParameters {
  double area = 1e-4;                        // m^2
  double temperature = 298.15;               // K
  double cathode_thickness = 1e-6;           // m
  double max_concentration = 5e4;            // mol/m^3
  double theta_initial = 0.5;                // stoichiometry at the start
  double theta_min = 0.5, theta_max = 0.99;  // the window that defines the capacity
  double diffusivity = 1e-14;                // m^2/s, Li in the cathode material
  double cathode_exchange_current = 1.0;     // A/m^2 at theta = 1/2
  double anode_exchange_current = 10.0;      // A/m^2, the lithium anode's interface
  double series_resistance = 0.0;            // Ohm m^2: contacts and current collectors
  double rated_capacity = 0;                 // A h, the basis of C-rates when given
  std::shared_ptr<const OpenCircuitPotential> ocp;
  // Arrhenius activation energies (J/mol) of the interfaces' exchange currents, of diffusion in the
  // cathode material and of ionic conduction; 0: independent of temperature. They matter only
  // when the temperature changes (the lumped thermal option).
  double kinetic_activation_energy = 0, diffusion_activation_energy = 0, conduction_activation_energy = 0;
  // exp(-Ea/R (1/T - 1/T_ref)) with T_ref the parameter set's temperature.
  double arrhenius(double activation_energy, double T) const;
  // Moves the shared parameters to temperature T (exchange currents, diffusivity) and returns the
  // Arrhenius factor of ionic conduction, for the model's own conductivities.
  double move_to_temperature(double T);
};

class CellModel {
 public:
  virtual ~CellModel() = default;
  // The model's own unknowns (the driver appends I, q, e).
  virtual int size(const CellSolverSettings& s) const = 0;
  virtual std::vector<bool> differential(const CellSolverSettings& s) const = 0;
  virtual std::vector<double> absolute_tolerances(const CellSolverSettings& s) const = 0;
  virtual std::vector<double> initial_state(const CellSolverSettings& s) const = 0;
  // Residuals of the model's unknowns, given the current I (A, positive on discharge).
  virtual bool residual(const CellSolverSettings& s, const double* y, const double* yp, double current, double* r) const = 0;
  // Terminal voltage of a state carrying current I.
  virtual double voltage(const CellSolverSettings& s, const double* y, double current) const = 0;
  // Lowest and highest surface stoichiometry of the cathode's particles (the step ends when all are
  // full or all empty).
  virtual void surface_range(const CellSolverSettings& s, const double* y, double current, double& lo, double& hi) const = 0;
  virtual void breakdown(const CellSolverSettings& s, const double* y, double current, CellObservation& o) const = 0;
  virtual double lithium(const CellSolverSettings& s, const double* y) const = 0;  // mol in the cathode
  virtual double open_circuit_voltage(const CellSolverSettings& s, const double* y) const = 0;  // V at the mean stoichiometry
  virtual void profile(const CellSolverSettings& s, const double* y, std::vector<double>& x, std::vector<double>& theta) const = 0;
  virtual double c_rate_capacity() const = 0;  // A h that 1C refers to
  virtual double reference_temperature() const = 0;  // K, the parameter set's
  virtual double area() const = 0;              // m^2
  // True when the model has algebraic unknowns of its own (potentials): steps start through
  // IDACalcIC instead of an explicit consistent state.
  virtual bool has_algebraic_unknowns() const { return false; }
  // Optional sparsity for a coloured finite-difference Jacobian: for each of the model's unknowns
  // and then for the current (size + 1 entries), the model's residuals it changes; and the unknowns
  // the voltage depends on besides the current. Empty: IDA's dense difference quotients.
  virtual std::vector<std::vector<int>> sparsity(const CellSolverSettings&) const { return {}; }
  virtual std::vector<int> voltage_unknowns(const CellSolverSettings&) const { return {}; }

  // Runs a protocol on this model (run_protocol, below).
  CellResult run(const std::vector<ProtocolStep>& steps, int cycles, const CellSolverSettings& settings,
                 const std::function<void(const CellObservation&)>& observer = {},
                 const std::function<void(int, int, const std::vector<double>&, const std::vector<double>&)>& profile = {}) const;
};

// Runs the steps (repeated `cycles` times) on `model`. `observer` gets rows as they are computed;
// `profile` gets theta(x) at the end of every step.
CellResult run_protocol(const CellModel& model, const std::vector<ProtocolStep>& steps, int cycles, const CellSolverSettings& settings,
                        const std::function<void(const CellObservation&)>& observer = {},
                        const std::function<void(int step, int cycle, const std::vector<double>& x, const std::vector<double>& theta)>& profile = {});

inline CellResult CellModel::run(const std::vector<ProtocolStep>& steps, int cycles, const CellSolverSettings& settings,
                                 const std::function<void(const CellObservation&)>& observer,
                                 const std::function<void(int, int, const std::vector<double>&, const std::vector<double>&)>& profile) const {
  return run_protocol(*this, steps, cycles, settings, observer, profile);
}

}  // namespace kiln

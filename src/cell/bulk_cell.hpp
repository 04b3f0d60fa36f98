// Bulk solid-state cell: Li metal | sintered solid-electrolyte separator | composite cathode
// (active particles + solid electrolyte + carbon). A porous-electrode model (Newman's, reduced for
// a single-ion conductor, t+ = 1: no salt and so no concentration in the electrolyte):
//   electrolyte   d/dx (sigma_e,eff d(phi_e)/dx) = -a F j,   sigma_e,eff = sigma_e eps_e^b
//   solid         d/dx (sigma_s,eff d(phi_s)/dx) =  a F j,   sigma_s,eff = sigma_s eps_s^b
//   kinetics      j = -(2 i0 / F) sinh(F eta / 2RT),  eta = phi_s - phi_e - U(theta_surface)
//   particles     dc/dt = (1/r^2) d/dr (r^2 D dc/dr),  -D dc/dr|_R = -j   (spheres of radius R)
// with a = 3 eps_s / R, b the Bruggeman exponent (1.5). The separator is ohmic (its conductivity
// from a sintering run through kiln properties, or given); the lithium anode has Butler-Volmer
// kinetics; V = phi_s(cathode collector) - 0 - I rho_s. Finite volumes: N across the cathode, M
// shells in each particle; potentials are algebraic unknowns, the concentrations differential.
#pragma once

#include "cell/cell_model.hpp"
#include "cell/electrode_laws.hpp"

#include <memory>

namespace kiln {

struct BulkCellParameters : CellCommonParameters {
  BulkCellParameters() { cathode_thickness = 50e-6; }  // a composite, not a film
  double separator_thickness = 100e-6;       // m
  double separator_conductivity = 0.05;      // S/m, the sintered body's (porosity included)
  double active_fraction = 0.5;              // volume fraction of active particles
  double electrolyte_fraction = 0.4;         // volume fraction of solid electrolyte in the cathode
  double electrolyte_conductivity = 0.05;    // S/m, of the cathode's solid electrolyte (dense)
  double electronic_conductivity = 10.0;     // S/m, of the active material and carbon network (dense)
  double bruggeman = 1.5;
  double particle_radius = 5e-6;             // m

  double window_capacity() const;  // A h between theta_min and theta_max
  double c_rate_capacity() const { return rated_capacity > 0 ? rated_capacity : window_capacity(); }
  double separator_resistance() const { return separator_thickness / (separator_conductivity * area); }
  // The parameters at temperature T (exchange currents, diffusivity, ionic conductivities).
  BulkCellParameters at(double T) const;
};

class BulkCell final : public CellModel {
 public:
  explicit BulkCell(BulkCellParameters p);
  const BulkCellParameters& parameters() const { return p_; }
  using CellModel::run;

  int size(const CellSolverSettings& s) const override;
  std::vector<bool> differential(const CellSolverSettings& s) const override;
  std::vector<double> absolute_tolerances(const CellSolverSettings& s) const override;
  std::vector<double> initial_state(const CellSolverSettings& s) const override;
  bool residual(const CellSolverSettings& s, const double* y, const double* yp, double current, double* r) const override;
  double voltage(const CellSolverSettings& s, const double* y, double current) const override;
  void surface_range(const CellSolverSettings& s, const double* y, double current, double& lo, double& hi) const override;
  void breakdown(const CellSolverSettings& s, const double* y, double current, CellObservation& o) const override;
  double lithium(const CellSolverSettings& s, const double* y) const override;
  double open_circuit_voltage(const CellSolverSettings& s, const double* y) const override;
  void profile(const CellSolverSettings& s, const double* y, std::vector<double>& x, std::vector<double>& theta) const override;
  double c_rate_capacity() const override { return p_.c_rate_capacity(); }
  double reference_temperature() const override { return p_.temperature; }
  double area() const override { return p_.area; }
  bool has_algebraic_unknowns() const override { return true; }
  std::vector<std::vector<int>> sparsity(const CellSolverSettings& s) const override;
  std::vector<int> voltage_unknowns(const CellSolverSettings& s) const override;

 private:
  struct Layout;
  Layout layout(const CellSolverSettings& s) const;
  BulkCellParameters at(const CellSolverSettings& s) const { return s.temperature > 0 ? p_.at(s.temperature) : p_; }
  double surface_theta(const BulkCellParameters& q, const Layout& L, const double* y, int k, double flux) const;
  // mol/(m^2 s) into the particles of cell k
  double reaction_flux(const BulkCellParameters& q, const Layout& L, const double* y, int k) const;
  // phi_e where the separator meets the cathode
  double electrolyte_face_potential(const BulkCellParameters& q, double current) const;
  BulkCellParameters p_;
};

}  // namespace kiln

// Thin-film solid-state cell Li | LiPON | LiCoO2 (after Danilov, Niessen & Notten, J. Electrochem.
// Soc. 158 (2011) A215, simplified as stated):
//   - lithium diffuses in the planar LiCoO2 film (Fick, constant D), entering at the electrolyte
//     side with flux I/(F A) and blocked at the current collector (finite volumes, N cells);
//   - LiPON is a single-ion conductor (t+ = 1): no concentration gradient, an ohmic drop
//     i L_e / sigma_e;
//   - Butler–Volmer kinetics (alpha = 1/2) at the Li|LiPON and LiPON|LiCoO2 interfaces, the latter
//     with i0 = i0_ref sqrt(theta (1 - theta)) / (1/2);
//   - V = U(theta_surface) - eta_Li - eta_LiCoO2 - i (L_e / sigma_e + rho_s), rho_s a series
//     (contact) resistance per area;
//   - D may depend on the stoichiometry (a table, interpolated in log).
// No double layer, no space charge in LiPON (Danilov's model has both; they matter at rates far
// above 10C), isothermal.
//
// Unknowns: the concentrations (differential), the current I (algebraic: fixed in galvanostatic
// steps, zero at rest, whatever holds the voltage in a hold), the charge passed and the energy
// (differential). One DAE covers every protocol step; SUNDIALS IDA integrates it.
#pragma once

#include "cell/cell_model.hpp"
#include "cell/electrode_laws.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace kiln {

struct ThinFilmCellParameters : CellCommonParameters {
  ThinFilmCellParameters() { max_concentration = 5.1e4; }  // LiCoO2
  std::shared_ptr<const TabulatedPotential> diffusivity_table;  // D(theta), log-interpolated; else diffusivity
  double electrolyte_thickness = 1.5e-6;  // m
  double electrolyte_conductivity = 3e-4; // S/m (3e-6 S/cm)

  double nominal_capacity() const;  // A h between theta_min and theta_max
  double c_rate_capacity() const { return rated_capacity > 0 ? rated_capacity : nominal_capacity(); }
  double electrolyte_resistance() const { return electrolyte_thickness / (electrolyte_conductivity * area); }
  // The parameters at temperature T: exchange currents, diffusivity and conductivity scaled by
  // their Arrhenius factors.
  ThinFilmCellParameters at(double T) const;
  double diffusion_factor = 1.0;  // Arrhenius factor on a tabulated diffusivity (at())
  double cathode_diffusivity(double theta) const {
    return diffusivity_table ? diffusion_factor * diffusivity_table->potential(theta) : diffusivity;
  }
};

class ThinFilmCell final : public CellModel {
 public:
  explicit ThinFilmCell(ThinFilmCellParameters p);
  const ThinFilmCellParameters& parameters() const { return p_; }

  using CellModel::run;
  using CellModel::voltage;

  // Cell voltage at surface stoichiometry theta_s and current I (A), at the parameter set's temperature.
  double voltage(double theta_surface, double current) const { return voltage(p_, theta_surface, current); }

  // CellModel: unknowns are the Li concentrations of the film's finite volumes.
  int size(const CellSolverSettings& s) const override { return std::max(s.cells, 2); }
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

 private:
  ThinFilmCellParameters at(const CellSolverSettings& s) const { return s.temperature > 0 ? p_.at(s.temperature) : p_; }
  double voltage(const ThinFilmCellParameters& q, double theta_surface, double current) const;
  double surface(const ThinFilmCellParameters& q, const CellSolverSettings& s, const double* y, double current) const;
  ThinFilmCellParameters p_;
};

}  // namespace kiln

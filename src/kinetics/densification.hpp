// Densification laws: d(rho)/dt at a material point. A law is chosen by name from an input
// table (law = "empirical"); adding one means one class and one line in the registry, and no
// solver changes.
#pragma once

#include "core/input.hpp"
#include "core/provenance.hpp"
#include "kinetics/law_registry.hpp"
#include "kinetics/material_point.hpp"

#include <memory>
#include <string>
#include <vector>

namespace kiln {

class DensificationLaw {
 public:
  virtual ~DensificationLaw() = default;
  // d(rho)/dt in 1/s; zero for a fully dense point.
  virtual double rate(const MaterialPoint& point) const = 0;
  virtual std::string name() const = 0;
  // Citation keys of the papers the law comes from (data/references.bib); empty when it is
  // phenomenological.
  virtual std::vector<std::string> references() const { return {}; }
  // Whether an applied pressure changes the rate (laws fitted to free sintering do not).
  virtual bool responds_to_pressure() const { return false; }
};

// No densification (a dense specimen, or a study of the electrical/thermal problem alone).
class NoDensification final : public DensificationLaw {
 public:
  double rate(const MaterialPoint&) const override { return 0.0; }
  std::string name() const override { return "none"; }
};

// (1/rho) d(rho)/dt = A exp(-Q/RT) (1 - rho)^n / G^m.
// Phenomenological: it lumps the mechanisms of all stages into one Arrhenius term, a driving force
// that vanishes with the porosity and the grain-size scaling of diffusional sintering
// (m = 3 lattice, m = 4 grain-boundary diffusion); the form used in flash-sintering FEM models
// (review Eq. 9).
class EmpiricalDensification final : public DensificationLaw {
 public:
  EmpiricalDensification(double A, double activation_energy, double n, double m);
  double rate(const MaterialPoint& point) const override;
  std::string name() const override { return "empirical"; }

  double A() const { return A_; }
  double activation_energy() const { return Q_; }
  double n() const { return n_; }
  double m() const { return m_; }

 private:
  double A_, Q_, n_, m_;
};

// Master sintering curve (Su & Johnson, J. Am. Ceram. Soc. 79 (1996) 3211): with one dominant
// diffusion mechanism the density depends on the time-temperature path only through the work of
// sintering Theta = integral exp(-Q/RT)/T dt, rho = Phi(Theta). Phi is the sigmoid
//   Phi = rho0 + (rho_f - rho0) / (1 + exp(-(ln Theta - a) / b)),
// and, written as a rate at a point, d(rho)/dt = (d Phi / d ln Theta) exp(-Q/RT) / (T Theta(rho)):
// a law of (T, rho) alone, usable by every solver. Phenomenological in Phi; physical in Q.
class MasterCurveDensification final : public DensificationLaw {
 public:
  // a: ln Theta at the sigmoid's midpoint (Theta in s/K), b: its width in ln Theta.
  MasterCurveDensification(double activation_energy, double a, double b, double rho0, double rho_final = 1.0);
  double rate(const MaterialPoint& point) const override;
  std::string name() const override { return "master_curve"; }
  std::vector<std::string> references() const override { return {"SuJohnson1996"}; }

  double density(double theta) const;  // Phi(Theta)
  double log_theta(double rho) const;   // ln Phi^-1(rho)
  double activation_energy() const { return Q_; }
  double a() const { return a_; }
  double b() const { return b_; }
  double rho0() const { return rho0_; }
  double rho_final() const { return rho_f_; }

 private:
  double Q_, a_, b_, rho0_, rho_f_;
};

// Work of sintering for a constant heating rate beta from T0 to T (closed form with the
// exponential integral E1): Theta = [E1(Q/RT) - E1(Q/RT0)] / beta.
double work_of_sintering_constant_rate(double activation_energy, double T0, double T, double beta);

// Skorohod-Olevsky viscous sintering (Olevsky, Mater. Sci. Eng. R 23 (1998) 41): a porous body with
// a linear-viscous skeleton of shear viscosity eta0(T, G). With porosity theta = 1 - rho,
//   phi = (1 - theta)^2, psi = (2/3)(1 - theta)^3 / theta, P_L = (3 alpha / r0)(1 - theta)^2,
// the volumetric strain rate is
//   free or isostatic (mean stress -p):       e = -(p + P_L) / (2 eta0 psi)
//   die, uniaxial -p, no lateral strain:     e = -(p + P_L) / (2 eta0 (psi + 2 phi / 3))
// and d(rho)/dt = -rho e. The sintering stress P_L drives free sintering; an applied pressure adds
// to it (hot pressing, SPS/FAST, oscillatory pressure).
class SkorohodOlevskyDensification final : public DensificationLaw {
 public:
  // eta0 = viscosity_prefactor exp(Q/RT) (G / G_ref)^grain_exponent.
  SkorohodOlevskyDensification(double viscosity_prefactor, double activation_energy, double surface_energy,
                               double particle_radius, double grain_exponent = 0.0, double reference_grain_size = 1e-6);
  double rate(const MaterialPoint& point) const override;
  std::string name() const override { return "skorohod_olevsky"; }
  std::vector<std::string> references() const override { return {"Olevsky1998"}; }
  bool responds_to_pressure() const override { return true; }
  double viscosity(double T, double G) const;
  double sintering_stress(double rho) const;  // P_L, Pa

 private:
  double eta_A_, Q_, alpha_, r0_, m_, G_ref_;
};

// Combined-stage sintering (Hansen, Rusin, Teng & Johnson, J. Am. Ceram. Soc. 75 (1992) 1129):
// one equation for all stages with grain-boundary and volume diffusion,
//   -dL/(L dt) = (gamma Omega / kT) [3 delta D_b Gamma_b / G^4 + D_v Gamma_v / G^3],
// D_x = D_x0 exp(-Q_x/RT), and isotropic shrinkage d(rho)/dt = 3 rho (-dL/(L dt)). The scaling
// functions Gamma_b(rho), Gamma_v(rho) carry the geometry of each stage; Hansen et al. computed
// them for a model microstructure. They are given as tables over rho (linear in between).
class CombinedStageDensification final : public DensificationLaw {
 public:
  struct Table {
    std::vector<double> rho, value;
    double at(double r) const;
  };
  CombinedStageDensification(double surface_energy, double atomic_volume, double boundary_width, double Db0, double Qb,
                             double Dv0, double Qv, Table gamma_b, Table gamma_v);
  double rate(const MaterialPoint& point) const override;
  std::string name() const override { return "combined_stage"; }
  std::vector<std::string> references() const override { return {"Hansen1992"}; }

 private:
  double gamma_, omega_, delta_, Db0_, Qb_, Dv0_, Qv_;
  Table gamma_b_, gamma_v_;
};

std::vector<LawInfo> densification_laws();

// Builds the law named by table.law, reading its parameters (recorded with the table's source).
std::unique_ptr<DensificationLaw> make_densification_law(const InputTable& table, Provenance& provenance);

}  // namespace kiln

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

std::vector<LawInfo> densification_laws();

// Builds the law named by table.law, reading its parameters (recorded with the table's source).
std::unique_ptr<DensificationLaw> make_densification_law(const InputTable& table, Provenance& provenance);

}  // namespace kiln

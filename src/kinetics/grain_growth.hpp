// Grain-growth laws: dG/dt at a material point, chosen by name like the densification laws.
#pragma once

#include "core/input.hpp"
#include "core/provenance.hpp"
#include "kinetics/densification.hpp"
#include "kinetics/material_point.hpp"

#include <memory>
#include <string>
#include <vector>

namespace kiln {

class GrainGrowthLaw {
 public:
  virtual ~GrainGrowthLaw() = default;
  virtual double rate(const MaterialPoint& point) const = 0;  // m/s
  virtual std::string name() const = 0;
  // Citation keys of the papers the law comes from (data/references.bib).
  virtual std::vector<std::string> references() const { return {}; }
};

class NoGrainGrowth final : public GrainGrowthLaw {
 public:
  double rate(const MaterialPoint&) const override { return 0.0; }
  std::string name() const override { return "none"; }
};

// G^n - G0^n = k0 exp(-Qg/RT) t, written as the rate dG/dt = k0 exp(-Qg/RT) / (n G^(n-1)) so
// that it holds along any temperature history (n = 2: curvature-driven boundary migration,
// n = 3: growth controlled by pores or solute drag).
class PowerLawGrainGrowth final : public GrainGrowthLaw {
 public:
  PowerLawGrainGrowth(double k0, double activation_energy, double exponent);
  double rate(const MaterialPoint& point) const override;
  std::string name() const override { return "power"; }

  double k0() const { return k0_; }
  double activation_energy() const { return Q_; }
  double exponent() const { return n_; }

 private:
  double k0_, Q_, n_;
};

// Grain growth held back by open pores: the power law times the pore-drag factor
// (a / (a + theta))^(3/2), theta = 1 - rho, the form used in Olevsky's SPS models (e.g. Olevsky et
// al., J. Am. Ceram. Soc. 95 (2012) 2414). Pores pinning the boundaries slow growth while the
// porosity is large compared with a; growth speeds up as the last pores close (rho > ~0.9).
// Phenomenological: a is fitted.
class PoreDragGrainGrowth final : public GrainGrowthLaw {
 public:
  PoreDragGrainGrowth(double k0, double activation_energy, double exponent, double drag_porosity);
  double rate(const MaterialPoint& point) const override;
  std::string name() const override { return "pore_drag"; }
  std::vector<std::string> references() const override { return {"Olevsky2012"}; }
  double drag_factor(double rho) const;

 private:
  PowerLawGrainGrowth free_;
  double a_;
};

std::vector<LawInfo> grain_growth_laws();
std::unique_ptr<GrainGrowthLaw> make_grain_growth_law(const InputTable& table, Provenance& provenance);

}  // namespace kiln

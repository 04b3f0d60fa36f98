#include "materials/conductivity.hpp"

#include <cmath>
#include <stdexcept>

namespace kiln {

double ArrheniusTerm::sigma(double T) const {
  const double boltzmann = std::exp(-activation_energy / (kBoltzmann * T));
  return (over_T ? sigma0 / T : sigma0) * boltzmann;
}

double ArrheniusTerm::dlog_sigma_dT(double T) const {
  return activation_energy / (kBoltzmann * T * T) - (over_T ? 1.0 / T : 0.0);
}

ElectricalConductivity::ElectricalConductivity(std::vector<ArrheniusTerm> terms, double archie_exponent, double reference_density)
    : terms_(std::move(terms)), reference_density_(reference_density), archie_exponent_(archie_exponent) {
  if (terms_.empty()) throw std::invalid_argument("a conductivity needs at least one Arrhenius term");
  if (!(reference_density > 0 && reference_density <= 1)) throw std::invalid_argument("the reference relative density must lie in (0, 1]");
  dense_scale_ = std::pow(reference_density_, -archie_exponent_);
}

namespace {

// The parts a combination needs, each with its derivative in T.
struct Parts {
  double parallel = 0.0, dparallel = 0.0;  // ionic total + electronic
  double bulk = 0.0, dbulk = 0.0;
  double gb = 0.0, dgb = 0.0;
};

Parts collect(const std::vector<ArrheniusTerm>& terms, double T) {
  Parts p;
  for (const auto& t : terms) {
    const double s = t.sigma(T);
    const double ds = s * t.dlog_sigma_dT(T);
    const bool series = t.carrier == ArrheniusTerm::Carrier::ionic && t.path != ArrheniusTerm::Path::total;
    if (!series) {
      p.parallel += s;
      p.dparallel += ds;
    } else if (t.path == ArrheniusTerm::Path::bulk) {
      p.bulk += s;
      p.dbulk += ds;
    } else {
      p.gb += s;
      p.dgb += ds;
    }
  }
  return p;
}

// Series combination of bulk and grain boundary; a missing one does not block.
void series(const Parts& p, double& s, double& ds) {
  if (p.bulk > 0 && p.gb > 0) {
    s = 1.0 / (1.0 / p.bulk + 1.0 / p.gb);
    ds = s * s * (p.dbulk / (p.bulk * p.bulk) + p.dgb / (p.gb * p.gb));
  } else {
    s = p.bulk + p.gb;
    ds = p.dbulk + p.dgb;
  }
}

}  // namespace

std::optional<ElectricalConductivity> ElectricalConductivity::electronic_part() const {
  std::vector<ArrheniusTerm> electronic;
  for (const auto& t : terms_)
    if (t.carrier == ArrheniusTerm::Carrier::electronic) electronic.push_back(t);
  if (electronic.empty()) return std::nullopt;
  return ElectricalConductivity(std::move(electronic), archie_exponent_, reference_density_);
}

double ElectricalConductivity::dense(double T) const {
  const Parts p = collect(terms_, T);
  double s = 0, ds = 0;
  series(p, s, ds);
  return (p.parallel + s) * dense_scale_;
}

double ElectricalConductivity::sigma(double T, double rho) const {
  return dense(T) * std::pow(rho, archie_exponent_);
}

double ElectricalConductivity::dsigma_dT(double T, double rho) const {
  const Parts p = collect(terms_, T);
  double s = 0, ds = 0;
  series(p, s, ds);
  return (p.dparallel + ds) * dense_scale_ * std::pow(rho, archie_exponent_);
}

}  // namespace kiln

#include "kinetics/densification.hpp"

#include "kinetics/law_registry.hpp"

#include "materials/conductivity.hpp"

#include <fmt/format.h>

#include <boost/math/special_functions/expint.hpp>

#include <algorithm>
#include <cmath>

namespace kiln {

EmpiricalDensification::EmpiricalDensification(double A, double activation_energy, double n, double m)
    : A_(A), Q_(activation_energy), n_(n), m_(m) {}

double EmpiricalDensification::rate(const MaterialPoint& p) const {
  const double porosity = std::max(0.0, 1.0 - p.relative_density);
  if (porosity == 0.0) return 0.0;
  const double thermal = std::exp(-Q_ / (kGasConstant * p.temperature));
  return p.relative_density * A_ * thermal * std::pow(porosity, n_) / std::pow(p.grain_size, m_);
}

MasterCurveDensification::MasterCurveDensification(double activation_energy, double a, double b, double rho0,
                                                   double rho_final)
    : Q_(activation_energy), a_(a), b_(b), rho0_(rho0), rho_f_(rho_final) {}

double MasterCurveDensification::density(double theta) const {
  if (!(theta > 0)) return rho0_;
  return rho0_ + (rho_f_ - rho0_) / (1.0 + std::exp(-(std::log(theta) - a_) / b_));
}

double MasterCurveDensification::log_theta(double rho) const {
  return a_ + b_ * std::log((rho - rho0_) / (rho_f_ - rho));
}

double MasterCurveDensification::rate(const MaterialPoint& p) const {
  // Just above rho0 the curve is flat in Theta; start a hair above it so that a body at the
  // asymptote follows the curve from Theta ~ 0 instead of staying there.
  const double span = rho_f_ - rho0_;
  const double rho = std::max(p.relative_density, rho0_ + 1e-6 * span);
  if (rho >= rho_f_) return 0.0;
  const double slope = (rho - rho0_) * (rho_f_ - rho) / (span * b_);  // d rho / d ln Theta
  const double theta = std::exp(log_theta(rho));
  return slope * std::exp(-Q_ / (kGasConstant * p.temperature)) / (p.temperature * theta);
}

double work_of_sintering_constant_rate(double activation_energy, double T0, double T, double beta) {
  const double x = activation_energy / (kGasConstant * T), x0 = activation_energy / (kGasConstant * T0);
  return (boost::math::expint(1, x) - boost::math::expint(1, x0)) / beta;
}

SkorohodOlevskyDensification::SkorohodOlevskyDensification(double viscosity_prefactor, double activation_energy,
                                                           double surface_energy, double particle_radius,
                                                           double grain_exponent, double reference_grain_size)
    : eta_A_(viscosity_prefactor), Q_(activation_energy), alpha_(surface_energy), r0_(particle_radius),
      m_(grain_exponent), G_ref_(reference_grain_size) {}

double SkorohodOlevskyDensification::viscosity(double T, double G) const {
  return eta_A_ * std::exp(Q_ / (kGasConstant * T)) * std::pow(G / G_ref_, m_);
}

double SkorohodOlevskyDensification::sintering_stress(double rho) const { return 3.0 * alpha_ / r0_ * rho * rho; }

double SkorohodOlevskyDensification::rate(const MaterialPoint& p) const {
  const double rho = p.relative_density, theta = 1.0 - rho;
  if (theta <= 0.0) return 0.0;
  const double phi = rho * rho;
  const double psi = 2.0 / 3.0 * rho * rho * rho / theta;
  const double eta = viscosity(p.temperature, p.grain_size);
  const double drive = (p.loading == Loading::free ? 0.0 : p.pressure) + sintering_stress(rho);
  const double stiffness = p.loading == Loading::die ? psi + 2.0 * phi / 3.0 : psi;
  const double volumetric_strain_rate = -drive / (2.0 * eta * stiffness);
  return -rho * volumetric_strain_rate;
}

double CombinedStageDensification::Table::at(double r) const {
  if (r <= rho.front()) return value.front();
  if (r >= rho.back()) return value.back();
  const auto hi = std::upper_bound(rho.begin(), rho.end(), r) - rho.begin();
  const double w = (r - rho[hi - 1]) / (rho[hi] - rho[hi - 1]);
  return value[hi - 1] + w * (value[hi] - value[hi - 1]);
}

CombinedStageDensification::CombinedStageDensification(double surface_energy, double atomic_volume, double boundary_width,
                                                       double Db0, double Qb, double Dv0, double Qv, Table gamma_b,
                                                       Table gamma_v)
    : gamma_(surface_energy), omega_(atomic_volume), delta_(boundary_width), Db0_(Db0), Qb_(Qb), Dv0_(Dv0), Qv_(Qv),
      gamma_b_(std::move(gamma_b)), gamma_v_(std::move(gamma_v)) {}

double CombinedStageDensification::rate(const MaterialPoint& p) const {
  const double rho = p.relative_density;
  if (rho >= 1.0) return 0.0;
  const double T = p.temperature, G = p.grain_size;
  const double Db = Db0_ * std::exp(-Qb_ / (kGasConstant * T)), Dv = Dv0_ * std::exp(-Qv_ / (kGasConstant * T));
  const double linear_shrinkage_rate = gamma_ * omega_ / (kBoltzmann * T) *
                                       (3.0 * delta_ * Db * gamma_b_.at(rho) / std::pow(G, 4) + Dv * gamma_v_.at(rho) / std::pow(G, 3));
  return 3.0 * rho * linear_shrinkage_rate;
}

namespace {

// A table [[rho, value], ...] with rho increasing.
CombinedStageDensification::Table read_table(const InputTable& t, const std::string& key, const std::string& what) {
  const toml::value& v = t.has(key) ? t.raw(key) : (t.fail_table(fmt::format("missing key '{}': {} as [[rho, value], ...]", key, what)), t.raw());
  CombinedStageDensification::Table table;
  if (!v.is_array() || v.as_array().empty()) t.fail(key, fmt::format("expected {} as a list [[rho, value], ...]", what));
  for (const auto& pair : v.as_array()) {
    if (!pair.is_array() || pair.as_array().size() != 2) t.fail(key, "each entry must be a pair [rho, value]");
    double x[2];
    for (int i = 0; i < 2; ++i) {
      const auto& e = pair.as_array()[i];
      if (!e.is_floating() && !e.is_integer()) t.fail(key, "pairs hold numbers: [relative density, value]");
      x[i] = e.is_floating() ? e.as_floating() : static_cast<double>(e.as_integer());
    }
    if (!(x[0] > 0 && x[0] <= 1) || !(x[1] >= 0)) t.fail(key, "needs 0 < rho <= 1 and a value >= 0");
    if (!table.rho.empty() && x[0] <= table.rho.back()) t.fail(key, "relative densities must increase");
    table.rho.push_back(x[0]);
    table.value.push_back(x[1]);
  }
  return table;
}

const LawRegistry<DensificationLaw>& registry() {
  static const LawRegistry<DensificationLaw> laws("densification", {
      {"none", {"no densification", [](const InputTable&, Provenance&) { return std::make_unique<NoDensification>(); }}},
      {"combined_stage",
       {"combined-stage sintering with boundary and volume diffusion (Hansen et al. 1992)",
        [](const InputTable& t, Provenance& prov) -> std::unique_ptr<DensificationLaw> {
          const std::string source = t.string("source", "where the parameters come from");
          const double gamma = read_sourced(t, "surface_energy", {"J/m^2", "the surface energy gamma", "1 J/m^2", Range::positive()}, source, prov);
          const double Vm = read_sourced(t, "molar_volume", {"m^3/mol", "the molar volume of the diffusing species (Omega = Vm/N_A)", "10 cm^3/mol", Range::positive()}, source, prov);
          const double delta = read_sourced(t, "boundary_width", {"m", "the grain-boundary width delta", "0.5 nm", Range::positive()}, source, prov);
          const double Db0 = read_sourced(t, "boundary_diffusivity", {"m^2/s", "the prefactor of grain-boundary diffusion D_b0", "1e-3 m^2/s", Range::non_negative()}, source, prov);
          const double Qb = read_sourced(t, "boundary_activation_energy", {"J/mol", "the activation energy of boundary diffusion", "450 kJ/mol", Range::non_negative()}, source, prov);
          const double Dv0 = read_sourced(t, "volume_diffusivity", {"m^2/s", "the prefactor of volume diffusion D_v0", "1e-4 m^2/s", Range::non_negative()}, source, prov);
          const double Qv = read_sourced(t, "volume_activation_energy", {"J/mol", "the activation energy of volume diffusion", "600 kJ/mol", Range::non_negative()}, source, prov);
          auto gb = read_table(t, "gamma_b", "the boundary scaling function Gamma_b(rho)");
          auto gv = read_table(t, "gamma_v", "the volume scaling function Gamma_v(rho)");
          return std::make_unique<CombinedStageDensification>(gamma, Vm / 6.02214076e23, delta, Db0, Qb, Dv0, Qv, std::move(gb), std::move(gv));
        }}},
      {"empirical",
       {"(1/rho) drho/dt = A exp(-Q/RT) (1-rho)^n / G^m",
        [](const InputTable& t, Provenance& prov) -> std::unique_ptr<DensificationLaw> {
          const std::string source = t.string("source", "where the parameters come from");
          const double n = read_sourced(t, "n", {"1", "the porosity exponent n", "1", Range::closed(0, 10)}, source, prov);
          const double m = read_sourced(t, "m", {"1", "the grain-size exponent m", "3", Range::closed(0, 6)}, source, prov);
          const std::string unit = m == 0 ? "1/s" : fmt::format("m^{:g}/s", m);
          const double A = read_sourced(t, "A", {unit, "the prefactor A (units m^m/s)", "1e-3 " + unit, Range::non_negative()}, source, prov);
          const double Q = read_sourced(t, "activation_energy", {"J/mol", "the activation energy Q", "450 kJ/mol", Range::non_negative()}, source, prov);
          return std::make_unique<EmpiricalDensification>(A, Q, n, m);
        }}},
      {"master_curve",
       {"master sintering curve rho = Phi(Theta), Theta = int exp(-Q/RT)/T dt (Su & Johnson 1996)",
        [](const InputTable& t, Provenance& prov) -> std::unique_ptr<DensificationLaw> {
          const std::string source = t.string("source", "where the parameters come from");
          const double Q = read_sourced(t, "activation_energy", {"J/mol", "the apparent activation energy Q", "485 kJ/mol", Range::positive()}, source, prov);
          const double a = read_sourced(t, "a", {"1", "ln Theta (Theta in s/K) at the sigmoid's midpoint", "-30", Range::any()}, source, prov);
          const double b = read_sourced(t, "b", {"1", "the sigmoid's width in ln Theta", "1.2", Range::positive()}, source, prov);
          const double rho0 = read_sourced(t, "rho0", {"1", "the lower asymptote of the curve (at or below the green density)", "0.45", Range::fraction()}, source, prov);
          const double rho_f = t.has("rho_final") ? read_sourced(t, "rho_final", {"1", "the upper asymptote", "1.0", Range::fraction()}, source, prov) : 1.0;
          if (rho_f <= rho0) t.fail("rho_final", "must be above rho0");
          return std::make_unique<MasterCurveDensification>(Q, a, b, rho0, rho_f);
        }}},
      {"skorohod_olevsky",
       {"viscous sintering under stress (Skorohod-Olevsky): free, isostatic, die-pressed",
        [](const InputTable& t, Provenance& prov) -> std::unique_ptr<DensificationLaw> {
          const std::string source = t.string("source", "where the parameters come from");
          const double A = read_sourced(t, "viscosity_prefactor", {"Pa s", "the prefactor of the skeleton's shear viscosity eta0 = A exp(Q/RT)", "1e-3 Pa s", Range::positive()}, source, prov);
          const double Q = read_sourced(t, "activation_energy", {"J/mol", "the activation energy of the viscosity", "450 kJ/mol", Range::non_negative()}, source, prov);
          const double alpha = read_sourced(t, "surface_energy", {"J/m^2", "the surface energy alpha", "1 J/m^2", Range::non_negative()}, source, prov);
          const double r0 = read_sourced(t, "particle_radius", {"m", "the particle radius r0", "100 nm", Range::positive()}, source, prov);
          const double m = t.has("grain_exponent") ? read_sourced(t, "grain_exponent", {"1", "the grain-size exponent of the viscosity (3: lattice, 4: boundary diffusion)", "3", Range::closed(0, 6)}, source, prov) : 0.0;
          const double G_ref = t.has("reference_grain_size") ? read_sourced(t, "reference_grain_size", {"m", "the grain size at which eta0 = A exp(Q/RT)", "1 um", Range::positive()}, source, prov) : 1e-6;
          return std::make_unique<SkorohodOlevskyDensification>(A, Q, alpha, r0, m, G_ref);
        }}},
  });
  return laws;
}

}  // namespace

std::vector<LawInfo> densification_laws() { return registry().laws(); }

std::unique_ptr<DensificationLaw> make_densification_law(const InputTable& table, Provenance& provenance) {
  return registry().make(table, provenance);
}

}  // namespace kiln

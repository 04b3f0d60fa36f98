// Distribution of relaxation times (DRT) of an impedance spectrum, as pyDRTtools computes it
// (Wan, Saccoccio, Chen & Ciucci, Electrochim. Acta 184 (2015) 483):
//
//   Z(w) = R_inf + integral gamma(ln tau) / (1 + i w tau) d ln tau,
//   gamma(ln tau) = sum_m x_m phi_m(ln tau),  phi_m Gaussian radial basis functions on a
//   log-spaced tau grid,
//
// found by regularised non-negative least squares on the real and imaginary parts together (each
// point weighted by 1/|Z|: instrument errors are relative),
//   min_x>=0 |K x - Z|^2 + lambda |d gamma / d ln tau|^2,
// with lambda chosen by generalised cross-validation (GCV) of the unconstrained ridge problem.
// The bound-constrained quadratic problem is solved with NLopt (L-BFGS with bounds); lambda is
// minimised with Brent's method (Boost). Peaks are the local maxima of gamma; the resistance of a
// peak is the area of gamma over its basin.
#pragma once

#include "properties/impedance.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

namespace kiln {

enum class DrtLambdaRule { gcv, modified_gcv, robust_gcv };

struct DrtOptions {
  DrtLambdaRule rule = DrtLambdaRule::gcv;
  int basis_per_decade = 10;
  double fwhm_in_spacings = 2.0;      // width of each Gaussian, in basis spacings
  std::optional<double> lambda;       // fixed regularisation; default: GCV
  // GCV search range (lambda is dimensionless: rows are weighted by 1/|Z|). The lower end keeps
  // data that GCV reads as noise-free (it then takes lambda -> 0) from ringing into spurious peaks.
  double lambda_min = 1e-6, lambda_max = 1.0;
};

struct DrtPeak {
  double tau = 0.0;         // s
  double frequency = 0.0;   // Hz, 1/(2 pi tau)
  double resistance = 0.0;  // Ohm, area of gamma over the peak's basin
};

struct DrtResult {
  std::vector<double> tau;    // fine grid for gamma, s
  std::vector<double> gamma;  // Ohm (per unit ln tau)
  double r_inf = 0.0;
  double lambda = 0.0;
  bool lambda_by_gcv = true;
  bool lambda_at_limit = false;  // GCV ended at an end of its range: choose lambda by hand
  std::vector<DrtPeak> peaks;
  std::vector<Complex> fitted;  // model impedance at the measured frequencies
  double rms_residual = 0.0;    // Ohm
  // The discrete problem, for side-by-side checks: rows [Re; Im], columns [R_inf, x_1..x_M].
  std::vector<std::vector<double>> matrix, regulariser;
  std::vector<double> data, coefficients;
  std::vector<double> centres;  // ln tau of the basis functions
  double epsilon = 0.0;         // their shape, exp(-(eps (ln tau - centre))^2)
};

DrtResult compute_drt(const ImpedanceSpectrum& spectrum, const DrtOptions& options = {});
nlohmann::json drt_summary(const DrtResult& result);

}  // namespace kiln

// Fitting a master sintering curve (Su & Johnson, J. Am. Ceram. Soc. 79 (1996) 3211) to
// dilatometry: several densification curves at different heating rates collapse onto one curve
// rho = Phi(Theta) when Theta = integral exp(-Q/RT)/T dt is computed with the right apparent
// activation energy Q.
//
// For each trial Q, Theta is integrated along every measured (t, T) path (trapezoids in time) and
// the sigmoid Phi = rho0 + (rho_f - rho0)/(1 + exp(-(ln Theta - a)/b)) is fitted to all points by
// least squares (NLopt, BOBYQA). The sum of squares S(Q) measures the collapse; Q is the minimiser
// of S (Brent's method on the profile, from Boost). Its standard uncertainty comes from the
// curvature of the profile, sigma_Q^2 = 2 s^2 / S''(Q), s^2 = S_min / (N - 4) (the usual
// Delta chi^2 = 1 of a least-squares profile).
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace kiln {

struct DilatometryCurve {
  std::string name;
  std::vector<double> time;         // s
  std::vector<double> temperature;  // K
  std::vector<double> density;      // relative
  double heating_rate = 0.0;        // K/s, fitted slope of T(t), for labels
};

// Reads a CSV with a header naming its columns and their units in brackets:
// "time [min]" (or t), "temperature [degC]" (or T), and either "relative density [-]" (or [%]), or
// "shrinkage [%]" (positive while shrinking, -dL/L0) or "dL/L0 [%]" (negative while shrinking),
// converted with rho = rho0 / (1 + dL/L0)^3, which needs `green_density`. Lines starting with #
// are comments. Errors name the file and line.
DilatometryCurve read_dilatometry_csv(const std::filesystem::path& file, double green_density = 0.0);

struct MasterCurveFit {
  double activation_energy = 0, activation_energy_sigma = 0;  // J/mol
  double a = 0, b = 0, rho0 = 0, rho_final = 1.0;
  double rms_residual = 0;  // relative density
  std::size_t points = 0;
  bool at_search_limit = false;  // Q at an end of [q_min, q_max]: widen the range or check the data
  std::vector<double> profile_q, profile_sum_of_squares;  // S(Q) on a grid, for the plot
};

// Work of sintering along a measured path, Theta_i = sum of trapezoids of exp(-Q/RT)/T dt.
std::vector<double> work_of_sintering(const DilatometryCurve& curve, double activation_energy);

MasterCurveFit fit_master_curve(const std::vector<DilatometryCurve>& curves, double q_min, double q_max);

// The fitted law as an input table, ready for [kinetics.densification] of a sinter study.
std::string master_curve_law_toml(const MasterCurveFit& fit, const std::string& source);
nlohmann::json master_curve_fit_json(const MasterCurveFit& fit);

}  // namespace kiln

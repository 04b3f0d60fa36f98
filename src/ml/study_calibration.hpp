// `kiln fit INPUT`: calibration of any input value of a study (a law's parameters, a material
// value, a process setting) to measured curves, by nonlinear least squares (Ceres Solver,
// Levenberg–Marquardt with bounds). The study's input gains a [fit] table:
//
//   [[fit.parameter]]
//   key = "material.densification.activation_energy"
//   initial = "500 kJ/mol"
//   lower = "300 kJ/mol"
//   upper = "800 kJ/mol"
//   scale = "linear"                  # or "log" for values spanning decades (prefactors)
//   [[fit.data]]
//   file = "data/3ysz_dilatometry_2Kmin.csv"   # relative to the input file
//   x = "time [min]"                  # data columns; the model's columns with the same name
//   y = "relative density"            # (units converted) unless model_x / model_y say otherwise
//   sigma = 0.002                     # measurement standard deviation of y (optional)
//   set = { "process.furnace.heating_rate" = "2 K/min" }   # input values of this experiment
//
// Residuals are (model - data)/sigma at every data point, the model interpolated linearly in its
// time series. Parameter uncertainties are the square roots of the diagonal of (JᵀJ)⁻¹ at the
// optimum, scaled by the residual variance when no sigma is given (Bard 1974, Nonlinear Parameter
// Estimation, ch. 7), with the correlation matrix beside them.
#pragma once

#include "core/input.hpp"
#include "core/sweep.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace kiln::ml {

struct CalibrationParameter {
  std::string key;
  std::string unit;  // of `initial`
  double initial = 0, lower = 0, upper = 0;
  bool log_scale = false;
};

struct CalibrationData {
  std::filesystem::path file;
  std::string x, y;              // data columns
  std::string model_x, model_y;  // time-series columns ("" until matched)
  double sigma = 0;              // 0: unknown (uncertainties from the residuals)
  std::vector<std::pair<std::string, std::string>> overrides;
  std::vector<double> xs, ys;    // in the model's units
};

struct CalibrationSetup {
  std::vector<CalibrationParameter> parameters;
  std::vector<CalibrationData> data;
  double relative_tolerance = 1e-8;  // the study's solver tolerance during the fit
  int max_iterations = 100;
};

CalibrationSetup read_calibration(const InputDocument& document);

struct CalibrationResult {
  std::filesystem::path directory;
  std::vector<CalibrationParameter> parameters;     // as read from [fit]
  std::vector<double> values, standard_deviations;  // in each parameter's unit
  std::vector<std::vector<double>> correlation;
  double rms_residual = 0;          // residual standard deviation: in units of sigma, or of y without sigma
  bool residuals_in_sigma = false;
  int iterations = 0;
  bool converged = false;
  std::string report;  // Ceres' brief report
};

CalibrationResult run_calibration(const InputDocument& document, const SweepKind& kind);

}  // namespace kiln::ml

#include "sinter/master_curve_fit.hpp"

#include "core/input.hpp"
#include "core/units.hpp"
#include "kinetics/densification.hpp"
#include "materials/conductivity.hpp"

#include <boost/math/tools/minima.hpp>
#include <fmt/format.h>
#include <nlopt.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace kiln {

namespace {

std::string trim(std::string s) {
  const auto a = s.find_first_not_of(" \t\r\"");
  const auto b = s.find_last_not_of(" \t\r\"");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, ',')) out.push_back(trim(cell));
  return out;
}

// "temperature [degC]" -> {"temperature", "degC"}
std::pair<std::string, std::string> name_and_unit(const std::string& header) {
  const auto open = header.find('['), close = header.rfind(']');
  if (open == std::string::npos || close == std::string::npos || close < open) return {trim(header), ""};
  return {trim(header.substr(0, open)), trim(header.substr(open + 1, close - open - 1))};
}

}  // namespace

DilatometryCurve read_dilatometry_csv(const std::filesystem::path& file, double green_density) {
  std::ifstream in(file);
  if (!in) throw InputError(file.string(), 0, "", "cannot open the dilatometry file");
  DilatometryCurve curve;
  curve.name = file.stem().string();
  std::string line;
  int line_number = 0, time_col = -1, temp_col = -1, rho_col = -1, strain_col = -1;
  double time_scale = 1, strain_scale = 1, rho_scale = 1;
  std::string temp_unit = "K";
  bool header = true;
  while (std::getline(in, line)) {
    ++line_number;
    if (trim(line).empty() || trim(line)[0] == '#') continue;
    const auto cells = split(line);
    if (header) {
      header = false;
      for (int i = 0; i < static_cast<int>(cells.size()); ++i) {
        auto [name, unit] = name_and_unit(cells[i]);
        // Single letters keep their case (t is time, T temperature); words are matched in lower case.
        std::string word = name;
        if (word.size() > 1)
          std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return std::tolower(c); });
        try {
          if (word == "time" || word == "t") {
            time_col = i;
            time_scale = unit.empty() ? 1.0 : convert_units(1.0, unit, "s");
          } else if (word == "temperature" || word == "T") {
            temp_col = i;
            temp_unit = unit.empty() ? "K" : unit;
            convert_units(0.0, temp_unit, "K");
          } else if (word == "relative density" || word == "density" || word == "rho") {
            rho_col = i;
            rho_scale = (unit.empty() || unit == "-") ? 1.0 : convert_units(1.0, unit, "1");
          } else if (word == "shrinkage") {
            // Shrinkage is positive while the specimen shrinks: -dL/L0.
            strain_col = i;
            strain_scale = -((unit.empty() || unit == "-") ? 1.0 : convert_units(1.0, unit, "1"));
          } else if (word == "dl/l0" || word == "strain") {
            strain_col = i;  // negative while shrinking
            strain_scale = (unit.empty() || unit == "-") ? 1.0 : convert_units(1.0, unit, "1");
          }
        } catch (const UnitError& e) {
          throw InputError(file.string(), line_number, "", fmt::format("column \"{}\": {}", cells[i], e.message));
        }
      }
      if (time_col < 0 || temp_col < 0 || (rho_col < 0 && strain_col < 0))
        throw InputError(file.string(), line_number, "",
                         "the header needs a time column (\"time [min]\"), a temperature column (\"temperature [degC]\") "
                         "and a \"relative density\", \"shrinkage [%]\" (positive while shrinking) or \"dL/L0 [%]\" "
                         "(negative while shrinking) column");
      if (rho_col < 0 && !(green_density > 0))
        throw InputError(file.string(), line_number, "",
                         "a shrinkage curve needs the green density to become a density curve (kiln fit msc --green-density 0.45)");
      continue;
    }
    const auto number = [&](int col, const char* what) {
      if (col >= static_cast<int>(cells.size()))
        throw InputError(file.string(), line_number, "", fmt::format("missing the {} column", what));
      try {
        std::size_t used = 0;
        const double x = std::stod(cells[col], &used);
        if (used != cells[col].size() || !std::isfinite(x)) throw std::invalid_argument("");
        return x;
      } catch (const std::exception&) {
        throw InputError(file.string(), line_number, "", fmt::format("\"{}\" is not a number ({} column)", cells[col], what));
      }
    };
    curve.time.push_back(number(time_col, "time") * time_scale);
    curve.temperature.push_back(convert_units(number(temp_col, "temperature"), temp_unit, "K"));
    const double rho = rho_col >= 0 ? number(rho_col, "relative density") * rho_scale
                                    : green_density / std::pow(1.0 + number(strain_col, "shrinkage") * strain_scale, 3);
    if (!(rho > 0 && rho <= 1.05))
      throw InputError(file.string(), line_number, "", fmt::format("relative density {:.4g} is outside (0, 1]", rho));
    curve.density.push_back(std::min(rho, 1.0));
    if (curve.time.size() > 1 && curve.time.back() <= curve.time[curve.time.size() - 2])
      throw InputError(file.string(), line_number, "", "time must increase from row to row");
  }
  if (curve.time.size() < 5) throw InputError(file.string(), line_number, "", "a curve needs at least 5 rows");
  // Heating rate: least-squares slope of T(t), for labels only.
  const double n = static_cast<double>(curve.time.size());
  double st = 0, sT = 0, stt = 0, stT = 0;
  for (std::size_t i = 0; i < curve.time.size(); ++i) {
    st += curve.time[i];
    sT += curve.temperature[i];
    stt += curve.time[i] * curve.time[i];
    stT += curve.time[i] * curve.temperature[i];
  }
  curve.heating_rate = (n * stT - st * sT) / (n * stt - st * st);
  return curve;
}

std::vector<double> work_of_sintering(const DilatometryCurve& c, double Q) {
  std::vector<double> theta(c.time.size(), 0.0);
  auto integrand = [&](std::size_t i) { return std::exp(-Q / (kGasConstant * c.temperature[i])) / c.temperature[i]; };
  // The path before the first measured point (from room temperature at the same rate) adds a
  // negligible amount at the temperatures where sintering starts; Theta starts at the first row.
  for (std::size_t i = 1; i < theta.size(); ++i)
    theta[i] = theta[i - 1] + 0.5 * (integrand(i) + integrand(i - 1)) * (c.time[i] - c.time[i - 1]);
  return theta;
}

namespace {

struct SigmoidFit {
  double a, b, rho0, rho_f, sum_of_squares;
};

// Least-squares sigmoid through (ln Theta, rho) points; rho_f fixed at 1 (full density).
SigmoidFit fit_sigmoid(const std::vector<double>& log_theta, const std::vector<double>& rho, double rho_min) {
  struct Data {
    const std::vector<double>* x;
    const std::vector<double>* y;
  } data{&log_theta, &rho};
  auto objective = [](const std::vector<double>& p, std::vector<double>&, void* d) {
    const auto* dd = static_cast<Data*>(d);
    double s = 0.0;
    for (std::size_t i = 0; i < dd->x->size(); ++i) {
      const double model = p[2] + (1.0 - p[2]) / (1.0 + std::exp(-((*dd->x)[i] - p[0]) / p[1]));
      s += (model - (*dd->y)[i]) * (model - (*dd->y)[i]);
    }
    return s;
  };
  // Start: midpoint where rho is halfway, width from the spread of ln Theta.
  const double mid = 0.5 * (rho_min + 1.0);
  double a0 = log_theta[0], best = 1e9;
  for (std::size_t i = 0; i < rho.size(); ++i)
    if (std::abs(rho[i] - mid) < best) {
      best = std::abs(rho[i] - mid);
      a0 = log_theta[i];
    }
  nlopt::opt opt(nlopt::LN_BOBYQA, 3);
  opt.set_lower_bounds({a0 - 50.0, 0.01, 0.0});
  opt.set_upper_bounds({a0 + 50.0, 20.0, rho_min});
  opt.set_min_objective(objective, &data);
  opt.set_xtol_rel(1e-10);
  opt.set_ftol_abs(1e-14);
  opt.set_maxeval(20000);
  std::vector<double> p{a0, 1.0, std::max(0.0, rho_min - 0.02)};
  double value = 0.0;
  opt.optimize(p, value);
  return {p[0], p[1], p[2], 1.0, value};
}

}  // namespace

MasterCurveFit fit_master_curve(const std::vector<DilatometryCurve>& curves, double q_min, double q_max) {
  if (curves.size() < 2)
    throw InputError(curves.empty() ? "command line" : curves.front().name, 0, "",
                     "a master curve needs curves at two or more heating rates (give two or more files)");
  double rho_min = 1.0;
  std::size_t n = 0;
  for (const auto& c : curves) {
    rho_min = std::min(rho_min, *std::min_element(c.density.begin(), c.density.end()));
    n += c.time.size();
  }
  auto collapse = [&](double Q) {
    std::vector<double> x, y;
    for (const auto& c : curves) {
      const auto theta = work_of_sintering(c, Q);
      for (std::size_t i = 1; i < theta.size(); ++i) {  // Theta = 0 at the first row has no log
        x.push_back(std::log(theta[i]));
        y.push_back(c.density[i]);
      }
    }
    return fit_sigmoid(x, y, rho_min);
  };

  MasterCurveFit fit;
  // Profile on a grid (for the plot and to bracket the minimum), then Brent's method.
  const int grid = 41;
  int best = 0;
  for (int i = 0; i < grid; ++i) {
    const double Q = q_min + (q_max - q_min) * i / (grid - 1);
    fit.profile_q.push_back(Q);
    fit.profile_sum_of_squares.push_back(collapse(Q).sum_of_squares);
    if (fit.profile_sum_of_squares[i] < fit.profile_sum_of_squares[best]) best = i;
  }
  const double lo = fit.profile_q[std::max(0, best - 1)], hi = fit.profile_q[std::min(grid - 1, best + 1)];
  boost::uintmax_t iterations = 200;
  const auto minimum = boost::math::tools::brent_find_minima([&](double Q) { return collapse(Q).sum_of_squares; }, lo, hi,
                                                             40, iterations);
  const double Q = minimum.first;
  fit.at_search_limit = Q < q_min + 0.01 * (q_max - q_min) || Q > q_max - 0.01 * (q_max - q_min);
  const SigmoidFit s = collapse(Q);
  fit.activation_energy = Q;
  fit.a = s.a;
  fit.b = s.b;
  fit.rho0 = s.rho0;
  fit.rho_final = s.rho_f;
  fit.points = n - curves.size();
  fit.rms_residual = std::sqrt(s.sum_of_squares / fit.points);
  // Curvature of the profile by central differences at a step of 1 % of Q.
  const double h = 0.01 * Q;
  const double curvature =
      (collapse(Q + h).sum_of_squares - 2.0 * s.sum_of_squares + collapse(Q - h).sum_of_squares) / (h * h);
  const double s2 = s.sum_of_squares / std::max<double>(1.0, static_cast<double>(fit.points) - 4.0);
  fit.activation_energy_sigma = curvature > 0 ? std::sqrt(2.0 * s2 / curvature) : 0.0;
  return fit;
}

std::string master_curve_law_toml(const MasterCurveFit& f, const std::string& source) {
  return fmt::format(
      "# Master sintering curve fitted by kiln fit msc; use it as [kinetics.densification] of a\n"
      "# sinter.conventional study to predict the density of a new schedule.\n"
      "[kinetics.densification]\nlaw = \"master_curve\"\nactivation_energy = \"{:.1f} kJ/mol\"  # +- {:.1f} kJ/mol\n"
      "a = {:.6f}\nb = {:.6f}\nrho0 = {:.6f}\nrho_final = {:.6f}\nsource = \"{}\"\n",
      f.activation_energy * 1e-3, f.activation_energy_sigma * 1e-3, f.a, f.b, f.rho0, f.rho_final, source);
}

nlohmann::json master_curve_fit_json(const MasterCurveFit& f) {
  return {{"activation energy at a limit of the search range", f.at_search_limit},
          {"activation energy [J/mol]", f.activation_energy},
          {"activation energy standard uncertainty [J/mol]", f.activation_energy_sigma},
          {"a (ln Theta at midpoint, Theta in s/K)", f.a},
          {"b (width in ln Theta)", f.b},
          {"rho0", f.rho0},
          {"rho_final", f.rho_final},
          {"rms residual (relative density)", f.rms_residual},
          {"points", f.points}};
}

}  // namespace kiln

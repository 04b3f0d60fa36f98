#include "properties/impedance.hpp"

#include "core/input.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <sstream>

namespace kiln {

Complex zarc(double omega, double R, double Q, double n) {
  const Complex iw(0.0, omega);
  return R / (1.0 + R * Q * std::pow(iw, n));
}

Complex zarc_tau(double omega, double R, double tau0, double n) {
  return R / (1.0 + std::pow(Complex(0.0, omega * tau0), n));
}

double zarc_drt(double tau, double R, double tau0, double n) {
  const double s = std::log(tau / tau0);
  return R / (2.0 * M_PI) * std::sin((1.0 - n) * M_PI) / (std::cosh(n * s) - std::cos((1.0 - n) * M_PI));
}

std::vector<double> log_frequencies(double f_min, double f_max, int per_decade) {
  const int n = static_cast<int>(std::round(std::log10(f_max / f_min) * per_decade));
  std::vector<double> f;
  for (int i = 0; i <= n; ++i) f.push_back(f_max * std::pow(10.0, -static_cast<double>(i) / per_decade));
  return f;
}

ImpedanceSpectrum read_impedance_csv(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw InputError(file.string(), 0, "", "cannot open the impedance file");
  struct Row {
    double f, re, im;
  };
  std::vector<Row> rows;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    std::string cleaned = line;
    std::replace_if(cleaned.begin(), cleaned.end(), [](char c) { return c == ',' || c == ';' || c == '\t'; }, ' ');
    std::istringstream fields(cleaned);
    double f = 0, re = 0, im = 0;
    if (!(fields >> f >> re >> im)) {
      if (rows.empty()) continue;  // a header line
      throw InputError(file.string(), number, "", "expected three numbers: frequency [Hz], Z' [Ohm], Z'' [Ohm]");
    }
    if (!(f > 0) || !std::isfinite(re) || !std::isfinite(im))
      throw InputError(file.string(), number, "", fmt::format("frequency must be > 0 and Z finite (got {} Hz)", f));
    rows.push_back({f, re, im});
  }
  if (rows.size() < 5) throw InputError(file.string(), number, "", "a spectrum needs at least 5 frequencies");
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.f > b.f; });
  // Sign convention: capacitive data have Z'' < 0; files that store -Z'' have mostly positive values.
  const auto positive = std::count_if(rows.begin(), rows.end(), [](const Row& r) { return r.im > 0; });
  const double sign = positive > static_cast<long>(rows.size()) / 2 ? -1.0 : 1.0;
  ImpedanceSpectrum s;
  for (const auto& r : rows) {
    s.frequency.push_back(r.f);
    s.impedance.emplace_back(r.re, sign * r.im);
  }
  return s;
}

}  // namespace kiln

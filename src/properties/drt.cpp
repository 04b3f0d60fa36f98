#include "properties/drt.hpp"

#include <Eigen/Dense>
#include <boost/math/tools/minima.hpp>
#include <nlopt.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace kiln {

namespace {

struct Problem {
  Eigen::MatrixXd K;   // 2N x (M+1)
  Eigen::VectorXd b;   // 2N
  Eigen::MatrixXd L;   // (M+1) x (M+1), |L x|^2 = |d gamma / d ln tau|^2
  std::vector<double> centres;  // ln tau of the basis functions
  double epsilon = 1.0;         // Gaussian shape: exp(-(eps (y - y_m))^2)
};

Problem build(const ImpedanceSpectrum& s, const DrtOptions& o) {
  const std::size_t N = s.frequency.size();
  const double f_max = *std::max_element(s.frequency.begin(), s.frequency.end());
  const double f_min = *std::min_element(s.frequency.begin(), s.frequency.end());
  // tau from one decade beyond the fastest to one decade beyond the slowest measured time.
  const double y_lo = std::log(1.0 / (2.0 * M_PI * f_max)) - std::log(10.0);
  const double y_hi = std::log(1.0 / (2.0 * M_PI * f_min)) + std::log(10.0);
  const double spacing = std::log(10.0) / o.basis_per_decade;
  Problem p;
  for (double y = y_lo; y <= y_hi + 1e-9; y += spacing) p.centres.push_back(y);
  const std::size_t M = p.centres.size();
  p.epsilon = 2.0 * std::sqrt(std::log(2.0)) / (o.fwhm_in_spacings * spacing);
  p.K = Eigen::MatrixXd::Zero(2 * N, M + 1);
  p.b = Eigen::VectorXd(2 * N);
  // Quadrature of phi_m(y) / (1 + i w e^y) over +-6/eps around each centre.
  const int q = 241;
  const double half = 6.0 / p.epsilon, h = 2.0 * half / (q - 1);
  for (std::size_t n = 0; n < N; ++n) {
    const double w = 2.0 * M_PI * s.frequency[n];
    // Modulus weighting: instrument errors are proportional to |Z|, so every point counts alike.
    const double weight = 1.0 / std::abs(s.impedance[n]);
    p.b(n) = s.impedance[n].real() * weight;
    p.b(N + n) = s.impedance[n].imag() * weight;
    p.K(n, 0) = weight;  // R_inf
    for (std::size_t m = 0; m < M; ++m) {
      double re = 0.0, im = 0.0;
      for (int k = 0; k < q; ++k) {
        const double u = -half + k * h;
        const double weight = (k == 0 || k == q - 1 ? 0.5 : 1.0) * h * std::exp(-(p.epsilon * u) * (p.epsilon * u));
        const double wt = w * std::exp(p.centres[m] + u);
        re += weight / (1.0 + wt * wt);
        im -= weight * wt / (1.0 + wt * wt);
      }
      p.K(n, m + 1) = re * weight;
      p.K(N + n, m + 1) = im * weight;
    }
  }
  // Penalty on the first derivative of gamma, |d gamma / d ln tau|^2 = x' R x with
  // R_ij = integral phi_i' phi_j' dy = sqrt(2 pi)/2 eps (1 - eps^2 d^2) exp(-eps^2 d^2 / 2),
  // d = y_i - y_j, exact for Gaussians (the "first-order" penalty of pyDRTtools). L is its
  // Cholesky factor, so that |L x|^2 = x' R x.
  Eigen::MatrixXd R = Eigen::MatrixXd::Zero(M + 1, M + 1);
  for (std::size_t i = 0; i < M; ++i)
    for (std::size_t j = 0; j < M; ++j) {
      const double d = p.centres[i] - p.centres[j], e2d2 = p.epsilon * p.epsilon * d * d;
      R(i + 1, j + 1) = std::sqrt(2.0 * M_PI) / 2.0 * p.epsilon * (1.0 - e2d2) * std::exp(-e2d2 / 2.0);
    }
  R(0, 0) = 1e-12 * R(1, 1);  // R_inf is not regularised
  p.L = Eigen::LLT<Eigen::MatrixXd>(R + 1e-12 * R(1, 1) * Eigen::MatrixXd::Identity(M + 1, M + 1)).matrixU();
  return p;
}

// Cross-validation scores of the unconstrained ridge problem at lambda: GCV (Golub, Heath & Wahba
// 1979), modified GCV (Kim & Gu 2004: the trace counted rho times) and robust GCV (Lukas 2006),
// the three offered by pyDRTtools.
double gcv(const Problem& p, double lambda, DrtLambdaRule rule) {
  const Eigen::MatrixXd H = p.K.transpose() * p.K + lambda * p.L.transpose() * p.L +
                            1e-12 * Eigen::MatrixXd::Identity(p.K.cols(), p.K.cols());
  const Eigen::LDLT<Eigen::MatrixXd> ldlt(H);
  const Eigen::MatrixXd A = p.K * ldlt.solve(p.K.transpose());
  const Eigen::VectorXd r = p.b - A * p.b;
  const double N = static_cast<double>(p.b.size());
  const double rho = rule == DrtLambdaRule::modified_gcv ? (N < 100 ? 2.0 : 1.3) : 1.0;
  const double trace = N - rho * A.trace();
  const double score = N * r.squaredNorm() / (trace * trace);
  if (rule != DrtLambdaRule::robust_gcv) return score;
  const double g = 0.3;  // Lukas's robustness parameter
  return score * (g + (1.0 - g) * (A * A).trace() / N);
}

// min_{x >= 0} x' H x - 2 g' x with NLopt's L-BFGS (bound constraints).
Eigen::VectorXd nonnegative_solve(const Problem& p, double lambda) {
  const Eigen::MatrixXd H = p.K.transpose() * p.K + lambda * p.L.transpose() * p.L;
  const Eigen::VectorXd g = p.K.transpose() * p.b;
  struct Data {
    const Eigen::MatrixXd* H;
    const Eigen::VectorXd* g;
  } data{&H, &g};
  auto objective = [](const std::vector<double>& xv, std::vector<double>& grad, void* d) {
    const auto* dd = static_cast<Data*>(d);
    const Eigen::Map<const Eigen::VectorXd> x(xv.data(), static_cast<long>(xv.size()));
    const Eigen::VectorXd Hx = (*dd->H) * x;
    if (!grad.empty()) Eigen::Map<Eigen::VectorXd>(grad.data(), static_cast<long>(grad.size())) = 2.0 * (Hx - *dd->g);
    return x.dot(Hx) - 2.0 * dd->g->dot(x);
  };
  const std::size_t n = static_cast<std::size_t>(H.cols());
  nlopt::opt opt(nlopt::LD_LBFGS, static_cast<unsigned>(n));
  opt.set_lower_bounds(std::vector<double>(n, 0.0));
  opt.set_min_objective(objective, &data);
  opt.set_ftol_rel(1e-15);
  opt.set_xtol_rel(1e-12);
  opt.set_maxeval(200000);
  // Start from the clipped unconstrained solution.
  const Eigen::VectorXd start = (H + 1e-12 * Eigen::MatrixXd::Identity(H.rows(), H.cols())).ldlt().solve(g).cwiseMax(0.0);
  std::vector<double> x(start.data(), start.data() + n);
  double value = 0.0;
  try {
    opt.optimize(x, value);
  } catch (const nlopt::roundoff_limited&) {
    // converged to the precision the objective allows
  } catch (const std::runtime_error&) {
    // NLopt's generic failure: keep the last iterate if it improved on the start (checked below)
  }
  return Eigen::Map<Eigen::VectorXd>(x.data(), static_cast<long>(n));
}

}  // namespace

DrtResult compute_drt(const ImpedanceSpectrum& spectrum, const DrtOptions& o) {
  if (spectrum.frequency.size() < 5) throw std::invalid_argument("a DRT needs at least 5 frequencies");
  const Problem p = build(spectrum, o);
  DrtResult r;
  // The rows are weighted by 1/|Z|, so lambda is dimensionless and the same range fits any
  // impedance level.
  const double scale = 1.0;
  if (o.lambda) {
    r.lambda = *o.lambda;
    r.lambda_by_gcv = false;
  } else {
    auto score = [&](double log_lambda) { return gcv(p, scale * std::pow(10.0, log_lambda), o.rule); };
    const double lo = std::log10(o.lambda_min), hi = std::log10(o.lambda_max);
    int best = 0;
    std::vector<double> grid;
    for (int i = 0; i <= 24; ++i) grid.push_back(score(lo + (hi - lo) * i / 24.0));
    for (int i = 1; i <= 24; ++i)
      if (grid[i] < grid[best]) best = i;
    const double a = lo + (hi - lo) * std::max(0, best - 1) / 24.0, b = lo + (hi - lo) * std::min(24, best + 1) / 24.0;
    boost::uintmax_t iterations = 60;
    r.lambda = scale * std::pow(10.0, boost::math::tools::brent_find_minima(score, a, b, 30, iterations).first);
    r.lambda_at_limit = std::log10(r.lambda) < lo + 0.05 || std::log10(r.lambda) > hi - 0.05;
  }
  const Eigen::VectorXd x = nonnegative_solve(p, r.lambda);
  r.r_inf = x(0);

  // gamma on a fine grid over the basis range.
  const double y0 = p.centres.front(), y1 = p.centres.back();
  const int fine = static_cast<int>(p.centres.size()) * 10;
  for (int i = 0; i <= fine; ++i) {
    const double y = y0 + (y1 - y0) * i / fine;
    double g = 0.0;
    for (std::size_t m = 0; m < p.centres.size(); ++m) g += x(m + 1) * std::exp(-std::pow(p.epsilon * (y - p.centres[m]), 2));
    r.tau.push_back(std::exp(y));
    r.gamma.push_back(g);
  }
  // Peaks: local maxima above 1 % of the highest; resistance over the basin between minima.
  const double top = *std::max_element(r.gamma.begin(), r.gamma.end());
  const double dy = (y1 - y0) / fine;
  for (int i = 1; i < fine; ++i) {
    if (!(r.gamma[i] > r.gamma[i - 1] && r.gamma[i] >= r.gamma[i + 1] && r.gamma[i] > 0.01 * top)) continue;
    int left = i, right = i;
    while (left > 0 && r.gamma[left - 1] <= r.gamma[left]) --left;
    while (right < fine && r.gamma[right + 1] <= r.gamma[right]) ++right;
    double area = 0.0;
    for (int k = left; k < right; ++k) area += 0.5 * (r.gamma[k] + r.gamma[k + 1]) * dy;
    r.peaks.push_back({r.tau[i], 1.0 / (2.0 * M_PI * r.tau[i]), area});
  }
  // The fit at the measured frequencies (undoing the weights).
  const Eigen::VectorXd model = p.K * x;
  const std::size_t N = spectrum.frequency.size();
  double ss = 0.0;
  for (std::size_t n = 0; n < N; ++n) {
    const double modulus = std::abs(spectrum.impedance[n]);
    r.fitted.emplace_back(model(n) * modulus, model(N + n) * modulus);
    ss += std::norm(r.fitted.back() - spectrum.impedance[n]);
  }
  r.rms_residual = std::sqrt(ss / N);
  for (long i = 0; i < p.K.rows(); ++i) r.matrix.emplace_back(p.K.row(i).begin(), p.K.row(i).end());
  for (long i = 0; i < p.L.rows(); ++i) r.regulariser.emplace_back(p.L.row(i).begin(), p.L.row(i).end());
  r.data.assign(p.b.data(), p.b.data() + p.b.size());
  r.coefficients.assign(x.data(), x.data() + x.size());
  r.centres = p.centres;
  r.epsilon = p.epsilon;
  return r;
}

nlohmann::json drt_summary(const DrtResult& r) {
  nlohmann::json peaks = nlohmann::json::array();
  double total = 0.0;
  for (const auto& pk : r.peaks) {
    peaks.push_back({{"tau [s]", pk.tau}, {"frequency [Hz]", pk.frequency}, {"resistance [Ohm]", pk.resistance}});
    total += pk.resistance;
  }
  return {{"lambda at a limit of the search range", r.lambda_at_limit},
          {"R_inf [Ohm]", r.r_inf},
          {"polarisation resistance [Ohm]", total},
          {"lambda", r.lambda},
          {"lambda chosen by", r.lambda_by_gcv ? "generalised cross-validation" : "the user"},
          {"rms residual [Ohm]", r.rms_residual},
          {"peaks", peaks}};
}

}  // namespace kiln

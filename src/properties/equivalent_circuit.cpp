#include "properties/equivalent_circuit.hpp"

#include <ceres/ceres.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace kiln {

struct EquivalentCircuit::Node {
  enum class Kind { series, parallel, R, C, L, CPE, W } kind;
  std::vector<std::unique_ptr<Node>> children;
  int first_parameter = 0;  // index of the element's first parameter
  std::unique_ptr<Node> clone() const {
    auto n = std::make_unique<Node>(Node{kind, {}, first_parameter});
    for (const auto& c : children) n->children.push_back(c->clone());
    return n;
  }
};

namespace {

using Node = EquivalentCircuit::Node;

class CircuitReader {
 public:
  CircuitReader(const std::string& text, std::vector<std::string>& names, std::vector<std::string>& units)
      : s_(text), names_(names), units_(units) {}
  std::unique_ptr<Node> read() {
    auto n = series();
    skip();
    if (pos_ != s_.size()) fail("unexpected character");
    return n;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::invalid_argument(fmt::format("circuit \"{}\": {} at position {} (elements R, C, L, CPE, W with an index; "
                                            "'-' in series, p(a,b) in parallel, e.g. \"R0-p(R1,CPE1)\")",
                                            s_, what, pos_ + 1));
  }
  void skip() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  std::unique_ptr<Node> series() {
    std::vector<std::unique_ptr<Node>> parts;
    parts.push_back(term());
    skip();
    while (pos_ < s_.size() && s_[pos_] == '-') {
      ++pos_;
      parts.push_back(term());
      skip();
    }
    if (parts.size() == 1) return std::move(parts.front());
    auto n = std::make_unique<Node>(Node{Node::Kind::series, {}, 0});
    n->children = std::move(parts);
    return n;
  }
  std::unique_ptr<Node> term() {
    skip();
    if (s_.compare(pos_, 2, "p(") == 0) {
      pos_ += 2;
      auto n = std::make_unique<Node>(Node{Node::Kind::parallel, {}, 0});
      n->children.push_back(series());
      skip();
      while (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        n->children.push_back(series());
        skip();
      }
      if (pos_ >= s_.size() || s_[pos_] != ')') fail("missing ')'");
      ++pos_;
      if (n->children.size() < 2) fail("p(...) needs at least two branches");
      return n;
    }
    std::string kind;
    while (pos_ < s_.size() && std::isalpha(static_cast<unsigned char>(s_[pos_]))) kind += s_[pos_++];
    std::string index;
    while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) index += s_[pos_++];
    if (kind.empty()) fail("expected an element");
    if (index.empty()) fail(fmt::format("element {} needs an index, e.g. {}1", kind, kind));
    const std::string name = kind + index;
    auto add = [&](const std::string& p, const std::string& unit) {
      if (std::find(names_.begin(), names_.end(), p) != names_.end()) fail(fmt::format("element {} appears twice", name));
      names_.push_back(p);
      units_.push_back(unit);
    };
    auto n = std::make_unique<Node>(Node{Node::Kind::R, {}, static_cast<int>(names_.size())});
    if (kind == "R") {
      add(name, "Ohm");
    } else if (kind == "C") {
      n->kind = Node::Kind::C;
      add(name, "F");
    } else if (kind == "L") {
      n->kind = Node::Kind::L;
      add(name, "H");
    } else if (kind == "CPE") {
      n->kind = Node::Kind::CPE;
      add(name + "_Q", "F s^(n-1)");
      add(name + "_n", "1");
    } else if (kind == "W") {
      n->kind = Node::Kind::W;
      add(name, "Ohm s^-1/2");
    } else {
      pos_ -= kind.size() + index.size();
      fail(fmt::format("unknown element \"{}\"", kind));
    }
    return n;
  }

  const std::string& s_;
  std::vector<std::string>& names_;
  std::vector<std::string>& units_;
  std::size_t pos_ = 0;
};

template <class T>
std::complex<T> node_impedance(const Node& n, double omega, const T* p) {
  using C = std::complex<T>;
  const T w(omega);
  switch (n.kind) {
    case Node::Kind::R: return C(p[n.first_parameter], T(0));
    case Node::Kind::C: return T(1) / (C(T(0), w) * p[n.first_parameter]);
    case Node::Kind::L: return C(T(0), w * p[n.first_parameter]);
    case Node::Kind::CPE: {
      const T Q = p[n.first_parameter], a = p[n.first_parameter + 1];
      // (i w)^n = w^n (cos(n pi/2) + i sin(n pi/2))
      const T mag = Q * pow(w, a);
      const C iwn(mag * cos(a * T(M_PI / 2)), mag * sin(a * T(M_PI / 2)));
      return T(1) / iwn;
    }
    case Node::Kind::W: {
      const T s = p[n.first_parameter] / sqrt(w);
      return C(s, -s);
    }
    case Node::Kind::series: {
      C z(T(0), T(0));
      for (const auto& c : n.children) z += node_impedance<T>(*c, omega, p);
      return z;
    }
    case Node::Kind::parallel: {
      C y(T(0), T(0));
      for (const auto& c : n.children) y += T(1) / node_impedance<T>(*c, omega, p);
      return T(1) / y;
    }
  }
  return C(T(0), T(0));
}

// Collects the parallel blocks and the top-level series resistors for the initial guess.
void blocks(const Node& n, bool top_series, std::vector<const Node*>& parallel, std::vector<int>& series_r) {
  if (n.kind == Node::Kind::parallel) {
    parallel.push_back(&n);
    return;
  }
  if (n.kind == Node::Kind::R && top_series) series_r.push_back(n.first_parameter);
  for (const auto& c : n.children) blocks(*c, top_series && n.kind == Node::Kind::series, parallel, series_r);
}

void elements(const Node& n, std::vector<const Node*>& out) {
  if (n.kind == Node::Kind::series || n.kind == Node::Kind::parallel) {
    for (const auto& c : n.children) elements(*c, out);
  } else {
    out.push_back(&n);
  }
}

}  // namespace

EquivalentCircuit::EquivalentCircuit(const std::string& text) : text_(text) {
  root_ = CircuitReader(text_, names_, units_).read();
}
EquivalentCircuit::~EquivalentCircuit() = default;
EquivalentCircuit::EquivalentCircuit(const EquivalentCircuit& o) : text_(o.text_), root_(o.root_->clone()), names_(o.names_), units_(o.units_) {}
EquivalentCircuit& EquivalentCircuit::operator=(const EquivalentCircuit& o) {
  if (this != &o) {
    text_ = o.text_;
    root_ = o.root_->clone();
    names_ = o.names_;
    units_ = o.units_;
  }
  return *this;
}

Complex EquivalentCircuit::impedance(double omega, const std::vector<double>& p) const {
  if (p.size() != names_.size())
    throw std::invalid_argument(fmt::format("circuit \"{}\" has {} parameters, {} given", text_, names_.size(), p.size()));
  return node_impedance<double>(*root_, omega, p.data());
}

ImpedanceSpectrum EquivalentCircuit::spectrum(const std::vector<double>& frequencies, const std::vector<double>& p) const {
  ImpedanceSpectrum s;
  s.frequency = frequencies;
  for (const double f : frequencies) s.impedance.push_back(impedance(2 * M_PI * f, p));
  return s;
}

namespace {
struct ArcWindow {
  double span = 0;   // total resistance of the arcs (0: the span of Z')
  double f_low = 0;  // lowest frequency of the arcs (0: the lowest measured)
};
std::vector<double> guess_with_span(const EquivalentCircuit& circuit, const ImpedanceSpectrum& spectrum,
                                    const std::map<std::string, double>& initial, ArcWindow window);
}  // namespace

std::vector<double> initial_circuit_guess(const EquivalentCircuit& circuit, const ImpedanceSpectrum& spectrum,
                                          const std::map<std::string, double>& initial) {
  return guess_with_span(circuit, spectrum, initial, {});
}

namespace {
// The arcs' total resistance candidates: the span of Z', and Z' at every local minimum of -Z''
// (where one arc ends and the next, or the electrode's spike, begins).
std::vector<ArcWindow> span_candidates(const ImpedanceSpectrum& s) {
  std::vector<std::size_t> order(s.frequency.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return s.frequency[a] > s.frequency[b]; });
  double re_min = INFINITY, re_max = -INFINITY;
  for (const auto& z : s.impedance) {
    re_min = std::min(re_min, z.real());
    re_max = std::max(re_max, z.real());
  }
  std::vector<ArcWindow> out{{}};  // the default: the span of Z' over the whole range
  for (std::size_t k = 1; k + 1 < order.size(); ++k) {
    const double m = -s.impedance[order[k]].imag();
    if (m < -s.impedance[order[k - 1]].imag() && m <= -s.impedance[order[k + 1]].imag())
      out.push_back({std::max(s.impedance[order[k]].real() - std::max(re_min, 0.0), 1e-12), s.frequency[order[k]]});
  }
  return out;
}

std::vector<double> guess_with_span(const EquivalentCircuit& circuit, const ImpedanceSpectrum& spectrum,
                                    const std::map<std::string, double>& initial, ArcWindow window) {
  const auto& names = circuit.parameter_names();
  for (const auto& [name, value] : initial)
    if (std::find(names.begin(), names.end(), name) == names.end())
      throw std::invalid_argument(fmt::format("circuit \"{}\" has no parameter {} (it has: {})", circuit.text(), name,
                                              fmt::format("{}", fmt::join(names, ", "))));
  double re_min = INFINITY, re_max = -INFINITY, f_min = INFINITY, f_max = 0;
  for (std::size_t i = 0; i < spectrum.frequency.size(); ++i) {
    re_min = std::min(re_min, spectrum.impedance[i].real());
    re_max = std::max(re_max, spectrum.impedance[i].real());
    f_min = std::min(f_min, spectrum.frequency[i]);
    f_max = std::max(f_max, spectrum.frequency[i]);
  }
  std::vector<double> p(names.size(), 1.0);
  std::vector<const Node*> parallel, all;
  std::vector<int> series_r;
  blocks(*circuit.root(), true, parallel, series_r);
  elements(*circuit.root(), all);
  const double span = window.span > 0 ? window.span : std::max(re_max - std::max(re_min, 0.0), 1e-12);
  const double f_arcs = window.f_low > 0 ? window.f_low : f_min;
  // Series resistors share the high-frequency intercept; every parallel block an equal part of the
  // arcs' span, with time constants spread from the highest to the lowest measured frequency in the
  // order the circuit lists them (bulk, then grain boundary, then electrode).
  for (const int k : series_r) p[static_cast<std::size_t>(k)] = std::max(re_min, 1e-3 * span) / series_r.size();
  const std::size_t nb = parallel.size();
  for (std::size_t b = 0; b < nb; ++b) {
    const double R = span / static_cast<double>(nb);
    const double f = std::exp(std::log(f_max) - (std::log(f_max) - std::log(f_arcs)) * (b + 0.5) / static_cast<double>(nb));
    const double tau = 1.0 / (2 * M_PI * f);
    std::vector<const Node*> inside;
    elements(*parallel[b], inside);
    for (const Node* e : inside) {
      const auto k = static_cast<std::size_t>(e->first_parameter);
      switch (e->kind) {
        case Node::Kind::R: p[k] = R; break;
        case Node::Kind::C: p[k] = tau / R; break;
        case Node::Kind::CPE: p[k + 1] = 0.9; p[k] = std::pow(tau, 0.9) / R; break;
        case Node::Kind::L: p[k] = 1e-7; break;
        case Node::Kind::W: p[k] = R * std::sqrt(2 * M_PI * f); break;
        default: break;
      }
    }
  }
  // Elements outside any parallel block besides series resistors: blocking-electrode capacitances
  // and CPEs take the lowest frequency, inductors a small value.
  for (const Node* e : all) {
    const auto k = static_cast<std::size_t>(e->first_parameter);
    bool in_block = false;
    for (const Node* b : parallel) {
      std::vector<const Node*> inside;
      elements(*b, inside);
      in_block = in_block || std::find(inside.begin(), inside.end(), e) != inside.end();
    }
    if (in_block) continue;
    const double tau = 1.0 / (2 * M_PI * f_min);
    if (e->kind == Node::Kind::C) p[k] = tau / span;
    if (e->kind == Node::Kind::CPE) {
      p[k + 1] = 0.9;
      p[k] = std::pow(tau, 0.9) / span;
    }
    if (e->kind == Node::Kind::L) p[k] = 1e-7;
    if (e->kind == Node::Kind::W) p[k] = span * std::sqrt(2 * M_PI * f_min);
  }
  for (const auto& [name, value] : initial) p[static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin())] = value;
  return p;
}
}  // namespace

CircuitFit fit_circuit(const EquivalentCircuit& circuit, const ImpedanceSpectrum& spectrum, const std::map<std::string, double>& initial) {
  const auto& names = circuit.parameter_names();
  const std::size_t np = names.size(), nf = spectrum.frequency.size();
  if (nf * 2 <= np) throw std::invalid_argument(fmt::format("{} frequencies cannot determine {} parameters", nf, np));
  // Several starts (one per candidate span of the arcs); the lowest cost wins.
  std::vector<bool> is_exponent(np);
  for (std::size_t k = 0; k < np; ++k) is_exponent[k] = names[k].size() > 2 && names[k].compare(names[k].size() - 2, 2, "_n") == 0;
  struct Residual {
    const EquivalentCircuit* circuit;
    const ImpedanceSpectrum* data;
    std::vector<bool> exponent;
    bool operator()(double const* const* x, double* r) const {
      std::vector<double> q(exponent.size());
      for (std::size_t k = 0; k < q.size(); ++k) q[k] = exponent[k] ? x[0][k] : std::exp(x[0][k]);
      for (std::size_t i = 0; i < data->frequency.size(); ++i) {
        const Complex z = circuit->impedance(2 * M_PI * data->frequency[i], q), d = data->impedance[i];
        const double w = 1.0 / std::max(std::abs(d), 1e-300);
        r[2 * i] = (z.real() - d.real()) * w;
        r[2 * i + 1] = (z.imag() - d.imag()) * w;
        if (!std::isfinite(r[2 * i]) || !std::isfinite(r[2 * i + 1])) return false;  // Ceres rejects the step
      }
      return true;
    }
  };
  std::unique_ptr<ceres::Problem> problem;
  std::unique_ptr<std::vector<double>> best_x;  // the winning problem's parameter block (its address matters)
  ceres::Solver::Summary summary;
  double best_cost = INFINITY;
  for (const ArcWindow& window : span_candidates(spectrum)) {
    const std::vector<double> p = guess_with_span(circuit, spectrum, initial, window);
    auto xp = std::make_unique<std::vector<double>>(np);
    std::vector<double>& x = *xp;
    for (std::size_t k = 0; k < np; ++k) {
      if (!is_exponent[k] && !(p[k] > 0))
        throw std::invalid_argument(fmt::format("initial value of {} must be positive, got {}", names[k], p[k]));
      x[k] = is_exponent[k] ? p[k] : std::log(p[k]);
    }
    ceres::NumericDiffOptions diff;
    diff.relative_step_size = 1e-7;
    auto* cost = new ceres::DynamicNumericDiffCostFunction<Residual, ceres::CENTRAL>(new Residual{&circuit, &spectrum, is_exponent},
                                                                                     ceres::TAKE_OWNERSHIP, diff);
    cost->AddParameterBlock(static_cast<int>(np));
    cost->SetNumResiduals(static_cast<int>(2 * nf));
    auto trial = std::make_unique<ceres::Problem>();
    trial->AddResidualBlock(cost, nullptr, x.data());
    for (std::size_t k = 0; k < np; ++k)
      if (is_exponent[k]) {
        trial->SetParameterLowerBound(x.data(), static_cast<int>(k), 0.05);
        trial->SetParameterUpperBound(x.data(), static_cast<int>(k), 1.0);
      }
    ceres::Solver::Options options;
    options.linear_solver_type = ceres::DENSE_QR;
    options.max_num_iterations = 500;
    options.function_tolerance = 1e-14;
    options.parameter_tolerance = 1e-12;
    options.gradient_tolerance = 1e-14;
    options.logging_type = ceres::SILENT;
    ceres::Solver::Summary s;
    ceres::Solve(options, trial.get(), &s);
    if (s.final_cost < best_cost) {
      best_cost = s.final_cost;
      summary = s;
      problem = std::move(trial);
      best_x = std::move(xp);
    }
  }
  std::vector<double>& u = *best_x;
  CircuitFit fit;
  fit.iterations = static_cast<int>(summary.iterations.size());
  fit.converged = summary.termination_type == ceres::CONVERGENCE;
  fit.report = summary.BriefReport();
  const double dof = std::max(1.0, static_cast<double>(2 * nf) - static_cast<double>(np));
  const double variance = 2.0 * summary.final_cost / dof;
  fit.weighted_rms = std::sqrt(2.0 * summary.final_cost / static_cast<double>(2 * nf));
  for (std::size_t k = 0; k < np; ++k) fit.values.push_back(is_exponent[k] ? u[k] : std::exp(u[k]));
  ceres::Covariance::Options co;
  co.algorithm_type = ceres::DENSE_SVD;
  co.null_space_rank = -1;
  ceres::Covariance covariance(co);
  std::vector<std::pair<const double*, const double*>> blocks_{{u.data(), u.data()}};
  std::vector<double> cov(np * np, NAN);
  fit.standard_deviations.assign(np, NAN);
  if (covariance.Compute(blocks_, problem.get()) && covariance.GetCovarianceBlock(u.data(), u.data(), cov.data()))
    for (std::size_t k = 0; k < np; ++k) {
      const double su = std::sqrt(std::max(cov[k * np + k] * variance, 0.0));
      if (su > 0) fit.standard_deviations[k] = is_exponent[k] ? su : fit.values[k] * su;
    }
  return fit;
}

}  // namespace kiln

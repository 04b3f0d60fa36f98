// Equivalent circuits of impedance spectra written as strings, in the syntax of impedance.py
// (Murbach et al., J. Open Source Softw. 5 (2020) 2349):
//   "R0-p(R1,CPE1)-p(R2,CPE2)-CPE3"
// '-' joins in series, p(a,b,...) in parallel. Elements, each with an index of the user's choice:
//   R   resistor                      Z = R                                 [Ohm]
//   C   capacitor                     Z = 1/(i w C)                         [F]
//   L   inductor                      Z = i w L                             [H]
//   CPE constant-phase element        Z = 1/(Q (i w)^n)                     [Q: F s^(n-1), n: 1]
//   W   semi-infinite Warburg         Z = sigma (1 - i) / sqrt(w)           [Ohm s^-1/2]
// Parameters are named after their element: R0, C2, CPE1_Q, CPE1_n, W3.
//
// Fitting: complex nonlinear least squares (Ceres, Levenberg–Marquardt), real and imaginary parts
// weighted by 1/|Z| (modulus weighting, Boukamp 1995, J. Electrochem. Soc. 142:1885), positive
// parameters searched on a log scale, CPE exponents within (0, 1]; standard deviations from the
// covariance at the optimum scaled by the residual variance.
#pragma once

#include "properties/impedance.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace kiln {

class EquivalentCircuit {
 public:
  // Throws std::invalid_argument naming the position of a syntax error.
  explicit EquivalentCircuit(const std::string& text);
  ~EquivalentCircuit();
  EquivalentCircuit(const EquivalentCircuit&);
  EquivalentCircuit& operator=(const EquivalentCircuit&);

  const std::string& text() const { return text_; }
  const std::vector<std::string>& parameter_names() const { return names_; }
  const std::vector<std::string>& parameter_units() const { return units_; }
  Complex impedance(double omega, const std::vector<double>& parameters) const;
  ImpedanceSpectrum spectrum(const std::vector<double>& frequencies, const std::vector<double>& parameters) const;

  struct Node;
  const Node* root() const { return root_.get(); }

 private:
  std::string text_;
  std::unique_ptr<Node> root_;
  std::vector<std::string> names_, units_;
};

struct CircuitFit {
  std::vector<double> values, standard_deviations;  // in parameter_names() order; sd NaN when not determined
  double weighted_rms = 0;  // root mean square of the weighted residuals (relative misfit)
  int iterations = 0;
  bool converged = false;
  std::string report;
};

// Fits `circuit` to a spectrum from `initial` values (by name); names not given get a guess from
// the spectrum (series resistance from the high-frequency intercept, arcs spread over the span of
// Z' and over the measured frequency range). Throws for an unknown name.
CircuitFit fit_circuit(const EquivalentCircuit& circuit, const ImpedanceSpectrum& spectrum,
                       const std::map<std::string, double>& initial = {});

// The guess fit_circuit starts from.
std::vector<double> initial_circuit_guess(const EquivalentCircuit& circuit, const ImpedanceSpectrum& spectrum,
                                          const std::map<std::string, double>& initial);

}  // namespace kiln

// Impedance spectra: reading and writing them, and the elements of equivalent circuits built
// from a microstructure (resistors, capacitors, constant-phase elements, ZARC = R || CPE).
// Convention inside kiln: Z = Z' + i Z'', capacitive arcs have Z'' < 0 (the engineering
// convention); Nyquist plots draw -Z''.
#pragma once

#include <complex>
#include <filesystem>
#include <string>
#include <vector>

namespace kiln {

using Complex = std::complex<double>;

struct ImpedanceSpectrum {
  std::vector<double> frequency;  // Hz
  std::vector<Complex> impedance;  // Ohm
};

// R || CPE with Q and exponent n (n = 1: a capacitor; Z_CPE = 1 / (Q (i w)^n)).
Complex zarc(double omega, double R, double Q, double n);
// The same written with the characteristic time tau0 = (R Q)^(1/n): R / (1 + (i w tau0)^n).
Complex zarc_tau(double omega, double R, double tau0, double n);

// Analytic distribution of relaxation times of a ZARC (Fuoss-Kirkwood):
// gamma(ln tau) = R/(2 pi) sin((1-n) pi) / (cosh(n ln(tau/tau0)) - cos((1-n) pi)).
double zarc_drt(double tau, double R, double tau0, double n);

// Reads frequency, Z', Z'' columns (comma, semicolon, tab or space separated; with or without a
// header; comment lines starting with #). Either sign convention for Z'': a spectrum whose Z'' is
// mostly positive is taken as -Z'' and flipped. Frequencies may come in any order; they are
// sorted descending. Errors name the file and line.
ImpedanceSpectrum read_impedance_csv(const std::filesystem::path& file);

// Log-spaced frequencies from f_max down to f_min, `per_decade` points per decade.
std::vector<double> log_frequencies(double f_min, double f_max, int per_decade);

}  // namespace kiln

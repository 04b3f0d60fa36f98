#!/usr/bin/env bash
# Installs every Debian 12 package kiln needs to build, test, benchmark and plot.
# Run as root (or with sudo available). Safe to run again: apt skips what is present.
set -euo pipefail

PKGS=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git
  # numerics: deal.II 9.4 brings MPI, p4est, Trilinos, PETSc, SUNDIALS, Gmsh, HDF5, UMFPACK
  libdeal.ii-dev libsundials-dev libeigen3-dev
  # the FEM model: Gmsh's library (dog-bone meshes, user .msh files) and mpirun for parallel runs
  libgmsh-dev openmpi-bin
  # input, units, command line, formatting, JSON output
  libtoml11-dev libudunits2-dev udunits-bin libcli11-dev libfmt-dev nlohmann-json3-dev
  # optimisation (master-sintering-curve fits, GP hyperparameters), least squares (kiln fit),
  # SVR (libsvm, the solver scikit-learn wraps), expressions of objectives and constraints
  libnlopt-cxx-dev libceres-dev libsvm-dev libmuparser-dev
  # the Python module and its tests
  pybind11-dev python3-dev python3-pytest python3-matplotlib
  # tests and benchmarks; chromium renders the HTML reports in a headless test
  libgtest-dev libgmock-dev libbenchmark-dev chromium
  # plots (gnuplot draws every kiln picture) and the scipy peer for the ODE benchmark
  gnuplot-nox python3-scipy python3-numpy python3-sklearn
  # the FEniCSx peer of the FEM benchmark (bench/fenicsx_flash_step.py)
  python3-dolfinx
)

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "kiln: installing ${#missing[@]} Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "kiln: all Debian packages present"
fi

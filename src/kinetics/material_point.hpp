// The state a point-wise kinetics law sees: the same struct is filled by the lumped (0-D)
// solvers for the whole specimen and by the FEM solvers at every quadrature point.
#pragma once

namespace kiln {

struct MaterialPoint {
  double temperature = 300.0;  // K
  double relative_density = 0.6;
  double grain_size = 1e-7;  // m
};

}  // namespace kiln

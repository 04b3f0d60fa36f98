// The state a point-wise kinetics law sees: the same struct is filled by the lumped (0-D)
// solvers for the whole specimen and by the FEM solvers at every quadrature point.
#pragma once

namespace kiln {

// How an applied pressure loads the point (for laws that respond to stress).
enum class Loading {
  free,       // no applied stress: free sintering
  isostatic,  // mean stress -p (hot isostatic pressing, isostatic cold consolidation)
  die         // uniaxial -p with no lateral strain (hot pressing, SPS/FAST in a die)
};

struct MaterialPoint {
  double temperature = 300.0;  // K
  double relative_density = 0.6;
  double grain_size = 1e-7;  // m
  double pressure = 0.0;     // applied compressive stress, Pa (positive in compression)
  Loading loading = Loading::free;
  double liquid = 0.0;  // volume of transient liquid in the pores per volume of solid (cold sintering)
};

}  // namespace kiln

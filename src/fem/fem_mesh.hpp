// Meshes of flash specimens for deal.II: built-in shapes from deal.II's generators, the dog-bone
// and user geometry through Gmsh (quadrilaterals by recombination, hexahedra by extrusion).
// Boundary indicators follow fem::boundary in fem_specimen.hpp. Internal to the FEM library.
#pragma once

#include "fem/fem_specimen.hpp"

#include <deal.II/grid/tria.h>

#include <mpi.h>

namespace kiln {

// Fills `tria` (empty) with the coarse mesh of the specimen, scaled to metres, with electrode,
// free-surface and symmetry indicators, then refines it `specimen.refinements` times. Rank 0
// runs Gmsh and the others read its mesh, so every process holds the same coarse mesh.
template <int dim>
void build_specimen_mesh(dealii::Triangulation<dim>& tria, const FemSpecimen& specimen, MPI_Comm comm);

}  // namespace kiln

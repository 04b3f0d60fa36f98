#include "fem/fem_mesh.hpp"

#include "core/input.hpp"

#include <deal.II/base/mpi.h>
#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/grid_in.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/grid/tria_accessor.h>
#include <deal.II/grid/tria_iterator.h>

#include <fmt/format.h>
#include <gmsh.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace kiln {

namespace {

using namespace dealii;

// Gmsh physical tags of the files kiln hands to deal.II's reader: the tag becomes the boundary
// indicator; faces in no group are free surfaces (indicator 0).
constexpr int kBodyTag = 100;

// Runs Gmsh on rank 0 only (its meshes are deterministic, but one mesher is enough) and
// returns the mesh as MSH 2.2 text, which every rank then reads.
class GmshSession {
 public:
  GmshSession() {
    gmsh::initialize();
    gmsh::option::setNumber("General.Terminal", 0);
    gmsh::option::setNumber("General.Verbosity", 1);
  }
  ~GmshSession() { gmsh::finalize(); }
  GmshSession(const GmshSession&) = delete;
  GmshSession& operator=(const GmshSession&) = delete;

  // Writes the current model's mesh (physical groups only) and returns its text.
  static std::string mesh_text() {
    static int counter = 0;
    const auto file = std::filesystem::temp_directory_path() / fmt::format("kiln-mesh-{}-{}.msh", ::getpid(), ++counter);
    gmsh::option::setNumber("Mesh.MshFileVersion", 2.2);
    gmsh::option::setNumber("Mesh.SaveAll", 0);
    gmsh::write(file.string());
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    std::filesystem::remove(file);
    return text.str();
  }
};

// The dog-bone of flash experiments: a gauge section between two wider heads, a wire hole in
// each head (the electrodes are the hole walls, where the Pt wires and paste carry the current),
// optional fillets at the four re-entrant corners. Plan in (x, y), thickness along z.
std::string dogbone_mesh(const FemSpecimen& s, int dim) {
  GmshSession session;
  gmsh::model::add("dogbone");
  namespace occ = gmsh::model::occ;
  const double Lg = s.gauge_length, w = s.width, hl = s.head_length, hw = s.head_width;
  const double z0 = dim == 3 ? -0.5 * s.thickness : 0.0;
  const int gauge = occ::addRectangle(-0.5 * Lg, -0.5 * w, z0, Lg, w);
  const int left = occ::addRectangle(-0.5 * Lg - hl, -0.5 * hw, z0, hl, hw);
  const int right = occ::addRectangle(0.5 * Lg, -0.5 * hw, z0, hl, hw);
  gmsh::vectorpair tools{{2, left}, {2, right}};
  // Fillets: a square in each re-entrant corner minus the disk that rounds it.
  const double r = s.fillet_radius;
  if (r > 0) {
    for (int sx : {-1, 1})
      for (int sy : {-1, 1}) {
        const double xc = sx * (0.5 * Lg - r), yc = sy * (0.5 * w + r);
        const int square = occ::addRectangle(std::min(xc, xc + sx * r), std::min(yc, yc - sy * r), z0, r, r);
        const int disk = occ::addDisk(xc, yc, z0, r, r);
        gmsh::vectorpair out;
        std::vector<gmsh::vectorpair> map;
        occ::cut({{2, square}}, {{2, disk}}, out, map);
        for (const auto& p : out) tools.push_back(p);
      }
  }
  gmsh::vectorpair body;
  std::vector<gmsh::vectorpair> map;
  occ::fuse({{2, gauge}}, tools, body, map);
  const double xh = 0.5 * Lg + hl - s.hole_offset, rh = 0.5 * s.hole_diameter;
  const int hole_a = occ::addDisk(-xh, 0, z0, rh, rh), hole_b = occ::addDisk(xh, 0, z0, rh, rh);
  gmsh::vectorpair plate;
  occ::cut(body, {{2, hole_a}, {2, hole_b}}, plate, map);
  // Quadrilaterals: recombine, then split every element into quads (which halves the size).
  gmsh::option::setNumber("Mesh.MeshSizeMax", 2.0 * s.mesh_size);
  gmsh::option::setNumber("Mesh.MeshSizeMin", 0.5 * s.mesh_size);
  gmsh::option::setNumber("Mesh.Algorithm", 6);  // Frontal-Delaunay (8 crashes in Gmsh 4.8 here)
  gmsh::option::setNumber("Mesh.RecombineAll", 1);
  gmsh::option::setNumber("Mesh.RecombinationAlgorithm", 1);
  gmsh::option::setNumber("Mesh.SubdivisionAlgorithm", 1);
  if (dim == 3) {
    // Extrude the recombined plan through the thickness (hexahedra, and prisms where a triangle
    // survived the recombination), then split every element into hexahedra, which halves the
    // size again: layers of twice the target size.
    const int layers = std::max(1, static_cast<int>(std::ceil(s.thickness / (2.0 * s.mesh_size))));
    gmsh::vectorpair extruded;
    occ::extrude(plate, 0, 0, s.thickness, extruded, {layers}, {}, true);
    gmsh::option::setNumber("Mesh.SubdivisionAlgorithm", 2);
  }
  occ::synchronize();

  // The hole walls: every boundary entity inside a box around each hole.
  // OpenCASCADE bounding boxes of circles are loose: a margin of a tenth of the radius.
  const double e = 0.1 * rh;
  auto hole_entities = [&](double xc) {
    gmsh::vectorpair found;
    gmsh::model::getEntitiesInBoundingBox(xc - rh - e, -rh - e, z0 - e - s.thickness, xc + rh + e, rh + e,
                                          z0 + s.thickness + e, found, dim - 1);
    std::vector<int> tags;
    for (const auto& p : found) tags.push_back(p.second);
    return tags;
  };
  gmsh::model::addPhysicalGroup(dim - 1, hole_entities(-xh), static_cast<int>(boundary::electrode_a));
  gmsh::model::addPhysicalGroup(dim - 1, hole_entities(xh), static_cast<int>(boundary::electrode_b));
  gmsh::vectorpair bodies;
  gmsh::model::getEntities(bodies, dim);
  std::vector<int> body_tags;
  for (const auto& p : bodies) body_tags.push_back(p.second);
  gmsh::model::addPhysicalGroup(dim, body_tags, kBodyTag);
  gmsh::model::mesh::generate(dim);
  return GmshSession::mesh_text();
}

// A user's Gmsh file: its named physical groups become electrode, ground and symmetry indicators.
std::string user_mesh(const FemSpecimen& s, int dim) {
  if (!std::filesystem::exists(s.mesh_file))
    throw InputError(s.mesh_file, 0, "specimen.file", "the mesh file does not exist");
  GmshSession session;
  gmsh::open(s.mesh_file);
  gmsh::vectorpair groups;
  gmsh::model::getPhysicalGroups(groups);
  std::map<std::string, std::pair<int, int>> by_name;  // name -> (dim, tag)
  std::string names;
  for (const auto& [d, tag] : groups) {
    std::string name;
    gmsh::model::getPhysicalName(d, tag, name);
    if (name.empty()) name = std::to_string(tag);
    by_name[name] = {d, tag};
    names += (names.empty() ? "" : ", ") + name;
  }
  auto entities_of = [&](const std::string& name, const std::string& key) {
    const auto it = by_name.find(name);
    if (it == by_name.end() || it->second.first != dim - 1)
      throw InputError(s.mesh_file, 0, "specimen." + key,
                       fmt::format("the mesh has no physical group \"{}\" of dimension {} (it has: {})", name, dim - 1,
                                   names.empty() ? "none" : names));
    std::vector<int> tags;
    gmsh::model::getEntitiesForPhysicalGroup(it->second.first, it->second.second, tags);
    return tags;
  };
  const auto a = entities_of(s.electrode_a_name, "electrode");
  const auto b = entities_of(s.electrode_b_name, "ground");
  std::vector<int> sym;
  if (!s.symmetry_name.empty()) sym = entities_of(s.symmetry_name, "symmetry");
  gmsh::vectorpair bodies;
  gmsh::model::getEntities(bodies, dim);
  if (bodies.empty())
    throw InputError(s.mesh_file, 0, "specimen.file", fmt::format("the mesh has no {}-dimensional elements", dim));
  std::vector<int> body_tags;
  for (const auto& p : bodies) body_tags.push_back(p.second);
  gmsh::model::removePhysicalGroups();
  gmsh::model::addPhysicalGroup(dim - 1, a, static_cast<int>(boundary::electrode_a));
  gmsh::model::addPhysicalGroup(dim - 1, b, static_cast<int>(boundary::electrode_b));
  if (!sym.empty()) gmsh::model::addPhysicalGroup(dim - 1, sym, static_cast<int>(boundary::symmetry));
  gmsh::model::addPhysicalGroup(dim, body_tags, kBodyTag);
  return GmshSession::mesh_text();
}

template <int dim>
void read_mesh_text(Triangulation<dim>& tria, const std::string& text, const FemSpecimen& s) {
  GridIn<dim> in;
  in.attach_triangulation(tria);
  std::istringstream stream(text);
  try {
    in.read_msh(stream);
  } catch (const std::exception& e) {
    throw InputError(s.shape == "mesh" ? s.mesh_file : "(dog-bone mesh)", 0, "specimen",
                     fmt::format("deal.II could not read the mesh (it needs quadrilaterals in 2-D and hexahedra in 3-D; "
                                 "in Gmsh use Mesh.RecombineAll = 1 and Mesh.SubdivisionAlgorithm = 1 or 2): {}",
                                 e.what()));
  }
}

// Sets the indicators of the faces of a colorized box (ids 2k, 2k+1 at the low and high end of
// axis k) to the specimen's: electrodes at both ends of `axis`, the rest free.
template <int dim>
void box_indicators(Triangulation<dim>& tria, int axis, int symmetry_face = -1) {
  for (const auto& cell : tria.active_cell_iterators())
    for (const auto& face : cell->face_iterators()) {
      if (!face->at_boundary()) continue;
      const auto id = static_cast<int>(face->boundary_id());
      if (id == 2 * axis) face->set_boundary_id(boundary::electrode_a);
      else if (id == 2 * axis + 1) face->set_boundary_id(boundary::electrode_b);
      else if (id == symmetry_face) face->set_boundary_id(boundary::symmetry);
      else face->set_boundary_id(boundary::free_surface);
    }
}

unsigned divisions(double length, double h) { return std::max(1u, static_cast<unsigned>(std::lround(length / h))); }

}  // namespace

template <int dim>
void build_specimen_mesh(Triangulation<dim>& tria, const FemSpecimen& s, MPI_Comm comm) {
  // The coarse mesh is made in a serial triangulation (deal.II's generators and reader, scaling
  // and indicators) and then handed to `tria`, which may be distributed.
  Triangulation<dim> coarse;
  unsigned extra_refinements = 0;
  const double h = s.mesh_size;
  if (s.shape == "bar") {
    if constexpr (dim == 3) {
      GridGenerator::subdivided_hyper_rectangle(
          coarse, {divisions(s.gauge_length, h), divisions(s.width, h), divisions(s.thickness, h)},
          Point<3>(-0.5 * s.gauge_length, -0.5 * s.width, -0.5 * s.thickness),
          Point<3>(0.5 * s.gauge_length, 0.5 * s.width, 0.5 * s.thickness), true);
    } else {
      GridGenerator::subdivided_hyper_rectangle(coarse, {divisions(s.gauge_length, h), divisions(s.width, h)},
                                                Point<2>(-0.5 * s.gauge_length, -0.5 * s.width),
                                                Point<2>(0.5 * s.gauge_length, 0.5 * s.width), true);
    }
    box_indicators(coarse, 0);
  } else if (s.shape == "cylinder" || s.shape == "pellet") {
    const double R = 0.5 * s.diameter, L = s.gauge_length;
    if constexpr (dim == 3) {
      // deal.II's cylinder runs along x with its hull 0 and end faces 1 (x < 0) and 2 (x > 0),
      // which are the electrode indicators already. Its cross-section has five cells across the
      // diameter; refine it until the elements are no larger than h.
      unsigned k = 0;
      while (s.diameter / (2.5 * std::pow(2.0, k)) > 1.5 * h && k < 6) ++k;
      GridGenerator::subdivided_cylinder(coarse, divisions(L, h * std::pow(2.0, k)), R, 0.5 * L);
      extra_refinements = k;
    } else {
      // Axisymmetric: the half-plane (r, y) with the axis at r = 0.
      GridGenerator::subdivided_hyper_rectangle(coarse, {divisions(R, h), divisions(L, h)}, Point<2>(0, -0.5 * L),
                                                Point<2>(R, 0.5 * L), true);
      box_indicators(coarse, 1, 0);
    }
  } else {
    std::string text;
    if (Utilities::MPI::this_mpi_process(comm) == 0) text = s.shape == "dogbone" ? dogbone_mesh(s, dim) : user_mesh(s, dim);
    text = Utilities::MPI::broadcast(comm, text, 0);
    if (const char* dump = std::getenv("KILN_MESH_DUMP"); dump && Utilities::MPI::this_mpi_process(comm) == 0)
      std::ofstream(dump) << text;
    read_mesh_text(coarse, text, s);
    // Faces of the electrode groups carry their indicators; the body's own tag is a material id.
    for (const auto& cell : coarse.active_cell_iterators()) {
      cell->set_material_id(0);
      for (const auto& face : cell->face_iterators())
        if (face->at_boundary() && face->boundary_id() != boundary::electrode_a &&
            face->boundary_id() != boundary::electrode_b && face->boundary_id() != boundary::symmetry)
          face->set_boundary_id(boundary::free_surface);
    }
    if (s.length_scale != 1.0) GridTools::scale(s.length_scale, coarse);
  }
  tria.copy_triangulation(coarse);
  tria.refine_global(extra_refinements + s.refinements);
}

template void build_specimen_mesh<2>(Triangulation<2>&, const FemSpecimen&, MPI_Comm);
template void build_specimen_mesh<3>(Triangulation<3>&, const FemSpecimen&, MPI_Comm);

}  // namespace kiln

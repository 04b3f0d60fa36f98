// The finite-element flash-sintering solver (see flash_fem_model.hpp for the equations).
//
// Discretisation, in the manner of deal.II's step-26 (heat equation) and step-40 (MPI):
//  - continuous Lagrange elements Q_p for T and U on a p4est-distributed mesh, Trilinos matrices,
//    CG with algebraic multigrid (ML);
//  - implicit Euler in time with the energy equation written for the enthalpy h(T), so that the
//    discrete energy balance closes exactly: the sum of the residual over all test functions is
//    (stored heat) + (losses) - (Joule heat), with no quadrature or interpolation error;
//  - per step, the electro-thermal coupling is iterated to convergence: the potential is solved
//    with sigma(T) of the current iterate, the supply sets the voltage from the specimen's
//    conductance, and one Newton step of the energy equation (radiation linearised exactly,
//    Joule heat sigma |grad U|^2 evaluated at quadrature points from the potential's gradient)
//    updates T, the iterates combined by Anderson mixing;
//  - adaptive steps: the local error of T is estimated by the difference between the implicit
//    Euler solution and the linear extrapolation of the last two steps (both first-order
//    accurate, their difference is (dt/(dt + dt_prev)) times the local error), kept below
//    relative_tolerance * max T, the next step chosen by Gustafsson's predictive controller; a
//    step whose iteration fails is cut by 4 and retried;
//  - density and grain size live at quadrature points and advance with the lumped model's law
//    objects after each step (Heun, sub-stepped, temperature linear over the step);
//  - the shrinkage eps = (rho0/rho)^(1/3) - 1 becomes a displacement u with grad u closest to
//    eps I in the least-squares sense (one vector Laplace problem per step on the reference
//    mesh); the fields are then solved on the deformed mesh (MappingQEulerian), while the heat
//    capacity term stays on the reference mesh, where the mass per volume rho_th rho0 is known
//    exactly, so that shrinkage conserves mass and energy.
#include "fem/flash_fem_model.hpp"

#include "fem/fem_mesh.hpp"
#include "solvers/stiff_integrator.hpp"  // SolverError

#include <deal.II/base/conditional_ostream.h>
#include <deal.II/base/function.h>
#include <deal.II/base/index_set.h>
#include <deal.II/base/mpi.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/base/utilities.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_system.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/fe_values_extractors.h>
#include <deal.II/fe/mapping_q.h>
#include <deal.II/fe/mapping_q_cache.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/la_parallel_vector.h>
#include <deal.II/lac/solver_cg.h>
#include <deal.II/lac/solver_control.h>
#include <deal.II/lac/sparsity_tools.h>
#include <deal.II/lac/trilinos_precondition.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_vector.h>
#include <deal.II/numerics/data_out.h>
#include <deal.II/numerics/data_out_faces.h>
#include <deal.II/numerics/vector_tools.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>

namespace kiln {

namespace {

using namespace dealii;
namespace LA = TrilinosWrappers;
// Fields are kept in deal.II's own distributed vectors (fast element access for FEValues and
// the Eulerian mapping); Trilinos vectors only carry the linear solves.
using GhostedVector = LinearAlgebra::distributed::Vector<double>;

// dst <- a * src on the locally owned entries, then the ghosts.
void assign(GhostedVector& dst, const LA::MPI::Vector& src, double a = 1.0) {
  for (const auto i : dst.locally_owned_elements()) dst[i] = a * src[i];
  dst.update_ghost_values();
}
void assign(LA::MPI::Vector& dst, const GhostedVector& src) {
  for (const auto i : dst.locally_owned_elements()) dst[i] = src[i];
  dst.compress(VectorOperation::insert);
}
void copy(GhostedVector& dst, const GhostedVector& src) {
  dst = src;
  dst.update_ghost_values();
}

std::array<double, 3> to_array(const Point<2>& p) { return {p[0], p[1], 0.0}; }
std::array<double, 3> to_array(const Point<3>& p) { return {p[0], p[1], p[2]}; }

// A manufactured field as a deal.II Function (for boundary values and errors).
template <int dim>
class FieldFunction : public Function<dim> {
 public:
  FieldFunction(ManufacturedSolution::Field f, double t) : f_(std::move(f)) { this->set_time(t); }
  double value(const Point<dim>& p, unsigned) const override { return f_(to_array(p), this->get_time()); }

 private:
  ManufacturedSolution::Field f_;
};

// What the mesh carries at each quadrature point between steps.
struct PointState {
  double rho = 0, grain = 0;
  double rho0 = 0;
  // ln(rho / rho0), integrated alongside rho: the strain ln-ratio / 3 of a barely densified point
  // would otherwise be lost to cancellation in rho0 / rho - 1 (and with it the reproducibility
  // of the shrinkage between runs on different numbers of processes).
  double log_densification = 0;
};

// The deformed mesh as a cache of moved vertices. deal.II 9.4's MappingQCache keeps MappingQ's
// cell similarity: FEValues takes a cell for a translate of the previous one when their
// *reference* cells are, and reuses its Jacobians, which is wrong once the cache moves them (and
// depends on the order of the cells, hence on the MPI partition). As MappingQEulerian does,
// switch the similarity off.
template <int dim>
class DeformedMapping : public MappingQCache<dim> {
 public:
  using MappingQCache<dim>::MappingQCache;
  std::unique_ptr<Mapping<dim>> clone() const override { return std::make_unique<DeformedMapping>(*this); }

 protected:
  CellSimilarity::Similarity fill_fe_values(
      const typename Triangulation<dim>::cell_iterator& cell, const CellSimilarity::Similarity,
      const Quadrature<dim>& quadrature, const typename Mapping<dim>::InternalDataBase& internal_data,
      internal::FEValuesImplementation::MappingRelatedData<dim>& output_data) const override {
    MappingQCache<dim>::fill_fe_values(cell, CellSimilarity::invalid_next_cell, quadrature, internal_data, output_data);
    return CellSimilarity::invalid_next_cell;
  }
};

struct StepFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Algebraic multigrid (Trilinos ML) for the scalar elliptic systems of the model.
LA::PreconditionAMG::AdditionalData multigrid_settings(unsigned fe_degree) {
  LA::PreconditionAMG::AdditionalData data;
  data.elliptic = true;
  data.higher_order_elements = fe_degree > 1;
  data.smoother_sweeps = 2;
  return data;
}

// CG preconditioned by multigrid to a residual `reduction` times the right-hand side's (or, when
// `start_reduction` > 0 and that is larger, start_reduction times the residual of the start
// vector: for a system re-solved from its last solution, an accuracy relative to the change);
// a solve that does not converge fails the step (which is then cut), naming the system.
// Returns the iterations.
unsigned solve_with_multigrid(const LA::SparseMatrix& A, const LA::PreconditionAMG& amg, LA::MPI::Vector& x,
                              const LA::MPI::Vector& b, double reduction, const std::string& system,
                              double start_reduction = 0) {
  double tolerance = reduction * b.l2_norm();
  if (start_reduction > 0) {
    LA::MPI::Vector r(b);
    A.vmult(r, x);
    r.sadd(-1.0, 1.0, b);
    tolerance = std::max(tolerance, start_reduction * r.l2_norm());
  }
  SolverControl control(2000, tolerance + 1e-300);
  SolverCG<LA::MPI::Vector> cg(control);
  try {
    cg.solve(A, x, b, amg);
  } catch (const SolverControl::NoConvergence& e) {
    throw StepFailure(fmt::format("the linear solver of {} did not converge ({} iterations, residual {:.3g})", system,
                                  e.last_step, e.last_residual));
  }
  return control.last_step();
}

// Anderson acceleration of the fixed-point iteration x <- G(x) of the electro-thermal coupling
// (Walker & Ni, SIAM J. Numer. Anal. 49 (2011) 1715): the next iterate is G(x) corrected by the
// combination of the last `depth` differences of G that makes the linearised residual
// G(x) - x smallest. Picard's lagged Joule heat contracts by about dt sigma'|grad U|^2 / (m c_p),
// which tends to 1 as the specimen approaches runaway; there Anderson restores fast convergence
// without the indefinite Jacobian that the local Joule feedback would bring (see newton_update).
class AndersonMixing {
 public:
  explicit AndersonMixing(unsigned depth) : depth_(depth) {}
  // x: the iterate that went in; gx: G(x), replaced by the accelerated next iterate.
  void apply(const GhostedVector& x, GhostedVector& gx) {
    if (depth_ == 0) return;
    GhostedVector f(gx);
    f -= x;
    if (has_previous_) {
      dF_.emplace_back(f);
      dF_.back() -= f_prev_;
      dG_.emplace_back(gx);
      dG_.back() -= g_prev_;
      if (dF_.size() > depth_) {
        dF_.erase(dF_.begin());
        dG_.erase(dG_.begin());
      }
    }
    f_prev_ = f;
    g_prev_ = gx;
    has_previous_ = true;
    const unsigned m = dF_.size();
    if (m == 0) return;
    // Least squares min |f - dF gamma| by its normal equations, slightly regularised.
    FullMatrix<double> A(m, m);
    Vector<double> b(m), gamma(m);
    double trace = 0;
    for (unsigned i = 0; i < m; ++i) {
      b(i) = dF_[i] * f;
      for (unsigned j = 0; j <= i; ++j) A(i, j) = A(j, i) = dF_[i] * dF_[j];
      trace += A(i, i);
    }
    if (!(trace > 0)) return;
    for (unsigned i = 0; i < m; ++i) A(i, i) += 1e-8 * trace;
    A.gauss_jordan();
    A.vmult(gamma, b);
    // A combination far outside the history is not trusted: restart from plain Picard.
    if (!std::isfinite(gamma.l2_norm()) || gamma.linfty_norm() > 1e3) {
      dF_.clear();
      dG_.clear();
      return;
    }
    for (unsigned i = 0; i < m; ++i) gx.add(-gamma(i), dG_[i]);
    gx.update_ghost_values();
  }

 private:
  unsigned depth_;
  bool has_previous_ = false;
  GhostedVector f_prev_, g_prev_;
  std::vector<GhostedVector> dF_, dG_;
};

template <int dim>
class FlashFemSolver {
 public:
  FlashFemSolver(const FlashFemSetup& setup, MPI_Comm comm);
  FlashFemResult run(const std::function<void(const FlashFemObservation&)>& observer);

 private:
  // --- set-up ---
  void setup_dofs();
  void setup_displacement();

  // --- one step ---
  void solve_potential(double t);
  double newton_update(double t, double dt);
  void advance_microstructure(double dt);
  void update_displacement();
  bool try_step(double t, double dt, std::string& why);

  // --- measures ---
  FlashFemObservation observe(double t) const;
  void write_fields(double t, const std::string& label);
  void write_picture_data();

  // Geometric weight of a volume integral at x: 2 pi r (axisymmetric), the plate thickness
  // (plane) or 1.
  double weight(const Point<dim>& x, double thickness_scale) const {
    switch (s_.specimen.model) {
      case SpatialModel::axisymmetric: return 2.0 * M_PI * x[0];
      case SpatialModel::plane: return s_.specimen.thickness * thickness_scale;
      default: return 1.0;
    }
  }
  double loss_flux(double T, double Tf) const {  // W/m^2 to the furnace
    return eps_sb_ * (std::pow(T, 4) - std::pow(Tf, 4)) + h_ * (T - Tf);
  }
  double loss_flux_derivative(double T) const { return 4.0 * eps_sb_ * T * T * T + h_; }
  double sigma(double T, double rho) const { return s_.material.conductivity.sigma(T, std::min(rho, 1.0)); }
  double kappa(double T, double rho) const { return s_.thermal_conductivity.k(T, std::min(rho, 1.0)); }
  double thickness_scale(const PointState& p) const { return std::cbrt(p.rho0 / p.rho); }
  // Mean state over a cell's quadrature points (for face integrals and cell output).
  PointState cell_state(unsigned cell_index) const;
  double electrode_potential(unsigned id, double voltage) const { return id == boundary::electrode_a ? voltage : 0.0; }

  const FlashFemSetup& s_;
  MPI_Comm comm_;
  unsigned rank_, size_;
  double eps_sb_, h_;
  double symmetry_factor_;

  parallel::distributed::Triangulation<dim> tria_;
  FE_Q<dim> fe_;
  DoFHandler<dim> dof_;
  FESystem<dim> fe_u_;
  DoFHandler<dim> dof_u_;
  MappingQ<dim> reference_mapping_;
  // The deformed mesh (its vertices cached after each displacement update) when the specimen
  // shrinks, the reference mesh otherwise.
  DeformedMapping<dim> deformed_mapping_;
  const Mapping<dim>& mapping() const { return moving_ ? static_cast<const Mapping<dim>&>(deformed_mapping_) : reference_mapping_; }
  void cache_deformed_mapping();
  bool moving_ = false;
  std::array<bool, dim> free_translation_{};  // displacement components pinned at one node only
  std::array<IndexSet, dim> component_dofs_;  // locally owned displacement unknowns per component
  bool trace_ = std::getenv("KILN_FEM_TRACE") != nullptr;  // per-iteration diagnostics on stderr
  // Wall time per phase of the time loop (printed with the trace).
  std::map<std::string, double> phase_seconds_;
  template <class F>
  auto timed(const char* phase, F&& f) {
    const auto start = std::chrono::steady_clock::now();
    struct Add {
      double& total;
      std::chrono::steady_clock::time_point start;
      ~Add() { total += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); }
    } add{phase_seconds_[phase], start};
    return f();
  }
  QGauss<dim> quadrature_;
  QGauss<dim - 1> face_quadrature_;

  IndexSet owned_, relevant_, owned_u_, relevant_u_;
  AffineConstraints<double> potential_constraints_, temperature_constraints_, displacement_constraints_;
  LA::SparseMatrix potential_matrix_, heat_matrix_, displacement_matrix_;
  LA::PreconditionAMG potential_amg_, heat_amg_, displacement_amg_;
  bool potential_amg_current_ = false, heat_amg_current_ = false;

  // Fields (ghosted) and their values at the start of the step.
  GhostedVector T_, T_old_, T_older_, U_, phi_, u_;
  GhostedVector electrode_indicator_a_, electrode_indicator_b_;  // 1 at the electrode's nodes
  std::vector<PointState> state_, state_old_;
  std::vector<double> initial_enthalpy_mass_;  // per quadrature point: m_q h(T_0)
  std::vector<double> point_mass_;             // per quadrature point: rho_th rho0 w JxW on the reference mesh

  // Electrical state of the current iterate.
  double voltage_ = 0, conductance_ = 0;
  PowerSupply::Output supply_out_;
  double gauge_scale_ = 1.0;  // current gauge length / initial

  // Energy counters (per meshed part; observations scale by the symmetry factor).
  double E_el_ = 0, E_rad_ = 0, E_conv_ = 0, E_electrode_ = 0;
  long linear_iterations_ = 0, nonlinear_iterations_ = 0;
  double charge_residual_ = 0;
  // The largest linear shrinkage strain (ln(rho / rho0) / 3) a point has gained since the shape
  // was last updated: below shape_update_strain the displacement solve is skipped (the shape
  // then lags by less than that strain times the specimen's size).
  double strain_since_shape_update_ = 0;
  static constexpr double shape_update_strain = 1e-6;
  double section_coordinate_ = 0;

  // The state at peak power, kept for the picture.
  GhostedVector peak_T_, peak_u_;
  std::vector<std::pair<double, std::string>> pvd_records_;
  unsigned field_counter_ = 0;
  FlashFemResult result_;
};

template <int dim>
FlashFemSolver<dim>::FlashFemSolver(const FlashFemSetup& setup, MPI_Comm comm)
    : s_(setup),
      comm_(comm),
      rank_(Utilities::MPI::this_mpi_process(comm)),
      size_(Utilities::MPI::n_mpi_processes(comm)),
      eps_sb_(setup.material.emissivity * kStefanBoltzmann),
      h_(setup.furnace.heat_transfer_coefficient()),
      symmetry_factor_(setup.specimen.symmetry_factor),
      tria_(comm),
      fe_(setup.settings.fe_degree),
      dof_(tria_),
      fe_u_(FE_Q<dim>(1), dim),
      dof_u_(tria_),
      reference_mapping_(1),
      deformed_mapping_(1),
      quadrature_(setup.settings.fe_degree + 1),
      face_quadrature_(setup.settings.fe_degree + 1) {
  build_specimen_mesh(tria_, s_.specimen, comm_);
  setup_dofs();
  setup_displacement();
}

template <int dim>
void FlashFemSolver<dim>::setup_dofs() {
  dof_.distribute_dofs(fe_);
  owned_ = dof_.locally_owned_dofs();
  DoFTools::extract_locally_relevant_dofs(dof_, relevant_);

  // Potential: electrodes at unit and zero potential (unless a contact resistance makes them
  // Robin conditions, or a manufactured solution prescribes them).
  potential_constraints_.clear();
  potential_constraints_.reinit(relevant_);
  DoFTools::make_hanging_node_constraints(dof_, potential_constraints_);
  if (s_.boundary.contact_resistance <= 0 || s_.settings.manufactured) {
    VectorTools::interpolate_boundary_values(dof_, boundary::electrode_a, Functions::ConstantFunction<dim>(1.0),
                                             potential_constraints_);
    VectorTools::interpolate_boundary_values(dof_, boundary::electrode_b, Functions::ZeroFunction<dim>(),
                                             potential_constraints_);
  }
  potential_constraints_.close();

  // Temperature updates: homogeneous on the boundary of a manufactured solution, free otherwise.
  temperature_constraints_.clear();
  temperature_constraints_.reinit(relevant_);
  DoFTools::make_hanging_node_constraints(dof_, temperature_constraints_);
  if (s_.settings.manufactured)
    for (unsigned id : {boundary::free_surface, boundary::electrode_a, boundary::electrode_b, boundary::symmetry})
      VectorTools::interpolate_boundary_values(dof_, id, Functions::ZeroFunction<dim>(), temperature_constraints_);
  temperature_constraints_.close();

  auto make_matrix = [&](LA::SparseMatrix& m, const AffineConstraints<double>& c) {
    DynamicSparsityPattern dsp(relevant_);
    DoFTools::make_sparsity_pattern(dof_, dsp, c, false);
    SparsityTools::distribute_sparsity_pattern(dsp, owned_, comm_, relevant_);
    m.reinit(owned_, owned_, dsp, comm_);
  };
  make_matrix(potential_matrix_, potential_constraints_);
  make_matrix(heat_matrix_, temperature_constraints_);

  for (auto* v : {&T_, &T_old_, &T_older_, &U_, &phi_, &electrode_indicator_a_, &electrode_indicator_b_})
    v->reinit(owned_, relevant_, comm_);
  for (auto [id, vector] : {std::pair{boundary::electrode_a, &electrode_indicator_a_},
                            std::pair{boundary::electrode_b, &electrode_indicator_b_}}) {
    const IndexSet on = DoFTools::extract_boundary_dofs(dof_, ComponentMask(), {static_cast<types::boundary_id>(id)});
    for (const auto i : on)
      if (owned_.is_element(i)) (*vector)[i] = 1.0;
    vector->update_ghost_values();
  }
  state_.assign(tria_.n_active_cells() * quadrature_.size(), PointState{});
}

template <int dim>
void FlashFemSolver<dim>::setup_displacement() {
  dof_u_.distribute_dofs(fe_u_);
  owned_u_ = dof_u_.locally_owned_dofs();
  DoFTools::extract_locally_relevant_dofs(dof_u_, relevant_u_);
  u_.reinit(owned_u_, relevant_u_, comm_);
  moving_ = s_.densification->name() != "none";
  if (moving_) cache_deformed_mapping();

  // Mirror planes and the axis: the normal displacement vanishes there. Each such face is
  // normal to a coordinate axis in the shapes kiln builds; in a user's mesh the dominant
  // component of the normal is used.
  displacement_constraints_.clear();
  displacement_constraints_.reinit(relevant_u_);
  DoFTools::make_hanging_node_constraints(dof_u_, displacement_constraints_);
  std::vector<types::global_dof_index> face_dofs(fe_u_.n_dofs_per_face());
  for (const auto& cell : dof_u_.active_cell_iterators()) {
    if (cell->is_artificial()) continue;
    for (const auto f : cell->face_indices()) {
      if (!cell->face(f)->at_boundary() || cell->face(f)->boundary_id() != boundary::symmetry) continue;
      const Tensor<1, dim> n = cell->face(f)->center() - cell->center();  // points outward
      unsigned axis = 0;
      for (unsigned d = 1; d < dim; ++d)
        if (std::abs(n[d]) > std::abs(n[axis])) axis = d;
      cell->face(f)->get_dof_indices(face_dofs);
      for (unsigned i = 0; i < face_dofs.size(); ++i)
        if (fe_u_.face_system_to_component_index(i).first == axis && relevant_u_.is_element(face_dofs[i]))
          displacement_constraints_.add_line(face_dofs[i]);
    }
  }
  // A component that no mirror plane fixes is defined up to a translation: pin it at one node
  // (the same on every process), and remove the mean translation after each solve, so that the
  // specimen shrinks about its centroid. This keeps the problem well-posed and well-conditioned.
  for (unsigned c = 0; c < dim; ++c) {
    component_dofs_[c] = DoFTools::extract_dofs(dof_u_, fe_u_.component_mask(FEValuesExtractors::Scalar(c)));
    bool fixed = false;
    for (const auto i : component_dofs_[c]) fixed = fixed || displacement_constraints_.is_constrained(i);
    free_translation_[c] = Utilities::MPI::max(fixed ? 1 : 0, comm_) == 0;
    const auto pin = Utilities::MPI::min(
        component_dofs_[c].is_empty() ? std::numeric_limits<types::global_dof_index>::max() : *component_dofs_[c].begin(),
        comm_);
    if (free_translation_[c] && relevant_u_.is_element(pin)) displacement_constraints_.add_line(pin);
  }
  displacement_constraints_.close();

  DynamicSparsityPattern dsp(relevant_u_);
  DoFTools::make_sparsity_pattern(dof_u_, dsp, displacement_constraints_, false);
  SparsityTools::distribute_sparsity_pattern(dsp, owned_u_, comm_, relevant_u_);
  displacement_matrix_.reinit(owned_u_, owned_u_, dsp, comm_);
}

// The deformed mesh: every vertex moved by the (Q1) displacement at that vertex, cached for all
// cells this process sees, so that FEValues on the deformed mesh cost what they cost on a fixed one.
template <int dim>
void FlashFemSolver<dim>::cache_deformed_mapping() {
  deformed_mapping_.initialize(
      reference_mapping_, tria_,
      [this](const typename Triangulation<dim>::cell_iterator& tria_cell, const Point<dim>& x) {
        // Parents and cells other processes own alone are never used for integration.
        if (!tria_cell->is_active() || tria_cell->is_artificial()) return x;
        const typename DoFHandler<dim>::cell_iterator cell(&tria_, tria_cell->level(), tria_cell->index(), &dof_u_);
        Point<dim> moved = x;
        for (const auto v : cell->vertex_indices())
          if (cell->vertex(v).distance(x) < 1e-12 * cell->diameter()) {
            for (unsigned d = 0; d < dim; ++d) moved[d] += u_[cell->vertex_dof_index(v, d)];
            return moved;
          }
        return moved;
      },
      false);
}

template <int dim>
PointState FlashFemSolver<dim>::cell_state(unsigned cell_index) const {
  PointState mean;
  const unsigned nq = quadrature_.size();
  for (unsigned q = 0; q < nq; ++q) {
    const auto& p = state_[cell_index * nq + q];
    mean.rho += p.rho / nq;
    mean.grain += p.grain / nq;
    mean.rho0 += p.rho0 / nq;
  }
  return mean;
}

// ---------------------------------------------------------------------------------------------
// Charge conservation. With a fixed sigma the problem is linear in the electrode voltage, so the
// unit-voltage solution phi gives the specimen's conductance G = integral sigma |grad phi|^2
// (+ the contact terms), the supply sets V from R = 1/G, and U = V phi.
template <int dim>
void FlashFemSolver<dim>::solve_potential(double t) {
  const auto& mms = s_.settings.manufactured;
  AffineConstraints<double> constraints;
  if (mms) {
    // A manufactured potential: electrode a follows the given function, electrode b is grounded.
    constraints.reinit(relevant_);
    DoFTools::make_hanging_node_constraints(dof_, constraints);
    VectorTools::interpolate_boundary_values(dof_, boundary::electrode_a, FieldFunction<dim>(mms->potential_a, t),
                                             constraints);
    VectorTools::interpolate_boundary_values(dof_, boundary::electrode_b, Functions::ZeroFunction<dim>(), constraints);
    constraints.close();
  }
  const AffineConstraints<double>& c = mms ? constraints : potential_constraints_;
  const double rc = s_.boundary.contact_resistance;
  const bool robin = rc > 0 && !mms;

  potential_matrix_ = 0;
  LA::MPI::Vector rhs(owned_, comm_);
  FEValues<dim> fv(mapping(), fe_, quadrature_, update_values | update_gradients | update_quadrature_points | update_JxW_values);
  FEFaceValues<dim> ffv(mapping(), fe_, face_quadrature_, update_values | update_quadrature_points | update_JxW_values);
  const unsigned n = fe_.n_dofs_per_cell(), nq = quadrature_.size();
  FullMatrix<double> cm(n, n);
  Vector<double> cr(n);
  std::vector<types::global_dof_index> dofs(n);
  std::vector<double> Tq(nq), Tf(face_quadrature_.size());
  for (const auto& cell : dof_.active_cell_iterators()) {
    if (!cell->is_locally_owned()) continue;
    fv.reinit(cell);
    fv.get_function_values(T_, Tq);
    cm = 0;
    cr = 0;
    const unsigned ci = cell->active_cell_index();
    for (unsigned q = 0; q < nq; ++q) {
      const PointState& p = state_[ci * nq + q];
      const double w = weight(fv.quadrature_point(q), thickness_scale(p)) * fv.JxW(q);
      const double sig = sigma(Tq[q], p.rho);
      for (unsigned i = 0; i < n; ++i) {
        for (unsigned j = 0; j < n; ++j) cm(i, j) += sig * (fv.shape_grad(i, q) * fv.shape_grad(j, q)) * w;
        if (mms && mms->current_source) cr(i) += mms->current_source(to_array(fv.quadrature_point(q)), t) * fv.shape_value(i, q) * w;
      }
    }
    if (robin) {
      const PointState mean = cell_state(ci);
      for (const auto f : cell->face_indices()) {
        const auto id = cell->face(f)->boundary_id();
        if (!cell->face(f)->at_boundary() || (id != boundary::electrode_a && id != boundary::electrode_b)) continue;
        ffv.reinit(cell, f);
        for (unsigned q = 0; q < face_quadrature_.size(); ++q) {
          const double w = weight(ffv.quadrature_point(q), thickness_scale(mean)) * ffv.JxW(q) / rc;
          for (unsigned i = 0; i < n; ++i) {
            for (unsigned j = 0; j < n; ++j) cm(i, j) += ffv.shape_value(i, q) * ffv.shape_value(j, q) * w;
            cr(i) += electrode_potential(id, 1.0) * ffv.shape_value(i, q) * w;
          }
        }
      }
    }
    cell->get_dof_indices(dofs);
    c.distribute_local_to_global(cm, cr, dofs, potential_matrix_, rhs);
  }
  potential_matrix_.compress(VectorOperation::add);
  rhs.compress(VectorOperation::add);

  if (!potential_amg_current_) {
    timed("multigrid set-up", [&] { potential_amg_.initialize(potential_matrix_, multigrid_settings(s_.settings.fe_degree)); });
    potential_amg_current_ = true;
  }
  LA::MPI::Vector solution(owned_, comm_);
  // Start from the last unit-voltage potential: between coupling iterations and steps it moves
  // little, and CG then needs a third of the iterations.
  assign(solution, phi_);
  c.distribute(solution);  // meet the electrode values
  linear_iterations_ += timed("CG", [&] { return solve_with_multigrid(potential_matrix_, potential_amg_, solution, rhs, 1e-12, "the potential"); });
  c.distribute(solution);
  assign(phi_, solution);

  // The conductance: the power dissipated at unit voltage (volume and contact).
  double G = 0;
  for (const auto& cell : dof_.active_cell_iterators()) {
    if (!cell->is_locally_owned()) continue;
    fv.reinit(cell);
    fv.get_function_values(T_, Tq);
    std::vector<Tensor<1, dim>> grad(nq);
    fv.get_function_gradients(phi_, grad);
    const unsigned ci = cell->active_cell_index();
    for (unsigned q = 0; q < nq; ++q) {
      const PointState& p = state_[ci * nq + q];
      G += sigma(Tq[q], p.rho) * grad[q].norm_square() * weight(fv.quadrature_point(q), thickness_scale(p)) * fv.JxW(q);
    }
    if (robin) {
      const PointState mean = cell_state(ci);
      for (const auto f : cell->face_indices()) {
        const auto id = cell->face(f)->boundary_id();
        if (!cell->face(f)->at_boundary() || (id != boundary::electrode_a && id != boundary::electrode_b)) continue;
        ffv.reinit(cell, f);
        std::vector<double> phif(face_quadrature_.size());
        ffv.get_function_values(phi_, phif);
        for (unsigned q = 0; q < face_quadrature_.size(); ++q)
          G += std::pow(electrode_potential(id, 1.0) - phif[q], 2) / rc *
               weight(ffv.quadrature_point(q), thickness_scale(mean)) * ffv.JxW(q);
      }
    }
  }
  G = Utilities::MPI::sum(G, comm_) * symmetry_factor_;
  if (!(G > 0) || !std::isfinite(G)) throw StepFailure("the specimen's conductance is not positive");

  if (mms) {
    conductance_ = G;
    voltage_ = 1.0;
    copy(U_, phi_);
    supply_out_ = {};
    return;
  }
  conductance_ = G;
  // The supply's settings refer to the specimen as mounted; its current gauge length scales
  // with the shrinkage (which the conductance already contains).
  supply_out_ = s_.supply.deliver(t, 1.0 / G, s_.specimen.gauge);
  voltage_ = supply_out_.voltage;
  assign(U_, solution, voltage_);
}

// ---------------------------------------------------------------------------------------------
// One Newton step of the energy equation at the current iterate (T_, U_); returns max |dT|.
template <int dim>
double FlashFemSolver<dim>::newton_update(double t, double dt) {
  const auto& mms = s_.settings.manufactured;
  const double Tf = s_.furnace.temperature(t);
  const double rc = s_.boundary.contact_resistance;
  const double he = s_.boundary.electrode_heat_transfer;
  const bool plane = s_.specimen.model == SpatialModel::plane;
  const auto& cp = s_.material.heat_capacity;

  // How the Joule heat responds to T (the coupling's linearisation). The local feedback
  // d(sigma)/dT |grad U|^2 at a fixed potential overstates the response (the potential itself
  // redistributes as sigma changes) and made the iteration diverge on dog-bones at long steps:
  // it is left out, so the Joule heat is lagged by one iteration (Picard), and the step control
  // resolves the runaway. Under current or power control the supply lowers the voltage as the
  // conductance G rises, V^2 = I^2/G^2 or P/G: a global term (c/G) q g^T in the Jacobian, with
  // q_i = integral Q v_i and g_j = dG/dT_j = integral sigma' |grad phi|^2 v_j (c = 2 or 1), applied
  // by Sherman-Morrison. Without it the iteration diverges in the steady stage at steps longer
  // than the thermal time of the Joule feedback.
  const auto state = supply_out_.state;
  const double global_feedback = mms ? 0.0
                                 : (state == PowerSupply::State::current_control ? 2.0
                                    : (state == PowerSupply::State::power_control ? 1.0 : 0.0));
  LA::MPI::Vector q_vector(owned_, comm_), g_vector(owned_, comm_);
  std::vector<Tensor<1, dim>> grad_phi(quadrature_.size());

  heat_matrix_ = 0;
  LA::MPI::Vector residual(owned_, comm_);
  const auto flags = update_values | update_gradients | update_quadrature_points | update_JxW_values;
  FEValues<dim> fv(mapping(), fe_, quadrature_, flags);
  FEFaceValues<dim> ffv(mapping(), fe_, face_quadrature_, update_values | update_quadrature_points | update_JxW_values);
  const unsigned n = fe_.n_dofs_per_cell(), nq = quadrature_.size(), nfq = face_quadrature_.size();
  FullMatrix<double> cm(n, n);
  Vector<double> cr(n);
  std::vector<types::global_dof_index> dofs(n);
  std::vector<double> Tq(nq), Toldq(nq), Tfq(nfq), Ufq(nfq);
  std::vector<Tensor<1, dim>> gradT(nq), gradU(nq);
  for (const auto& cell : dof_.active_cell_iterators()) {
    if (!cell->is_locally_owned()) continue;
    fv.reinit(cell);
    fv.get_function_values(T_, Tq);
    fv.get_function_values(T_old_, Toldq);
    fv.get_function_gradients(T_, gradT);
    fv.get_function_gradients(U_, gradU);
    if (global_feedback > 0) fv.get_function_gradients(phi_, grad_phi);
    cm = 0;
    cr = 0;
    Vector<double> cq(n), cg(n);
    const unsigned ci = cell->active_cell_index();
    for (unsigned q = 0; q < nq; ++q) {
      const PointState& p = state_[ci * nq + q];
      const double m = point_mass_[ci * nq + q];  // kg at this point (reference mesh)
      const double dsigma =
          global_feedback > 0 ? s_.material.conductivity.dsigma_dT(Tq[q], std::min(p.rho, 1.0)) : 0.0;
      const double w = weight(fv.quadrature_point(q), thickness_scale(p)) * fv.JxW(q);
      const double k = kappa(Tq[q], p.rho);
      const double joule = sigma(Tq[q], p.rho) * gradU[q].norm_square();
      double source = joule;
      if (mms && mms->heat_source) source += mms->heat_source(to_array(fv.quadrature_point(q)), t);
      const double storage = m * (cp.enthalpy(Tq[q]) - cp.enthalpy(Toldq[q])) / dt;
      const double storage_derivative = m * cp.cp(Tq[q]) / dt;
      // A plate loses heat through both faces: a volumetric sink per plan area.
      double face_sink = 0, face_sink_derivative = 0;
      if (plane && !mms) {
        face_sink = 2.0 * loss_flux(Tq[q], Tf) * fv.JxW(q);
        face_sink_derivative = 2.0 * loss_flux_derivative(Tq[q]) * fv.JxW(q);
      }
      for (unsigned i = 0; i < n; ++i) {
        const double vi = fv.shape_value(i, q);
        cr(i) += (storage + face_sink) * vi + (k * (gradT[q] * fv.shape_grad(i, q)) - source * vi) * w;
        if (global_feedback > 0) {
          cq(i) += joule * vi * w;
          cg(i) += dsigma * grad_phi[q].norm_square() * vi * w * symmetry_factor_;
        }
        for (unsigned j = 0; j < n; ++j)
          cm(i, j) += (storage_derivative + face_sink_derivative) * vi * fv.shape_value(j, q) +
                      k * (fv.shape_grad(i, q) * fv.shape_grad(j, q)) * w;
      }
    }
    if (!mms) {
      const PointState mean = cell_state(ci);
      for (const auto f : cell->face_indices()) {
        if (!cell->face(f)->at_boundary()) continue;
        const auto id = cell->face(f)->boundary_id();
        if (id == boundary::symmetry) continue;
        const bool electrode = id == boundary::electrode_a || id == boundary::electrode_b;
        if (electrode && he <= 0 && rc <= 0) continue;
        ffv.reinit(cell, f);
        ffv.get_function_values(T_, Tfq);
        if (electrode && rc > 0) ffv.get_function_values(U_, Ufq);
        for (unsigned q = 0; q < nfq; ++q) {
          const double w = weight(ffv.quadrature_point(q), thickness_scale(mean)) * ffv.JxW(q);
          double flux = 0, dflux = 0;  // W/m^2 out of the specimen
          if (!electrode) {
            flux = loss_flux(Tfq[q], Tf);
            dflux = loss_flux_derivative(Tfq[q]);
          } else {
            flux = he * (Tfq[q] - Tf);
            dflux = he;
            // The contact resistance dissipates (V_el - U)^2 / r_c per area, into the specimen.
            if (rc > 0) flux -= std::pow(electrode_potential(id, voltage_) - Ufq[q], 2) / rc;
          }
          for (unsigned i = 0; i < n; ++i) {
            cr(i) += flux * ffv.shape_value(i, q) * w;
            for (unsigned j = 0; j < n; ++j) cm(i, j) += dflux * ffv.shape_value(i, q) * ffv.shape_value(j, q) * w;
          }
        }
      }
    }
    cell->get_dof_indices(dofs);
    temperature_constraints_.distribute_local_to_global(cm, cr, dofs, heat_matrix_, residual);
    if (global_feedback > 0) {
      temperature_constraints_.distribute_local_to_global(cq, dofs, q_vector);
      temperature_constraints_.distribute_local_to_global(cg, dofs, g_vector);
    }
  }
  heat_matrix_.compress(VectorOperation::add);
  residual.compress(VectorOperation::add);
  q_vector.compress(VectorOperation::add);
  g_vector.compress(VectorOperation::add);

  if (!heat_amg_current_) {
    timed("multigrid set-up", [&] { heat_amg_.initialize(heat_matrix_, multigrid_settings(s_.settings.fe_degree)); });
    heat_amg_current_ = true;
  }
  auto solve = [&](LA::MPI::Vector& x, const LA::MPI::Vector& b) {
    linear_iterations_ += timed("CG", [&] { return solve_with_multigrid(heat_matrix_, heat_amg_, x, b, 1e-8, "the energy equation"); });
  };
  LA::MPI::Vector delta(owned_, comm_);
  solve(delta, residual);
  if (global_feedback > 0) {
    // (A + c/G q g^T)^-1 r = x - y (c/G g.x) / (1 + c/G g.y), with A x = r, A y = q.
    LA::MPI::Vector y(owned_, comm_);
    solve(y, q_vector);
    const double c = global_feedback / conductance_;
    delta.add(-c * (g_vector * delta) / (1.0 + c * (g_vector * y)), y);
  }
  temperature_constraints_.distribute(delta);
  for (const auto i : T_.locally_owned_elements()) T_[i] -= delta[i];
  T_.update_ghost_values();
  return delta.linfty_norm();
}

// ---------------------------------------------------------------------------------------------
// Density and grain size at every quadrature point, with the lumped model's laws: Heun's method
// with the temperature linear over the step, sub-stepped so that rho moves at most 0.002 per
// sub-step.
template <int dim>
void FlashFemSolver<dim>::advance_microstructure(double dt) {
  if (s_.densification->name() == "none" && s_.grain_growth->name() == "none") return;
  FEValues<dim> fv(reference_mapping_, fe_, quadrature_, update_values);
  const unsigned nq = quadrature_.size();
  std::vector<double> T0(nq), T1(nq);
  double largest_strain = 0;
  for (const auto& cell : dof_.active_cell_iterators()) {
    if (!cell->is_locally_owned()) continue;
    fv.reinit(cell);
    fv.get_function_values(T_old_, T0);
    fv.get_function_values(T_, T1);
    const unsigned ci = cell->active_cell_index();
    for (unsigned q = 0; q < nq; ++q) {
      PointState& p = state_[ci * nq + q];
      const double log_densification_before = p.log_densification;
      auto rates = [&](double T, double rho, double G) {
        const MaterialPoint point{T, std::min(rho, 1.0), G};
        return std::array<double, 2>{rho >= 1.0 ? 0.0 : s_.densification->rate(point), s_.grain_growth->rate(point)};
      };
      const auto r0 = rates(T1[q], p.rho, p.grain);
      const int substeps = std::clamp(static_cast<int>(std::ceil(std::abs(r0[0]) * dt / 0.002)), 1, 200);
      const double h = dt / substeps;
      for (int k = 0; k < substeps; ++k) {
        const double a = static_cast<double>(k) / substeps, b = static_cast<double>(k + 1) / substeps;
        const double Ta = T0[q] + a * (T1[q] - T0[q]), Tb = T0[q] + b * (T1[q] - T0[q]);
        const auto k1 = rates(Ta, p.rho, p.grain);
        const double rho1 = std::min(1.0, p.rho + h * k1[0]), G1 = p.grain + h * k1[1];
        const auto k2 = rates(Tb, rho1, G1);
        const double rho_before = p.rho;
        p.rho = std::min(1.0, p.rho + 0.5 * h * (k1[0] + k2[0]));
        // d ln(rho) = d rho / rho (trapezoidal in 1/rho, as the step itself)
        p.log_densification += (p.rho - rho_before) * 0.5 * (1.0 / rho_before + 1.0 / p.rho);
        p.grain += 0.5 * h * (k1[1] + k2[1]);
      }
      largest_strain = std::max(largest_strain, (p.log_densification - log_densification_before) / 3.0);
    }
  }
  strain_since_shape_update_ += Utilities::MPI::max(largest_strain, comm_);
}

// ---------------------------------------------------------------------------------------------
// Shrinkage as a displacement: u minimises integral |grad u - eps I|^2 (+ a vanishing penalty on
// |u|^2 that fixes the rigid translation at the centroid), i.e. one Laplace problem per
// component, integral grad u_i . grad v = integral eps dv/dx_i, on the reference mesh. A uniform
// eps gives the exact isotropic shrinkage u = eps (x - x_c).
template <int dim>
void FlashFemSolver<dim>::update_displacement() {
  if (s_.densification->name() == "none") return;
  const bool first = displacement_matrix_.frobenius_norm() == 0.0;
  if (!first && strain_since_shape_update_ < shape_update_strain) return;
  strain_since_shape_update_ = 0;
  if (first) displacement_matrix_ = 0;
  LA::MPI::Vector rhs(owned_u_, comm_);
  FEValues<dim> fv(reference_mapping_, fe_u_, quadrature_, update_values | update_gradients | update_quadrature_points | update_JxW_values);
  const unsigned n = fe_u_.n_dofs_per_cell(), nq = quadrature_.size();
  FullMatrix<double> cm(n, n);
  Vector<double> cr(n);
  std::vector<types::global_dof_index> dofs(n);
  for (const auto& cell : dof_u_.active_cell_iterators()) {
    if (!cell->is_locally_owned()) continue;
    fv.reinit(cell);
    cm = 0;
    cr = 0;
    const unsigned ci = cell->active_cell_index();
    for (unsigned q = 0; q < nq; ++q) {
      const PointState& p = state_[ci * nq + q];
      const double eps = std::expm1(-p.log_densification / 3.0);  // (rho0 / rho)^(1/3) - 1
      const double w = weight(fv.quadrature_point(q), 1.0) * fv.JxW(q);
      for (unsigned i = 0; i < n; ++i) {
        const unsigned ci_ = fe_u_.system_to_component_index(i).first;
        cr(i) += eps * fv.shape_grad(i, q)[ci_] * w;
        if (!first) continue;
        for (unsigned j = 0; j < n; ++j)
          if (fe_u_.system_to_component_index(j).first == ci_)
            cm(i, j) += fv.shape_grad(i, q) * fv.shape_grad(j, q) * w;
      }
    }
    cell->get_dof_indices(dofs);
    if (first) displacement_constraints_.distribute_local_to_global(cm, cr, dofs, displacement_matrix_, rhs);
    else displacement_constraints_.distribute_local_to_global(cr, dofs, rhs);
  }
  rhs.compress(VectorOperation::add);
  if (first) {
    displacement_matrix_.compress(VectorOperation::add);
    LA::PreconditionAMG::AdditionalData data;
    data.elliptic = true;
    std::vector<std::vector<bool>> modes;
    DoFTools::extract_constant_modes(dof_u_, ComponentMask(), modes);
    data.constant_modes = modes;
    displacement_amg_.initialize(displacement_matrix_, data);
  }
  LA::MPI::Vector solution(owned_u_, comm_);
  assign(solution, u_);
  linear_iterations_ += timed("CG displacement", [&] { return solve_with_multigrid(displacement_matrix_, displacement_amg_, solution, rhs, 1e-12,
                                             "the shrinkage displacement", 1e-6); });
  displacement_constraints_.distribute(solution);
  assign(u_, solution);
  // Shrink about the centroid: remove the mean of each component pinned at a node.
  std::array<double, dim + 1> sums{};
  std::vector<Vector<double>> values(nq, Vector<double>(dim));
  FEValues<dim> fm(reference_mapping_, fe_u_, quadrature_, update_values | update_quadrature_points | update_JxW_values);
  for (const auto& cell : dof_u_.active_cell_iterators()) {
    if (!cell->is_locally_owned()) continue;
    fm.reinit(cell);
    fm.get_function_values(u_, values);
    for (unsigned q = 0; q < nq; ++q) {
      const double w = weight(fm.quadrature_point(q), 1.0) * fm.JxW(q);
      for (unsigned d = 0; d < dim; ++d) sums[d] += values[q][d] * w;
      sums[dim] += w;
    }
  }
  for (auto& x : sums) x = Utilities::MPI::sum(x, comm_);
  for (unsigned c = 0; c < dim; ++c)
    if (free_translation_[c])
      for (const auto i : component_dofs_[c]) solution[i] = u_[i] - sums[c] / sums[dim];
  solution.compress(VectorOperation::insert);
  assign(u_, solution);
  timed("deformed mapping", [&] { cache_deformed_mapping(); });
}

// ---------------------------------------------------------------------------------------------
template <int dim>
bool FlashFemSolver<dim>::try_step(double t, double dt, std::string& why) {
  const auto& set = s_.settings;
  potential_amg_current_ = false;
  heat_amg_current_ = false;
  const auto& mms = set.manufactured;
  if (mms) {
    // Impose the manufactured boundary temperature on the iterate; updates keep it.
    AffineConstraints<double> bc;
    bc.reinit(relevant_);
    for (unsigned id : {boundary::free_surface, boundary::electrode_a, boundary::electrode_b, boundary::symmetry})
      VectorTools::interpolate_boundary_values(dof_, id, FieldFunction<dim>(mms->temperature, t), bc);
    bc.close();
    LA::MPI::Vector T(owned_, comm_);
    assign(T, T_);
    bc.distribute(T);
    assign(T_, T);
  }
  try {
    double previous_change = 1e300;
    unsigned growing = 0;
    AndersonMixing anderson(mms ? 0 : set.coupling_acceleration_depth);
    GhostedVector iterate;
    for (unsigned it = 0; it < set.max_nonlinear_iterations; ++it) {
      copy(iterate, T_);
      timed("potential", [&] { solve_potential(t); });
      const double change = timed("energy", [&] { return newton_update(t, dt); });
      // A diverging iteration is given up early: the step is then cut.
      growing = (it > 0 && change > previous_change) ? growing + 1 : 0;
      previous_change = change;
      if (growing >= 3) throw StepFailure("the electro-thermal iteration diverges at this step size");
      ++nonlinear_iterations_;
      if (!std::isfinite(change)) throw StepFailure("the temperature became non-finite");
      if (change >= set.nonlinear_tolerance) anderson.apply(iterate, T_);
      double Tmin = 1e300;
      for (const auto i : T_.locally_owned_elements()) Tmin = std::min(Tmin, T_[i]);
      if (Utilities::MPI::min(Tmin, comm_) <= 0) throw StepFailure("the temperature became negative");
      if (trace_) std::fprintf(stderr, "  t %.6g dt %.4g it %u change %.3g\n", t, dt, it, change);
      if (change < set.nonlinear_tolerance) {
        timed("potential", [&] { solve_potential(t); });  // the potential of the converged temperature
        return true;
      }
    }
    why = fmt::format("the electro-thermal iteration did not converge in {} iterations", set.max_nonlinear_iterations);
  } catch (const StepFailure& e) {
    why = e.what();
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
template <int dim>
FlashFemObservation FlashFemSolver<dim>::observe(double t) const {
  FlashFemObservation o;
  o.time = t;
  o.furnace_temperature = s_.furnace.temperature(t);
  const double Tf = o.furnace_temperature;
  const auto& mms = s_.settings.manufactured;
  const double rc = s_.boundary.contact_resistance, he = s_.boundary.electrode_heat_transfer;
  FEValues<dim> fv(mapping(), fe_, quadrature_, update_values | update_gradients | update_quadrature_points | update_JxW_values);
  FEValues<dim> fr(reference_mapping_, fe_, quadrature_, update_quadrature_points);
  FEFaceValues<dim> ffv(mapping(), fe_, face_quadrature_, update_values | update_quadrature_points | update_JxW_values);
  const unsigned nq = quadrature_.size(), nfq = face_quadrature_.size();
  std::vector<double> Tq(nq), Tfq(nfq), Ufq(nfq);
  std::vector<Tensor<1, dim>> gradU(nq), grad_a(nq), grad_b(nq);
  const bool robin = rc > 0 && !mms;
  // Sums: volume, T volume, gauge volume, T gauge, rho gauge, G gauge, Joule gauge, Joule total,
  // free area, T free area, radiated, convected, electrode loss, contact power, stored heat,
  // current into electrode a, out of electrode b.
  enum { V, TV, VG, TG, RG, GG, PG, P, A, TA, RAD, CONV, EL, CONTACT, STORED, IA, IB, N };
  std::array<double, N> sum{};
  double Tmax = -1e300, Tmin = 1e300, Tmax_gauge = -1e300;
  const int axis = s_.specimen.gauge_axis();
  std::vector<double> section;  // (T, area, current through it) triples of mid-section points
  const bool plane = s_.specimen.model == SpatialModel::plane;
  for (const auto& cell : dof_.active_cell_iterators()) {
    if (!cell->is_locally_owned()) continue;
    fv.reinit(cell);
    fr.reinit(cell);
    fv.get_function_values(T_, Tq);
    fv.get_function_gradients(U_, gradU);
    if (!robin) {
      fv.get_function_gradients(electrode_indicator_a_, grad_a);
      fv.get_function_gradients(electrode_indicator_b_, grad_b);
    }
    const unsigned ci = cell->active_cell_index();
    // Cells crossing the mid-section contribute their points to the hot-spot measure, each
    // with the area it represents (its volume over the cell's extent along the current).
    double lo = 1e300, hi = -1e300;
    for (const auto v : cell->vertex_indices()) {
      lo = std::min(lo, cell->vertex(v)[axis]);
      hi = std::max(hi, cell->vertex(v)[axis]);
    }
    const bool on_section = lo <= section_coordinate_ && section_coordinate_ < hi;
    for (unsigned q = 0; q < nq; ++q) {
      const PointState& p = state_[ci * nq + q];
      const double w = weight(fv.quadrature_point(q), thickness_scale(p)) * fv.JxW(q);
      const double sig = sigma(Tq[q], p.rho);
      const double joule = sig * gradU[q].norm_square() * w;
      sum[V] += w;
      sum[TV] += Tq[q] * w;
      sum[P] += joule;
      if (!robin) {
        sum[IA] += sig * (gradU[q] * grad_a[q]) * w;
        sum[IB] -= sig * (gradU[q] * grad_b[q]) * w;
      }
      sum[STORED] += point_mass_[ci * nq + q] * s_.material.heat_capacity.enthalpy(Tq[q]) - initial_enthalpy_mass_[ci * nq + q];
      if (s_.specimen.in_gauge(to_array(fr.quadrature_point(q)))) {
        Tmax_gauge = std::max(Tmax_gauge, Tq[q]);
        sum[VG] += w;
        sum[TG] += Tq[q] * w;
        sum[RG] += p.rho * w;
        sum[GG] += p.grain * w;
        sum[PG] += joule;
      }
      Tmax = std::max(Tmax, Tq[q]);
      Tmin = std::min(Tmin, Tq[q]);
      if (plane && !mms) {
        const double Tq4 = std::pow(Tq[q], 4), Tf4 = std::pow(Tf, 4);
        sum[RAD] += 2.0 * eps_sb_ * (Tq4 - Tf4) * fv.JxW(q);
        sum[CONV] += 2.0 * h_ * (Tq[q] - Tf) * fv.JxW(q);
      }
      if (on_section) {
        const double area = w / (hi - lo);
        section.push_back(Tq[q]);
        section.push_back(area);
        section.push_back(std::abs(sig * gradU[q][axis]) * area);
      }
    }
    if (mms) continue;
    const PointState mean = cell_state(ci);
    for (const auto f : cell->face_indices()) {
      if (!cell->face(f)->at_boundary()) continue;
      const auto id = cell->face(f)->boundary_id();
      if (id == boundary::symmetry) continue;
      ffv.reinit(cell, f);
      ffv.get_function_values(T_, Tfq);
      const bool electrode = id == boundary::electrode_a || id == boundary::electrode_b;
      if (electrode && rc > 0) ffv.get_function_values(U_, Ufq);
      // The vertices stay at their reference positions (the deformation lives in the mapping).
      const bool in_gauge_face = s_.specimen.in_gauge(to_array(cell->face(f)->center()));
      for (unsigned q = 0; q < nfq; ++q) {
        const double w = weight(ffv.quadrature_point(q), thickness_scale(mean)) * ffv.JxW(q);
        if (!electrode) {
          if (in_gauge_face) {
            sum[A] += w;
            sum[TA] += Tfq[q] * w;
          }
          sum[RAD] += eps_sb_ * (std::pow(Tfq[q], 4) - std::pow(Tf, 4)) * w;
          sum[CONV] += h_ * (Tfq[q] - Tf) * w;
        } else {
          sum[EL] += he * (Tfq[q] - Tf) * w;
          if (robin) {
            const double flux = (electrode_potential(id, voltage_) - Ufq[q]) / rc;  // A/m^2 into the specimen
            sum[CONTACT] += flux * flux * rc * w;
            sum[id == boundary::electrode_a ? IA : IB] += (id == boundary::electrode_a ? flux : -flux) * w;
          }
        }
      }
    }
  }
  for (auto& x : sum) x = Utilities::MPI::sum(x, comm_);
  const double sf = symmetry_factor_;
  o.max_temperature = Utilities::MPI::max(Tmax, comm_);
  o.min_temperature = Utilities::MPI::min(Tmin, comm_);
  o.mean_temperature = sum[TV] / sum[V];
  o.temperature = sum[VG] > 0 ? sum[TG] / sum[VG] : o.mean_temperature;
  o.surface_temperature = sum[A] > 0 ? sum[TA] / sum[A] : o.mean_temperature;
  // Core and surface of the gauge section (the dog-bone's heads are cooler and would hide it).
  o.core_surface_difference = Utilities::MPI::max(Tmax_gauge, comm_) - o.surface_temperature;
  o.relative_density = sum[VG] > 0 ? sum[RG] / sum[VG] : 0;
  o.grain_size = sum[VG] > 0 ? sum[GG] / sum[VG] : 0;
  o.conductance = conductance_;
  o.voltage = voltage_;
  o.power = (sum[P] + sum[CONTACT]) * sf;
  o.current = mms ? 0.0 : voltage_ * conductance_;
  o.contact_power = sum[CONTACT] * sf;
  // The gauge section now: its length and cross-section scale with the cube root of its volume.
  const double gauge_volume = sum[VG] * sf;
  const double scale = std::cbrt(gauge_volume / s_.specimen.gauge.volume);
  o.field = voltage_ / (s_.specimen.gauge.length * scale);
  o.current_density = o.current / (s_.specimen.gauge.cross_section * scale * scale);
  o.power_density = sum[PG] * sf / gauge_volume;
  o.conductivity = conductance_ * s_.specimen.gauge.length * scale / (s_.specimen.gauge.cross_section * scale * scale);
  o.supply_state = supply_out_.state;
  o.electrode_loss = sum[EL] * sf;
  o.radiated_power = sum[RAD] * sf;
  o.convected_power = sum[CONV] * sf;
  o.electrical_energy = E_el_;
  o.radiated_energy = E_rad_;
  o.convected_energy = E_conv_;
  o.electrode_energy = E_electrode_;
  o.stored_heat = sum[STORED] * sf;
  o.max_displacement = u_.linfty_norm();
  // Charge conservation: the current through each electrode. With fixed electrode potentials it
  // is the residual of the potential equation tested with the electrode's indicator function
  // (exact for the discrete solution: the Galerkin equations of the interior nodes vanish); with
  // contact resistances, the flux through the contact.
  o.electrode_current_in = sum[IA] * sf;
  o.electrode_current_out = sum[IB] * sf;
  // The hottest tenth of the mid-section: the fraction of the current it carries.
  const auto all = Utilities::MPI::all_gather(comm_, section);
  std::vector<std::array<double, 3>> points;
  for (const auto& part : all)
    for (std::size_t i = 0; i + 2 < part.size(); i += 3) points.push_back({part[i], part[i + 1], part[i + 2]});
  std::sort(points.begin(), points.end(), [](const auto& a, const auto& b) { return a[0] > b[0]; });
  double total_area = 0, total_current = 0;
  for (const auto& p : points) {
    total_area += p[1];
    total_current += p[2];
  }
  double area = 0, current = 0;
  for (const auto& p : points) {
    if (area >= 0.1 * total_area) break;
    const double take = std::min(1.0, (0.1 * total_area - area) / p[1]);
    area += take * p[1];
    current += take * p[2];
  }
  o.hottest_tenth_current_fraction = total_current > 0 ? current / total_current : 0.1;
  return o;
}

// ---------------------------------------------------------------------------------------------
// Fields for ParaView: nodal T, U and displacement on the deformed mesh; cell means of sigma,
// |J|, the Joule power density, density and grain size; the MPI partition.
template <int dim>
void FlashFemSolver<dim>::write_fields(double t, const std::string& label) {
  if (s_.settings.field_directory.empty()) return;
  const unsigned nq = quadrature_.size();
  Vector<float> sig(tria_.n_active_cells()), J(tria_.n_active_cells()), q_joule(tria_.n_active_cells()),
      rho(tria_.n_active_cells()), grain(tria_.n_active_cells()), part(tria_.n_active_cells());
  FEValues<dim> fv(mapping(), fe_, quadrature_, update_values | update_gradients | update_JxW_values);
  std::vector<double> Tq(nq);
  std::vector<Tensor<1, dim>> gradU(nq);
  for (const auto& cell : dof_.active_cell_iterators()) {
    if (!cell->is_locally_owned()) continue;
    fv.reinit(cell);
    fv.get_function_values(T_, Tq);
    fv.get_function_gradients(U_, gradU);
    const unsigned ci = cell->active_cell_index();
    double vol = 0, a = 0, b = 0, c = 0, d = 0, e = 0;
    for (unsigned q = 0; q < nq; ++q) {
      const PointState& p = state_[ci * nq + q];
      const double sg = sigma(Tq[q], p.rho);
      vol += fv.JxW(q);
      a += sg * fv.JxW(q);
      b += sg * gradU[q].norm() * fv.JxW(q);
      c += sg * gradU[q].norm_square() * fv.JxW(q);
      d += p.rho * fv.JxW(q);
      e += p.grain * fv.JxW(q);
    }
    sig[ci] = a / vol;
    J[ci] = b / vol;
    q_joule[ci] = c / vol;
    rho[ci] = d / vol;
    grain[ci] = e / vol;
    part[ci] = rank_;
  }
  DataOut<dim> out;
  out.attach_triangulation(tria_);
  out.add_data_vector(dof_, T_, "temperature_K");
  out.add_data_vector(dof_, U_, "potential_V");
  std::vector<DataComponentInterpretation::DataComponentInterpretation> vector_kind(
      dim, DataComponentInterpretation::component_is_part_of_vector);
  out.add_data_vector(dof_u_, u_, std::vector<std::string>(dim, "displacement_m"), vector_kind);
  out.add_data_vector(sig, "conductivity_S_per_m", DataOut<dim>::type_cell_data);
  out.add_data_vector(J, "current_density_A_per_m2", DataOut<dim>::type_cell_data);
  out.add_data_vector(q_joule, "joule_power_W_per_m3", DataOut<dim>::type_cell_data);
  out.add_data_vector(rho, "relative_density", DataOut<dim>::type_cell_data);
  out.add_data_vector(grain, "grain_size_m", DataOut<dim>::type_cell_data);
  out.add_data_vector(part, "mpi_rank", DataOut<dim>::type_cell_data);
  out.build_patches(mapping(), s_.settings.fe_degree);
  const std::string dir = s_.settings.field_directory.string() + "/";
  const std::string name = out.write_vtu_with_pvtu_record(dir, "fields", field_counter_++, comm_, 4);
  pvd_records_.emplace_back(t, name);
  if (rank_ == 0) {
    std::ofstream pvd(dir + "fields.pvd");
    DataOutBase::write_pvd_record(pvd, pvd_records_);
    result_.field_files.push_back(fmt::format("{} (t = {:.6g} s, {})", name, t, label));
  }
}

// The temperature on the deformed specimen at peak power as gnuplot patches (the surface in
// 3-D, the plan or half-plane in 2-D), one file per process.
template <int dim>
void FlashFemSolver<dim>::write_picture_data() {
  if (s_.settings.field_directory.empty() || !s_.settings.write_picture_fields || peak_T_.size() == 0) return;
  GhostedVector T_now, u_now;
  copy(T_now, T_);
  copy(u_now, u_);
  copy(T_, peak_T_);
  copy(u_, peak_u_);
  const auto file = s_.settings.field_directory / fmt::format("peak_power_temperature.{}.gnuplot", rank_);
  std::ofstream stream(file);
  if constexpr (dim == 3) {
    DataOutFaces<dim> out(true);
    out.attach_dof_handler(dof_);
    out.add_data_vector(T_, "T");
    out.build_patches(mapping(), 1);
    out.write_gnuplot(stream);
  } else {
    DataOut<dim> out;
    out.attach_dof_handler(dof_);
    out.add_data_vector(T_, "T");
    out.build_patches(mapping(), 1);
    out.write_gnuplot(stream);
  }
  copy(T_, T_now);
  copy(u_, u_now);
  result_.picture_data = s_.settings.field_directory / "peak_power_temperature";
}

namespace {
// Linear interpolation of the scalar measures between two observations (rows inside a step).
FlashFemObservation interpolate(const FlashFemObservation& a, const FlashFemObservation& b, double t) {
  const double f = (t - a.time) / (b.time - a.time);
  auto mix = [f](double x, double y) { return x + f * (y - x); };
  FlashFemObservation o = b;
  o.time = t;
  o.furnace_temperature = mix(a.furnace_temperature, b.furnace_temperature);
  o.temperature = mix(a.temperature, b.temperature);
  o.field = mix(a.field, b.field);
  o.current_density = mix(a.current_density, b.current_density);
  o.voltage = mix(a.voltage, b.voltage);
  o.current = mix(a.current, b.current);
  o.power = mix(a.power, b.power);
  o.power_density = mix(a.power_density, b.power_density);
  o.conductivity = mix(a.conductivity, b.conductivity);
  o.relative_density = mix(a.relative_density, b.relative_density);
  o.grain_size = mix(a.grain_size, b.grain_size);
  o.electrical_energy = mix(a.electrical_energy, b.electrical_energy);
  o.radiated_energy = mix(a.radiated_energy, b.radiated_energy);
  o.convected_energy = mix(a.convected_energy, b.convected_energy);
  o.max_temperature = mix(a.max_temperature, b.max_temperature);
  o.min_temperature = mix(a.min_temperature, b.min_temperature);
  o.mean_temperature = mix(a.mean_temperature, b.mean_temperature);
  o.surface_temperature = mix(a.surface_temperature, b.surface_temperature);
  o.core_surface_difference = mix(a.core_surface_difference, b.core_surface_difference);
  o.hottest_tenth_current_fraction = mix(a.hottest_tenth_current_fraction, b.hottest_tenth_current_fraction);
  o.electrode_current_in = mix(a.electrode_current_in, b.electrode_current_in);
  o.electrode_current_out = mix(a.electrode_current_out, b.electrode_current_out);
  o.electrode_loss = mix(a.electrode_loss, b.electrode_loss);
  o.radiated_power = mix(a.radiated_power, b.radiated_power);
  o.convected_power = mix(a.convected_power, b.convected_power);
  o.conductance = mix(a.conductance, b.conductance);
  o.contact_power = mix(a.contact_power, b.contact_power);
  o.stored_heat = mix(a.stored_heat, b.stored_heat);
  o.electrode_energy = mix(a.electrode_energy, b.electrode_energy);
  o.max_displacement = mix(a.max_displacement, b.max_displacement);
  o.supply_state = f < 1 ? a.supply_state : b.supply_state;
  return o;
}
}  // namespace

template <int dim>
FlashFemResult FlashFemSolver<dim>::run(const std::function<void(const FlashFemObservation&)>& observer) {
  const auto& set = s_.settings;
  const auto& mms = set.manufactured;
  if (!(set.end_time > 0)) throw SolverError("the run needs an end time > 0 s");
  if (!set.field_directory.empty()) {
    if (rank_ == 0) std::filesystem::create_directories(set.field_directory);
    MPI_Barrier(comm_);
  }
  result_.cells = tria_.n_global_active_cells();
  result_.dofs_per_field = dof_.n_dofs();
  result_.processes = size_;

  // Initial state: the specimen at the furnace temperature (or the manufactured one).
  {
    LA::MPI::Vector T(owned_, comm_);
    if (mms) VectorTools::interpolate(mapping(), dof_, FieldFunction<dim>(mms->temperature, 0.0), T);
    else T = s_.furnace.temperature(0.0);
    assign(T_, T);
    copy(T_old_, T_);
    copy(T_older_, T_);
  }
  const unsigned nq = quadrature_.size();
  point_mass_.assign(state_.size(), 0.0);
  initial_enthalpy_mass_.assign(state_.size(), 0.0);
  {
    FEValues<dim> fr(reference_mapping_, fe_, quadrature_, update_values | update_quadrature_points | update_JxW_values);
    std::vector<double> Tq(nq);
    for (const auto& cell : dof_.active_cell_iterators()) {
      if (!cell->is_locally_owned()) continue;
      fr.reinit(cell);
      fr.get_function_values(T_, Tq);
      const unsigned ci = cell->active_cell_index();
      for (unsigned q = 0; q < nq; ++q) {
        PointState& p = state_[ci * nq + q];
        p = {s_.specimen.green_density, s_.specimen.initial_grain_size, s_.specimen.green_density, 0.0};
        const double m = s_.material.theoretical_density * p.rho0 * weight(fr.quadrature_point(q), 1.0) * fr.JxW(q);
        point_mass_[ci * nq + q] = m;
        initial_enthalpy_mass_[ci * nq + q] = m * s_.material.heat_capacity.enthalpy(Tq[q]);
      }
    }
  }
  // The mid-section for the hot-spot measure: the middle of the specimen along the current.
  {
    const int axis = s_.specimen.gauge_axis();
    double lo = 1e300, hi = -1e300;
    for (const auto& cell : tria_.active_cell_iterators())
      if (cell->is_locally_owned())
        for (const auto v : cell->vertex_indices()) {
          lo = std::min(lo, cell->vertex(v)[axis]);
          hi = std::max(hi, cell->vertex(v)[axis]);
        }
    section_coordinate_ = 0.5 * (Utilities::MPI::min(lo, comm_) + Utilities::MPI::max(hi, comm_));
  }

  potential_amg_current_ = false;
  try {
    solve_potential(0.0);
  } catch (const StepFailure& e) {
    throw SolverError(fmt::format("the initial potential could not be solved: {}", e.what()));
  }
  FlashFemObservation previous = observe(0.0);
  result_.initial = previous;
  result_.peak_temperature = previous.max_temperature;
  FlashFemObservation last_row = previous;
  if (observer && rank_ == 0) observer(previous);
  write_fields(0.0, "start");

  double end_time = set.end_time;
  std::vector<double> stops = s_.furnace.breakpoints();
  for (double b : s_.supply.breakpoints()) stops.push_back(b);
  for (double b : set.field_output_times) stops.push_back(b);
  stops.push_back(end_time);
  auto tidy = [&] {
    std::sort(stops.begin(), stops.end());
    stops.erase(std::remove_if(stops.begin(), stops.end(), [&](double x) { return x <= 0 || x > end_time; }), stops.end());
    stops.erase(std::unique(stops.begin(), stops.end()), stops.end());
  };
  tidy();
  const double max_dt = set.fixed_time_step ? *set.fixed_time_step
                                            : (set.max_time_step > 0 ? set.max_time_step : end_time / 50.0);
  double t = 0, dt = set.fixed_time_step.value_or(std::min(set.initial_time_step, max_dt)), dt_prev = 0;
  // The step controller's memory: the last accepted step's error ratio (0: none yet) and
  // whether the last attempt was rejected.
  double ratio_prev = 0;
  bool just_rejected = false;
  double next_field_time = set.field_output_interval > 0 ? set.field_output_interval : 1e300;
  const bool voltage_mode = s_.supply.mode() == PowerSupply::Mode::voltage;
  auto record_onset = [&](const FlashFemObservation& o, double t_onset) {
    result_.onset_time = t_onset;
    result_.onset_furnace_temperature = s_.furnace.temperature(t_onset);
    result_.onset_temperature = o.temperature;
    result_.onset_power_density = o.power_density;
    if (s_.supply.hold_after_onset()) {
      end_time = std::min(end_time, t_onset + *s_.supply.hold_after_onset());
      stops.push_back(end_time);
      tidy();
    }
  };
  if (voltage_mode && !mms && previous.supply_state == PowerSupply::State::current_control) record_onset(previous, 0.0);

  const double t_eps = 1e-12 * end_time;
  while (t < end_time - t_eps) {
    const double next_stop = *std::upper_bound(stops.begin(), stops.end(), t + t_eps);
    double step = std::min({dt, max_dt, next_stop - t});
    // No sliver before a stop; after a rejection, stretching would repeat the rejected step.
    if (next_stop - (t + step) < 0.2 * step) step = just_rejected ? 0.5 * (next_stop - t) : next_stop - t;
    const double t_new = t + step;
    copy(T_old_, T_);
    // Predictor: linear extrapolation of the last two steps (the error estimate's reference).
    GhostedVector prediction;
    copy(prediction, T_old_);
    const bool estimate = dt_prev > 0 && !set.fixed_time_step && !mms;
    if (estimate) prediction.sadd(1.0 + step / dt_prev, -step / dt_prev, T_older_);
    prediction.update_ghost_values();
    copy(T_, prediction);
    std::string why;
    if (!try_step(t_new, step, why)) {
      if (trace_) std::fprintf(stderr, "  rejected t %.6g dt %.4g: %s\n", t_new, step, why.c_str());
      copy(T_, T_old_);
      ++result_.rejected_steps;
      dt = 0.25 * step;
      just_rejected = true;
      if (dt < 1e-9 * std::max(1.0, end_time) || set.fixed_time_step) {
        const FlashFemObservation o = observe(t);
        throw SolverError(fmt::format(
            "the FEM step from t = {:.6g} s failed even with a step of {:.3g} s (furnace {:.1f} K, specimen max {:.1f} K, "
            "supply {}): {}; try a smaller solver.initial_time_step or solver.relative_tolerance, or a finer mesh",
            t, step, o.furnace_temperature, o.max_temperature, PowerSupply::state_name(o.supply_state), why));
      }
      continue;
    }
    double error_ratio = 0;
    if (estimate) {
      GhostedVector diff;
      copy(diff, T_);
      diff -= prediction;
      const double err = diff.linfty_norm() * step / (step + dt_prev);
      const double tol = set.relative_tolerance * T_.linfty_norm();
      error_ratio = err / tol;
      if (trace_) std::fprintf(stderr, "  error ratio %.3g\n", error_ratio);
      if (error_ratio > 1.0) {
        copy(T_, T_old_);
        ++result_.rejected_steps;
        dt = step * std::max(0.2, 0.9 / std::sqrt(error_ratio));
        just_rejected = true;
        continue;
      }
    }

    // Accepted. Energies over the step from the rates at its end (implicit Euler).
    FlashFemObservation o = timed("observe", [&] { return observe(t_new); });
    E_el_ += step * o.power;
    E_rad_ += step * o.radiated_power;
    E_conv_ += step * o.convected_power;
    E_electrode_ += step * o.electrode_loss;
    o.electrical_energy = E_el_;
    o.radiated_energy = E_rad_;
    o.convected_energy = E_conv_;
    o.electrode_energy = E_electrode_;
    o.step = ++result_.steps;
    // Then the microstructure and the shape the next step sees.
    timed("microstructure", [&] { advance_microstructure(step); });
    try {
      timed("displacement", [&] { update_displacement(); });
    } catch (const StepFailure& e) {
      throw SolverError(fmt::format("at t = {:.6g} s: {}", t_new, e.what()));
    }
    {
      // Mean relative density of the gauge as a balance would measure it: its mass over its
      // volume, rho0 V0 / integral (rho0 / rho) dV0; grain size by volume.
      FEValues<dim> fr(reference_mapping_, fe_, quadrature_, update_quadrature_points | update_JxW_values);
      double v0 = 0, v = 0, g = 0, m = 0;
      for (const auto& cell : dof_.active_cell_iterators()) {
        if (!cell->is_locally_owned()) continue;
        fr.reinit(cell);
        const unsigned ci = cell->active_cell_index();
        for (unsigned q = 0; q < nq; ++q) {
          if (!s_.specimen.in_gauge(to_array(fr.quadrature_point(q)))) continue;
          const PointState& p = state_[ci * nq + q];
          const double w = weight(fr.quadrature_point(q), 1.0) * fr.JxW(q);
          v0 += w;
          v += w * p.rho0 / p.rho;
          g += w * p.grain;
          m += w * p.rho0;
        }
      }
      v0 = Utilities::MPI::sum(v0, comm_);
      v = Utilities::MPI::sum(v, comm_);
      g = Utilities::MPI::sum(g, comm_);
      m = Utilities::MPI::sum(m, comm_);
      if (v > 0) {
        o.relative_density = m / v;
        o.grain_size = g / v0;
      }
    }
    const double t_old = t;
    copy(T_older_, T_old_);
    const double dt_before = dt_prev;
    dt_prev = step;
    t = t_new;

    // The flash: the supply switches from voltage to current control.
    if (voltage_mode && !mms && !result_.onset_time && o.supply_state == PowerSupply::State::current_control) {
      const double m0 = s_.supply.state_switch_margin(t_old, 1.0 / previous.conductance, s_.specimen.gauge);
      const double m1 = s_.supply.state_switch_margin(t, 1.0 / o.conductance, s_.specimen.gauge);
      const double t_onset = (m0 != m1) ? std::clamp(t_old + step * m0 / (m0 - m1), t_old, t) : t;
      record_onset(o, t_onset);
      timed("fields", [&] { write_fields(t, "flash onset"); });
    }
    if (o.max_temperature > result_.peak_temperature) {
      result_.peak_temperature = o.max_temperature;
      result_.peak_temperature_time = t;
    }
    result_.peak_core_surface_difference = std::max(result_.peak_core_surface_difference, o.core_surface_difference);
    if (o.power > result_.peak_power) {
      result_.peak_power = o.power;
      result_.peak_power_time = t;
      copy(peak_T_, T_);
      copy(peak_u_, u_);
    }
    const double I = std::max(std::abs(o.current), 1e-300);
    if (!mms && o.current > 0)
      result_.charge_balance_residual = std::max(
          result_.charge_balance_residual,
          std::max(std::abs(o.electrode_current_in - o.current), std::abs(o.electrode_current_out - o.current)) / I);

    // Rows: every output interval (interpolated inside long steps), and whenever something moves.
    if (observer && rank_ == 0 && set.output_interval > 0)
      while (last_row.time + set.output_interval < t - t_eps) {
        const FlashFemObservation row = interpolate(previous, o, last_row.time + set.output_interval);
        if (row.time <= previous.time) break;
        observer(row);
        last_row = row;
      }
    const bool at_stop = std::abs(t - next_stop) <= t_eps || t >= end_time - t_eps;
    const bool due = t - last_row.time >= set.output_interval - t_eps ||
                     std::abs(o.max_temperature - last_row.max_temperature) >= set.output_temperature_change ||
                     o.supply_state != last_row.supply_state || at_stop;
    if (due) {
      if (observer && rank_ == 0) observer(o);
      last_row = o;
    }
    previous = o;
    result_.final = o;
    for (double ft : set.field_output_times)
      if (std::abs(ft - t) <= t_eps) timed("fields", [&] { write_fields(t, "requested"); });
    if (t >= next_field_time - t_eps) {
      timed("fields", [&] { write_fields(t, "interval"); });
      while (next_field_time <= t + t_eps) next_field_time += set.field_output_interval;
    }
    if (!mms && o.max_temperature >= s_.material.limit_temperature) {
      result_.exit_state = fmt::format("stopped: the specimen reached its {} temperature ({:.0f} K) at t = {:.4g} s",
                                       s_.material.limit_kind, s_.material.limit_temperature, t);
      break;
    }
    // The next step: error control (or doubling after the first step).
    if (set.fixed_time_step) dt = *set.fixed_time_step;
    else if (estimate) {
      // Gustafsson's predictive controller (BIT 34 (1994) 497): the error estimate grows as dt^2,
      // and, approaching runaway, also from step to step at a fixed dt; the second factor
      // extrapolates that trend, which the plain controller misses (it then alternates between
      // an accepted and a rejected step).
      const double r = std::max(error_ratio, 1e-12);
      double factor = 0.9 / std::sqrt(r);
      if (ratio_prev > 0) factor *= (step / dt_before) * std::sqrt(ratio_prev / r);
      factor = std::clamp(factor, 0.25, just_rejected ? 1.0 : 2.0);
      dt = step * factor;
      ratio_prev = r;
    } else dt = 2.0 * step;
    just_rejected = false;
  }
  if (result_.steps == 0) result_.final = previous;
  timed("fields", [&] { write_fields(t, "end"); });
  timed("fields", [&] { write_picture_data(); });
  if (trace_ && rank_ == 0)
    for (const auto& [phase, seconds] : phase_seconds_) std::fprintf(stderr, "  time in %s: %.2f s\n", phase.c_str(), seconds);

  const auto& f = result_.final;
  const double losses = f.radiated_energy + f.convected_energy + f.electrode_energy;
  const double scale = std::max({std::abs(f.electrical_energy), std::abs(losses), std::abs(f.stored_heat), 1e-30});
  result_.energy_balance_residual = (f.electrical_energy - losses - f.stored_heat) / scale;
  result_.nonlinear_iterations = nonlinear_iterations_;
  result_.linear_iterations = linear_iterations_;

  if (mms) {
    // Errors against the manufactured solution at the end time.
    QGauss<dim> error_quadrature(s_.settings.fe_degree + 3);
    Vector<float> cell_error(tria_.n_active_cells());
    auto error_of = [&](const GhostedVector& v, const ManufacturedSolution::Field& exact, VectorTools::NormType norm) {
      VectorTools::integrate_difference(mapping(), dof_, v, FieldFunction<dim>(exact, t), cell_error, error_quadrature, norm);
      return VectorTools::compute_global_error(tria_, cell_error, norm);
    };
    result_.temperature_l2_error = error_of(T_, mms->temperature, VectorTools::L2_norm);
    result_.temperature_max_error = error_of(T_, mms->temperature, VectorTools::Linfty_norm);
    result_.potential_l2_error = error_of(U_, mms->potential_exact ? mms->potential_exact : mms->potential_a, VectorTools::L2_norm);
  }
  return result_;
}

}  // namespace

namespace {
// deal.II's MPI (and PETSc, p4est) session. Deleted by MpiSession at the end of main, before
// static objects go (deal.II's vector pools among them); without an MpiSession (tests, the
// Python module) it lives until the process ends, and the singleton process exits without
// MPI_Finalize.
Utilities::MPI::MPI_InitFinalize* mpi_session = nullptr;
}  // namespace

void ensure_mpi_initialized() {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (initialized) return;
  static int argc = 1;
  static char name[] = "kiln";
  static char* argv_storage[] = {name, nullptr};
  static char** argv = argv_storage;
  // One thread per process: kiln's parallelism is MPI (and the 0-D sweeps' threads).
  mpi_session = new Utilities::MPI::MPI_InitFinalize(argc, argv, 1);
}

MpiSession::~MpiSession() {
  delete mpi_session;
  mpi_session = nullptr;
}

unsigned mpi_rank() {
  int initialized = 0;
  MPI_Initialized(&initialized);
  return initialized ? Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) : 0;
}

unsigned mpi_size() {
  int initialized = 0;
  MPI_Initialized(&initialized);
  return initialized ? Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD) : 1;
}

FlashFemResult run_flash_fem(const FlashFemSetup& setup, const std::function<void(const FlashFemObservation&)>& observer) {
  ensure_mpi_initialized();
  if (setup.settings.fe_degree < 1 || setup.settings.fe_degree > 3)
    throw SolverError("solver.fe_degree must be 1, 2 or 3");
  if (!setup.densification || !setup.grain_growth) throw SolverError("the FEM model needs its kinetics laws (none is a law)");
  if (setup.specimen.dimension() == 3) {
    FlashFemSolver<3> solver(setup, MPI_COMM_WORLD);
    return solver.run(observer);
  }
  FlashFemSolver<2> solver(setup, MPI_COMM_WORLD);
  return solver.run(observer);
}

}  // namespace kiln

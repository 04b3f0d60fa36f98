"""FEniCSx peer of kiln's finite-element flash-sintering benchmark (bench/flash_fem_bar.toml).

A 3YSZ bar 20 x 3.3 x 1.58 mm, electrodes on its end faces (x = -L/2 at V = 200 V, x = +L/2
grounded: 100 V/cm), furnace held at 900 degC, radiation from the four lateral faces, relative
density 0.5 fixed (no densification), Q1 hexahedra, implicit Euler with fixed steps of 0.5 s.
Each step iterates the electro-thermal coupling exactly as kiln's flash.fem solver does
(src/fem/flash_fem_model.cpp, try_step / solve_potential / newton_update):

  1. potential at unit voltage, div(sigma(T_k) grad phi) = 0, phi = 1 / 0 on the electrodes
     (CG + hypre BoomerAMG, rtol 1e-12);
  2. U = V phi (voltage control, V = 200 V);
  3. one Newton step of the enthalpy form of the energy equation at T_k with the Joule heat
     sigma(T_k) |grad U|^2 lagged (Picard), Jacobian without dk/dT and dsigma/dT (symmetric
     positive definite; CG + BoomerAMG, rtol 1e-10);
  4. until max |dT| < 0.01 K, then the potential once more.

The algebraic-multigrid preconditioners are built once per time step (at its first coupling
iteration) and reused for the rest of the step, as kiln does. Quadrature: Gauss-Jacobi of degree 3
= 2 points per direction (8 per hexahedron, 2 x 2 per face), the QGauss(2) of kiln's Q1 elements.
The maximum temperature is taken over the quadrature points (kiln's definition); the nodal maximum
is printed as well.

Material data are those of data/materials/3YSZ.toml, with kiln's constants (Boltzmann
1.380649e-23 J/K, 1 eV = 1.60217733e-19 J as in UDUNITS-2, Stefan-Boltzmann 5.670374419e-8).

Written for and run with dolfinx 0.5.2 (the Debian package; petsc4py 3.18), serial:

    /usr/bin/python3 bench/fenicsx_flash_step.py --mesh-size 0.4e-3 [--steps 10] [--dt 0.5]

The kiln run it is compared with:

    ./build/apps/kiln/kiln run bench/flash_fem_bar.toml -q -o /tmp/kiln_bench_check
    ./build/apps/kiln/kiln run bench/flash_fem_bar.toml --set solver.mesh_size="0.2 mm" -q -o ...
"""

import argparse
import json
import logging
import math
import sys
import time

import numpy as np
import ufl
from mpi4py import MPI
from petsc4py import PETSc

import basix
import dolfinx
import dolfinx.fem.petsc
from dolfinx import fem, mesh

# --- constants (kiln: src/materials/conductivity.hpp; eV from the UDUNITS-2 database) ----------
K_BOLTZMANN = 1.380649e-23  # J/K
ELECTRONVOLT = 1.60217733e-19  # J
STEFAN_BOLTZMANN = 5.670374419e-8  # W/(m^2 K^4)

# --- problem (bench/flash_fem_bar.toml) ------------------------------------------------------
LENGTH, WIDTH, THICKNESS = 20e-3, 3.3e-3, 1.58e-3  # m
T_FURNACE = 900.0 + 273.15  # K
FIELD = 100.0 * 100.0  # 100 V/cm in V/m
VOLTAGE = FIELD * LENGTH  # 200 V (voltage control; the current limit is never reached)
REL_DENSITY = 0.50  # green density, no densification
H_CONV = 0.0  # W/(m^2 K): kiln's furnace default (src/process/furnace_schedule.cpp): radiation only

# --- 3YSZ (data/materials/3YSZ.toml) -----------------------------------------------------------
THEORETICAL_DENSITY = 6080.0  # kg/m^3 (6.08 g/cm^3)
CP_A, CP_B, CP_C = 565.0, 0.06111, -1.141e7  # c_p = a + b T + c/T^2, J/(kg K)
K_REF, T_REF, K_EXPONENT = 2.7, 300.0, 0.0  # k = k_ref (T_ref/T)^n (1-p)/(1+p/2)
EMISSIVITY = 0.8
SIGMA0 = 1.729e4  # S/m, prefactor "sigma0" (not sigma0/T), one ionic "total" term
EA = 0.95 * ELECTRONVOLT  # J
ARCHIE_M = 1.5  # sigma = sigma_dense rho^m
REFERENCE_DENSITY = 1.0  # no reference_relative_density in 3YSZ.toml: the terms are dense values

NONLINEAR_TOL = 1e-2  # K
MAX_COUPLING = 30


def divisions(length, h):
    """kiln's std::lround(length / h), at least 1 (round half away from zero)."""
    return max(1, int(math.floor(length / h + 0.5)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mesh-size", type=float, default=0.4e-3, help="element size h in m (default 0.4e-3)")
    parser.add_argument("--steps", type=int, default=10, help="number of time steps (default 10)")
    parser.add_argument("--dt", type=float, default=0.5, help="time step in s (default 0.5)")
    parser.add_argument("--quiet", action="store_true", help="no per-step lines")
    args = parser.parse_args()
    comm = MPI.COMM_WORLD
    rank = comm.rank
    logging.disable(logging.INFO)  # no compiler lines from the JIT (cffi/setuptools) on first use

    def say(*a):
        if rank == 0:
            print(*a, flush=True)

    h = args.mesh_size
    n = [divisions(LENGTH, h), divisions(WIDTH, h), divisions(THICKNESS, h)]
    domain = mesh.create_box(comm, [np.array([-LENGTH / 2, -WIDTH / 2, -THICKNESS / 2]),
                                    np.array([LENGTH / 2, WIDTH / 2, THICKNESS / 2])],
                             n, cell_type=mesh.CellType.hexahedron)
    tdim = domain.topology.dim
    fdim = tdim - 1
    V = fem.FunctionSpace(domain, ("Lagrange", 1))
    n_cells = domain.topology.index_map(tdim).size_global
    n_dofs = V.dofmap.index_map.size_global

    # Boundaries: electrodes (x = -L/2 at the voltage, x = +L/2 grounded), lateral faces radiate.
    tol = 1e-9 * LENGTH
    fac_a = mesh.locate_entities_boundary(domain, fdim, lambda x: np.abs(x[0] + LENGTH / 2) < tol)
    fac_b = mesh.locate_entities_boundary(domain, fdim, lambda x: np.abs(x[0] - LENGTH / 2) < tol)
    fac_lat = mesh.locate_entities_boundary(
        domain, fdim, lambda x: (np.abs(np.abs(x[1]) - WIDTH / 2) < tol) | (np.abs(np.abs(x[2]) - THICKNESS / 2) < tol))
    LATERAL = 3
    order = np.argsort(fac_lat)
    tags = mesh.meshtags(domain, fdim, fac_lat[order].astype(np.int32), np.full(len(fac_lat), LATERAL, dtype=np.int32))
    qdeg = 3  # Gauss-Jacobi, 2 points per direction
    md = {"quadrature_degree": qdeg}
    dx = ufl.Measure("dx", domain=domain, metadata=md)
    ds = ufl.Measure("ds", domain=domain, subdomain_data=tags, metadata=md)

    dofs_a = fem.locate_dofs_topological(V, fdim, fac_a)
    dofs_b = fem.locate_dofs_topological(V, fdim, fac_b)
    bcs_phi = [fem.dirichletbc(PETSc.ScalarType(1.0), dofs_a, V), fem.dirichletbc(PETSc.ScalarType(0.0), dofs_b, V)]

    # Fields
    T = fem.Function(V, name="T")  # current iterate
    T_old = fem.Function(V, name="T_old")
    phi = fem.Function(V, name="phi")  # unit-voltage potential
    U = fem.Function(V, name="U")  # potential
    delta = fem.Function(V, name="delta")
    T.x.array[:] = T_FURNACE
    T_old.x.array[:] = T_FURNACE
    dt_c = fem.Constant(domain, PETSc.ScalarType(args.dt))
    Tf = fem.Constant(domain, PETSc.ScalarType(T_FURNACE))

    # Material laws (kiln: ElectricalConductivity, ThermalConductivity, HeatCapacity)
    p = 1.0 - REL_DENSITY
    rho_m = THEORETICAL_DENSITY * REL_DENSITY
    archie = REFERENCE_DENSITY ** (-ARCHIE_M) * REL_DENSITY ** ARCHIE_M

    def sigma(t):
        return SIGMA0 * ufl.exp(-EA / (K_BOLTZMANN * t)) * archie

    def kappa(t):
        porosity_factor = (1.0 - p) / (1.0 + 0.5 * p)
        if K_EXPONENT == 0.0:
            return K_REF * porosity_factor
        return K_REF * (T_REF / t) ** K_EXPONENT * porosity_factor

    def enthalpy(t):
        return CP_A * t + 0.5 * CP_B * t**2 - CP_C / t

    def cp(t):
        return CP_A + CP_B * t + CP_C / t**2

    eps_sb = EMISSIVITY * STEFAN_BOLTZMANN

    # Forms
    u_, v_ = ufl.TrialFunction(V), ufl.TestFunction(V)
    a_phi = fem.form(sigma(T) * ufl.inner(ufl.grad(u_), ufl.grad(v_)) * dx)
    L_phi = fem.form(fem.Constant(domain, PETSc.ScalarType(0.0)) * v_ * dx)
    joule = sigma(T) * ufl.inner(ufl.grad(U), ufl.grad(U))
    R_form = fem.form(rho_m * (enthalpy(T) - enthalpy(T_old)) / dt_c * v_ * dx
                      + kappa(T) * ufl.inner(ufl.grad(T), ufl.grad(v_)) * dx
                      - joule * v_ * dx
                      + (eps_sb * (T**4 - Tf**4) + H_CONV * (T - Tf)) * v_ * ds(LATERAL))
    J_form = fem.form(rho_m * cp(T) / dt_c * u_ * v_ * dx
                      + kappa(T) * ufl.inner(ufl.grad(u_), ufl.grad(v_)) * dx
                      + (4.0 * eps_sb * T**3 + H_CONV) * u_ * v_ * ds(LATERAL))
    G_form = fem.form(sigma(T) * ufl.inner(ufl.grad(phi), ufl.grad(phi)) * dx)
    vol_form = fem.form(fem.Constant(domain, PETSc.ScalarType(1.0)) * dx)
    Tint_form = fem.form(T * dx)
    quad_points, _ = basix.make_quadrature(basix.CellType.hexahedron, qdeg)
    T_at_points = fem.Expression(T, quad_points)
    n_local_cells = domain.topology.index_map(tdim).size_local
    local_cells = np.arange(n_local_cells, dtype=np.int32)

    # Linear algebra
    A_phi = dolfinx.fem.petsc.create_matrix(a_phi)
    b_phi = dolfinx.fem.petsc.create_vector(L_phi)
    A_T = dolfinx.fem.petsc.create_matrix(J_form)
    b_T = dolfinx.fem.petsc.create_vector(R_form)

    def make_ksp(A, rtol, max_it, prefix):
        ksp = PETSc.KSP().create(comm)
        ksp.setOptionsPrefix(prefix)
        ksp.setOperators(A)
        ksp.setType("cg")
        ksp.setTolerances(rtol=rtol, atol=1e-300, max_it=max_it)
        ksp.setNormType(PETSc.KSP.NormType.UNPRECONDITIONED)  # |r| <= rtol |b|, as deal.II's SolverCG
        pc = ksp.getPC()
        pc.setType("hypre")
        pc.setHYPREType("boomeramg")
        ksp.setFromOptions()
        return ksp

    ksp_phi = make_ksp(A_phi, 1e-12, 2000, "phi_")
    ksp_T = make_ksp(A_T, 1e-10, 1000, "heat_")
    counters = {"linear": 0}

    def check(ksp, what):
        if ksp.getConvergedReason() <= 0:
            raise RuntimeError(f"{what}: linear solver did not converge (reason {ksp.getConvergedReason()})")
        counters["linear"] += ksp.getIterationNumber()

    def solve_potential():
        A_phi.zeroEntries()
        dolfinx.fem.petsc.assemble_matrix(A_phi, a_phi, bcs=bcs_phi)
        A_phi.assemble()
        with b_phi.localForm() as loc:
            loc.set(0.0)
        dolfinx.fem.petsc.assemble_vector(b_phi, L_phi)
        dolfinx.fem.petsc.apply_lifting(b_phi, [a_phi], bcs=[bcs_phi])
        b_phi.ghostUpdate(addv=PETSc.InsertMode.ADD, mode=PETSc.ScatterMode.REVERSE)
        dolfinx.fem.petsc.set_bc(b_phi, bcs_phi)
        ksp_phi.solve(b_phi, phi.vector)
        check(ksp_phi, "potential")
        phi.x.scatter_forward()
        U.x.array[:] = VOLTAGE * phi.x.array

    def newton_update():
        A_T.zeroEntries()
        dolfinx.fem.petsc.assemble_matrix(A_T, J_form)
        A_T.assemble()
        with b_T.localForm() as loc:
            loc.set(0.0)
        dolfinx.fem.petsc.assemble_vector(b_T, R_form)
        b_T.ghostUpdate(addv=PETSc.InsertMode.ADD, mode=PETSc.ScatterMode.REVERSE)
        delta.vector.set(0.0)
        ksp_T.solve(b_T, delta.vector)
        check(ksp_T, "energy")
        delta.x.scatter_forward()
        T.x.array[:] -= delta.x.array
        return delta.vector.norm(PETSc.NormType.NORM_INFINITY)

    def reuse_preconditioners(flag):
        ksp_phi.getPC().setReusePreconditioner(flag)
        ksp_T.getPC().setReusePreconditioner(flag)

    def measures():
        vol = comm.allreduce(fem.assemble_scalar(vol_form), op=MPI.SUM)
        T_mean = comm.allreduce(fem.assemble_scalar(Tint_form), op=MPI.SUM) / vol
        Tq = T_at_points.eval(local_cells)
        T_max_q = comm.allreduce(float(Tq.max()) if Tq.size else -1e300, op=MPI.MAX)
        nl = V.dofmap.index_map.size_local
        T_max_nodal = comm.allreduce(float(T.x.array[:nl].max()), op=MPI.MAX)
        G = comm.allreduce(fem.assemble_scalar(G_form), op=MPI.SUM)
        return T_mean, T_max_q, T_max_nodal, G

    # Warm-up: every form and expression above is JIT-compiled at fem.form / fem.Expression;
    # the initial potential (kiln solves it before the time loop too) and the measures run once
    # here, outside the timing, so that PETSc and hypre are loaded as well.
    t_setup = time.perf_counter()
    reuse_preconditioners(False)
    solve_potential()
    m0 = measures()
    t_setup = time.perf_counter() - t_setup
    say(f"dolfinx {dolfinx.__version__}, {comm.size} process(es)")
    say(f"mesh: {n[0]} x {n[1]} x {n[2]} = {n_cells} hexahedra (Q1), {n_dofs} unknowns per field (T, phi)")
    say(f"t = 0: mean T {m0[0]:.6f} K, G = {m0[3]:.9e} S, current {VOLTAGE * m0[3]:.9e} A")

    # Time loop
    coupling = 0
    t = 0.0
    comm.barrier()
    t0 = time.perf_counter()
    for step in range(1, args.steps + 1):
        t += args.dt
        T_old.x.array[:] = T.x.array  # the predictor of a fixed step is the old temperature
        reuse_preconditioners(False)  # AMG rebuilt at the step's first iteration, then kept
        converged = False
        previous_change, growing = 1e300, 0
        for it in range(MAX_COUPLING):
            solve_potential()
            change = newton_update()
            if it == 0:
                reuse_preconditioners(True)
            coupling += 1
            growing = growing + 1 if (it > 0 and change > previous_change) else 0
            previous_change = change
            if growing >= 3 or not np.isfinite(change):
                raise RuntimeError(f"step {step}: the coupling iteration diverges")
            if change < NONLINEAR_TOL:
                solve_potential()
                converged = True
                break
        if not converged:
            raise RuntimeError(f"step {step}: no convergence in {MAX_COUPLING} coupling iterations")
        if not args.quiet:
            Tm = comm.allreduce(float(T.x.array[:V.dofmap.index_map.size_local].max()), op=MPI.MAX)
            say(f"  step {step:3d} t = {t:.3f} s: {it + 1} coupling iterations, nodal max T {Tm:.4f} K")
    comm.barrier()
    wall = time.perf_counter() - t0

    T_mean, T_max_q, T_max_nodal, G = measures()
    say(f"steps {args.steps} (dt {args.dt} s, end {t:g} s), coupling iterations {coupling}, "
        f"linear iterations {counters['linear']}")
    say(f"time loop {wall:.3f} s, {wall / args.steps * 1e3:.2f} ms per step (setup + first solve {t_setup:.2f} s, not counted)")
    say(f"final: mean T {T_mean:.6f} K, max T (quadrature points) {T_max_q:.6f} K, "
        f"max T (nodes) {T_max_nodal:.6f} K, G {G:.9e} S, current {VOLTAGE * G:.9e} A")
    result = {
        "code": "fenicsx", "dolfinx": dolfinx.__version__, "processes": comm.size,
        "mesh_size_m": h, "divisions": n, "cells": n_cells, "unknowns_per_field": n_dofs,
        "steps": args.steps, "dt_s": args.dt, "end_time_s": t,
        "coupling_iterations": coupling, "linear_iterations": counters["linear"],
        "loop_wall_s": wall, "wall_per_step_s": wall / args.steps,
        "mean_T_K": T_mean, "max_T_K": T_max_q, "max_T_nodal_K": T_max_nodal,
        "conductance_S": G, "current_A": VOLTAGE * G, "quadrature_degree": qdeg,
    }
    if rank == 0:
        print("RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

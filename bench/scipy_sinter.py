#!/usr/bin/python3
"""Peer benchmark: examples/sinter_llzo_conventional.toml (Ta-LLZO pellet, 5 K/min to 1250 degC,
6 h hold, in air: densification, grain growth, lithium loss) integrated by scipy's solve_ivp (BDF)
on kiln's equations and parameters (read from kiln's manifest.json).

    ./build/apps/kiln/kiln run examples/sinter_llzo_conventional.toml -q
    /usr/bin/python3 bench/scipy_sinter.py [runs/sinter_llzo_conventional]
"""
import json
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp

run_dir = sys.argv[1] if len(sys.argv) > 1 else "runs/sinter_llzo_conventional"
manifest = json.load(open(f"{run_dir}/manifest.json"))
summary = json.load(open(f"{run_dir}/summary.json"))
v = {x["key"]: x["si"] for x in manifest["resolved_input"]["material"]["values"]}

R = 8.314462618
D, H = 12e-3, 1.5e-3                    # pellet
VOL, AREA = np.pi * D * D / 4 * H, np.pi * D * H + 2 * np.pi * D * D / 4
RHO0, G0 = 0.55, 1e-6                    # green density; powder grain size of the database
T0, RATE, T1, HOLD = 298.15, 5.0 / 60.0, 1523.15, 6 * 3600.0
T_END = (T1 - T0) / RATE + HOLD
N_LI = RHO0 * v["theoretical_density.value"] * VOL / v["lithium_loss.molar_mass"] * v["lithium_loss.lithium_per_formula_unit"]


def furnace(t):
    return min(T0 + RATE * t, T1)


def rhs(t, y):
    rho, G, x = y
    rho = min(rho, 1.0)
    T = furnace(t)
    drho = rho * v["densification.A"] * np.exp(-v["densification.activation_energy"] / (R * T)) \
        * (1 - rho) ** v["densification.n"] / G ** v["densification.m"]
    n = v["grain_growth.exponent"]
    dG = v["grain_growth.k0"] * np.exp(-v["grain_growth.activation_energy"] / (R * T)) / (n * G ** (n - 1))
    s = (RHO0 / rho) ** (1 / 3)
    flux = v["lithium_loss.rate"] * np.exp(-v["lithium_loss.activation_energy"] / (R * T)) * v["lithium_loss.atmosphere_factor.air"]
    dx = flux * AREA * s * s / N_LI
    return [drho, dG, dx]


def run():
    t_ramp = (T1 - T0) / RATE
    atol = [1e-10, 1e-6 * G0, 1e-10]
    a = solve_ivp(rhs, (0, t_ramp), [RHO0, G0, 0.0], method="BDF", rtol=1e-6, atol=atol)
    b = solve_ivp(rhs, (t_ramp, T_END), a.y[:, -1], method="BDF", rtol=1e-6, atol=atol)
    return b.y[:, -1], a.nfev + b.nfev


t0 = time.perf_counter()
for _ in range(5):
    final, nfev = run()
wall = (time.perf_counter() - t0) / 5
m = summary["microstructure"]
print(f"scipy {__import__('scipy').__version__} solve_ivp BDF, rtol 1e-6: {wall * 1e3:.1f} ms per run, {nfev} rhs evaluations")
print(f"final relative density: scipy {final[0]:.5f}, kiln {m['final relative density']:.5f}")
print(f"final grain size: scipy {final[1] * 1e6:.4f} um, kiln {m['final grain size [m]'] * 1e6:.4f} um")
print(f"lithium lost: scipy {final[2]:.5f}, kiln {summary['lithium']['lost fraction of the initial lithium']:.5f}")

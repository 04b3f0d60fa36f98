#!/usr/bin/python3
"""Peer benchmark: the lumped flash model of examples/flash_3ysz_lumped.toml integrated by
scipy's solve_ivp (BDF), on exactly the equations and parameters kiln uses.

    ./build/apps/kiln/kiln run examples/flash_3ysz_lumped.toml -q      # writes the manifest
    /usr/bin/python3 bench/scipy_flash_lumped.py [runs/flash_3ysz_lumped]

The material values are read from kiln's manifest.json (the resolved input), so both programs
integrate the same numbers. The supply switch (voltage -> current control) is a terminal event,
after which a second solve_ivp continues in current control, as kiln's root finding does.
"""
import json
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp

run_dir = sys.argv[1] if len(sys.argv) > 1 else "runs/flash_3ysz_lumped"
manifest = json.load(open(f"{run_dir}/manifest.json"))
summary = json.load(open(f"{run_dir}/summary.json"))
v = {x["key"]: x["si"] for x in manifest["resolved_input"]["material"]["values"]}

R_GAS, KB, SB = 8.314462618, 1.380649e-23, 5.670374419e-8
# Specimen and process of examples/flash_3ysz_lumped.toml, in SI.
L0, W, TH = 0.020, 3.3e-3, 1.58e-3
A0, VOL0, AS0 = W * TH, 0.020 * W * TH, 2 * (W + TH) * 0.020
RHO0, G0 = 0.50, 60e-9
T_START, RATE, T_MAX = 298.15, 10.0 / 60.0, 1573.15
FIELD, J_MAX, HOLD = 1.0e4, 1.0e5, 60.0
V_SET, I_MAX = FIELD * L0, J_MAX * A0
MASS = RHO0 * v["theoretical_density.value"] * VOL0


def furnace(t):
    return min(T_START + RATE * t, T_MAX)


def cp(T):
    return v["heat_capacity.a"] + v["heat_capacity.b"] * T + v["heat_capacity.c"] / T**2


def sigma(T, rho):
    return (v["conductivity[1].sigma0"] * np.exp(-v["conductivity[1].activation_energy"] / (KB * T))
            * rho ** v["conductivity_vs_density.exponent"])


def resistance(T, rho):
    s = (RHO0 / rho) ** (1 / 3)
    return L0 * s / (sigma(T, rho) * A0 * s * s)


def rhs(t, y, current_control):
    T, rho, G = y
    rho = min(rho, 1.0)
    s = (RHO0 / rho) ** (1 / 3)
    R = resistance(T, rho)
    P = I_MAX**2 * R if current_control else V_SET**2 / R
    Tf = furnace(t)
    loss = AS0 * s * s * v["emissivity.value"] * SB * (T**4 - Tf**4)
    dT = (P - loss) / (MASS * cp(T))
    kd = v["densification.A"] * np.exp(-v["densification.activation_energy"] / (R_GAS * T))
    drho = rho * kd * (1 - rho) ** v["densification.n"] / G ** v["densification.m"]
    n = v["grain_growth.exponent"]
    dG = v["grain_growth.k0"] * np.exp(-v["grain_growth.activation_energy"] / (R_GAS * T)) / (n * G ** (n - 1))
    return [dT, drho, dG]


def limit_reached(t, y, current_control):
    return V_SET / resistance(y[0], min(y[1], 1.0)) / I_MAX - 1.0


limit_reached.terminal = True
limit_reached.direction = 1


def run():
    t_end = (T_MAX - T_START) / RATE
    atol = [1e-6, 1e-10, 1e-6 * G0]
    first = solve_ivp(rhs, (0.0, t_end), [T_START, RHO0, G0], method="BDF", rtol=1e-6, atol=atol,
                      events=limit_reached, args=(False,))
    t_on = first.t_events[0][0]
    second = solve_ivp(rhs, (t_on, t_on + HOLD), first.y[:, -1], method="BDF", rtol=1e-6, atol=atol, args=(True,))
    return t_on, second.y[:, -1], first.nfev + second.nfev


t0 = time.perf_counter()
repeats = 5
for _ in range(repeats):
    onset, final, nfev = run()
wall = (time.perf_counter() - t0) / repeats

kiln_onset = summary["flash"]["onset time [s]"]
kiln_final = summary["temperature"]["final specimen temperature [K]"]
print(f"scipy {__import__('scipy').__version__} solve_ivp BDF, rtol 1e-6: {wall * 1e3:.1f} ms per run, {nfev} rhs evaluations")
print(f"onset time: scipy {onset:.3f} s, kiln {kiln_onset:.3f} s (difference {abs(onset - kiln_onset):.2e} s)")
print(f"final specimen temperature: scipy {final[0]:.2f} K, kiln {kiln_final:.2f} K")
print(f"final relative density: scipy {final[1]:.5f}, kiln {summary['microstructure']['final relative density']:.5f}")

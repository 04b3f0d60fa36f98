#!/usr/bin/python3
"""The 1C discharge of bench/bench_cell.cpp (ThinFilm1C) with scipy: the same equations (Fick in the
LiCoO2 film on 40 finite volumes with log-interpolated D(x), flux I/(F A) at the electrolyte face,
symmetric Butler-Volmer at both interfaces, ohmic LiPON and series resistance, the tabulated OCV),
the same parameter file, solve_ivp BDF with rtol 1e-6, stopped at 3.0 V by an event.

    /usr/bin/python3 bench/scipy_thin_film.py
"""
import os
import time
import tomllib

import numpy as np
from scipy.integrate import solve_ivp

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
with open(os.path.join(root, "data", "cells", "LiCoO2_LiPON_Raijmakers2020.toml"), "rb") as f:
    P = tomllib.load(f)

F, R = 96485.33212, 8.314462618
A = 3.36e-4
T = 293.15
L = 8.08e-6
cmax = 3.22e4
theta0 = 0.510
i0c_ref, i0a = 4.70, 5.75
Le, sig = 3.62e-6, 1.11e-6 * 100
rho_s = 18.3e-4
I = 0.7e-3  # 1C of the rated 0.7 mAh
Dth, Dv = np.array(P["cathode_diffusivity"]["theta"]), np.log(np.array(P["cathode_diffusivity"]["value"]))
Uth, Uv = np.array(P["cathode_ocp"]["theta"]), np.array(P["cathode_ocp"]["value"])
n = 40
dx = L / n


def D(theta):
    return np.exp(np.interp(theta, Dth, Dv))


def voltage(c):
    j = I / (F * A)
    ths = (c[0] + 0.5 * dx * j / D(c[0] / cmax)) / cmax
    th = min(max(ths, 1e-9), 1 - 1e-9)
    i = I / A
    i0c = i0c_ref * np.sqrt(th * (1 - th)) / 0.5
    eta = 2 * R * T / F * (np.arcsinh(i / (2 * i0a)) + np.arcsinh(i / (2 * i0c)))
    return np.interp(th, Uth, Uv) - eta - i * (Le / sig + rho_s)


def rhs(t, c):
    j = I / (F * A)
    cf = 0.5 * (c[1:] + c[:-1])
    flux = -D(cf / cmax) * (c[1:] - c[:-1]) / dx  # internal faces
    fin = np.concatenate(([j], flux))
    fout = np.concatenate((flux, [0.0]))
    return (fin - fout) / dx


def cutoff(t, c):
    return voltage(c) - 3.0


cutoff.terminal = True
c0 = np.full(n, theta0 * cmax)
times = []
for _ in range(5):
    t0 = time.perf_counter()
    sol = solve_ivp(rhs, (0, 3 * 3600), c0, method="BDF", rtol=1e-6, atol=cmax * 1e-10, events=cutoff)
    times.append(time.perf_counter() - t0)
t_end = sol.t_events[0][0]
print(f"scipy solve_ivp BDF: {1000 * min(times):.1f} ms (best of 5), {sol.t.size} steps, capacity {I * t_end / 3600 * 1e6:.1f} uAh")

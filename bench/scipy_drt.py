#!/usr/bin/python3
"""Side by side: kiln's DRT against scipy.optimize.nnls on the same problem (same RBF basis, same
weights, same lambda). kiln writes the discrete problem next to its result:

    ./build/apps/kiln/kiln drt examples/data/two_arc_spectrum.csv --lambda 1e-5 -o runs/drt_check
    /usr/bin/python3 bench/scipy_drt.py runs/drt_check

The regularised NNLS min_{x>=0} |K x - b|^2 + lambda |L x|^2 is solved by scipy as the plain NNLS
of the stacked system [K; sqrt(lambda) L] x = [b; 0]; gamma, peaks and their areas are then
computed the same way as kiln does, and compared.
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import nnls

run = sys.argv[1] if len(sys.argv) > 1 else "runs/drt_check"
p = json.load(open(f"{run}/drt_problem.json"))
summary = json.load(open(f"{run}/summary.json"))["drt"]
K, L, b = np.array(p["matrix"]), np.array(p["regulariser"]), np.array(p["data"])
lam, centres, eps = p["lambda"], np.array(p["centres"]), p["epsilon"]

A = np.vstack([K, np.sqrt(lam) * L])
rhs = np.concatenate([b, np.zeros(L.shape[0])])
t0 = time.perf_counter()
x, _ = nnls(A, rhs, maxiter=100 * A.shape[1])
wall = time.perf_counter() - t0

y = np.linspace(centres[0], centres[-1], len(centres) * 10 + 1)
gamma = (x[1:, None] * np.exp(-(eps * (y[None, :] - centres[:, None])) ** 2)).sum(axis=0)
dy = y[1] - y[0]
peaks = []
top = gamma.max()
for i in range(1, len(y) - 1):
    if gamma[i] > gamma[i - 1] and gamma[i] >= gamma[i + 1] and gamma[i] > 0.01 * top:
        l, r = i, i
        while l > 0 and gamma[l - 1] <= gamma[l]:
            l -= 1
        while r < len(y) - 1 and gamma[r + 1] <= gamma[r]:
            r += 1
        peaks.append((np.exp(y[i]), np.trapz(gamma[l:r + 1], dx=dy)))

def objective(v):
    return np.sum((K @ v - b) ** 2) + lam * np.sum((L @ v) ** 2)

kx = np.array(p["coefficients"])
print(f"scipy nnls ({A.shape[0]}x{A.shape[1]}): {wall * 1e3:.1f} ms; objective scipy {objective(x):.6e}, kiln {objective(kx):.6e}")
print(f"R_inf: scipy {x[0]:.4f} Ohm, kiln {summary['R_inf [Ohm]']:.4f} Ohm")
for (tau, R), k in zip(peaks, summary["peaks"]):
    print(f"peak: scipy tau {tau:.4e} s R {R:.4f} Ohm | kiln tau {k['tau [s]']:.4e} s R {k['resistance [Ohm]']:.4f} Ohm"
          f" | d log10 tau {abs(np.log10(tau / k['tau [s]'])):.3f}, dR {abs(R - k['resistance [Ohm]']) / max(R, 1e-30) * 100:.2f} %")
if len(peaks) != len(summary["peaks"]):
    print(f"different numbers of peaks: scipy {len(peaks)}, kiln {len(summary['peaks'])}")

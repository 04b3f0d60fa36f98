#!/usr/bin/python3
"""scikit-learn (Debian python3-sklearn 1.2) on the problems of bench/bench_ml.cpp.

    /usr/bin/python3 bench/sklearn_gp.py

GP: Matern(nu=2.5) with one length per input (ARD) times a constant, plus white noise,
normalize_y=True, n_restarts_optimizer=4 (5 L-BFGS starts), on the same 500 Kronecker points;
prediction (mean and std) at the same 10,000 points.
"""
import time

import numpy as np
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel


def kronecker(n, offset):
    primes = np.array([2, 3, 5, 7, 11], dtype=float)
    k = np.arange(offset, offset + n)
    v = (k[:, None] + 1) * np.sqrt(primes)[None, :]
    X = v - np.floor(v)
    y = np.sin(3 * X[:, 0]) + X[:, 1] ** 2 - X[:, 2] * X[:, 3] + 0.5 * np.cos(5 * X[:, 4]) + 0.05 * np.sin(1000.0 * k)
    return X, y


X, y = kronecker(500, 0)
Xt, yt = kronecker(10000, 500)
kernel = ConstantKernel(1.0) * Matern(length_scale=np.ones(5), nu=2.5) + WhiteKernel(1e-2)
times = []
for repeat in range(3):
    gp = GaussianProcessRegressor(kernel, normalize_y=True, n_restarts_optimizer=4, random_state=repeat)
    t0 = time.perf_counter()
    gp.fit(X, y)
    times.append(time.perf_counter() - t0)
print(f"GP fit 500x5: {1000 * min(times):.0f} ms (best of 3), log marginal likelihood {gp.log_marginal_likelihood_value_:.3f}")
print(f"  kernel: {gp.kernel_}")
t0 = time.perf_counter()
mean, std = gp.predict(Xt, return_std=True)
t1 = time.perf_counter()
print(f"GP predict 10000 (mean and std): {1000 * (t1 - t0):.0f} ms, test RMSE {np.sqrt(np.mean((mean - yt) ** 2)):.4f}")

#!/usr/bin/python3
"""Reference values from scikit-learn (Debian python3-sklearn 1.2) for kiln's GP and SVR tests.

Regenerate with:  /usr/bin/python3 tests/data/ml/make_sklearn_reference.py > tests/data/ml/sklearn_reference.json
The data are fixed (seeded); the kernels' hyperparameters are fixed, so the comparison tests the
linear algebra, the kernels, the normalisation and the log marginal likelihood, not an optimiser.
"""
import json

import numpy as np
import sklearn
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import RBF, ConstantKernel, Matern, WhiteKernel
from sklearn.svm import SVR

rng = np.random.default_rng(20261126)
X = rng.uniform(-2.0, 2.0, size=(40, 3))
y = np.sin(1.5 * X[:, 0]) + 0.5 * X[:, 1] ** 2 - 0.3 * X[:, 2] + 0.05 * rng.standard_normal(40) + 3.0
Xt = rng.uniform(-2.0, 2.0, size=(12, 3))

length = [0.7, 1.3, 2.0]
signal, noise = 1.7, 0.01
out = {"sklearn_version": sklearn.__version__, "X": X.tolist(), "y": y.tolist(), "X_test": Xt.tolist(),
       "length_scales": length, "signal_variance": signal, "noise_variance": noise, "gp": {}}
for name, base in [("squared_exponential", RBF(length)), ("matern32", Matern(length, nu=1.5)),
                   ("matern52", Matern(length, nu=2.5))]:
    kernel = ConstantKernel(signal) * base + WhiteKernel(noise)
    gp = GaussianProcessRegressor(kernel, optimizer=None, normalize_y=True, alpha=1e-10).fit(X, y)
    mean, std = gp.predict(Xt, return_std=True)
    # LML and its gradient in scikit-learn's log-hyperparameters: [log s², log l_1..l_3, log σ_n²]
    lml, grad = gp.log_marginal_likelihood(gp.kernel_.theta, eval_gradient=True)
    out["gp"][name] = {"log_marginal_likelihood": lml, "gradient": grad.tolist(),
                       "mean": mean.tolist(), "std": std.tolist()}

svr = SVR(kernel="rbf", C=3.0, epsilon=0.05, gamma=0.4, tol=1e-8).fit(X, y)
out["svr"] = {"C": 3.0, "epsilon": 0.05, "gamma": 0.4, "tol": 1e-8, "prediction": svr.predict(Xt).tolist(),
              "support_vectors": int(svr.support_.size), "intercept": float(svr.intercept_[0])}
print(json.dumps(out, indent=1))

"""Reference timings for the trade-off sweep (issue 8 benchmark), printed as `python.<step> <seconds>`.

On bank-full with sensitive features housing and loan (design of docs/conventions.md, all rows):
  - Fair LR along the same c path as fairaudit's default joint bound path (14 bounds log-spaced from
    the unconstrained max |g_k| down to 1% of it, then 0), solved with scipy SLSQP, each point
    warm-started from the previous one (as fairaudit does), with analytic gradients;
  - one point of the same path with cvxpy + Clarabel (exponential cones), the solver the fixtures use;
  - a fairlearn ExponentiatedGradient curve (LogisticRegression, DemographicParity) over
    `--eg-points` values of eps.
Run from the repo root:  python3 Benchmarks/reference/sweep_reference.py [--eg-points 5]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from design import load_design  # noqa: E402

warnings.filterwarnings("ignore")


def fair_lr_path(X, y, A, bounds, start):
    """min sum log(1+exp(eta)) - y eta  s.t. -c <= A theta <= c  (A rows: (z_k - zbar_k)' X / N)."""
    def f(t):
        eta = X @ t
        return np.sum(np.logaddexp(0, eta) - y * eta)

    def grad(t):
        return X.T @ (expit(X @ t) - y)

    theta = start
    out = []
    for c in bounds:
        cons = [{"type": "ineq", "fun": lambda t, a=a, c=c: c - a @ t, "jac": lambda t, a=a: -a} for a in A]
        cons += [{"type": "ineq", "fun": lambda t, a=a, c=c: c + a @ t, "jac": lambda t, a=a: a} for a in A]
        r = minimize(f, theta, jac=grad, constraints=cons, method="SLSQP", options={"maxiter": 500, "ftol": 1e-10})
        theta = r.x
        out.append((c, r.fun, r.success, r.nit))
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--eg-points", type=int, default=5)
    args = parser.parse_args()
    d = load_design("Examples/bank/bank-full.csv", target="y", sensitive=["housing", "loan"])
    X, y = d.X, d.y
    n = len(y)
    A = np.array([((d.z[k] - d.z[k].mean()) @ X) / n for k in ("housing", "loan")])

    t0 = time.perf_counter()
    lr = minimize(lambda t: np.sum(np.logaddexp(0, X @ t) - y * (X @ t)), np.zeros(X.shape[1]),
                  jac=lambda t: X.T @ (expit(X @ t) - y), method="BFGS", options={"gtol": 1e-8, "maxiter": 2000})
    g0 = np.abs(A @ lr.x).max()
    fractions = list(np.exp(np.linspace(np.log(1), np.log(0.01), 14))) + [0.0]
    path = fair_lr_path(X, y, A, [f * g0 for f in fractions], lr.x)
    slsqp = time.perf_counter() - t0
    print(f"python.sweep_slsqp_fair_lr_15 {slsqp:.6f} points={len(path)} failed={sum(not s for _, _, s, _ in path)}")

    try:
        import cvxpy as cp
        t0 = time.perf_counter()
        theta = cp.Variable(X.shape[1])
        eta = X @ theta
        c = 0.1 * g0
        prob = cp.Problem(cp.Minimize(cp.sum(cp.logistic(eta)) - y @ eta), [cp.abs(A @ theta) <= c])
        prob.solve(solver=cp.CLARABEL)
        one = time.perf_counter() - t0
        print(f"python.sweep_cvxpy_fair_lr_1 {one:.6f} (x15 = {15 * one:.1f} s for the path)")
    except Exception as e:  # reference only
        print(f"# cvxpy skipped: {e}")

    try:
        from fairlearn.reductions import DemographicParity, ExponentiatedGradient
        from sklearn.linear_model import LogisticRegression
        sensitive = d.z["housing"].astype(int) * 2 + d.z["loan"].astype(int)
        t0 = time.perf_counter()
        for eps in np.linspace(0.01, 0.1, args.eg_points):
            eg = ExponentiatedGradient(LogisticRegression(max_iter=1000), DemographicParity(), eps=eps)
            eg.fit(X[:, 1:], y, sensitive_features=sensitive)
        eg_time = time.perf_counter() - t0
        print(f"python.sweep_fairlearn_eg_{args.eg_points} {eg_time:.6f} (per point {eg_time / args.eg_points:.2f} s)")
    except Exception as e:  # reference only
        print(f"# fairlearn skipped: {e}")


if __name__ == "__main__":
    main()

"""Independent references for the constrained GLMM and the reduced-Hessian standard errors.

Run from the repository root:
    python3 Benchmarks/reference/constrained_glmm_scipy.py

Writes Tests/FairAuditKitTests/Fixtures/constrained_glmm_reference.json with

1. `glmm`: the logistic random-intercept GLMM on Fixtures/sim_unfair_strata.csv (target `target`,
   sensitive `Sex`, cluster `ClusterID`), its Laplace marginal log-likelihood written here in numpy
   (conditional modes by vectorised per-cluster Newton to 1e-14; log L = sum_j [y eta - log(1+e^eta)]
   - sum_i b_i^2/(2 sigma^2) - (1/2) sum_i log(sigma^2 H_i), H_i = sum_j w_ij + 1/sigma^2), maximised
   over (beta, tau = log sigma) subject to -c <= g <= c, g = (1/N) sum (z - zbar) (x'beta + b_i(beta, tau)):
   scipy SLSQP with fourth-order finite-difference gradients, then Newton on the KKT system of the
   active set (finite-difference Jacobian) to |KKT| < 1e-9. No analytic derivative of fairaudit's is
   used. Recorded: the optimum's objective -log L, log L, beta, sigma, g, the multipliers
   (Lagrangian -log L + mu+ (g - c) + mu- (-g - c)), and the reduced-Hessian SEs
   Z (Z'HZ)^-1 Z' with H a finite-difference Hessian of the Lagrangian and Z = null_space(grad g).
   Also the unconstrained optimum (c = None).
2. `projected_se`: Fair LR on bank-full (housing, loan) and Fair CRLR on the simulated sample at
   c = 0.1, solved by the Newton/KKT active-set polish of fair_lr_cvxpy.py, with the SEs of the
   fixed effects from Z (Z'HZ)^-1 Z' (Z = scipy.linalg.null_space of the active constraints' rows,
   H the exact Hessian of the objective) next to the unconstrained sqrt(diag H^-1).

Runs in about 30 s.
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np
from scipy.linalg import null_space
from scipy.optimize import minimize

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from design import load_design, versions, write_json  # noqa: E402
import fair_lr_cvxpy as flr  # noqa: E402

SCRIPT = "Benchmarks/reference/constrained_glmm_scipy.py"
OUT = "Tests/FairAuditKitTests/Fixtures/constrained_glmm_reference.json"
SIM = "Tests/FairAuditKitTests/Fixtures/sim_unfair_strata.csv"


class LaplaceGLMM:
    def __init__(self, d, sensitive):
        self.X, self.y = d.X, d.y
        self.codes = np.asarray(d.cluster_codes)
        self.q = len(d.cluster_levels)
        self.p = d.X.shape[1]
        self.names = list(d.names)
        n = len(self.y)
        self.aX, self.s = [], []
        for k in sensitive:
            zc = d.z[k] - d.z[k].mean()
            self.aX.append(self.X.T @ zc / n)
            self.s.append(np.bincount(self.codes, zc, self.q) / n)
        self._b = np.zeros(self.q)

    def modes(self, theta):
        beta, tau = theta[:self.p], theta[self.p]
        s2 = np.exp(2 * tau)
        off = self.X @ beta
        b = self._b.copy()
        for _ in range(200):
            mu = 0.5 * (1 + np.tanh(0.5 * (off + b[self.codes])))
            score = np.bincount(self.codes, self.y - mu, self.q) - b / s2
            info = np.bincount(self.codes, mu * (1 - mu), self.q) + 1 / s2
            step = score / info
            b = b + step
            if np.max(np.abs(step)) < 1e-15 * (1 + np.max(np.abs(b))):
                break
        mu = 0.5 * (1 + np.tanh(0.5 * (off + b[self.codes])))
        h = np.bincount(self.codes, mu * (1 - mu), self.q) + 1 / s2
        return b, h, off, s2

    def loglik(self, theta):
        b, h, off, s2 = self.modes(theta)
        eta = off + b[self.codes]
        return float(np.sum(self.y * eta - np.logaddexp(0, eta)) - np.sum(b * b) / (2 * s2) - 0.5 * np.sum(np.log(s2 * h)))

    def f(self, theta):
        return -self.loglik(theta)

    def g(self, theta):
        b = self.modes(theta)[0]
        return np.array([a @ theta[:self.p] + s @ b for a, s in zip(self.aX, self.s)])


def grad(fun, x, h=1e-4):
    """Fourth-order central differences."""
    x = np.asarray(x, dtype=float)
    f0 = np.atleast_1d(fun(x))
    out = np.zeros((len(f0), len(x)))
    for i in range(len(x)):
        e = np.zeros_like(x)
        e[i] = h * max(1.0, abs(x[i]))
        hi = e[i]
        out[:, i] = (8 * (np.atleast_1d(fun(x + e)) - np.atleast_1d(fun(x - e)))
                     - (np.atleast_1d(fun(x + 2 * e)) - np.atleast_1d(fun(x - 2 * e)))) / (12 * hi)
    return out


def solve_glmm(m: LaplaceGLMM, c, start):
    cons = []
    if c is not None:
        cons = [{"type": "ineq", "fun": lambda t: c - m.g(t), "jac": lambda t: -grad(m.g, t)},
                {"type": "ineq", "fun": lambda t: c + m.g(t), "jac": lambda t: grad(m.g, t)}]
    t0 = time.perf_counter()
    res = minimize(m.f, start, jac=lambda t: grad(m.f, t)[0], constraints=cons, method="SLSQP",
                   options={"ftol": 1e-15, "maxiter": 1000})
    secs = time.perf_counter() - t0
    theta = res.x
    gv = m.g(theta) if c is not None else np.zeros(len(m.aX))
    # active set: |g_k| within 1e-6 of c
    active = [(k, 1.0 if gv[k] > 0 else -1.0) for k in range(len(gv)) if c is not None and abs(abs(gv[k]) - c) < 1e-6]
    nact = len(active)

    def kkt(z):
        th, lam = z[:len(theta)], z[len(theta):]
        r = grad(m.f, th)[0]
        if nact:
            G = grad(m.g, th)
            for j, (k, sgn) in enumerate(active):
                r = r + lam[j] * G[k]
            gv = m.g(th)
            r = np.concatenate([r, [gv[k] - sgn * c for k, sgn in active]])
        return r

    # initial multipliers by least squares on stationarity
    lam0 = np.zeros(nact)
    if nact:
        G = grad(m.g, theta)
        lam0 = np.linalg.lstsq(np.array([G[k] for k, _ in active]).T, -grad(m.f, theta)[0], rcond=None)[0]
    z = np.concatenate([theta, lam0])
    for it in range(50):
        r = kkt(z)
        if np.max(np.abs(r)) < 1e-9:
            break
        J = grad(kkt, z, h=1e-5)
        z = z - np.linalg.solve(J, r)
    theta, lam = z[:len(theta)], z[len(theta):]
    gv = m.g(theta)
    mu_plus = np.zeros(len(gv))
    mu_minus = np.zeros(len(gv))
    for j, (k, sgn) in enumerate(active):
        if sgn > 0:
            mu_plus[k] = lam[j]
        else:
            mu_minus[k] = -lam[j]
    # reduced-Hessian SEs: H of the Lagrangian by differences of its gradient
    def lagr_grad(th):
        r = grad(m.f, th)[0]
        if nact:
            G = grad(m.g, th)
            for j, (k, _) in enumerate(active):
                r = r + lam[j] * G[k]
        return r
    H = grad(lagr_grad, theta, h=1e-4)
    H = 0.5 * (H + H.T)
    if nact:
        G = grad(m.g, theta)
        Z = null_space(np.array([G[k] for k, _ in active]))
        cov = Z @ np.linalg.solve(Z.T @ H @ Z, Z.T)
    else:
        cov = np.linalg.inv(H)
    se = np.sqrt(np.diag(cov))[:m.p]
    stat = np.max(np.abs(kkt(z)[:len(theta)]))
    return {
        "c": c,
        "objective": m.f(theta),
        "loglik": m.loglik(theta),
        "sigma": float(np.exp(theta[m.p])),
        "fixed_effects": [{"name": nm, "estimate": float(v), "se": float(s)} for nm, v, s in zip(m.names, theta[:m.p], se)],
        "g": [float(v) for v in gv],
        "mu_plus": [float(v) for v in mu_plus],
        "mu_minus": [float(v) for v in mu_minus],
        "shadow_price": [float(a + b) for a, b in zip(mu_plus, mu_minus)],
        "stationarity_max_abs": float(stat),
        "slsqp": {"status": int(res.status), "message": str(res.message), "iterations": int(res.nit),
                  "objective": float(res.fun), "seconds": round(secs, 3)},
        "polish_iterations": it,
    }, theta


def projected_se(kind, data, sensitive, cluster, c):
    d = flr.design_for(data, cluster=cluster)
    P = flr.Problem(d, sensitive, lam=1.0 if cluster else 0.0)
    th_u = flr.unconstrained(P)
    g_u = P.g(th_u)
    init = {k: (1 if g_u[k] > 0 else -1) for k in range(len(g_u)) if abs(g_u[k]) > c}
    th, mu_p, mu_m, _ = flr.active_set_polish(P, c, th_u, init)
    _, H = P.grad_hess(th)
    active = [k for k in range(len(sensitive)) if mu_p[k] > 0 or mu_m[k] > 0]
    if active:
        Z = null_space(P.G[active])
        cov = Z @ np.linalg.solve(Z.T @ H @ Z, Z.T)
    else:
        cov = np.linalg.inv(H)
    usual = np.linalg.inv(H)
    return {
        "kind": kind, "data": data, "sensitive": sensitive, "cluster": cluster, "c": c,
        "active": [sensitive[k] for k in active],
        "shadow_price": [float(a + b) for a, b in zip(mu_p, mu_m)],
        "coefficients": [{"name": nm, "estimate": float(v), "se": float(np.sqrt(cov[j, j])),
                          "se_unconstrained_formula": float(np.sqrt(usual[j, j]))}
                         for j, (nm, v) in enumerate(zip(P.names[:P.p], th[:P.p]))],
    }


def main():
    v = versions()
    d = load_design(SIM, target="target", sensitive=["Sex"], cluster="ClusterID")
    m = LaplaceGLMM(d, ["Sex"])
    start = np.concatenate([np.zeros(m.p), [0.0]])
    unconstrained, th_u = solve_glmm(m, None, start)
    print("unconstrained", unconstrained["loglik"], unconstrained["sigma"], flush=True)
    glmm = [unconstrained]
    for c in (0.05, 0.02):
        r, _ = solve_glmm(m, c, th_u)
        print("c", c, r["objective"], r["shadow_price"], r["stationarity_max_abs"], r["slsqp"]["objective"], flush=True)
        glmm.append(r)
    se = [
        projected_se("fair_lr", flr.BANK, ["housing", "loan"], None, 0.1),
        projected_se("fair_crlr", flr.SIM, ["Sex"], "ClusterID", 0.1),
    ]
    for s in se:
        print(s["kind"], s["data"], s["active"], [(c["name"], c["se"], c["se_unconstrained_formula"]) for c in s["coefficients"][:4]], flush=True)
    out = {
        "source": f"{SCRIPT}; numpy {v['numpy']} Laplace likelihood + scipy {v['scipy']} SLSQP, Newton/KKT polish; python {v['python']}",
        "versions": v,
        "conventions": "docs/conventions.md; Laplace marginal log-likelihood as lme4 nAGQ = 1; multipliers of "
                       "-log L + mu+ (g - c) + mu- (-g - c); SEs Z (Z'HZ)^-1 Z' over the active constraints",
        "glmm": {"data": SIM, "target": "target", "sensitive": ["Sex"], "cluster": "ClusterID", "fits": glmm},
        "projected_se": se,
    }
    write_json(OUT, out)
    print("wrote", OUT)


if __name__ == "__main__":
    main()

"""Reference logistic regression on bank-full with statsmodels.

Writes Tests/FairAuditKitTests/Fixtures/bank_full_logit_statsmodels.json.
Run from the repo root:  python3 Benchmarks/reference/lr_statsmodels.py
"""

from __future__ import annotations

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from design import load_design, versions, write_json  # noqa: E402

DATA = "Examples/bank/bank-full.csv"
OUT = "Tests/FairAuditKitTests/Fixtures/bank_full_logit_statsmodels.json"
SCRIPT = "Benchmarks/reference/lr_statsmodels.py"


def fit(design):
    import statsmodels.api as sm
    model = sm.Logit(design.y, design.X)
    # Newton with a tight parameter tolerance; start at 0 as the Swift side does.
    res = model.fit(method="newton", start_params=np.zeros(design.X.shape[1]),
                    tol=1e-14, maxiter=200, disp=False)
    if not res.mle_retvals["converged"]:
        raise RuntimeError("statsmodels Logit did not converge")
    return res


def main():
    d = load_design(DATA, target="y", sensitive=["housing", "loan"])
    res = fit(d)
    v = versions()
    beta = res.params
    eta = d.X @ beta
    p = 1.0 / (1.0 + np.exp(-eta))
    score = d.X.T @ (d.y - p)
    loglik = float(np.sum(d.y * eta - np.logaddexp(0.0, eta)))
    coefs = [{"name": nm, "estimate": float(b), "se": float(s), "z": float(t), "p": float(pv)}
             for nm, b, s, t, pv in zip(d.names, beta, res.bse, res.tvalues, res.pvalues)]
    out = {
        "source": f"{SCRIPT}; statsmodels {v['statsmodels']} Logit.fit(method='newton', tol=1e-14, "
                  f"start_params=0), numpy {v['numpy']}, scipy {v['scipy']}, python {v['python']}",
        "versions": v,
        "data": DATA,
        "target": "y",
        "positive_label": "yes",
        "n_obs": int(d.n_obs),
        "n_params": len(d.names),
        "design_columns": d.names,
        "reference_levels": d.reference_levels,
        "standardisation": d.standardisation,
        "design_column_sums": [float(s) for s in d.X.sum(axis=0)],
        "coefficients": coefs,
        "loglik": float(res.llf),
        "loglik_recomputed": loglik,
        "summed_logistic_loss": -loglik,
        "aic": float(res.aic),
        "bic": float(res.bic),
        "bic_formula": "-2*loglik + log(n_obs)*n_params",
        "iterations": int(res.mle_retvals["iterations"]),
        "converged": bool(res.mle_retvals["converged"]),
        "max_abs_score": float(np.max(np.abs(score))),
        "covariance": "inverse observed (= expected) information, (X' W X)^-1",
        "p_value": "two-sided normal, 2*(1 - Phi(|z|))",
    }
    path = write_json(OUT, out)
    print(f"wrote {os.path.relpath(path)}  loglik={res.llf:.10f} iterations={out['iterations']} "
          f"max|score|={out['max_abs_score']:.2e}")


if __name__ == "__main__":
    main()

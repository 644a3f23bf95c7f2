"""Wall-time benchmark of the Python reference pipeline on bank-full.

Prints one line per step to stdout, `python.<step> <seconds>` (median of --repeats runs,
default 3), so that a shell script can parse it; progress and versions go to stderr.
Run from the repo root:  python3 Benchmarks/reference/bench_python.py [--repeats 3] [--skip-fair]

Steps
  python.read_csv          pandas.read_csv(bank-full.csv, sep=';')
  python.design            design.load_design (csv parse + 43-column design of docs/conventions.md)
  python.logit_fit         statsmodels Logit Newton fit (as lr_statsmodels.py)
  python.metrics           predictions + fairlearn MetricFrame for housing and loan
  python.total             read_csv + design + logit_fit + metrics, end to end
  python.fair_lr_cvxpy     problem a) Fair LR, c = 0.1: cvxpy + Clarabel solve (incl. canonicalisation)
  python.fair_lr_polish    problem a) Newton/KKT active-set polish from the Clarabel point
  python.fair_crlr_cvxpy   problem b) Fair CRLR (cluster job, lambda = 1), c = 0.1: cvxpy + Clarabel
  python.fair_crlr_polish  problem b) Newton/KKT polish
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from design import load_design, repo_path, versions  # noqa: E402

DATA = "Examples/bank/bank-full.csv"


def timed(fn, repeats):
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def emit(step, secs):
    print(f"python.{step} {secs:.6f}", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--skip-fair", action="store_true", help="skip the cvxpy problems a) and b)")
    args = ap.parse_args()
    r = args.repeats
    v = versions()
    print("# " + ", ".join(f"{k} {val}" for k, val in sorted(v.items())), file=sys.stderr)

    import pandas as pd
    from lr_statsmodels import fit
    from metrics_fairlearn import group_metrics
    from fairlearn.metrics import MetricFrame

    def read():
        return pd.read_csv(repo_path(DATA), sep=";")

    def design():
        return load_design(DATA, target="y", sensitive=["housing", "loan"])

    def metrics(d, res):
        p = 1.0 / (1.0 + np.exp(-(d.X @ res.params)))
        yhat = (p >= 0.5).astype(int)
        y = d.y.astype(int)
        return [MetricFrame(metrics=group_metrics(), y_true=y, y_pred=yhat,
                            sensitive_features=d.z[s].astype(int)).by_group for s in ("housing", "loan")]

    t, _ = timed(read, r)
    emit("read_csv", t)
    t, d = timed(design, r)
    emit("design", t)
    t, res = timed(lambda: fit(d), r)
    emit("logit_fit", t)
    print(f"# logit loglik {res.llf:.10f}, iterations {res.mle_retvals['iterations']}", file=sys.stderr)
    t, _ = timed(lambda: metrics(d, res), r)
    emit("metrics", t)

    def total():
        read()
        dd = design()
        rr = fit(dd)
        return metrics(dd, rr)
    t, _ = timed(total, r)
    emit("total", t)

    if args.skip_fair:
        return
    import fair_lr_cvxpy as F
    warnings.filterwarnings("ignore", message="Solution may be inaccurate")
    for tag, cluster, lam in (("fair_lr", None, 0.0), ("fair_crlr", "job", 1.0)):
        P = F.Problem(F.design_for(F.BANK, cluster=cluster), ["housing", "loan"], lam=lam)
        t, cv = timed(lambda: F.solve_cvxpy(P, 0.1), r)
        emit(f"{tag}_cvxpy", t)
        init = {k: (1 if g > 0 else -1) for k, g in enumerate(P.g(cv["theta"])) if abs(abs(g) - 0.1) < 1e-6}
        t, pol = timed(lambda: F.active_set_polish(P, 0.1, cv["theta"], init), r)
        emit(f"{tag}_polish", t)
        print(f"# {tag} c=0.1 objective {P.f(pol[0]):.10f}", file=sys.stderr)


if __name__ == "__main__":
    main()

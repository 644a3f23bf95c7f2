"""Reference for the --bootstrap benchmark (Benchmarks/bootstrap.sh): fairlearn MetricFrame with
n_boot bootstrap replicates on bank-full.

Fits the statsmodels Logit of lr_statsmodels.py on all bank-full rows (not timed), predicts
yhat = (p >= 0.5), then times, per sensitive feature (housing, loan), a MetricFrame of selection
rate, accuracy and TPR by group with n_boot replicates and 95% quantiles, plus its difference()
and ratio() (the DP/EO differences and the impact ratio with their bootstrap intervals): the
quantities fairaudit's --bootstrap reports. Prints `python.bootstrap_metricframe <seconds>` and
the interval of the housing impact ratio.
Run from the repo root:  python3 Benchmarks/reference/bootstrap_fairlearn.py [n_boot]
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from design import load_design  # noqa: E402
from lr_statsmodels import fit  # noqa: E402

SENSITIVE = ["housing", "loan"]


def main():
    from fairlearn.metrics import MetricFrame, selection_rate, true_positive_rate
    from sklearn.metrics import accuracy_score
    n_boot = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    d = load_design("Examples/bank/bank-full.csv", target="y", sensitive=SENSITIVE)
    res = fit(d)
    y = d.y.astype(int)
    yhat = (res.predict(d.X) >= 0.5).astype(int)
    metrics = {"selection_rate": selection_rate, "accuracy": accuracy_score, "tpr": true_positive_rate}
    start = time.perf_counter()
    frames = {}
    for s in SENSITIVE:
        z = pd.Series(d.z[s].astype(int), name=s)
        mf = MetricFrame(metrics=metrics, y_true=y, y_pred=yhat, sensitive_features=z,
                         n_boot=n_boot, ci_quantiles=[0.025, 0.975], random_state=42)
        frames[s] = (mf, mf.difference(), mf.ratio())
    seconds = time.perf_counter() - start
    mf, _, ratio = frames["housing"]
    low, high = mf.ratio_ci()
    print(f"python.bootstrap_metricframe {seconds:.3f}")
    print(f"# fairlearn n_boot={n_boot}, all rows: housing impact ratio {ratio['selection_rate']:.4f}, "
          f"95% bootstrap interval [{low['selection_rate']:.4f}, {high['selection_rate']:.4f}]")


if __name__ == "__main__":
    main()

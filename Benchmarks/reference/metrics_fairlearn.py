"""Reference classification and group-fairness metrics with scikit-learn and fairlearn.

Fits the statsmodels Logit of lr_statsmodels.py on all bank-full rows, predicts
p on the same rows, yhat = (p >= 0.5), and writes
Tests/FairAuditKitTests/Fixtures/bank_full_metrics_fairlearn.json.
Run from the repo root:  python3 Benchmarks/reference/metrics_fairlearn.py
"""

from __future__ import annotations

import os
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from design import load_design, versions, write_json  # noqa: E402
from lr_statsmodels import fit  # noqa: E402

DATA = "Examples/bank/bank-full.csv"
OUT = "Tests/FairAuditKitTests/Fixtures/bank_full_metrics_fairlearn.json"
SCRIPT = "Benchmarks/reference/metrics_fairlearn.py"
SENSITIVE = ["housing", "loan"]  # z = 1 for "yes"


def group_metrics():
    from fairlearn.metrics import (count, false_positive_rate, mean_prediction,
                                   selection_rate, true_positive_rate)
    return {
        "n": count,
        "base_rate": lambda y_true, y_pred: float(np.mean(y_true)),
        "selection_rate": selection_rate,
        "tpr": true_positive_rate,
        "fpr": false_positive_rate,
    }


def frame_to_groups(frame, label_cols):
    groups = []
    for key, row in frame.by_group.iterrows():
        key = key if isinstance(key, tuple) else (key,)
        g = {c: int(k) for c, k in zip(label_cols, key)}
        g.update({m: (int(v) if m == "n" else float(v)) for m, v in row.items()})
        groups.append(g)
    return groups


def compute(d, p):
    from fairlearn.metrics import (MetricFrame, demographic_parity_difference,
                                   demographic_parity_ratio, equal_opportunity_difference,
                                   equalized_odds_difference)
    from sklearn.metrics import (accuracy_score, balanced_accuracy_score, brier_score_loss,
                                 log_loss, roc_auc_score)
    y = d.y.astype(int)
    yhat = (p >= 0.5).astype(int)
    overall = {
        "accuracy": float(accuracy_score(y, yhat)),
        "balanced_accuracy": float(balanced_accuracy_score(y, yhat)),
        "auc": float(roc_auc_score(y, p)),
        "log_loss_mean": float(log_loss(y, p)),
        "brier": float(brier_score_loss(y, p)),
        "n": int(len(y)),
        "n_positive_true": int(y.sum()),
        "n_positive_predicted": int(yhat.sum()),
    }
    per_feature = {}
    for s in SENSITIVE:
        z = pd.Series(d.z[s].astype(int), name=s)
        mf = MetricFrame(metrics=group_metrics(), y_true=y, y_pred=yhat, sensitive_features=z)
        sr = mf.by_group["selection_rate"]
        di_ratio = float(min(sr[1] / sr[0], sr[0] / sr[1]))
        per_feature[s] = {
            "z_definition": f"z = 1 when {s} == 'yes'",
            "groups": frame_to_groups(mf, [s]),
            "demographic_parity_difference": float(demographic_parity_difference(y, yhat, sensitive_features=z)),
            "demographic_parity_ratio": float(demographic_parity_ratio(y, yhat, sensitive_features=z)),
            "equalized_odds_difference": float(equalized_odds_difference(y, yhat, sensitive_features=z)),
            "equal_opportunity_difference": float(equal_opportunity_difference(y, yhat, sensitive_features=z)),
            "tpr_difference": float(mf.difference()["tpr"]),
            "fpr_difference": float(mf.difference()["fpr"]),
            "disparate_impact_paper": 1.0 - di_ratio,
        }
    zz = pd.DataFrame({s: d.z[s].astype(int) for s in SENSITIVE})
    mf = MetricFrame(metrics=group_metrics(), y_true=y, y_pred=yhat, sensitive_features=zz)
    inter = {
        "features": SENSITIVE,
        "groups": frame_to_groups(mf, SENSITIVE),
        "demographic_parity_difference": float(demographic_parity_difference(y, yhat, sensitive_features=zz)),
        "demographic_parity_ratio": float(demographic_parity_ratio(y, yhat, sensitive_features=zz)),
        "equalized_odds_difference": float(equalized_odds_difference(y, yhat, sensitive_features=zz)),
        "equal_opportunity_difference": float(equal_opportunity_difference(y, yhat, sensitive_features=zz)),
    }
    return overall, per_feature, inter, yhat


def main():
    d = load_design(DATA, target="y", sensitive=SENSITIVE)
    res = fit(d)
    eta = d.X @ res.params
    p = 1.0 / (1.0 + np.exp(-eta))
    overall, per_feature, inter, yhat = compute(d, p)
    v = versions()
    out = {
        "source": f"{SCRIPT}; fairlearn {v['fairlearn']} MetricFrame, scikit-learn {v['sklearn']}, "
                  f"statsmodels {v['statsmodels']} Logit (as lr_statsmodels.py), pandas {v['pandas']}, "
                  f"numpy {v['numpy']}, python {v['python']}",
        "versions": v,
        "data": DATA,
        "model": "statsmodels Logit on all 43 design columns, all rows (bank_full_logit_statsmodels.json)",
        "threshold": 0.5,
        "prediction_rule": "yhat = 1 when p >= 0.5; p = 1/(1+exp(-eta)) on the training rows",
        "overall": overall,
        "n_positive_predicted": int(yhat.sum()),
        "first10_probabilities": [float(round(x, 12)) for x in p[:10]],
        "first10_probabilities_tolerance": 1e-12,
        "min_abs_p_minus_half": float(np.min(np.abs(p - 0.5))),
        "sensitive": per_feature,
        "intersection": inter,
        "definitions": {
            "n": "fairlearn count (rows in group)",
            "base_rate": "mean of y in group",
            "selection_rate": "mean of yhat in group",
            "tpr": "TP / (TP + FN)",
            "fpr": "FP / (FP + TN)",
            "demographic_parity_difference": "max - min selection rate over groups",
            "demographic_parity_ratio": "min / max selection rate over groups",
            "equalized_odds_difference": "max(TPR difference, FPR difference) (fairlearn agg='worst_case')",
            "equal_opportunity_difference": "max - min TPR over groups",
            "disparate_impact_paper": "1 - min(p1/p0, p0/p1) (paper section 2.1, FairML)",
            "log_loss_mean": "sklearn log_loss, mean over rows",
            "brier": "mean (p - y)^2",
        },
    }
    path = write_json(OUT, out)
    print(f"wrote {os.path.relpath(path)}  acc={overall['accuracy']:.6f} auc={overall['auc']:.6f} "
          f"positives={overall['n_positive_predicted']}")


if __name__ == "__main__":
    main()

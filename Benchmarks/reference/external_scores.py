"""An external (deployed) model on bank-full and fairlearn MetricFrame on its decisions.

Fits a scikit-learn GradientBoostingClassifier (100 trees of depth 3, random_state 0, one-hot
categoricals) on all bank-full rows, rounds its probabilities to 4 decimals (so they are exact
decimal text that any reader parses to the same double, and ties occur), and writes
  Tests/FairAuditKitTests/Fixtures/bank_full_external_scores.csv   (one column: gbm_score)
  Tests/FairAuditKitTests/Fixtures/bank_full_external_fairlearn.json
The JSON holds scikit-learn's AUC and Brier score per group of housing and loan (with the mean
score minus the observed rate), and fairlearn MetricFrame group metrics (housing and loan, z = 1 for "yes", and their
intersection) of the decisions at the thresholds 0.5 and 0.2 and at the selection rate 0.117
(fairaudit's rule: k = floor(r n + 0.5) rows, every row tied with the k-th score selected).
The Swift test appends the score column to bank-full and audits it with --score gbm_score.
Run from the repo root:  python3 Benchmarks/reference/external_scores.py
"""

from __future__ import annotations

import os
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from design import repo_path, versions, write_json  # noqa: E402

DATA = "Examples/bank/bank-full.csv"
SCORES = "Tests/FairAuditKitTests/Fixtures/bank_full_external_scores.csv"
OUT = "Tests/FairAuditKitTests/Fixtures/bank_full_external_fairlearn.json"
SCRIPT = "Benchmarks/reference/external_scores.py"
SENSITIVE = ["housing", "loan"]
RULES = [("threshold", 0.5), ("threshold", 0.2), ("selection_rate", 0.117)]


def scores(df: pd.DataFrame) -> np.ndarray:
    from sklearn.ensemble import GradientBoostingClassifier
    X = pd.get_dummies(df.drop(columns=["y"]), dtype=float)
    y = (df["y"] == "yes").astype(int).to_numpy()
    gbm = GradientBoostingClassifier(n_estimators=100, max_depth=3, random_state=0).fit(X, y)
    p = gbm.predict_proba(X)[:, 1]
    return np.array([float(f"{v:.4f}") for v in p])


def decisions(score: np.ndarray, kind: str, value: float) -> np.ndarray:
    if kind == "threshold":
        return (score >= value).astype(int)
    k = min(len(score), max(1, int(np.floor(value * len(score) + 0.5))))
    cut = np.sort(score)[::-1][k - 1]
    return (score >= cut).astype(int)


def metrics():
    from fairlearn.metrics import count, false_positive_rate, selection_rate, true_positive_rate
    from sklearn.metrics import accuracy_score
    return {"n": count, "base_rate": lambda t, p: float(np.mean(t)), "selection_rate": selection_rate,
            "tpr": true_positive_rate, "fpr": false_positive_rate, "accuracy": accuracy_score}


def groups(mf, cols):
    out = []
    for key, row in mf.by_group.iterrows():
        key = key if isinstance(key, tuple) else (key,)
        g = {c: int(k) for c, k in zip(cols, key)}
        g.update({m: (int(v) if m == "n" else float(v)) for m, v in row.items()})
        out.append(g)
    return out


def assess(y, yhat, z):
    from fairlearn.metrics import (MetricFrame, demographic_parity_difference,
                                   equal_opportunity_difference, equalized_odds_difference)
    per = {}
    for s in SENSITIVE:
        zs = pd.Series(z[s], name=s)
        mf = MetricFrame(metrics=metrics(), y_true=y, y_pred=yhat, sensitive_features=zs)
        sr = mf.by_group["selection_rate"]
        per[s] = {
            "groups": groups(mf, [s]),
            "impact_ratio": float(min(sr[1] / sr[0], sr[0] / sr[1])),
            "demographic_parity_difference": float(demographic_parity_difference(y, yhat, sensitive_features=zs)),
            "equal_opportunity_difference": float(equal_opportunity_difference(y, yhat, sensitive_features=zs)),
            "equalized_odds_difference": float(equalized_odds_difference(y, yhat, sensitive_features=zs)),
        }
    zz = pd.DataFrame({s: z[s] for s in SENSITIVE})
    mf = MetricFrame(metrics=metrics(), y_true=y, y_pred=yhat, sensitive_features=zz)
    return per, groups(mf, SENSITIVE)


def main():
    from sklearn.metrics import accuracy_score, brier_score_loss, roc_auc_score
    df = pd.read_csv(repo_path(DATA), sep=";")
    score = scores(df)
    path = repo_path(SCORES)
    with open(path, "w", encoding="utf-8") as f:
        f.write("gbm_score\n")
        for v in score:
            f.write(f"{v:.4f}\n")
    y = (df["y"] == "yes").astype(int).to_numpy()
    z = {s: (df[s] == "yes").astype(int).to_numpy() for s in SENSITIVE}
    rules = []
    for kind, value in RULES:
        yhat = decisions(score, kind, value)
        per, inter = assess(y, yhat, z)
        rules.append({"rule": kind, "value": value, "selected": int(yhat.sum()),
                      "accuracy": float(accuracy_score(y, yhat)), "sensitive": per, "intersection": inter})
    views = {}
    for s in SENSITIVE:
        views[s] = []
        for value in (1, 0):
            m = z[s] == value
            views[s].append({s: value, "n": int(m.sum()), "auc": float(roc_auc_score(y[m], score[m])),
                             "brier": float(brier_score_loss(y[m], score[m])),
                             "calibration_in_the_large": float(np.mean(score[m]) - np.mean(y[m]))})
    v = versions()
    write_json(OUT, {
        "source": f"{SCRIPT}; scikit-learn {v['sklearn']} GradientBoostingClassifier, fairlearn {v['fairlearn']} "
                  f"MetricFrame, pandas {v['pandas']}, numpy {v['numpy']}, python {v['python']}",
        "versions": v,
        "data": DATA,
        "scores": SCORES,
        "model": "GradientBoostingClassifier(n_estimators=100, max_depth=3, random_state=0) on pandas.get_dummies "
                 "of all columns but y, all rows; probabilities rounded to 4 decimals",
        "overall": {"n": int(len(y)), "auc": float(roc_auc_score(y, score)), "brier": float(brier_score_loss(y, score))},
        "rules": rules,
        "score_views": views,
    })
    print(f"wrote {SCORES} and {OUT}; auc {roc_auc_score(y, score):.6f}")


if __name__ == "__main__":
    main()

"""Design-matrix builder that follows docs/conventions.md to the letter.

Used by every reference script in Benchmarks/reference/. It deliberately does not
use pandas/patsy coding so that every rule (numeric detection, sample-sd
standardisation, most-frequent reference level, byte-wise level order, `col=level`
names, sensitive-feature coding) is explicit and auditable.

    from design import load_design, repo_root
    d = load_design("Examples/bank/bank-full.csv", target="y",
                    sensitive=["housing", "loan"], cluster=None)
    d.X, d.names, d.y, d.z["housing"], d.cluster_codes, d.cluster_levels

Paths are resolved relative to the repository root (two levels above this file).
"""

from __future__ import annotations

import csv
import math
import os
from dataclasses import dataclass, field

import numpy as np

MISSING = {"", "NA", "?"}
POSITIVE_LOOKING = ("yes", "true", "1")


def repo_root() -> str:
    return os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def repo_path(rel: str) -> str:
    return os.path.join(repo_root(), rel)


def byte_key(s: str) -> bytes:
    return s.encode("utf-8")


def parse_number(s: str):
    """Return the float value if `s` parses as a finite number, else None."""
    try:
        v = float(s)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def sniff_delimiter(path: str) -> str:
    with open(path, newline="", encoding="utf-8") as f:
        head = f.readline()
    return ";" if head.count(";") > head.count(",") else ","


def read_table(path: str, delimiter: str | None = None):
    """Read a delimited file into (header, list of columns of strings)."""
    delimiter = delimiter or sniff_delimiter(path)
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter=delimiter))
    header, body = rows[0], [r for r in rows[1:] if r]
    for i, r in enumerate(body):
        if len(r) != len(header):
            raise ValueError(f"{path}: row {i + 2} has {len(r)} fields, header has {len(header)}")
    cols = [[r[j] for r in body] for j in range(len(header))]
    return header, cols


def is_numeric_column(values) -> bool:
    seen = False
    for v in values:
        if v in MISSING:
            continue
        seen = True
        if parse_number(v) is None:
            return False
    return seen


def reference_level(values) -> str:
    """Most frequent level; ties broken by the byte-wise smallest level."""
    counts = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return min(counts, key=lambda lv: (-counts[lv], byte_key(lv)))


def sensitive_indicator(spec: str, header, cols, numeric_cols) -> np.ndarray:
    """z in {0,1} per conventions: `col`, `col=level`, `col<t`, `col>=t`, ..."""
    for op in (">=", "<=", "<", ">"):
        if op in spec and "=" not in spec.replace(">=", "").replace("<=", ""):
            name, thr = spec.split(op, 1)
            x = np.array([float(v) for v in cols[header.index(name)]])
            t = float(thr)
            return {">=": x >= t, "<=": x <= t, "<": x < t, ">": x > t}[op].astype(float)
    if "=" in spec:
        name, level = spec.split("=", 1)
        vals = cols[header.index(name)]
        return np.array([1.0 if v == level else 0.0 for v in vals])
    vals = cols[header.index(spec)]
    levels = sorted(set(vals), key=byte_key)
    if len(levels) != 2:
        raise ValueError(f"sensitive feature {spec!r} has {len(levels)} levels, need 2 (or use col=level)")
    pos = [lv for lv in levels if lv.strip().lower() in POSITIVE_LOOKING]
    if len(pos) == 1:
        one = pos[0]
    else:
        # less frequent level; tie -> byte-wise largest (the complement of the reference-level rule)
        counts = {lv: vals.count(lv) for lv in levels}
        one = max(levels, key=lambda lv: (-counts[lv], byte_key(lv)))
    return np.array([1.0 if v == one else 0.0 for v in vals])


@dataclass
class Design:
    X: np.ndarray
    names: list
    y: np.ndarray
    z: dict
    cluster_codes: np.ndarray | None
    cluster_levels: list | None
    standardisation: list = field(default_factory=list)   # [{name, mean, sd}]
    reference_levels: dict = field(default_factory=dict)  # {column: level}
    covariates: list = field(default_factory=list)
    n_obs: int = 0


def load_design(rel_path: str, target: str, sensitive=(), cluster: str | None = None,
                positive=None, exclude=(), delimiter: str | None = None) -> Design:
    """Build the design of docs/conventions.md from a CSV (path relative to the repo root).

    `exclude` is an extension (not in the conventions): extra columns left out of the covariates.
    Rows with a missing marker in any used column are dropped (bank-full and the simulated data
    have none, so this never triggers for the fixtures).
    """
    path = rel_path if os.path.isabs(rel_path) else repo_path(rel_path)
    header, cols = read_table(path, delimiter)
    used = [h for h in header if h not in exclude]
    keep = [i for i in range(len(cols[0]))
            if all(cols[header.index(h)][i] not in MISSING for h in used)]
    if len(keep) != len(cols[0]):
        cols = [[c[i] for i in keep] for c in cols]
    n = len(cols[0])

    tvals = cols[header.index(target)]
    tlevels = sorted(set(tvals), key=byte_key)
    if len(tlevels) != 2:
        raise ValueError(f"target {target!r} is not binary: {tlevels}")
    if positive is None:
        pos = [lv for lv in tlevels if lv.strip().lower() in POSITIVE_LOOKING]
        if len(pos) != 1:
            raise ValueError(f"cannot tell the positive label of {target!r}: {tlevels}")
        positive = pos[0]
    y = np.array([1.0 if v == positive else 0.0 for v in tvals])

    numeric_cols = {h: is_numeric_column(cols[j]) for j, h in enumerate(header)}
    covariates = [h for h in header if h not in (target, cluster) and h not in exclude]

    blocks, names, stdinfo, refs = [np.ones((n, 1))], ["(Intercept)"], [], {}
    for h in covariates:
        vals = cols[header.index(h)]
        if numeric_cols[h]:
            x = np.array([float(v) for v in vals])
            mean = x.mean()
            sd = x.std(ddof=1)
            if not sd > 0:
                raise ValueError(f"constant column {h!r}")
            blocks.append(((x - mean) / sd)[:, None])
            names.append(h)
            stdinfo.append({"name": h, "mean": float(mean), "sd": float(sd)})
        else:
            ref = reference_level(vals)
            refs[h] = ref
            levels = sorted((lv for lv in set(vals) if lv != ref), key=byte_key)
            arr = np.array(vals, dtype=object)
            for lv in levels:
                blocks.append((arr == lv).astype(float)[:, None])
                names.append(f"{h}={lv}")
    X = np.hstack(blocks)

    z = {s: sensitive_indicator(s, header, cols, numeric_cols) for s in sensitive}

    codes = levels = None
    if cluster is not None:
        cvals = cols[header.index(cluster)]
        levels = sorted(set(cvals), key=byte_key)
        index = {lv: i for i, lv in enumerate(levels)}
        codes = np.array([index[v] for v in cvals], dtype=int)

    return Design(X=X, names=names, y=y, z=z, cluster_codes=codes, cluster_levels=levels,
                  standardisation=stdinfo, reference_levels=refs, covariates=covariates, n_obs=n)


def versions() -> dict:
    import platform
    import importlib
    out = {"python": platform.python_version()}
    for mod in ("numpy", "scipy", "pandas", "statsmodels", "sklearn", "fairlearn", "cvxpy", "clarabel", "ecos"):
        try:
            out[mod] = importlib.import_module(mod).__version__
        except Exception:
            pass
    return out


def write_json(rel_path: str, obj) -> str:
    import json
    path = repo_path(rel_path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, sort_keys=True, indent=2, allow_nan=False)
        f.write("\n")
    return path


if __name__ == "__main__":
    d = load_design("Examples/bank/bank-full.csv", target="y", sensitive=["housing", "loan"])
    print(d.X.shape, d.reference_levels)
    print(d.names)
    dc = load_design("Examples/bank/bank-full.csv", target="y", sensitive=["housing", "loan"], cluster="job")
    print(dc.X.shape, dc.cluster_levels, np.bincount(dc.cluster_codes))

#!/usr/bin/env bash
# Times the audit on the two "many levels" shapes of the real-world-CSV issue, release build:
#   clusters5000.csv  10,000 rows, a 5,000-level cluster column, --sensitive, all six models and the default sweeps
#   levels10000.csv   12,000 rows, a 10,000-level text column (left out by --max-levels), all models
# Prints wall time (s) and peak RSS (MB) per run; the target is under 10 s each on 2 cores.
# Run from the repository root: bash Benchmarks/many_levels.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product fairaudit >&2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 - "$dir" <<'PY'
import math, random, sys
out = sys.argv[1]
rng = random.Random(2026)
def rows(n, clusters, extra):
    effects = [rng.gauss(0, 0.7) for _ in range(clusters)]
    for i in range(n):
        c = rng.randrange(clusters)
        sex = rng.random() < 0.45
        x1, x2, x3 = rng.gauss(0, 1), rng.gauss(0, 1), rng.gauss(0, 1) + 0.5 * sex
        region = rng.choice("ABCDE")
        grade = rng.choice(["low", "mid", "high"])
        eta = -1 + 0.8 * x1 - 0.5 * x2 + 0.3 * x3 + 0.4 * sex + effects[c]
        y = 1 if rng.random() < 1 / (1 + math.exp(-eta)) else 0
        yield [f"c{c:05d}", "F" if sex else "M", f"{x1:.4f}", f"{x2:.4f}", f"{x3:.4f}", region, grade, extra(i), str(y)]
with open(f"{out}/clusters5000.csv", "w") as f:
    f.write("branch,sex,x1,x2,x3,region,grade,note,y\n")
    for r in rows(10_000, 5_000, lambda i: "x"):
        f.write(",".join(r) + "\n")
with open(f"{out}/levels10000.csv", "w") as f:
    f.write("branch,sex,x1,x2,x3,region,grade,customer,y\n")
    for r in rows(12_000, 100, lambda i: f"cust{rng.randrange(10_000):05d}"):
        f.write(",".join(r) + "\n")
PY
run() {
  local name=$1; shift
  /usr/bin/time -f "$name: %e s wall, %M KB peak RSS" .build/release/fairaudit "$@" -o "$dir/$name.html" --json "$dir/$name.json" 2>&1 \
    | grep -E "wall|^error" || true
}
run clusters5000 "$dir/clusters5000.csv" --sensitive sex --cluster branch
run levels10000 "$dir/levels10000.csv" --sensitive sex --cluster branch

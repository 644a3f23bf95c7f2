#!/usr/bin/env bash
# Issue 8 benchmark: the full bank-full audit with --cluster job and the default dense sweeps
# (wall time, CPU, peak RSS; --threads 1 and 2; the JSON must be identical), next to the same
# Fair LR c path solved with scipy SLSQP, one cvxpy point, and a fairlearn ExponentiatedGradient curve.
#   bash Benchmarks/sweep.sh            # EG_POINTS=5 by default (each EG fit takes seconds)
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
swift build -c release --product fairaudit >&2 || exit 1
bin=.build/release/fairaudit
data=Examples/bank/bank-full.csv
echo "# load: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"
run() {
  local name=$1; shift
  /usr/bin/time -f "%e %P %M" -o "$out/$name.time" "$bin" "$data" --sensitive housing,loan -o "$out/$name.html" \
    --json "$out/$name.json" "$@" >/dev/null 2>"$out/$name.err"
  read -r wall cpu rss <"$out/$name.time"
  echo "swift.$name $wall cpu=$cpu peak_rss_kb=$rss"
}
run audit_job_sweeps --cluster job
run audit_job_sweeps_threads1 --cluster job --threads 1
run audit_job_no_sweep --cluster job --no-sweep
run audit_lr_sweeps
cmp -s "$out/audit_job_sweeps.json" "$out/audit_job_sweeps_threads1.json" \
  && echo "# JSON identical with --threads 1 and 2" || echo "# JSON DIFFERS between --threads 1 and 2"
python3 - "$out/audit_job_sweeps.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["sweeps"]
print(f"# sweep points: {len(s['rho'])} penalty, {len(s['bound'])} bound; checks agree: "
      + ", ".join(f"{c['model']}/{c['feature']} {c['relative_difference']:.1e}" for c in s["shadow_price_checks"]))
PY
if python3 -c "import scipy, fairlearn, cvxpy" 2>/dev/null; then
  python3 Benchmarks/reference/sweep_reference.py --eg-points "${EG_POINTS:-5}" | tee "$out/python.txt"
else
  echo "# python references skipped (pip install scipy cvxpy fairlearn scikit-learn)"
fi
rm -rf "$out"

#!/usr/bin/env bash
# Scale benchmark (issue 12), release build, on `fairaudit simulate --rows` data: 20 covariates
# (housing and loan among them), 100 strata, `--cluster stratum --sensitive housing,loan`.
#   1. 1,000,000 rows, --no-sweep, --test-fraction 0, --threads 2 and --threads 1: wall time, peak
#      RSS, CPU %, and the JSON of the two runs compared byte for byte;
#   2. R glm and glmer nAGQ = 0 on the same file in the same session (Benchmarks/reference/scale_lme4.R):
#      wall time of each fit, peak RSS of the R process, and the log-likelihoods against fairaudit's
#      LR and GLMM (all rows, so the same likelihood);
#   3. 1,000,000 rows with the default split and the default sweeps (stopped after SWEEP_TIMEOUT s);
#   4. 10,000,000 rows, --no-sweep (R is not run at this size; SKIP_10M=1 leaves it out).
# Runs with --progress also print the seconds from the start to the first fit and from the
# evaluation to the outputs written (1M `--models LR` too), next to R's fread of the same file.
# Targets: 1M with sweeps < 60 s and < 2 GB; 1M --no-sweep < 10 s; 10M --no-sweep < 180 s and
# < 8 GB; CPU above 170 % on 1M. Prints wall time, CPU seconds (user + system) and the load
# average, since other builds on the machine slow every wall time (CPU seconds move less).
# Run from the repository root: bash Benchmarks/scale.sh   (SKIP_R=1 leaves out R)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product fairaudit >&2
bin=$PWD/.build/release/fairaudit
dir=${SCALE_DIR:-$(mktemp -d)}
mkdir -p "$dir"
[ -n "${SCALE_DIR:-}" ] || trap 'rm -rf "$dir"' EXIT
sweep_timeout=${SWEEP_TIMEOUT:-900}
echo "# $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"

# run NAME ARGS...: one fairaudit process under /usr/bin/time; prints wall s, peak RSS MB, CPU %.
run() {
  local name=$1; shift
  local status=0
  /usr/bin/time -f "%e %M %P %U %S" -o "$dir/$name.time" "$@" >"$dir/$name.out" 2>"$dir/$name.err" || status=$?
  # GNU time writes "Command exited with non-zero status N" first on failures: read the last line.
  read -r wall rss cpu user sys < <(tail -1 "$dir/$name.time") || true
  printf "%-28s %8s s wall %8.1f s CPU %8d MB peak RSS %6s CPU  exit %s  (load %s)\n" "$name" "$wall" \
    "$(echo "${user:-0} + ${sys:-0}" | bc)" "$((${rss:-0} / 1024))" "$cpu" "$status" "$(cut -d' ' -f1 /proc/loadavg)"
  grep -E "^error" "$dir/$name.err" || true
}

# phases NAME: from the --progress lines of a run, the seconds from the start to the first fit
# (read, type, frame, design matrix, rank check) and from the evaluation to the outputs written.
phases() {
  awk -v name="$1" '/^progress: / { t = $2 + 0 }
    /: fitting / && first == "" { first = t }
    /: evaluating / { ev = t }
    /: outputs written/ { done = t }
    END { if (first != "") printf "%-28s read to first fit %5.1f s; evaluation + outputs %5.1f s\n", name, first, done - ev }' "$dir/$1.err"
}

loglik() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(next(m['log_likelihood'] for m in d['models'] if m['label']==sys.argv[2]))" "$@"; }

"$bin" simulate --rows 1000000 --strata 100 --columns 20 --seed 12 -o "$dir/m1.csv" >/dev/null
common=(--sensitive housing,loan --cluster stratum --target y)
run "1M LR only threads=2" "$bin" "$dir/m1.csv" "${common[@]}" --no-sweep --test-fraction 0 --threads 2 --models LR --progress -o "$dir/l2.html" --json "$dir/l2.json"
phases "1M LR only threads=2"
run "1M no-sweep threads=2" "$bin" "$dir/m1.csv" "${common[@]}" --no-sweep --test-fraction 0 --threads 2 --progress -o "$dir/a2.html" --json "$dir/a2.json"
phases "1M no-sweep threads=2"
run "1M no-sweep threads=1" "$bin" "$dir/m1.csv" "${common[@]}" --no-sweep --test-fraction 0 --threads 1 -o "$dir/a1.html" --json "$dir/a1.json"
if cmp -s "$dir/a1.json" "$dir/a2.json"; then echo "JSON --threads 1 vs 2 at 1M: identical"; else echo "JSON --threads 1 vs 2 at 1M: DIFFERENT"; fi

if [ -z "${SKIP_R:-}" ] && command -v Rscript >/dev/null; then
  /usr/bin/time -f "%e %M %P %U %S" -o "$dir/r.time" Rscript Benchmarks/reference/scale_lme4.R "$dir/m1.csv" >"$dir/r.out" 2>"$dir/r.err" || true
  cat "$dir/r.out"
  read -r wall rss cpu user sys < <(tail -1 "$dir/r.time") || true
  printf "%-28s %8s s wall %8.1f s CPU %8d MB peak RSS %6s CPU\n" "R (read + glm + glmer)" "$wall" \
    "$(echo "${user:-0} + ${sys:-0}" | bc)" "$((${rss:-0} / 1024))" "$cpu"
  swift_lr=$(loglik "$dir/a2.json" LR); swift_glmm=$(loglik "$dir/a2.json" GLMM)
  r_glm=$(awk '$1 == "r.glm" {print $3}' "$dir/r.out"); r_glmer=$(awk '$1 == "r.glmer_nagq0" {print $3}' "$dir/r.out")
  python3 - "$swift_lr" "$r_glm" "$swift_glmm" "$r_glmer" <<'PY'
import sys
lr, glm, glmm, glmer = map(float, sys.argv[1:])
print(f"loglik LR   fairaudit {lr:.6f}  R glm          {glm:.6f}  difference {lr - glm:+.3e}")
print(f"loglik GLMM fairaudit {glmm:.6f}  glmer nAGQ=0   {glmer:.6f}  difference {glmm - glmer:+.3e}"
      " (fairaudit maximises the Laplace likelihood; nAGQ = 0 evaluated at its own estimates is a lower bound)")
PY
  t2=$(tail -1 "$dir/1M no-sweep threads=2.time" | cut -d' ' -f1)
  first=$(awk '/^progress: / { t = $2 + 0 } /: fitting / { print t; exit }' "$dir/1M no-sweep threads=2.err")
  awk -v t="$first" '$1 == "r.read" && t > 0 {printf "ratio R fread / fairaudit read to first fit (read, type, design, rank check): %.2fx\n", $2 / t}' "$dir/r.out"
  awk -v t="$t2" '$1 == "r.glmer_nagq0" {printf "ratio glmer nAGQ=0 fit / whole fairaudit 1M audit (6 models): %.1fx\n", $2 / t}
                  $1 == "r.glm" {printf "ratio R glm fit / whole fairaudit 1M audit (6 models): %.1fx\n", $2 / t}' "$dir/r.out"
fi

run "1M default sweeps" timeout "$sweep_timeout" "$bin" "$dir/m1.csv" "${common[@]}" -o "$dir/s.html" --json "$dir/s.json"
rm -f "$dir/m1.csv"

if [ -z "${SKIP_10M:-}" ]; then
  "$bin" simulate --rows 10000000 --strata 100 --columns 20 --seed 12 -o "$dir/m10.csv" >/dev/null
  run "10M no-sweep" "$bin" "$dir/m10.csv" "${common[@]}" --no-sweep --progress -o "$dir/b.html" --json "$dir/b.json"
  phases "10M no-sweep"
  rm -f "$dir/m10.csv"
fi

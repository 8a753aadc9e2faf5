#!/usr/bin/env bash
# Checks, on the real perturbation shape, that C2 compiles every Vector API operation of the
# matrix-product micro-kernels (VectorGemm) to machine instructions. Runs RUNS fresh JVMs of one
# seed of `fm4j perturb` on kang_valid.h5ad (NK held out: batch 64, 3 x 256 SiLU network) with
# the kernels' inlining log (PrintInlining) and counts the operations C2 left as calls
# ("VectorSupport::<op> ... failed to inline (intrinsic)"): such an operation runs as a Java call
# on a vector boxed on the heap on every tile, and the run is several times slower. Prints per run
# the count by operation, the milliseconds per training step and R2 (the same in every run), and
# exits 1 when any run left an operation out.
#
#   bench/intrinsics.sh [RUNS] [CELL_TYPE]      defaults 3, NK
#
# Environment: DATA (default ../shared/data/kang_valid.h5ad), FM4J_JAVA_OPTS (further JVM options,
# e.g. -XX:-TieredCompilation), JAVA_HOME.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
type="${2:-NK}"
data="${DATA:-$root/../shared/data/kang_valid.h5ad}"
python="${PYTHON:-/usr/bin/python3}"
[ -f "$data" ] || { echo "intrinsics: $data not found (set DATA)" >&2; exit 2; }
"$root/fm4j" --version >/dev/null 2>&1
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
opts="${FM4J_JAVA_OPTS:-} -XX:+UnlockDiagnosticVMOptions -XX:CompileCommand=quiet"
for k in rows1 rows2 cols1 cols2 packed1 packed2; do
  opts="$opts -XX:CompileCommand=option,org.flowmatch4j.tensor.VectorGemm::$k,PrintInlining"
done
status=0
for r in $(seq 1 "$runs"); do
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  FM4J_JAVA_OPTS="$opts" "$root/fm4j" perturb --data "$data" --condition-key condition \
      --control control --context-key cell_type --holdout-context "$type" \
      --holdout-condition stimulated --seeds 1 --out "$tmp/out$r" --json --quiet >"$tmp/log$r" 2>&1
  failed="$(grep -c 'VectorSupport::.*failed to inline (intrinsic)' "$tmp/log$r" || true)"
  ops="$({ grep -o 'VectorSupport::[a-zA-Z]* .*failed to inline (intrinsic)' "$tmp/log$r" || true; } \
      | cut -d' ' -f1 | sort | uniq -c | awk '{printf "%s %s x%s", sep, $2, $1; sep=","}')"
  "$python" - "$tmp/out$r/metrics.json" "$r" "$runs" "$load" "$failed" "$ops" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
r, runs, load, failed, ops = sys.argv[2:7]
print("run %s/%s (load average %s): %s operations left as calls%s | ms/step %s | R2 %.6f / %.6f" % (
    r, runs, load, failed, (" (" + ops.strip() + ")") if ops else "",
    ", ".join("%.2f" % v for v in m["ms_per_step"]), m["r2_all"], m["r2_deg"]))
PY
  [ "$failed" -eq 0 ] || status=1
done
exit "$status"

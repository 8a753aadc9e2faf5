#!/usr/bin/env bash
# Checks that C2 compiles every Vector API operation of the matrix-product micro-kernels
# (VectorGemm), the elementwise maps and Adam (VectorMaps, VectorKernels) and the assignment
# solver's vector loops (VectorAssignment) to machine instructions, on the shapes the project
# trains on. Runs RUNS fresh JVMs
# of one workload with the kernels' inlining log (PrintInlining) and counts the operations C2
# left as calls ("VectorSupport::<op> ... failed to inline (intrinsic)", or any call left out with
# "NodeCountInliningCutoff"): such an operation runs as a Java call on a vector boxed on the heap
# on every tile, and the run is several times slower.
# Prints per run the stores C2 compiled, the operations it left as calls by kind and the
# milliseconds per training step (and R2 for perturb, the same in every run), and exits 1 when any
# run left an operation out or compiled no kernel with C2.
#
#   bench/intrinsics.sh [RUNS] [SHAPE]      defaults 3, perturb
#
# SHAPE:
#   perturb     one seed of `fm4j perturb` on kang_valid.h5ad, CELL_TYPE (default NK) held out:
#               batch 64, 3 x 256 SiLU network
#   trajectory  one seed of `fm4j trajectory` on mouse_hematopoiesis.csv, time point 1 held out,
#               3,000 steps, exact minibatch OT: batch 256 per time point, 64 x 3 SELU network
#   mlp-large   `fm4j bench mlp --size large`: batch 1024, 100 -> 512 x 3 -> 100
#   mlp-small   `fm4j bench mlp --size small`
#
# Environment: DATA (the data directory, default ../shared/data), CELL_TYPE, THREADS (default:
# the number of cores), LOGS (a directory to keep each run's compile log in), FM4J_JAVA_OPTS (further JVM options, e.g. -XX:-TieredCompilation),
# JAVA_HOME.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
shape="${2:-perturb}"
data="${DATA:-$root/../shared/data}"
threads="${THREADS:-$(nproc)}"
python="${PYTHON:-/usr/bin/python3}"
case "$shape" in
  perturb) input="$data/kang_valid.h5ad" ;;
  trajectory) input="$data/mouse_hematopoiesis.csv" ;;
  mlp-large | mlp-small) input="" ;;
  *) echo "intrinsics: SHAPE must be perturb, trajectory, mlp-large or mlp-small, not '$shape'" >&2; exit 2 ;;
esac
[ -z "$input" ] || [ -f "$input" ] || { echo "intrinsics: $input not found (set DATA)" >&2; exit 2; }
"$root/fm4j" --version >/dev/null 2>&1
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# the compile log goes to stderr, so that stdout holds only the command's JSON
opts="${FM4J_JAVA_OPTS:-} -XX:+UnlockDiagnosticVMOptions -XX:+DisplayVMOutputToStderr -XX:CompileCommand=quiet"
for k in rows1 rows2 cols1 cols2 packed1 packed2; do
  opts="$opts -XX:CompileCommand=option,org.flowmatch4j.tensor.VectorGemm::$k,PrintInlining"
done
for c in tensor.VectorMaps tensor.VectorKernels ot.VectorAssignment; do
  opts="$opts -XX:CompileCommand=option,org.flowmatch4j.$c::*,PrintInlining"
done
status=0
for r in $(seq 1 "$runs"); do
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  case "$shape" in
    perturb)
      cmd=(perturb --data "$input" --condition-key condition --control control --context-key cell_type
        --holdout-context "${CELL_TYPE:-NK}" --holdout-condition stimulated --seeds 1 --threads "$threads"
        --out "$tmp/out$r" --json --quiet) ;;
    trajectory)
      cmd=(trajectory --data "$input" --holdout 1 --seeds 1 --steps 3000 --threads "$threads"
        --coupling exact --ema 0 --out "$tmp/out$r" --json --quiet) ;;
    mlp-*)
      cmd=(bench mlp --size "${shape#mlp-}" --threads "$threads" --json) ;;
  esac
  FM4J_JAVA_OPTS="$opts" "$root/fm4j" "${cmd[@]}" >"$tmp/json$r" 2>"$tmp/log$r"
  # an operation C2 could not intrinsify, or a call it left out because the kernel's compile had
  # outgrown its node budget for inlining (a helper method of the kernel, whose vector arguments
  # are then boxed)
  failed="$(grep -c 'VectorSupport::.*failed to inline (intrinsic)\|NodeCountInliningCutoff' "$tmp/log$r" || true)"
  ops="$({ grep -o 'VectorSupport::[a-zA-Z]* .*failed to inline (intrinsic)\|[a-zA-Z0-9.$]*::[a-zA-Z0-9]* .*NodeCountInliningCutoff' "$tmp/log$r" || true; } \
      | cut -d' ' -f1 | sort | uniq -c | awk '{printf "%s %s x%s", sep, $2, $1; sep=","}')"
  # a run whose kernels C2 never compiled would show no failure either: count the stores it did
  # compile, and count a run without any as a failure
  stores="$(grep -c 'VectorSupport::store .*(intrinsic)$' "$tmp/log$r" || true)"
  "$python" - "$(tail -n 1 "$tmp/json$r")" "$shape" "$r" "$runs" "$load" "$failed" "$ops" "$stores" <<'PY'
import json, sys
out, shape, r, runs, load, failed, ops, stores = sys.argv[1:9]
j = json.loads(out)
if shape == "perturb":
    ms = ", ".join("%.2f" % v for v in j["ms_per_step"])
    extra = " | R2 %.6f / %.6f" % (j["r2_all"], j["r2_deg"])
elif shape == "trajectory":
    ms = "%.3f" % j["holdout"][0]["ms_per_step_seeds"][0]
    extra = " | W1 %.6f" % j["holdout"][0]["w1_mean"]
else:
    ms = "%.3f" % j["sizes"][0]["msPerStep"]
    extra = ""
print("%s run %s/%s (load average %s): %s stores compiled, %s operations left as calls%s | ms/step %s%s" % (
    shape, r, runs, load, stores, failed, (" (" + ops.strip() + ")") if ops else "", ms, extra))
PY
  if [ -n "${LOGS:-}" ]; then mkdir -p "$LOGS" && cp "$tmp/log$r" "$LOGS/$shape-$r.log"; fi
  [ "$failed" -eq 0 ] && [ "$stores" -gt 0 ] || status=1
done
exit "$status"

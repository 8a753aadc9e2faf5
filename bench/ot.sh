#!/usr/bin/env bash
# Benchmark (not a test): exact and entropic OT in FlowMatch4J (`fm4j bench ot`) and in POT
# (Debian's python3-pot 0.8.2, bench/ot_pot.py) on the same point clouds, in the same run:
#   - exact W1 (Euclidean cost, uniform weights) between 2,000 x 2,000 and 5,000 x 5,000 points
#     in 10-D, and between unequal clouds (1,429 x 3,781 in 2-D, as in the hematopoiesis task;
#     2,000 x 3,000 in 10-D);
#   - the OT-CFM minibatch plan: 100 exact plans of 256 x 256 (squared Euclidean, noise against
#     8 Gaussians in 2-D, and against shifted Gaussians in 50-D), median time per plan;
#   - Sinkhorn on 2,000 x 2,000 at eps = 0.1 (and 0.01, which needs more iterations) with the
#     squared Euclidean cost divided by its max, tolerance 1e-9 on POT's error (L2 norm of the
#     column-marginal error, checked after iterations 1, 11, 21, ...: FlowMatch4J's
#     SinkhornStopping.POT, so both sides run the same number of iterations), kernel and
#     log-domain forms on both sides.
# Both sides include computing the cost matrix in their timings. Prints medians, the ratio
# fm4j/POT and both costs (exact costs must agree to 1e-9); for the W1 and Sinkhorn cases also
# the ratio of the median process CPU times, which a loaded machine disturbs less than the
# wall-clock times, and the thread-CPU ratio: the CPU time of the JVM threads that run the solve
# (the calling thread and the pool's workers, which share the row-independent work on large
# matrices: cost matrices, Sinkhorn's kernel and plan), counted in nanoseconds rather than the
# process's 10 ms ticks and without the JIT's and the collector's threads, over POT's process CPU
# time. POT runs with one BLAS thread unless POT_THREADS says otherwise (numpy's matrix-vector
# products of its Sinkhorn then use that many).
#
#   bench/ot.sh [REPEAT] [--skip-large] [--cases GROUPS]
#     REPEAT timed runs per case (default 3); --skip-large skips 5,000 x 5,000; --cases W1,
#     MINIBATCH, SINKHORN (comma-separated, default all) picks the groups timed on both sides.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repeat="${1:-3}"
shift || true
flags=("$@")
py=/usr/bin/python3
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

"$root/fm4j" --version >&2
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "generating inputs in $tmp ..." >&2
"$py" "$root/bench/ot_pot.py" generate "$tmp"
echo "timing FlowMatch4J ..." >&2
FM4J_JAVA_OPTS="${FM4J_JAVA_OPTS:--Xmx6g}" "$root/fm4j" bench ot "$tmp" --repeat "$repeat" ${flags[@]+"${flags[@]}"} --json \
  | tail -n 1 >"$tmp/fm4j.json"
echo "timing POT ..." >&2
# BLAS/OpenMP threads of numpy: one by default (POT's emd is single-threaded)
pot_threads="${POT_THREADS:-1}"
OMP_NUM_THREADS="$pot_threads" OPENBLAS_NUM_THREADS="$pot_threads" MKL_NUM_THREADS="$pot_threads" \
  "$py" "$root/bench/ot_pot.py" time "$tmp" --repeat "$repeat" ${flags[@]+"${flags[@]}"} | tail -n 1 >"$tmp/pot.json"

"$py" - "$tmp/fm4j.json" "$tmp/pot.json" <<'PY'
import json, sys
fm = {c["name"]: c for c in json.load(open(sys.argv[1]))["cases"]}
pot_all = json.load(open(sys.argv[2]))
pot = {c["name"]: c for c in pot_all["cases"]}
print(f"POT {pot_all['pot_version']}; times in ms (median), ratio = fm4j / POT")
print(f"{'case':<34} {'POT':>10} {'fm4j':>10} {'ratio':>7}   {'POT cost':>20} {'fm4j cost':>20} {'rel diff':>9}")
bad = False
for name, f in fm.items():
    base = name.replace("_network_simplex", "")
    p = pot.get(base)
    if p is None:
        continue
    rel = abs(f["cost"] - p["cost"]) / abs(p["cost"])
    label = name if name == base else base + " (network simplex)"
    extra = ""
    if "cpu_median_ms" in f and "cpu_median_ms" in p:
        extra += f"   CPU ratio {f['cpu_median_ms'] / p['cpu_median_ms']:.3f}"
    if "thread_cpu_median_ms" in f and "cpu_median_ms" in p:
        extra += f"   thread-CPU ratio {f['thread_cpu_median_ms'] / p['cpu_median_ms']:.3f}"
    if "iterations" in f:
        extra += f"   iterations POT {p.get('iterations')} / fm4j {f['iterations']}"
    print(f"{label:<34} {p['median_ms']:10.2f} {f['median_ms']:10.2f} {f['median_ms'] / p['median_ms']:7.3f}"
          f"   {p['cost']:20.14g} {f['cost']:20.14g} {rel:9.1e}{extra}")
    if not name.startswith("sinkhorn") and rel > 1e-9:
        bad = True
if bad:
    sys.exit("exact costs differ by more than 1e-9 relative")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "(POT on $pot_threads BLAS thread(s); fm4j's row-independent work on large matrices on $(nproc) cores; this machine is shared, so the figures are provisional)" >&2

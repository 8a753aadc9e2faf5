#!/usr/bin/env bash
# Where the first seed's extra time goes: `fm4j trajectory` on mouse_hematopoiesis.csv (held-out
# time 1, seeds 1 and 2, in one fresh JVM per run; the protocol of bench/trajectory.sh: minibatch
# OT, --coupling exact --ema 0) under one or more sets of JVM options, the runs
# alternating. For each training loop it reads, when its progress line appears, the wall time, the
# CPU time of the whole process (user + sys) and that of the JIT's compiler threads (from
# /proc/PID/task/*/stat, threads named "C1 CompilerThre..." and "C2 CompilerThre..."). The second
# seed runs compiled code, so seed 1 CPU - seed 2 CPU is the JIT's warm-up in CPU seconds: the
# compiler threads' share of it, and the rest, which is the training threads running code not yet
# compiled by C2. CPU times follow the load much less than wall times, so options can be compared
# on a busy machine. Also prints the ms/step and W1 of each seed (the W1 must not change with the
# options: the kernels give the same bits whatever the JIT does). A compiler thread that has exited
# (the JVM stops idle ones when it runs more than its default number, e.g. -XX:CICompilerCount=4)
# takes its CPU time out of /proc/PID/task: the compiler threads' share is then a lower bound, and
# the process CPU, hence the warm-up, stays whole.
#
#   bench/warmup.sh [STEPS] [RUNS]       defaults 3000 steps, 1 run of each set of options
#
# Environment: OPTIONS, sets of JVM options and launcher settings separated by '|', each added to
# the launcher's own (default: none extra), e.g. OPTIONS='|-XX:-TieredCompilation' compares the
# default with C2 only; a set starting with FM4J_EARLY_KERNELS=off runs without the launcher's
# early compiles of the kernels, e.g. OPTIONS='|FM4J_EARLY_KERNELS=off';
# THREADS (default 2), DATA (default ../shared/data), JAVA_HOME. Linux only (/proc).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steps="${1:-3000}"
runs="${2:-1}"
threads="${THREADS:-2}"
data="${DATA:-$root/../shared/data}"
[ -f "$data/mouse_hematopoiesis.csv" ] || { echo "$data/mouse_hematopoiesis.csv not found (set DATA)" >&2; exit 2; }
"$root/fm4j" --version >/dev/null 2>&1
tck="$(getconf CLK_TCK)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
IFS='|' read -r -a sets <<<"${OPTIONS:-}"
[ "${#sets[@]}" -gt 0 ] || sets=("")

# cpu PID: "process-cpu-seconds:compiler-thread-cpu-seconds"
cpu() {
  local p c j
  p="$(awk -v t="$tck" '{print ($14 + $15) / t}' "/proc/$1/stat" 2>/dev/null || echo nan)"
  j=0
  for task in /proc/"$1"/task/*; do
    c="$(cat "$task/comm" 2>/dev/null || true)"
    case "$c" in
      "C1 Compiler"* | "C2 Compiler"*)
        j="$(sed 's/.*) //' "$task/stat" 2>/dev/null | awk -v t="$tck" -v j="$j" '{print j + ($12 + $13) / t}')" ;;
    esac
  done
  echo "$p:$j"
}

echo "mouse_hematopoiesis.csv, held-out time 1, seeds 1 and 2, $steps steps, $threads threads, --coupling exact --ema 0"
for r in $(seq 1 "$runs"); do
  for opts in "${sets[@]}"; do
    load="$(cut -d' ' -f1-3 /proc/loadavg)"
    : >"$tmp/err"
    t0="$(date +%s.%N)"
    early=on
    jvm="$opts"
    case "$opts" in FM4J_EARLY_KERNELS=off*) early=off; jvm="${opts#FM4J_EARLY_KERNELS=off}" ;; esac
    # the launcher execs java, so $! is the JVM
    FM4J_EARLY_KERNELS="$early" FM4J_JAVA_OPTS="$jvm" "$root/fm4j" trajectory --data "$data/mouse_hematopoiesis.csv" \
      --holdout 1 --seeds 1,2 --steps "$steps" --threads "$threads" --coupling exact --ema 0 --out "$tmp/out" --json \
      >"$tmp/json" 2>"$tmp/err" &
    pid=$!
    seen=0
    points=()
    # a sample when a training loop starts ("training N steps") or ends ("step N/N")
    while kill -0 "$pid" 2>/dev/null; do
      n="$(grep -c "training $steps steps\|step $steps/$steps" "$tmp/err" || true)"
      if [ "$n" -gt "$seen" ]; then
        # one sample for every line that appeared since the last poll (the end of one seed and the
        # start of the next come within milliseconds, and a busy machine can delay a poll)
        p="$(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN {print a - b}'):$(cpu "$pid")"
        while [ "$seen" -lt "$n" ]; do
          points+=("$p")
          seen=$((seen + 1))
        done
      fi
      sleep 0.02
    done
    wait "$pid" || { echo "fm4j trajectory failed with options '$opts':" >&2; cat "$tmp/err" >&2; exit 1; }
    /usr/bin/python3 - "${opts:-(none)}" "$load" "$(tail -n 1 "$tmp/json")" "${points[@]}" <<'PY'
import json, sys
opts, load, j = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
pts = [tuple(float(v) for v in p.split(":")) for p in sys.argv[4:]]
h = j["holdout"][0]
print(f"options {opts}   load average at start {load}")
if len(pts) != 4:
    sys.exit(f"expected 4 progress samples (start and end of 2 seeds), got {len(pts)}")
cpus = []
for s in range(2):
    (w0, c0, j0), (w1, c1, j1) = pts[2 * s], pts[2 * s + 1]
    cpus.append((c1 - c0, j1 - j0))
    print(f"  seed {s + 1}: {h['ms_per_step_seeds'][s]:8.3f} ms/step   wall {w1 - w0:7.2f} s   process CPU "
          f"{c1 - c0:6.2f} s   JIT threads {j1 - j0:5.2f} s   W1 {h['w1'][s]:.12f}")
tax, jit = cpus[0][0] - cpus[1][0], cpus[0][1] - cpus[1][1]
print(f"  warm-up (seed 1 - seed 2): {tax:5.2f} CPU s, of which JIT threads {jit:5.2f} s, code not yet"
      f" compiled {tax - jit:5.2f} s; before training: {pts[0][0]:.2f} s wall, {pts[0][1]:.2f} CPU s")
PY
  done
done

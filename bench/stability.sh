#!/usr/bin/env bash
# Run-to-run stability: RUNS fresh JVMs of the large MLP benchmark (`fm4j bench mlp --size large`)
# and of `fm4j trajectory` on mouse_hematopoiesis.csv (held-out time 1, one seed), alternating.
# A kernel that the JIT compiles badly in some runs (boxed vectors, a lost intrinsic) shows up
# as a slow run. Prints each run's ms/step, the process's CPU time (user + sys) and the load
# average, then per benchmark the median, the slowest and slowest / median (goal <= 1.15).
#
# Each run also gets the facts that tell why it was slow: the CPU ms per step of the timed steps
# (the MLP benchmark's calling thread and kernel workers over its timed blocks, `trajectory`'s process over its training
# loop), the CPU time that other processes used during the run (the machine's busy time from
# /proc/stat minus the run's own, in cores: 0.5 means half a core taken from the run's two on
# average), its involuntary context switches (a thread preempted), its migrations between cores
# (from `perf stat` when perf is installed and allowed, else "-"), its minor page faults, and the
# collector's pauses (count and total ms, from -Xlog:gc). A slow run with others' CPU near zero,
# no more switches than the fast ones and no pauses points at the run itself (its compiled code,
# its memory); one that shared the cores points at the load.
#
#   bench/stability.sh [RUNS] [STEPS]     defaults 10 runs, 3000 trajectory steps
#
# Environment: THREADS (default: the number of cores), DATA (default ../shared/data), JAVA_HOME,
# FM4J_JAVA_OPTS (extra JVM options; -Xlog:gc is added to them).
# On a loaded machine wall times vary with the load; CPU time varies much less.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-10}"
steps="${2:-3000}"
threads="${THREADS:-$(nproc)}"
data="${DATA:-$root/../shared/data}"
[ -f "$data/mouse_hematopoiesis.csv" ] || { echo "$data/mouse_hematopoiesis.csv not found (set DATA)" >&2; exit 2; }
"$root/fm4j" --version >/dev/null 2>&1
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

tck="$(getconf CLK_TCK)"
perf=()
if command -v perf >/dev/null 2>&1 && perf stat -x, -e cpu-migrations -o /dev/null true 2>/dev/null; then
  perf=(perf stat -x, -e cpu-migrations -o "$tmp/perf")
fi

# the machine's busy CPU time so far, in clock ticks (all but idle and iowait)
busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }

# timed NAME CMD...: runs CMD, appends to $tmp/runs "NAME <last stdout line> <cpu s> <load>
# <others' CPU s> <wall s> <involuntary switches> <migrations> <minor faults> <GC pauses> <GC ms>"
timed() {
  local name="$1"
  shift
  local load b0 b1
  load="$(cut -d' ' -f1 /proc/loadavg)"
  rm -f "$tmp/perf" "$tmp/gc.log"
  b0="$(busy)"
  FM4J_JAVA_OPTS="${FM4J_JAVA_OPTS:-} -Xlog:gc:file=$tmp/gc.log" \
    /usr/bin/time -f '%U %S %e %c %R' -o "$tmp/time" "${perf[@]}" "$@" 2>/dev/null | tail -n 1 >"$tmp/out"
  b1="$(busy)"
  local migrations=-
  [ -f "$tmp/perf" ] && migrations="$(awk -F, '/cpu-migrations/ {print $1}' "$tmp/perf")"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$(cat "$tmp/out")" \
    "$(awk '{print $1 + $2}' "$tmp/time")" "$load" \
    "$(awk -v b="$((b1 - b0))" -v t="$tck" '{print b / t - $1 - $2 "\t" $3 "\t" $4 "\t"}' "$tmp/time")$migrations" \
    "$(awk '{print $5}' "$tmp/time")$(awk '/Pause/ {n++; sub("ms", "", $NF); ms += $NF} END {printf "\t%d\t%.0f", n, ms}' "$tmp/gc.log")" \
    >>"$tmp/runs"
}
for r in $(seq 1 "$runs"); do
  echo "run $r/$runs (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  timed mlp "$root/fm4j" bench mlp --size large --threads "$threads" --json
  timed trajectory "$root/fm4j" trajectory --data "$data/mouse_hematopoiesis.csv" --holdout 1 --seeds 1 \
    --steps "$steps" --threads "$threads" --coupling exact --ema 0 --out "$tmp/out-$r" --quiet --json
  rm -rf "$tmp/out-$r"
done

python3 - "$tmp/runs" "$threads" <<'PY'
import json, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, out, cpu, load, others, wall, switches, migrations, faults, pauses, gc_ms = line.rstrip("\n").split("\t")
    j = json.loads(out)
    ms = j["sizes"][0]["msPerStep"] if name == "mlp" else j["holdout"][0]["ms_per_step_seeds"][0]
    cpu_ms = j["sizes"][0]["cpuMsPerStep"] if name == "mlp" else j["holdout"][0]["cpu_ms_per_step"]
    rows.setdefault(name, []).append((ms, float(cpu), float(load), float(others) / float(wall), switches,
                                      migrations, faults, pauses, gc_ms, cpu_ms))
print(f"threads {sys.argv[2]}; ms/step per fresh JVM (process CPU s, load average at start)")
for name, rs in rows.items():
    ms = [r[0] for r in rs]
    med = statistics.median(ms)
    worst = max(ms)
    verdict = "met" if worst / med <= 1.15 else "missed"
    print(f"{name:>10}: " + "  ".join(f"{m:.3f} ({c:.1f} s, {l:.1f})" for m, c, l, *_ in rs))
    print(f"{'':>10}  median {med:.3f}, slowest {worst:.3f}, slowest/median {worst / med:.3f} "
          f"({verdict} <= 1.15); CPU s median {statistics.median(r[1] for r in rs):.1f}")
    cpu_ms = [r[9] for r in rs]
    print(f"{'':>10}  CPU ms/step (timed steps): median {statistics.median(cpu_ms):.3f}, "
          f"highest / median {max(cpu_ms) / statistics.median(cpu_ms):.3f}")
print("per run: ms/step, ratio to the median, CPU ms/step, process CPU s, others' CPU (cores),"
      " involuntary switches, migrations, minor faults, GC pauses (ms)")
for name, rs in rows.items():
    med = statistics.median(r[0] for r in rs)
    for i, (m, c, l, o, sw, mi, f, p, g, cm) in enumerate(rs, 1):
        print(f"{name:>10} {i:>3}: {m:8.3f} {m / med:6.3f} {cm:8.3f} {c:6.1f} {o:6.2f} {sw:>7} {mi:>6} {f:>8}"
              f" {p:>4} ({g} ms)")
PY

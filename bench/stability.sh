#!/usr/bin/env bash
# Run-to-run stability: RUNS fresh JVMs of the large MLP benchmark (`fm4j bench mlp --size large`)
# and of `fm4j trajectory` on mouse_hematopoiesis.csv (held-out time 1, one seed), alternating.
# A kernel that the JIT compiles badly in some runs (boxed vectors, a lost intrinsic) shows up
# as a slow run. Prints each run's ms/step, the process's CPU time (user + sys) and the load
# average, then per benchmark the median, the slowest and slowest / median (goal <= 1.15).
#
#   bench/stability.sh [RUNS] [STEPS]     defaults 10 runs, 3000 trajectory steps
#
# Environment: THREADS (default: the number of cores), DATA (default ../shared/data), JAVA_HOME.
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

# timed NAME CMD...: runs CMD, appends "NAME <last stdout line> <cpu s> <load>" to $tmp/runs
timed() {
  local name="$1"
  shift
  local load
  load="$(cut -d' ' -f1 /proc/loadavg)"
  /usr/bin/time -f '%U %S' -o "$tmp/time" "$@" 2>/dev/null | tail -n 1 >"$tmp/out"
  printf '%s\t%s\t%s\t%s\n' "$name" "$(cat "$tmp/out")" \
    "$(awk '{print $1 + $2}' "$tmp/time")" "$load" >>"$tmp/runs"
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
    name, out, cpu, load = line.rstrip("\n").split("\t")
    j = json.loads(out)
    ms = j["sizes"][0]["msPerStep"] if name == "mlp" else j["holdout"][0]["ms_per_step_seeds"][0]
    rows.setdefault(name, []).append((ms, float(cpu), float(load)))
print(f"threads {sys.argv[2]}; ms/step per fresh JVM (process CPU s, load average at start)")
for name, rs in rows.items():
    ms = [r[0] for r in rs]
    med = statistics.median(ms)
    worst = max(ms)
    verdict = "met" if worst / med <= 1.15 else "missed"
    print(f"{name:>10}: " + "  ".join(f"{m:.3f} ({c:.1f} s, {l:.1f})" for m, c, l in rs))
    print(f"{'':>10}  median {med:.3f}, slowest {worst:.3f}, slowest/median {worst / med:.3f} "
          f"({verdict} <= 1.15); CPU s median {statistics.median(r[1] for r in rs):.1f}")
PY

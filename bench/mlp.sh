#!/usr/bin/env bash
# One MLP training step (forward, backward, Adam) in FlowMatch4J and in PyTorch, same sizes,
# same thread counts, in the same run. Prints ms/step for both and the ratio FlowMatch4J/PyTorch.
#
#   bench/mlp.sh [ROUNDS]     ROUNDS (default 3) alternating runs of both sides per thread
#                             count; the table shows medians over rounds.
#
# Environment:
#   JAVA_HOME        the JDK to run FlowMatch4J with (e.g. /usr/lib/jvm/temurin-25-jdk-amd64)
#   THREADS          thread counts to compare (default "1 2")
#   PYTHON           interpreter with torch (default /usr/bin/python3, Debian's python3-torch)
#   OPENBLAS_CORETYPE
#                    kernel set of the OpenBLAS under PyTorch. Debian's OpenBLAS 0.3.21 does not
#                    recognise recent Xeons and falls back to its generic "Prescott" kernels,
#                    several times slower; on CPUs with AVX-512 this script therefore sets
#                    SkylakeX (PyTorch's best on this machine) unless you set it yourself.
#
# Equal threads: PyTorch gets torch.set_num_threads(T) and OMP_NUM_THREADS = OPENBLAS_NUM_THREADS
# = T (without the latter its BLAS would use every core even at T = 1), plus
# OMP_WAIT_POLICY=PASSIVE: with the default busy-waiting OpenMP threads and OpenBLAS threads fight
# over the cores and PyTorch's 2-thread step is several times slower. FlowMatch4J gets --threads T.
# Goal: ratio <= 0.4 at the small size and <= 0.8 at the large size. Each run's process CPU time
# (user + sys, warm-up included) and the load average at its start are printed too: on a busy
# machine wall times follow the load, CPU times much less.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
threads="${THREADS:-1 2}"
python="${PYTHON:-/usr/bin/python3}"
if [ -z "${OPENBLAS_CORETYPE:-}" ] && grep -qw avx512f /proc/cpuinfo; then
  export OPENBLAS_CORETYPE=SkylakeX
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

"$root/fm4j" --version >&2
blas_core="$(OPENBLAS_VERBOSE=2 "$python" -c 'import torch; (torch.ones(64, 64) @ torch.ones(64, 64)).sum()' 2>&1 \
  | sed -n 's/^Core: //p' | head -n 1)"
echo "PyTorch's OpenBLAS kernels: ${blas_core:-unknown}" >&2
# cpu SIDE THREADS: appends "side threads cpu_seconds load" of the run just timed to $tmp/cpu.txt
cpu() {
  echo "$1 $2 $(awk '{print $1 + $2}' "$tmp/time") $load" >>"$tmp/cpu.txt"
}
run_java() {
  load="$(cut -d' ' -f1 /proc/loadavg)"
  echo "round $1/$rounds, threads $2: FlowMatch4J (load average $load)" >&2
  /usr/bin/time -f '%U %S' -o "$tmp/time" "$root/fm4j" bench mlp --threads "$2" --json 2>/dev/null \
    | tail -n 1 >>"$tmp/java.jsonl"
  cpu fm4j "$2"
}
run_torch() {
  load="$(cut -d' ' -f1 /proc/loadavg)"
  echo "round $1/$rounds, threads $2: PyTorch (load average $load)" >&2
  OMP_NUM_THREADS="$2" OPENBLAS_NUM_THREADS="$2" OMP_WAIT_POLICY=PASSIVE \
    /usr/bin/time -f '%U %S' -o "$tmp/time" "$python" "$root/bench/torch_mlp.py" --threads "$2" --json \
    | tail -n 1 >>"$tmp/torch.jsonl"
  cpu torch "$2"
}
# the two sides alternate which goes first, so that a change in the machine's load does not
# always fall on the same side
for r in $(seq 1 "$rounds"); do
  for t in $threads; do
    if [ $((r % 2)) -eq 1 ]; then
      run_java "$r" "$t"; run_torch "$r" "$t"
    else
      run_torch "$r" "$t"; run_java "$r" "$t"
    fi
  done
done

BLAS_CORE="${blas_core:-unknown}" "$python" - "$tmp/java.jsonl" "$tmp/torch.jsonl" "$tmp/cpu.txt" <<'PY'
import json, os, statistics, sys
def load(path):
    med, best, meta = {}, {}, None
    for line in open(path):
        meta = json.loads(line)
        for s in meta["sizes"]:
            key = (meta["threads"], s["size"])
            med.setdefault(key, []).append(s["msPerStep"])
            best.setdefault(key, []).append(s["msPerStepMin"])
    return med, best, meta
java, javaBest, jmeta = load(sys.argv[1])
torch, torchBest, tmeta = load(sys.argv[2])
rounds = len(next(iter(java.values())))
print(f"FlowMatch4J ({jmeta['kernels']} kernels, Java {jmeta['java']}) vs PyTorch {tmeta['torch']} "
      f"(OpenBLAS {os.environ['BLAS_CORE']}), {rounds} round(s)")
print("ms/step: median over rounds of each round's median block; 'best' is the fastest block seen")
print(f"{'threads':>7} {'size':>6} {'fm4j':>8} {'torch':>8} {'ratio':>6} {'goal':>12}"
      f" {'fm4j best':>10} {'torch best':>10} {'ratio':>6}   fm4j rounds / torch rounds")
for key in sorted(java, key=lambda k: (k[0], k[1] != "small")):
    j = statistics.median(java[key]); t = statistics.median(torch[key])
    jb = min(javaBest[key]); tb = min(torchBest[key])
    goal = 0.4 if key[1] == "small" else 0.8
    verdict = ("met" if j / t <= goal else "missed") + f" <={goal}"
    rj = " ".join(f"{v:.3g}" for v in java[key]); rt = " ".join(f"{v:.3g}" for v in torch[key])
    print(f"{key[0]:>7} {key[1]:>6} {j:8.3f} {t:8.3f} {j / t:6.2f} {verdict:>12}"
          f" {jb:10.3f} {tb:10.3f} {jb / tb:6.2f}   {rj} / {rt}")
cpu = {}
for line in open(sys.argv[3]):
    side, t, sec, load = line.split()
    cpu.setdefault((side, int(t)), []).append((float(sec), float(load)))
print("process CPU s per run (user + sys, both sizes and warm-up), median; load averages at the runs' starts")
for (side, t), v in sorted(cpu.items(), key=lambda kv: (kv[0][1], kv[0][0])):
    print(f"{t:>7} {side:>6} {statistics.median(c for c, _ in v):8.1f}   loads " + " ".join(f"{l:.1f}" for _, l in v))
PY

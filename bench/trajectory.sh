#!/usr/bin/env bash
# The trajectory task side by side with the PyTorch + POT reimplementation of the published
# protocol (../shared/reference/ref_otcfm.py): the same data, held-out time point, steps, seed and
# thread count, in the same run. Prints W1 of both, the baselines, both training times per step
# and their ratio.
#
#   bench/trajectory.sh [STEPS]   training steps (default 3000)
#
# fm4j runs with the reference's minibatch OT and no weight average (--coupling exact --ema 0).
# fm4j runs all SEEDS in one process, as `fm4j trajectory --seeds 1,2,3` does; the reference runs
# once per seed. fm4j's ms/step of a seed is its whole training loop divided by the steps, so the
# first seed includes the JIT's warm-up of the vector kernels (about 4 s on this 2-core machine, a
# large part of a 3,000-step run) and later seeds run compiled code; the reference has no such
# warm-up. The mean row compares the means over the seeds. Both sides get the same THREADS: the
# reference as torch and BLAS threads, fm4j as --threads (matrix kernels, and minibatches with
# their exact OT prepared ahead on the other threads while the network trains).
#
# Goals: the first seed (a fresh JVM, warm-up included) <= 0.12 x the reference's ms/step, the
# mean over three seeds <= 0.1 x. Each case also prints the process CPU time (user + sys) of fm4j
# and of the reference runs, and the load average at the start: on a busy machine wall times
# follow the load, CPU times much less.
#
# Environment: CASES (default "mouse_hematopoiesis.csv:1 dygen.csv:1 dygen.csv:2 dygen.csv:3"),
# SEEDS (default "1 2 3"), THREADS (default: the number of cores), DATA (default ../shared/data),
# REFERENCE (default ../shared/reference), PYTHON (default /usr/bin/python3), JAVA_HOME.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steps="${1:-3000}"
cases="${CASES:-mouse_hematopoiesis.csv:1 dygen.csv:1 dygen.csv:2 dygen.csv:3}"
seeds="${SEEDS:-1 2 3}"
threads="${THREADS:-$(nproc)}"
data="${DATA:-$root/../shared/data}"
ref="${REFERENCE:-$root/../shared/reference}"
python="${PYTHON:-/usr/bin/python3}"
[ -f "$ref/ref_otcfm.py" ] || { echo "reference script $ref/ref_otcfm.py not found (set REFERENCE)" >&2; exit 2; }
if [ -z "${OPENBLAS_CORETYPE:-}" ] && grep -qw avx512f /proc/cpuinfo; then
  export OPENBLAS_CORETYPE=SkylakeX
fi
"$root/fm4j" --version >/dev/null
out="$(mktemp -d)"
echo "threads: $threads on each side"
printf '%-26s %2s %5s %9s %9s %9s %9s %11s %11s %7s\n' data k seed "fm4j W1" "ref W1" "no-move" "OT-int" "fm4j ms/st" "ref ms/st" ratio
for c in $cases; do
  f="${c%%:*}"; k="${c##*:}"
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  j=$(/usr/bin/time -f '%U %S' -o "$out/time-fm4j" "$root/fm4j" trajectory --data "$data/$f" --holdout "$k" --seeds "$(echo $seeds | tr ' ' ,)" --steps "$steps" \
      --threads "$threads" --coupling exact --ema 0 --out "$out/$f-$k" --quiet --json 2>/dev/null | tail -1)
  refs=()
  : >"$out/time-ref"
  for s in $seeds; do
    refs+=("$(OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" OMP_WAIT_POLICY=PASSIVE \
        /usr/bin/time -f '%U %S' -a -o "$out/time-ref" "$python" "$ref/ref_otcfm.py" "$data/$f" --holdout "$k" --steps "$steps" --seed "$s" --threads "$threads" | tail -1)")
  done
  fm4j_cpu="$(awk '{print $1 + $2}' "$out/time-fm4j")"
  ref_cpu="$(awk '{s += $1 + $2} END {print s}' "$out/time-ref")"
  "$python" - "$f" "$k" "$seeds" "$j" "${refs[@]}" <<'PY'
import json, sys
f, k, seeds, j = sys.argv[1], sys.argv[2], sys.argv[3].split(), json.loads(sys.argv[4])
refs = [json.loads(a) for a in sys.argv[5:]]
h = j["holdout"][0]
for i, (s, p) in enumerate(zip(seeds, refs)):
    ms = h["ms_per_step_seeds"][i]
    print(f"{f:<26} {k:>2} {s:>5} {h['w1'][i]:9.4f} {p['w1_holdout']:9.4f} {h['no_motion']:9.4f} "
          f"{h['ot_interpolation']:9.4f} {ms:11.3f} {p['ms_per_step']:11.3f} {ms / p['ms_per_step']:7.3f}")
if len(refs) > 1:
    rw = sum(p["w1_holdout"] for p in refs) / len(refs)
    rms = sum(p["ms_per_step"] for p in refs) / len(refs)
    print(f"{f:<26} {k:>2} {'mean':>5} {h['w1_mean']:9.4f} {rw:9.4f} {h['no_motion']:9.4f} "
          f"{h['ot_interpolation']:9.4f} {h['ms_per_step']:11.3f} {rms:11.3f} {h['ms_per_step'] / rms:7.3f}")
PY
  echo "  process CPU s (user + sys): fm4j $fm4j_cpu, reference $ref_cpu (all seeds); load average at start $load"
done
rm -rf "$out"
echo "ratio = fm4j ms/step / reference ms/step (goals: first seed <= 0.12, mean of three <= 0.1)"

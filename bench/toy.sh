#!/usr/bin/env bash
# Training throughput of the 2-D benchmark (gaussian -> moons, MLP 3x64 SELU, batch 256, Adam
# 1e-3, sigma 0.1) in FlowMatch4J and in PyTorch + POT (bench/toy_torch.py), same steps, same
# thread count, in the same run. Both sides time every step of the run (FlowMatch4J's JIT warm-up
# included). Prints steps/s of both and the ratio of their times per step.
#
#   bench/toy.sh [STEPS]      STEPS per run (default 3000)
#
# Environment: THREADS (default "1 2"), MATCHERS (default "otcfm icfm"), PYTHON (default
# /usr/bin/python3, Debian's python3-torch and python3-pot), JAVA_HOME.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steps="${1:-3000}"
threads="${THREADS:-1 2}"
matchers="${MATCHERS:-otcfm icfm}"
python="${PYTHON:-/usr/bin/python3}"
if [ -z "${OPENBLAS_CORETYPE:-}" ] && grep -qw avx512f /proc/cpuinfo; then
  export OPENBLAS_CORETYPE=SkylakeX
fi
"$root/fm4j" --version >/dev/null
printf '%-7s %-7s %14s %14s %14s %14s %8s\n' matcher threads "fm4j steps/s" "torch steps/s" "fm4j ms/step" "torch ms/step" ratio
for m in $matchers; do
  for t in $threads; do
    j=$("$root/fm4j" toy --matcher "$m" --steps "$steps" --threads "$t" --samples 200 --solver euler --nfe 10 \
        --quiet --json 2>/dev/null | tail -1)
    p=$(OMP_NUM_THREADS="$t" OPENBLAS_NUM_THREADS="$t" OMP_WAIT_POLICY=PASSIVE \
        "$python" "$root/bench/toy_torch.py" --matcher "$m" --steps "$steps" --threads "$t" | tail -1)
    "$python" - "$m" "$t" "$j" "$p" <<'PY'
import json, sys
m, t, j, p = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4])
fj, fp = j["steps_per_second"], p["steps_per_second"]
print(f"{m:<7} {t:<7} {fj:14.1f} {fp:14.1f} {1000/fj:14.3f} {1000/fp:14.3f} {fp/fj:8.3f}")
PY
  done
done
echo "ratio = fm4j time per step / torch time per step (lower is better)"

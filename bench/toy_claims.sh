#!/usr/bin/env bash
# The quality claims of the 2-D benchmark, each averaged over seeds (default 1,2,3) with the
# default settings (MLP 3x64 SELU, batch 256, Adam 1e-3, 2,000 samples, W2 by exact EMD against
# 2,000 fresh target points, next to the floor W2 between two fresh target samples):
#   OT-CFM gaussian -> moons and gaussian -> 8gaussians, dopri5:  W2 / floor <= 1.25
#   8gaussians -> moons, ONE Euler step:  OT-CFM W2 / floor <= 2,  I-CFM W2 / floor >= 4
# Prints one row per case with W2 (mean +- sd over seeds), the floor, the ratio and the goal.
#
#   bench/toy_claims.sh [STEPS]    training steps per run (default 20000)
#
# Environment: SEEDS (default 1,2,3), THREADS (default 1), OUT (default bench/out/toy_claims).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steps="${1:-20000}"
seeds="${SEEDS:-1,2,3}"
threads="${THREADS:-1}"
out="${OUT:-$root/bench/out/toy_claims}"
python="${PYTHON:-/usr/bin/python3}"
mkdir -p "$out"
"$root/fm4j" --version >/dev/null
cases=(
  "otcfm gaussian->moons dopri5|--matcher otcfm --source gaussian --target moons --solver dopri5|<= 1.25"
  "otcfm gaussian->8gaussians dopri5|--matcher otcfm --source gaussian --target 8gaussians --solver dopri5|<= 1.25"
  "otcfm 8gaussians->moons 1 euler step|--matcher otcfm --source 8gaussians --target moons --solver euler --nfe 1|<= 2"
  "icfm 8gaussians->moons 1 euler step|--matcher icfm --source 8gaussians --target moons --solver euler --nfe 1|>= 4"
)
printf '%-40s %8s %8s %8s %7s %7s %9s\n' case W2 sd floor ratio goal "train s"
i=0
for c in "${cases[@]}"; do
  name="${c%%|*}"; rest="${c#*|}"; args="${rest%%|*}"; goal="${rest##*|}"
  i=$((i + 1))
  # shellcheck disable=SC2086
  j=$("$root/fm4j" toy $args --steps "$steps" --seeds "$seeds" --threads "$threads" --quiet --json \
      --out "$out/case$i" 2>/dev/null | tail -1)
  "$python" - "$name" "$goal" "$j" <<'PY'
import json, sys
name, goal, j = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
print(f"{name:<40} {j['w2']:8.4f} {j['w2_std']:8.4f} {j['w2_floor']:8.4f} {j['ratio']:7.2f} {goal:>7} {j['train_seconds']:9.1f}")
PY
done
echo "runs: $out/case*/toy.json (seeds $seeds, $steps steps)"

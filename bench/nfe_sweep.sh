#!/usr/bin/env bash
# Sampling cost versus quality: W2 against the number of function evaluations (NFE) for straight
# paths (OT-CFM, I-CFM, rectified flow, rectified flow after one reflow) and for variance-preserving
# diffusion trained by velocity regression and by noise prediction, on one 2-D benchmark. Every
# method is trained with the same network and steps, then sampled with Euler, midpoint, Heun and
# RK4 at each NFE and with dopri5; the diffusion models also with the reverse-time SDE
# (Euler-Maruyama) and DDIM. Prints one Markdown table (W2 per method, sampler and NFE, the floor
# W2 between two fresh target samples, and the smallest NFE reaching 2x the floor) and a table of
# the adaptive solver, and writes one combined figure.
#
#   bench/nfe_sweep.sh
#
# Environment: STEPS (training steps per method, default 5000), NFES (default 1,2,4,8,16,32,64),
# SEEDS (comma-separated, default 0), SAMPLES (generated and target points, default 2000),
# SOURCE/TARGET (default gaussian -> moons; diffusion needs the gaussian source), THREADS,
# OUT (default bench/out/nfe_sweep). Takes about 10 minutes on 2 cores with the defaults.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steps="${STEPS:-5000}"
nfes="${NFES:-1,2,4,8,16,32,64}"
seeds="${SEEDS:-0}"
samples="${SAMPLES:-2000}"
source="${SOURCE:-gaussian}"
target="${TARGET:-moons}"
out="${OUT:-$root/bench/out/nfe_sweep}"
threads=()
if [ -n "${THREADS:-}" ]; then
  threads=(--threads "$THREADS")
fi
mkdir -p "$out"
"$root/fm4j" --version >/dev/null

runs=(
  "otcfm|--matcher otcfm"
  "icfm|--matcher icfm"
  "rf|--matcher rf"
  "rf-reflow1|--matcher rf --reflow 1"
  "vp-velocity|--matcher vp --prediction velocity"
  "vp-eps|--matcher vp --prediction eps"
)
jsons=()
start=$(date +%s)
for r in "${runs[@]}"; do
  name="${r%%|*}"
  args="${r#*|}"
  echo "== $name ($args): $steps steps, seeds $seeds" >&2
  # shellcheck disable=SC2086
  "$root/fm4j" toy --source "$source" --target "$target" $args --steps "$steps" --seeds "$seeds" \
      --samples "$samples" --nfe-sweep "$nfes" --quiet --json --out "$out/$name" "${threads[@]}" >/dev/null
  jsons+=("$out/$name/toy.json")
done
echo "# W2 against NFE, $source -> $target, $steps training steps, seeds $seeds, $samples samples"
echo
"$root/fm4j" nfe-table "${jsons[@]}" --png "$out/nfe_sweep.png"
echo
echo "figure: $out/nfe_sweep.png; runs: $out/*/toy.json; $(( $(date +%s) - start )) s in all"

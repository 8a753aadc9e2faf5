#!/usr/bin/env bash
# Growth and death side by side with the published WFR-FM code (run unchanged on CPU through
# ../shared/reference/ref_wfrfm.sh and bench/growth_ref.py): the same data, protocol, epochs, seeds
# and thread count, in the same run. For every case and seed it prints per time point the weighted
# W1 and the relative mass error of both, the time of both (the unbalanced plans, the training
# loop per epoch, one epoch = one Adam step over every interval on both sides, and plans + training)
# and the ratio of the totals (goal <= 0.2), the wall-clock and CPU seconds (user + system) of each
# side's whole command (start-up and evaluation included) and the load average after the pair; then
# the means over the seeds and the medians of the time ratios.
#
#   bench/growth.sh MIRROR [EPOCHS]
#     MIRROR  folder with the bare clones QiangweiPeng+WFR-FM/repo and rtqichen+torchdiffeq/repo
#     EPOCHS  training steps of the reference (default 3000); fm4j takes 10/3 as many (FM4J_STEPS), its
#             recipe's 10000 steps of 64 pairs per interval against the reference's 3000 of 256
#
# CASES lists LABEL:EXPERIMENT:FILE:DIM:HOLD_OUT. EXPERIMENT is the reference configuration
# (network, batch, learning rate, EMA, delta, seed); FILE empty means that configuration's own data
# (extracted from the WFR-FM repository), else a CSV (first column 'samples', then DIM features)
# that both sides read; an empty HOLD_OUT is the fit-all protocol. Default: dygen.csv fit-all and
# mouse_hematopoiesis.csv fit-all and held out at t = 1 (with the dygen_5d recipe), WFR-FM's EMT
# held out at t = 1 and 2, and its 2-D gene-circuit simulation.
# fm4j runs with its defaults (the reference's recipe with narrower networks and more, smaller steps:
# 5 hidden layers of 128 for velocity and 3 of 64 for growth where the reference has 256 for both,
# leaky ReLU, Adam 5e-3 with cosine decay to 1e-5, EMA 0.995, 64 pairs per interval where the
# reference draws 256; FM4J_ARGS="--width 256 --growth-width 256 --batch 256" and FM4J_STEPS=EPOCHS
# for the reference's recipe) and
# delta from the data; the reference uses its configuration's delta, or fm4j's
# when the data are not its own. DELTA=ref gives fm4j the reference's delta too. Both push cells
# with dopri5 (fm4j at atol = rtol = 1e-5, the reference at torchdiffeq's rtol 1e-7 and atol 1e-9).
# fm4j's held-out point is reached
# from t = k - 1, the reference's from t = 0 (the same for k = 1).
#
# Environment: SEEDS (default "1 2 3"; the reference's seed is set to each), THREADS (default 2),
# WFRFM_DIR (default $TMPDIR/wfrfm), PYTHON (default /usr/bin/python3), REFERENCE (default
# ../shared/reference), DATA (default ../shared/data), DELTA, FM4J_STEPS (default EPOCHS * 10 / 3),
# FM4J_ARGS (added to fm4j's options), CASES, JAVA_HOME.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mirror="${1:?usage: bench/growth.sh MIRROR [EPOCHS]}"
epochs="${2:-3000}"
fsteps="${FM4J_STEPS:-$((epochs * 10 / 3))}"
data="${DATA:-$root/../shared/data}"
cases="${CASES:-dygen:dygen_5d:$data/dygen.csv:5: mouse:dygen_5d:$data/mouse_hematopoiesis.csv:2: mouse:dygen_5d:$data/mouse_hematopoiesis.csv:2:1 emt:emt:::1 emt:emt:::2 simulation:simulation:::}"
threads="${THREADS:-2}"
seeds="${SEEDS:-1 2 3}"
ref="${REFERENCE:-$root/../shared/reference}"
export WFRFM_DIR="${WFRFM_DIR:-${TMPDIR:-/tmp}/wfrfm}"
export THREADS="$threads"
python="${PYTHON:-/usr/bin/python3}"
[ -x "$ref/ref_wfrfm.sh" ] || { echo "reference script $ref/ref_wfrfm.sh not found (set REFERENCE)" >&2; exit 2; }
"$root/fm4j" --version >/dev/null
# ref_wfrfm.sh extracts the repository (and torchdiffeq when it is not installed) into WFRFM_DIR;
# one cheap call (evaluating a checkpoint that is not there) does only that.
[ -f "$WFRFM_DIR/src/experiment_runner.py" ] || CKPT=/nonexistent "$ref/ref_wfrfm.sh" "$mirror" dygen_5d >/dev/null 2>&1 || true
[ -f "$WFRFM_DIR/src/experiment_runner.py" ] || { echo "could not extract WFR-FM from $mirror into $WFRFM_DIR" >&2; exit 2; }
export PYTHONPATH="$WFRFM_DIR/vendor${PYTHONPATH:+:$PYTHONPATH}"
export OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads MPLBACKEND=Agg
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "threads: $threads on each side; $epochs epochs of the reference, $fsteps steps of fm4j; seeds $seeds; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for c in $cases; do
  IFS=: read -r label exp file dim hold <<<"$c"
  read -r cfgfile cfgdelta < <("$python" -c "import sys; sys.path.insert(0, '$WFRFM_DIR/src')
from experiment_configs import EXPERIMENTS; c = EXPERIMENTS['$exp']; print(c.data_file, c.delta)")
  [ -n "$file" ] || file="$WFRFM_DIR/$cfgfile"
  same=0
  cmp -s "$file" "$WFRFM_DIR/$cfgfile" && same=1
  protocol=(--fit-all)
  [ -n "$hold" ] && protocol=(--holdout "$hold")
  ours=()
  [ "${DELTA:-}" = ref ] && [ $same = 1 ] && ours=(--wfr-delta "$cfgdelta")
  for seed in $seeds; do
    key="$label${hold:+-k$hold}-s$seed"
    /usr/bin/time -f '%e %U %S' -o "$out/$key.fm4j.time" "$root/fm4j" trajectory --data "$file" --matcher wfr "${protocol[@]}" --steps "$fsteps" --seeds "$seed" \
      --threads "$threads" "${ours[@]}" ${FM4J_ARGS:-} --out "$out/$key" --quiet --json | tail -1 > "$out/$key.fm4j"
    delta=$cfgdelta
    [ $same = 1 ] || delta=$("$python" -c "import json; print(json.load(open('$out/$key.fm4j'))['growth']['wfr_delta'])")
    refargs=(--root "$WFRFM_DIR" --reference "$ref" --experiment "$exp" --delta "$delta" --seed "$seed" --epochs "$epochs" --threads "$threads")
    [ $same = 1 ] || refargs+=(--data "$file" --dim "$dim")
    [ -n "$hold" ] && refargs+=(--hold-out "$hold")
    /usr/bin/time -f '%e %U %S' -o "$out/$key.ref.time" "$python" "$root/bench/growth_ref.py" "${refargs[@]}" \
      2>/dev/null | tail -1 > "$out/$key.ref"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$hold" "$seed" "$(cat "$out/$key.fm4j")" "$(cat "$out/$key.ref")" \
      "$(tail -1 "$out/$key.fm4j.time")" "$(tail -1 "$out/$key.ref.time")" "$(cut -d' ' -f1 /proc/loadavg)" >> "$out/all"
    "$python" "$root/bench/growth_table.py" "$out/all" last
  done
  "$python" "$root/bench/growth_table.py" "$out/all" mean "$label" "$hold"
done

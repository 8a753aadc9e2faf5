#!/usr/bin/env bash
# Growth and death side by side with the published WFR-FM code (../shared/reference/ref_wfrfm.sh,
# run unchanged on CPU): the same data, protocol, epochs and thread count, in the same run. Prints
# per time point the weighted W1 and the relative mass error of both, and the time of both: the
# unbalanced plans, the training loop per epoch (one epoch = one Adam step over every interval on
# both sides) and the total, with the ratio of the totals (goal <= 0.2).
#
#   bench/growth.sh MIRROR [EPOCHS]
#     MIRROR  folder with the bare clones QiangweiPeng+WFR-FM/repo and rtqichen+torchdiffeq/repo
#     EPOCHS  training steps of both sides (default 3000)
#
# CASES (default "dygen_5d:dygen.csv: emt:emt.csv:1 emt:emt.csv:2 simulation:simulation_gene_data.csv:")
# lists EXPERIMENT:FILE:HOLD_OUT; an empty HOLD_OUT is the fit-all protocol. FILE is read from the
# data the reference script extracts from the WFR-FM repository (WFRFM_DIR/data), so both sides see
# the same cells. fm4j runs with the reference's settings where the two have the same knob: width
# 256 tanh networks (fm4j: 3 hidden layers for both networks; the reference: 5 for velocity, 3 for
# growth), Adam at 5e-3 decaying by a cosine to 1e-5, EMA 0.995, 256 pairs per interval, delta of
# the reference's configuration (FM4J_ARGS adds or overrides options, e.g. "--depth 5"). fm4j
# pushes cells with 100 Euler steps per interval, the reference with dopri5.
# fm4j's "train s/ep" is its training loop over the steps; "total" adds its plans and the JIT
# warm-up. The reference's total is its pretrain() (plans and loop).
#
# Environment: SEED (default 1; the reference uses its configured seed), THREADS (default 2),
# WFRFM_DIR (default $TMPDIR/wfrfm), PYTHON (default /usr/bin/python3), REFERENCE
# (default ../shared/reference), FM4J_ARGS, JAVA_HOME.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mirror="${1:?usage: bench/growth.sh MIRROR [EPOCHS]}"
epochs="${2:-3000}"
cases="${CASES:-dygen_5d:dygen.csv: emt:emt.csv:1 emt:emt.csv:2 simulation:simulation_gene_data.csv:}"
threads="${THREADS:-2}"
seed="${SEED:-1}"
ref="${REFERENCE:-$root/../shared/reference}"
export WFRFM_DIR="${WFRFM_DIR:-${TMPDIR:-/tmp}/wfrfm}"
export THREADS="$threads"
python="${PYTHON:-/usr/bin/python3}"
[ -x "$ref/ref_wfrfm.sh" ] || { echo "reference script $ref/ref_wfrfm.sh not found (set REFERENCE)" >&2; exit 2; }
"$root/fm4j" --version >/dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "threads: $threads on each side; $epochs epochs"
for c in $cases; do
  IFS=: read -r exp file hold <<<"$c"
  r=$("$ref/ref_wfrfm.sh" "$mirror" "$exp" "$epochs" $hold 2>/dev/null | tail -1)
  delta=$("$python" -c "import sys; sys.path.insert(0, '$WFRFM_DIR/src'); from experiment_configs import EXPERIMENTS; print(EXPERIMENTS['$exp'].delta)")
  protocol=(--fit-all)
  [ -n "$hold" ] && protocol=(--holdout "$hold")
  start=$(date +%s.%N)
  j=$("$root/fm4j" trajectory --data "$WFRFM_DIR/data/$file" --matcher wfr "${protocol[@]}" --steps "$epochs" \
      --seeds "$seed" --width 256 --depth 3 --activation tanh --lr 5e-3 --weight-decay 0 --ema 0.995 --batch 256 \
      --wfr-delta "$delta" --threads "$threads" ${FM4J_ARGS:-} --out "$out/$exp$hold" --quiet --json | tail -1)
  end=$(date +%s.%N)
  "$python" - "$exp" "$hold" "$r" "$j" "$start" "$end" <<'PY'
import json, sys
exp, hold, r, j = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4])
wall = float(sys.argv[6]) - float(sys.argv[5])
g = j["growth"]
rows = g["holdout"] if hold else g["fit_all"]
print(f"\n{exp} ({'hold out t=' + hold if hold else 'fit-all'}), delta {g['wfr_delta']}")
print(f"{'t':>4} {'fm4j W1':>9} {'ref W1':>9} {'fm4j mass err':>14} {'ref mass err':>13}")
ref_w1 = r["w1"]
ref_me = r["mass_error"]
ref_times = r.get("time_points") or list(range(1, len(ref_w1) + 1))
for row in rows:
    t = row["time"]
    if hold:
        rw, rm = r.get("w1_hold_out"), float("nan")
        if "mass_error_hold_out" in r:
            rm = r["mass_error_hold_out"]
        else:
            idx = [i for i, tt in enumerate(ref_times) if float(tt) == t]
            rm = ref_me[idx[0]] if idx else float("nan")
    else:
        idx = [i for i, tt in enumerate(ref_times) if float(tt) == t]
        i = idx[0] if idx else int(t) - 1
        rw, rm = ref_w1[i], ref_me[i]
    print(f"{t:>4g} {row['w1']:9.4f} {rw:9.4f} {row['mass_error']:14.4f} {rm:13.4f}")
ms = g["ms_per_step"] if "ms_per_step" in g else rows[0]["ms_per_step"]
steps = j["steps"]
plans = g["plan_seconds"]
train = ms * steps / 1000
total = plans + train
ref_total = r["seconds"]
print(f"fm4j: plans {plans:.1f} s, train {ms / 1000:.4f} s/epoch, plans + train {total:.1f} s (whole command {wall:.1f} s)")
print(f"ref : plans {r.get('uot_seconds', float('nan')):.1f} s, train {r['sec_per_epoch']:.4f} s/epoch, "
      f"plans + train {ref_total:.1f} s")
print(f"ratio (plans + train) fm4j / ref = {total / ref_total:.3f}   (goal <= 0.2)")
if r.get("growth_corr") is not None:
    print(f"ref growth correlation {r['growth_corr']:.4f}")
PY
done

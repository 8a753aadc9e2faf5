#!/usr/bin/env bash
# Metric flow matching (OT-MFM) side by side with OT-CFM and the OT-interpolation baseline, in one
# run, on the shared real time courses with the leave-one-time-point-out protocol: the same data,
# held-out point, steps, batch, network, seeds and thread count for both methods. Prints the mean
# W1 over the seeds of each, their ratio, the baseline, the same OT pairs moved along the learned
# path (geo-int), and the training time of both stages of
# OT-MFM against the OT-CFM run.
#
#   bench/mfm.sh [STEPS]   flow training steps (default 3000; OT-MFM's path network trains for
#                          at most its default --geodesic-steps, a quarter of them, stopping
#                          early when its validation energy levels off)
#
# Goals (see docs/metric-flow-matching.md): OT-MFM mean W1 <= 0.92 x OT-CFM's and <= the OT
# interpolation in every row; both stages together <= 2 x the OT-CFM training time.
#
# Environment: CASES (default "mouse_hematopoiesis.csv:1 dygen.csv:1 dygen.csv:2 dygen.csv:3"),
# SEEDS (default "1,2,3"), THREADS (default: the number of cores), DATA (default ../shared/data),
# OPTIONS (extra options for both methods, e.g. "--coupling exact --ema 0"), MFM_OPTIONS (extra
# options for the OT-MFM runs only, e.g. "--metric rbf"), JAVA_HOME.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steps="${1:-3000}"
cases="${CASES:-mouse_hematopoiesis.csv:1 dygen.csv:1 dygen.csv:2 dygen.csv:3}"
seeds="${SEEDS:-1,2,3}"
threads="${THREADS:-$(nproc)}"
data="${DATA:-$root/../shared/data}"
python="${PYTHON:-/usr/bin/python3}"
[ -d "$data" ] || { echo "data folder $data not found (set DATA)" >&2; exit 2; }
"$root/fm4j" --version >/dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "steps $steps, seeds $seeds, threads $threads; options of both: ${OPTIONS:-(defaults)}; OT-MFM options: ${MFM_OPTIONS:-(defaults)}"
printf '%-24s %2s %8s %8s %6s %8s %8s %5s %5s %8s %8s %8s %6s %6s %5s %10s %10s %5s\n' data k "OT-CFM" "OT-MFM" ratio "OT-int" \
  "geo-int" "<=.92" "<=int" "cfm s" "mfm s1" "mfm s2" "t-rat" "c-rat" "s1 n" "E str" "E learn" load
for c in $cases; do
  f="${c%%:*}"; k="${c##*:}"
  common=(trajectory --data "$data/$f" --holdout "$k" --seeds "$seeds" --steps "$steps" --threads "$threads" --quiet --json)
  # shellcheck disable=SC2206
  common+=(${OPTIONS:-})
  load=$(cut -d' ' -f1 /proc/loadavg)
  cfm=$("$root/fm4j" "${common[@]}" --matcher otcfm --out "$out/cfm-$f-$k" 2>/dev/null | tail -1)
  # shellcheck disable=SC2086
  mfm=$("$root/fm4j" "${common[@]}" --matcher otmfm ${MFM_OPTIONS:-} --out "$out/mfm-$f-$k" 2>/dev/null | tail -1)
  "$python" - "$f" "$k" "$steps" "$cfm" "$mfm" "$load" <<'PY'
import json, sys
f, k, steps, load = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[6])
c = json.loads(sys.argv[4])["holdout"][0]
m = json.loads(sys.argv[5])["holdout"][0]
g = m["geodesic"]
# ms_per_step of OT-MFM counts both stages per flow step (first seed's split shown in s1 / s2)
cfm_s = c["ms_per_step"] * steps / 1000
mfm_s = m["ms_per_step"] * steps / 1000
ratio = m["w1_mean"] / c["w1_mean"]
print(f"{f:<24} {k:>2} {c['w1_mean']:8.4f} {m['w1_mean']:8.4f} {ratio:6.3f} {c['ot_interpolation']:8.4f} "
      f"{g['geodesic_interpolation']:8.4f} "
      f"{'yes' if ratio <= 0.92 else 'no':>5} {'yes' if m['w1_mean'] <= c['ot_interpolation'] else 'no':>5} "
      f"{cfm_s:8.1f} {g['stage1_seconds']:8.1f} {g['stage2_seconds']:8.1f} {mfm_s / cfm_s:6.2f} "
      f"{m['cpu_ms_per_step'] / c['cpu_ms_per_step']:6.2f} {g['stage1_steps']:5d} "
      f"{g['energy_straight']:10.4g} {g['energy_learned']:10.4g} {load:5.1f}")
print(f"{'':<24} {'':>2} seeds OT-CFM {' '.join(f'{w:.4f}' for w in c['w1'])} | OT-MFM {' '.join(f'{w:.4f}' for w in m['w1'])}")
PY
done
echo "ratio = OT-MFM W1 / OT-CFM W1 (means over seeds); cfm s = OT-CFM training seconds per seed (mean);"
echo "mfm s1, s2 = OT-MFM path (stage 1) and flow (stage 2) seconds of the first seed; t-rat = OT-MFM (both stages) / OT-CFM"
echo "wall seconds per seed (means); c-rat = the same ratio of the process's CPU seconds; s1 n = path steps taken (first seed)"
echo "load = load average (1 min) before the row's runs"
echo "E str, E learn = metric energy of the straight and learned paths (first seed, mean over the training pairs of time points)"
echo "OT-int = OT interpolation baseline; geo-int = the same OT pairs of k - 1 and k + 1 moved along OT-MFM's learned path instead of the straight line (first seed)"

#!/usr/bin/env bash
# fm4j spatial, leave one section out on her2st patient C (hold out C2, C3, C4 in turn, train on the
# other two), three seeds: every method's mean Pearson (raw / normalised log1p) and MSE per held-out
# section, mean over the seeds with the range (max - min), the flow's ratio to ridge, the ridge
# penalty and kNN k chosen by leave-one-section-out cross-validation on the training sections, the
# read, feature and wall seconds and the process CPU seconds (user + system) of each run, and the
# machine's load average before and after.
#
#   bench/spatial_folds.sh [more fm4j spatial options, e.g. --attention 0 or --source gaussian]
#
# Environment: SEEDS (default "1 2 3"), OUT (default bench/out/spatial_folds), DATA_DIR.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${DATA_DIR:-$root/../shared/data}/her2st"
out="${OUT:-$root/bench/out/spatial_folds}"
seeds="${SEEDS:-1 2 3}"
[ -f "$data/C2.h5ad" ] || { echo "spatial_folds: $data/C2.h5ad not found" >&2; exit 2; }
mkdir -p "$out"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for test in C2 C3 C4; do
  train=()
  for s in C2 C3 C4; do [ "$s" = "$test" ] || train+=("$data/$s.h5ad"); done
  for seed in $seeds; do
    /usr/bin/time -f "%U %S" -o "$out/$test-seed$seed.cpu" \
      "$root/fm4j" spatial --train "$(IFS=,; echo "${train[*]}")" --test "$data/$test.h5ad" --seed "$seed" \
        --out "$out/$test-seed$seed" --json --quiet "$@" | tail -n 1 > "$out/$test-seed$seed.json"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 - "$out" $seeds <<'PY'
import json, sys
out, seeds = sys.argv[1], sys.argv[2:]
methods = ["flow", "gaussian_source", "ridge", "knn", "mean"]
keys = ["pearson_raw", "pearson_norm", "mse_raw", "mse_norm"]
def fmt(v):
    return "nan" if v is None else "%.3f" % v
for test in ["C2", "C3", "C4"]:
    runs = [json.load(open(f"{out}/{test}-seed{s}.json")) for s in seeds]
    print(f"held out {test} ({runs[0]['n_genes']} genes, {runs[0]['test_spots']} spots, source {runs[0]['source']})")
    for m in methods:
        row = []
        for k in keys:
            vals = [(r if m == "flow" else r["baselines"][m])[k] for r in runs]
            vals = [v for v in vals if v is not None]
            row.append(fmt(sum(vals) / len(vals) if vals else None) + (" (%.3f)" % (max(vals) - min(vals)) if len(vals) > 1 else ""))
        print(f"  {m:16s} " + "  ".join(f"{k} {v}" for k, v in zip(keys, row)))
    for k in ["pearson_raw", "pearson_norm"]:
        f = sum(r[k] for r in runs) / len(runs)
        rd = sum(r["baselines"]["ridge"][k] for r in runs) / len(runs)
        print(f"  flow / ridge {k}: {f / rd:.3f}")
    b = runs[0]["baselines"]
    print("  chosen on the training sections: ridge alpha raw %.4g, norm %.4g; kNN k raw %d, norm %d" % (
        b["ridge"]["alpha_raw"], b["ridge"]["alpha_norm"], b["knn"]["k_raw"], b["knn"]["k_norm"]))
    cpu = [sum(map(float, open(f"{out}/{test}-seed{s}.cpu").read().split())) for s in seeds]
    print("  seconds per run (read, features, wall; process CPU user + system): " + ", ".join(
        "%.1f/%.1f/%.1f; %.1f" % (r["read_seconds"], r["feature_seconds"], r["wall_seconds"], c) for r, c in zip(runs, cpu)))
PY

#!/usr/bin/env bash
# fm4j spatial, leave one section out on her2st patient C (hold out C2, C3, C4 in turn, train on the
# other two), three seeds: every method's mean Pearson (raw / normalised log1p) and MSE per held-out
# section, mean over the seeds with the range (max - min), the flow's and kernel ridge's ratio to
# ridge (the table: bench/spatial_folds_table.py), the ridge penalty, kNN k and kernel ridge setting
# chosen by leave-one-section-out cross-validation on the training sections, the read, feature and
# wall seconds and the process CPU seconds (user + system) of each run, and the machine's load
# average before and after.
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
/usr/bin/python3 "$root/bench/spatial_folds_table.py" "$out" $seeds

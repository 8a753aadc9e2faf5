#!/usr/bin/env bash
# Screening of regressors on fm4j spatial's image features, her2st patient C, leave one section out
# (bench/spatial_screen.py): exports every spot's disc features at scales 1, 2, 4, 8 with fm4j's own
# code (bench/SpatialFeatureExport.java), then prints the table of docs/counts-and-spatial.md
# (mean Pearson per held-out section, raw and normalised log1p, every setting chosen on the
# training sections only, the ratio to the cross-validated ridge) and the load average.
#
#   bench/spatial_screen.sh            Environment: DATA_DIR, PYTHON, JAVA_HOME.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${DATA_DIR:-$root/../shared/data}/her2st"
python="${PYTHON:-/usr/bin/python3}"
[ -f "$data/C2.h5ad" ] || { echo "spatial_screen: $data/C2.h5ad not found" >&2; exit 2; }
source "$root/bench/java_program.sh"
compile_bench SpatialFeatureExport.java --add-modules jdk.incubator.vector 2>/dev/null
"$java" --add-modules jdk.incubator.vector -cp "$tmp:$jar" SpatialFeatureExport "$tmp" \
  "$data/C2.h5ad" "$data/C3.h5ad" "$data/C4.h5ad" 2>/dev/null
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
OMP_NUM_THREADS=2 "$python" "$root/bench/spatial_screen.py" "$tmp" "$data"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

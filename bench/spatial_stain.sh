#!/usr/bin/env bash
# Stain normalisation screened for fm4j spatial, her2st patient C, leave one section out: writes
# Reinhard-normalised images per fold (bench/spatial_stain.py), exports every spot's disc features
# with fm4j's own code (bench/SpatialFeatureExport.java) from the images as read and as normalised,
# then prints the table of docs/counts-and-spatial.md (bench/spatial_stain_screen.py: ridge and
# kernel ridge, pooled or per-section z-scores, settings chosen on the training sections only) and
# the load average.
#
#   bench/spatial_stain.sh            Environment: DATA_DIR, PYTHON, JAVA_HOME.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${DATA_DIR:-$root/../shared/data}/her2st"
python="${PYTHON:-/usr/bin/python3}"
[ -f "$data/C2.h5ad" ] || { echo "spatial_stain: $data/C2.h5ad not found" >&2; exit 2; }
source "$root/bench/java_program.sh"
compile_bench SpatialFeatureExport.java --add-modules jdk.incubator.vector 2>/dev/null
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$python" "$root/bench/spatial_stain.py" "$data" "$tmp/stain"
mkdir -p "$tmp/features"
"$java" --add-modules jdk.incubator.vector -cp "$tmp:$jar" SpatialFeatureExport "$tmp/features" \
  "$data/C2.h5ad" "$data/C3.h5ad" "$data/C4.h5ad" 2>/dev/null
for t in C2 C3 C4; do
  "$java" --add-modules jdk.incubator.vector -cp "$tmp:$jar" SpatialFeatureExport "$tmp/stain/$t" \
    "$tmp/stain/$t/C2.h5ad" "$tmp/stain/$t/C3.h5ad" "$tmp/stain/$t/C4.h5ad" 2>/dev/null
done
OMP_NUM_THREADS=2 "$python" "$root/bench/spatial_stain_screen.py" "$tmp/features" "$tmp/stain" "$data"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# Benchmark (not a test): read X (CSR) and one obsm matrix, plus obs and var, of a generated
# 100,000 x 2,000 .h5ad (about 8M non-zeros, 50-column obsm/X_pca), uncompressed and gzip, with
# FlowMatch4J (`fm4j bench h5ad`) and with Python anndata (read_elem) in the same run.
# Two tables:
#   - repeated reads in one process: the median and least of --repeat reads (after one warm-up
#     read) for each and the ratio of the medians (the goal's figure: both sides warm), and the
#     median process CPU time per read of each side (all threads: FlowMatch4J decodes chunks on
#     both cores, h5py on one) with its ratio, which a loaded machine disturbs less;
#   - a fresh process reading once, as `fm4j` does: the first read of FRESH new processes of each
#     side (the JVM's includes loading and compiling the reader's classes; Python's follows its
#     imports), median and ratio.
# Needs Debian's python3-anndata (/usr/bin/python3). Usage: bench/h5ad.sh [REPEAT] [CELLS] [FRESH]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repeat="${1:-5}"
cells="${2:-100000}"
fresh="${3:-3}"
py=/usr/bin/python3
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "generating $cells x 2000 CSR files in $tmp ..." >&2
"$py" "$root/bench/h5ad_bench.py" generate "$tmp" --cells "$cells" >&2
ls -la "$tmp" >&2

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
printf '%-6s %12s %12s %8s %14s %14s %12s %12s %9s\n' file fm4j_ms anndata_ms ratio fm4j_min_ms anndata_min_ms \
  fm4j_cpu_ms anndata_cpu_ms cpu_ratio
for f in plain gzip; do
  j="$("$root/fm4j" bench h5ad "$tmp/$f.h5ad" --obsm X_pca --repeat "$repeat" --json 2>/dev/null | tail -1)"
  p="$("$py" "$root/bench/h5ad_bench.py" time "$tmp/$f.h5ad" --obsm X_pca --repeat "$repeat" | tail -1)"
  "$py" - "$f" "$j" "$p" <<'PY'
import json, sys
name, j, p = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
assert j["x_nnz"] == p["x_nnz"], (j["x_nnz"], p["x_nnz"])
print(f"{name:<6} {j['median_ms']:12.1f} {p['median_ms']:12.1f} {j['median_ms'] / p['median_ms']:8.2f} "
      f"{min(j['runs_ms']):14.1f} {min(p['runs_ms']):14.1f} {j['cpu_median_ms']:12.1f} {p['cpu_median_ms']:12.1f} "
      f"{j['cpu_median_ms'] / p['cpu_median_ms']:9.2f}")
PY
done
echo "(ratio = fm4j / anndata of the medians; below 1 means FlowMatch4J is faster; $repeat runs after one warm-up each)" >&2
echo
echo "fresh process, first read (median of $fresh processes of each side):"
printf '%-6s %12s %12s %8s\n' file fm4j_ms anndata_ms ratio
for f in plain gzip; do
  jf=()
  pf=()
  for _ in $(seq "$fresh"); do
    jf+=("$("$root/fm4j" bench h5ad "$tmp/$f.h5ad" --obsm X_pca --repeat 1 --json 2>/dev/null | tail -1)")
    pf+=("$("$py" "$root/bench/h5ad_bench.py" time "$tmp/$f.h5ad" --obsm X_pca --repeat 1 | tail -1)")
  done
  "$py" - "$f" "${jf[@]}" "${pf[@]}" <<'PY'
import json, statistics, sys
name, runs = sys.argv[1], [json.loads(a) for a in sys.argv[2:]]
half = len(runs) // 2
j = statistics.median(r["first_ms"] for r in runs[:half])
p = statistics.median(r["first_ms"] for r in runs[half:])
print(f"{name:<6} {j:12.1f} {p:12.1f} {j / p:8.2f}")
PY
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

#!/usr/bin/env bash
# Count generation, ZINB source against Gaussian source, same everything else, three seeds, on the
# two count sets: mouse10k_counts.h5ad (10,000 cells, no label) and pbmc68k_counts.h5ad (700 cells,
# conditioned on bulk_labels). Prints, per data set, every metric (mean +- std over seeds, and the
# seeds) for the zinb source, the gaussian source and the independent-per-gene ZINB baseline, which
# source wins on the main metric (MMD, lower is better), the same for the rounded flow values
# (the flow without the counts' sampling noise), and the wall time.
#
#   bench/generate_counts.sh [mouse10k|pbmc68k ...]     default: both
#
# Environment: SEEDS (default 1,2,3), OUT (default bench/out/generate_counts), DATA_DIR, ARGS (more
# generate options, e.g. ARGS="--steps 4000").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data_dir="${DATA_DIR:-$root/../shared/data}"
seeds="${SEEDS:-1,2,3}"
out="${OUT:-$root/bench/out/generate_counts}"
python="${PYTHON:-/usr/bin/python3}"
sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=(mouse10k pbmc68k)
mkdir -p "$out"
for s in "${sets[@]}"; do
  case "$s" in
    mouse10k) opts=(--data "$data_dir/mouse10k_counts.h5ad") ;;
    pbmc68k) opts=(--data "$data_dir/pbmc68k_counts.h5ad" --condition-key bulk_labels) ;;
    *) echo "generate_counts: unknown data set '$s' (mouse10k or pbmc68k)" >&2; exit 2 ;;
  esac
  [ -f "${opts[1]}" ] || { echo "generate_counts: ${opts[1]} not found" >&2; exit 2; }
  # shellcheck disable=SC2086
  "$root/fm4j" generate "${opts[@]}" --source zinb,gaussian --seeds "$seeds" --out "$out/$s" --json --quiet ${ARGS:-} \
      | tail -1 > "$out/$s.json"
  "$python" - "$out/$s.json" "$s" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
rows = [("zinb source", j), ("gaussian source", j["baselines"]["gaussian_source"]),
        ("independent ZINB", j["baselines"]["zinb_independent"])]
keys = ["mmd", "energy", "zero_fraction_mae", "mean_correlation", "variance_correlation"]
print("%s: %d genes, %d training / %d held-out cells, seeds %s" % (
    sys.argv[2], j["n_genes"], j["train_cells"], j["test_cells"], ",".join(str(s) for s in j["seeds"])))
print("  %-18s" % "" + "".join("%26s" % k for k in keys))
for name, r in rows:
    print("  %-18s" % name + "".join("%26s" % ("%.4f +- %.4f" % (r[k], r[k + "_std"])) for k in keys))
for name, r in rows:
    print("  %-18s seeds: " % name + "; ".join("%s %s" % (k, ", ".join("%.4f" % v for v in r[k + "_seeds"])) for k in keys))
print("  rounded flow values round(expm1(max(x, 0))) instead of the drawn counts:")
for name in ["zinb", "gaussian"]:
    r = j["rounded_flow_values"][name]
    print("  %-18s" % (name + " source") + "".join("%26s" % ("%.4f +- %.4f" % (r[k], r[k + "_std"])) for k in keys))
z, g = j["mmd"], j["baselines"]["gaussian_source"]["mmd"]
print("  main metric (MMD): %s source better (zinb %.4f, gaussian %.4f, ratio gaussian/zinb %.2f)" % (
    "zinb" if z < g else "gaussian", z, g, g / z))
zr, gr = j["rounded_flow_values"]["zinb"]["mmd"], j["rounded_flow_values"]["gaussian"]["mmd"]
print("  MMD of the rounded flow values: %s source better (zinb %.4f, gaussian %.4f, ratio %.2f)" % (
    "zinb" if zr < gr else "gaussian", zr, gr, gr / zr))
print("  wall %.1f s (training: %s)" % (j["wall_seconds"],
    ", ".join("%s %.1f s" % kv for kv in j["train_seconds"].items())))
PY
done

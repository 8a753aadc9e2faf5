#!/usr/bin/env bash
# The perturbation claims on Kang et al. (IFN-beta PBMCs, ../shared/data/kang_valid.h5ad): the
# stimulated cells of each cell type held out in turn, default settings, three seeds (one fm4j
# process per held-out cell type). Prints, per held-out cell type, the model's scGen R^2 over all
# genes and over the top-100 DEGs (mean and per seed), and then one table with a row for the model
# and each baseline (identity, mean shift pooled over the training cell types, mean shift averaged
# per cell type, real-vs-real ceiling): R^2 all genes / top-100 DEGs, CellFlow's energy distance
# (e_distance) in gene space, the fraction of negative predicted values and the mean absolute error
# of the per-gene zero fraction (predicted vs real held-out cells), and the wall time per held-out
# cell type (all seeds, and per seed: training plus evaluation). Below the R^2 rows, the noise bound:
# the R^2 an exact mean would reach against the real held-out cells (r2_noise_bound).
#   Goal: every cell type R^2 >= 0.95 (all genes and top-100 DEGs), better than both mean shifts on
#   R^2 and energy distance, no negative value, under 1 minute per held-out cell type (the whole
#   process: all seeds, training and evaluation); the time per seed is printed beside it.
#
#   bench/perturb_kang.sh [CELL_TYPE ...]     default: all seven cell types
#
# Environment: SEEDS (default 1,2,3), OUT (default bench/out/perturb_kang), DATA, ARGS (more perturb
# options, e.g. ARGS="--zeros clip").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${DATA:-$root/../shared/data/kang_valid.h5ad}"
seeds="${SEEDS:-1,2,3}"
out="${OUT:-$root/bench/out/perturb_kang}"
python="${PYTHON:-/usr/bin/python3}"
[ -f "$data" ] || { echo "perturb_kang: $data not found" >&2; exit 2; }
types=("$@")
[ ${#types[@]} -gt 0 ] || types=(CD4T CD14+Mono B CD8T NK FCGR3A+Mono Dendritic)
mkdir -p "$out"
jsons=()
for t in "${types[@]}"; do
  dir="$out/${t//+/}"
  "$root/fm4j" perturb --data "$data" --condition-key condition --control control --context-key cell_type \
      --holdout-context "$t" --holdout-condition stimulated --seeds "$seeds" --out "$dir" --json --quiet ${ARGS:-} \
      | tail -1 > "$dir.json"
  jsons+=("$dir.json")
  "$python" - "$dir.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
g = j["groups"][0]
print("%s: model R2 all / top-100 DEGs %.4f / %.4f (seeds %s / %s), %.1f s" % (
    g["context"], j["r2_all"], j["r2_deg"],
    ", ".join("%.4f" % v for v in j["r2_all_seeds"]), ", ".join("%.4f" % v for v in j["r2_deg_seeds"]),
    j["wall_seconds"]), flush=True)
PY
done
"$python" - "${jsons[@]}" <<'PY'
import json, sys
runs = [json.load(open(f)) for f in sys.argv[1:]]
rows = ["model", "identity", "mean_shift", "mean_shift_per_context", "ceiling"]
def cell(t, row, key):
    if row not in t:
        return "-"
    v = t[row]
    if key == "r2":
        return "%.3f / %.3f" % (v["genes"]["r2"], v["deg"]["r2"])
    if key == "e_distance":
        return "%.1f / %.2f" % (v["genes"]["e_distance"], v["deg"]["e_distance"])
    if key == "valid":
        return "%.3f / %.3f" % (v["genes"]["negative_fraction"], v["genes"]["zero_fraction_mae"])
types = [r["groups"][0]["context"] for r in runs]
for key, title in [("r2", "R^2 (scGen) all genes / top-100 DEGs, mean over seeds"),
                   ("e_distance", "energy distance (CellFlow e_distance) genes / top-100 DEGs"),
                   ("valid", "negative fraction / zero-fraction MAE (genes)")]:
    print("\n" + title)
    print("| | " + " | ".join(types) + " |")
    print("|---" * (len(types) + 1) + "|")
    for row in rows:
        print("| %s | %s |" % (row, " | ".join(cell(r["groups"][0]["table"], row, key) for r in runs)))
    if key == "r2":
        bounds = [r["groups"][0].get("r2_noise_bound") for r in runs]
        print("| noise bound | %s |" % " | ".join("-" if b is None else "%.3f / %.3f" % (b["genes"], b["deg"])
                                                  for b in bounds))
print("\ngoal per held-out cell type (R^2 >= 0.95 all and DEG; beats both mean shifts on R^2 and e_distance in genes"
      " and DEGs; no negative value; < 60 s for the cell type, all seeds)")
for r in runs:
    g = r["groups"][0]
    t = g["table"]
    m = t["model"]
    b = g["beats_mean_shift"]
    beat = all(b[s][k] for s in ("genes", "deg") for k in ("r2", "e_distance"))
    ok = (m["genes"]["r2"] >= 0.95 and m["deg"]["r2"] >= 0.95 and beat and m["genes"]["negative_fraction"] == 0
          and r["wall_seconds"] < 60)
    print("%-12s %s  R2 %.3f / %.3f, beats mean shifts: %s, wall %.1f s (per seed %s s)" % (
        g["context"], "met" if ok else "NOT met", m["genes"]["r2"], m["deg"]["r2"], "yes" if beat else "no",
        r["wall_seconds"], ", ".join("%.1f" % v for v in r["seed_seconds"])))
PY

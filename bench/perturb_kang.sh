#!/usr/bin/env bash
# The perturbation claims on Kang et al. (IFN-beta PBMCs, ../shared/data/kang_valid.h5ad): the
# stimulated cells of one cell type held out, default settings, three seeds. Prints, per held-out
# cell type, the model's scGen R^2 over all genes and over the top-100 DEGs (mean and per seed),
# the identity and mean-shift baselines, the ceiling, whether the model beats both mean shifts on
# every metric, and the wall time (total and per seed).
#   Goal (CD4T): R^2 >= 0.95 (all genes) and >= 0.90 (top-100 DEGs), better than mean shift on every
#   metric, train + evaluation of the three seeds in under 5 minutes on 2 cores.
#
#   bench/perturb_kang.sh [CELL_TYPE ...]     default: CD4T B CD14+Mono
#
# Environment: SEEDS (default 1,2,3), OUT (default bench/out/perturb_kang), DATA, ARGS (more perturb
# options, e.g. ARGS="--conditioning film").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${DATA:-$root/../shared/data/kang_valid.h5ad}"
seeds="${SEEDS:-1,2,3}"
out="${OUT:-$root/bench/out/perturb_kang}"
python="${PYTHON:-/usr/bin/python3}"
[ -f "$data" ] || { echo "perturb_kang: $data not found" >&2; exit 2; }
types=("$@")
[ ${#types[@]} -gt 0 ] || types=(CD4T B CD14+Mono)
mkdir -p "$out"
for t in "${types[@]}"; do
  dir="$out/${t//+/}"
  "$root/fm4j" perturb --data "$data" --condition-key condition --control control --context-key cell_type \
      --holdout-context "$t" --holdout-condition stimulated --seeds "$seeds" --out "$dir" --json --quiet ${ARGS:-} \
      | tail -1 > "$dir.json"
  "$python" - "$dir.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
g = j["groups"][0]
t = g["table"]
def r2(name):
    return "%.3f / %.3f" % (t[name]["genes"]["r2"], t[name]["deg"]["r2"])
print("%s: model R2 all / top-100 DEGs %.4f / %.4f (seeds %s / %s)" % (
    g["context"], j["r2_all"], j["r2_deg"],
    ", ".join("%.4f" % v for v in j["r2_all_seeds"]), ", ".join("%.4f" % v for v in j["r2_deg_seeds"])))
print("  identity %s | mean shift (pooled) %s | mean shift (per-type average) %s | ceiling %s" % (
    r2("identity"), r2("mean_shift"), r2("mean_shift_per_context"), r2("ceiling")))
missed = [s + "." + k for s, d in g["beats_mean_shift"].items() for k, v in d.items() if not v]
print("  beats both mean shifts on every metric: %s" % ("yes" if not missed else "no, not on " + ", ".join(missed)))
print("  wall %.1f s (per seed %s s; training %s s)" % (j["wall_seconds"],
    ", ".join("%.1f" % v for v in j["seed_seconds"]), ", ".join("%.1f" % v for v in j["train_seconds"])))
PY
done

#!/usr/bin/env bash
# Time of one held-out Kang cell type (three seeds, one fm4j process each run) with the default
# settings against a reference setting run back to back at the same machine load: by default the
# previous defaults (--decoding residual --batch 128). Prints, for each, the wall time of the
# process (reading, PCA, DEGs, baselines, trainings, evaluations, figures) and its CPU time (user +
# system, all threads: on a loaded machine it varies much less than wall time), the wall time per seed
# (training + evaluation), the milliseconds per training step per seed, and the ratios reference /
# default; and the load average before and after.
#
#   bench/perturb_speed.sh [CELL_TYPE]          default: NK
#
# Environment: SEEDS (default 1,2,3), REF (the reference's options, default "--decoding residual
# --batch 128"), OUT (default bench/out/perturb_speed), DATA.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${DATA:-$root/../shared/data/kang_valid.h5ad}"
seeds="${SEEDS:-1,2,3}"
ref="${REF:---decoding residual --batch 128}"
out="${OUT:-$root/bench/out/perturb_speed}"
python="${PYTHON:-/usr/bin/python3}"
type="${1:-NK}"
[ -f "$data" ] || { echo "perturb_speed: $data not found" >&2; exit 2; }
mkdir -p "$out"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
run() {
  # shellcheck disable=SC2086
  /usr/bin/time -f '%U %S' -o "$out/$1.cpu" "$root/fm4j" perturb --data "$data" --condition-key condition --control control --context-key cell_type \
      --holdout-context "$type" --holdout-condition stimulated --seeds "$seeds" --out "$out/$1" --json --quiet $2 \
      | tail -1 > "$out/$1.json"
}
run default ""
run reference "$ref"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
"$python" - "$out" "$ref" <<'PY'
import json, sys
out, ref = sys.argv[1:3]
d, r = (json.load(open("%s/%s.json" % (out, n))) for n in ("default", "reference"))
for name, j in (("default", d), ("reference", r)):
    # /usr/bin/time's last line: user and system CPU seconds
    j["cpu"] = sum(float(v) for v in open("%s/%s.cpu" % (out, name)).read().split()[-2:])
def show(name, j):
    print("%-28s wall %6.1f s | process CPU %6.1f s | per seed %s s | ms/step %s | R2 %.4f / %.4f" % (
        name, j["wall_seconds"], j["cpu"], ", ".join("%.1f" % v for v in j["seed_seconds"]),
        ", ".join("%.2f" % v for v in j["ms_per_step"]), j["r2_all"], j["r2_deg"]))
show("default", d)
show("reference (%s)" % ref, r)
print("reference / default: wall %.2f, process CPU %.2f, seconds per seed (sum) %.2f, ms per step (mean) %.2f" % (
    r["wall_seconds"] / d["wall_seconds"], r["cpu"] / d["cpu"], sum(r["seed_seconds"]) / sum(d["seed_seconds"]),
    sum(r["ms_per_step"]) / sum(d["ms_per_step"])))
PY

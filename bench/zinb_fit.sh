#!/usr/bin/env bash
# Benchmark (not a test): the per-gene ZINB (or NB) maximum-likelihood fit with library-size offsets
# of FlowMatch4J (`fm4j bench zinb-fit`, median of REPEAT runs after a warm-up) against statsmodels
# (NegativeBinomial, then ZeroInflatedNegativeBinomialP from Nelder-Mead and Newton, timed once) on
# the same genes of a count file, in the same run. Prints both times, the ratio, and how the
# maximised log-likelihoods compare gene by gene (fm4j minus statsmodels; >= 0 means fm4j found an
# optimum at least as high).
#   bench/zinb_fit.sh [FILE] [GENES] [MODEL] [REPEAT]
#   default: ../shared/data/pbmc68k_counts.h5ad hvg:50 ZINB 3
# Needs Debian's python3-statsmodels and python3-anndata (/usr/bin/python3).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
file="${1:-$root/../shared/data/pbmc68k_counts.h5ad}"
genes="${2:-hvg:50}"
model="${3:-ZINB}"
repeat="${4:-3}"
py=/usr/bin/python3
j="$("$root/fm4j" bench zinb-fit "$file" --genes "$genes" --model "$model" --repeat "$repeat" --json 2>/dev/null | tail -1)"
p="$("$py" "$root/bench/zinb_fit_statsmodels.py" "$file" "$j" | tail -1)"
"$py" - "$j" "$p" <<'PY'
import json, sys
j, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
d = [a - b for a, b in zip(j["loglik"], p["loglik"]) if b == b]
ours = j["median_ms"] / 1e3
print("%s fit of %d genes x %d cells: fm4j %.3f s (median of %d), statsmodels %.3f s, ratio fm4j/statsmodels %.4f" % (
    j["model"], len(j["genes"]), j["cells"], ours, len(j["runs_ms"]), p["seconds"], ours / p["seconds"]))
print("log-likelihood fm4j - statsmodels per gene: min %.3g, max %.3g, genes where fm4j is lower by more than 1e-6: %d"
      " (statsmodels failed on %d genes)" % (min(d), max(d), sum(1 for v in d if v < -1e-6), p["failed"]))
PY

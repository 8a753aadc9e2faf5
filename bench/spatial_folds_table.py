"""The table of bench/spatial_folds.sh from its output folder: per held-out section every method's
mean Pearson (raw / normalised log1p) and MSE, mean over the seeds with the range (max - min), the
flow's and kernel ridge's ratio to ridge, the settings chosen on the training sections and the
seconds of each run.

Usage: spatial_folds_table.py OUT SEED...
"""
import json, sys
out, seeds = sys.argv[1], sys.argv[2:]
methods = ["flow", "gaussian_source", "ridge", "kernel_ridge", "knn", "mean"]
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
        kr = sum(r["baselines"]["kernel_ridge"][k] for r in runs) / len(runs)
        print(f"  flow / ridge {k}: {f / rd:.3f}; kernel ridge / ridge: {kr / rd:.3f}")
    b = runs[0]["baselines"]
    print("  chosen on the training sections: ridge alpha raw %.4g, norm %.4g; kNN k raw %d, norm %d;"
          " kernel ridge (alpha, gamma scale) raw (%.4g, %.4g), norm (%.4g, %.4g)" % (
        b["ridge"]["alpha_raw"], b["ridge"]["alpha_norm"], b["knn"]["k_raw"], b["knn"]["k_norm"],
        b["kernel_ridge"]["alpha_raw"], b["kernel_ridge"]["gamma_scale_raw"],
        b["kernel_ridge"]["alpha_norm"], b["kernel_ridge"]["gamma_scale_norm"]))
    cpu = [sum(map(float, open(f"{out}/{test}-seed{s}.cpu").read().split())) for s in seeds]
    print("  seconds per run (read, features, wall; process CPU user + system): " + ", ".join(
        "%.1f/%.1f/%.1f; %.1f" % (r["read_seconds"], r["feature_seconds"], r["wall_seconds"], c) for r, c in zip(runs, cpu)))

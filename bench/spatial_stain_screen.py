"""Does stain normalisation of the images help fm4j spatial's features? her2st patient C, leave one
section out, the protocol of ``bench/spatial_screen.py`` (its functions are reused): ridge and
Gaussian-kernel ridge on the 174 features (scales 1, 2, 4 and the mean of the 6 nearest spots),
every setting chosen on the two training sections only, mean Pearson over the fold's 50 genes in raw
and normalised log1p, the ratio to the cross-validated ridge on the features as computed.

Feature sets: the images as they are, and Reinhard-normalised (``bench/spatial_stain.py``: for the
fold holding out T every section mapped to the training sections' mean CIELAB statistics), each
either as computed (pooled z-scores of the models) or z-scored per section first.

Usage: spatial_stain_screen.py FEATURES_DIR STAIN_FEATURES_DIR DATA_DIR
  FEATURES_DIR/<S>_discs.csv: bench/SpatialFeatureExport.java on the original sections;
  STAIN_FEATURES_DIR/<T>/<S>_discs.csv: the same on the sections of the fold holding out T.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import spatial_screen as sc  # noqa: E402

KRR_GRID = [(a, g) for a in [0.1, 1, 10] for g in [0.1, 0.3, 1]]


def main():
    orig_dir, stain_dir, data_dir = sys.argv[1:4]
    orig = sc.load(orig_dir, data_dir)
    stained = {t: sc.load(f"{stain_dir}/{t}", data_dir) for t in sc.SECTIONS}
    ys = {t: sc.targets(orig, [s for s in sc.SECTIONS if s != t]) for t in sc.SECTIONS}
    images = [("as read", lambda t: orig), ("Reinhard (CIELAB)", lambda t: stained[t])]
    scalings = [("pooled", lambda f: f), ("per section", lambda f: sc.zscore(f, f)[0])]
    models = [("ridge (CV alpha)", sc.ridge, sc.RIDGE_GRID), ("kernel ridge RBF", sc.krr, KRR_GRID)]
    print("| reference (images as read) | space | C2 | C3 | C4 |")
    print("|---|---|---|---|---|")
    for mname, model, grid in models:
        for space in ["raw", "norm"]:
            within = [sc.within_section(sc.features(orig[t], [0, 1, 2], [6]), ys[t][t][space], grid, model=model)
                      for t in sc.SECTIONS]
            print(f"| {mname} fitted within the held-out section (5-fold, best setting; optimistic) | {space} | "
                  + " | ".join(f"{v:.3f}" for v in within) + " |", flush=True)
    print()
    print("| image | scaling | model | space | C2 | C3 | C4 | mean | / ridge (C2, C3, C4) | chosen (C2; C3; C4) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    ref = {}
    for iname, secs_of in images:
        for sname, scale in scalings:
            for mname, model, grid in models:
                for space in ["raw", "norm"]:
                    res = []
                    for t in sc.SECTIONS:
                        secs = secs_of(t)
                        feats = {s: scale(sc.features(secs[s], [0, 1, 2], [6])) for s in sc.SECTIONS}
                        y = {s: v[space] for s, v in ys[t].items()}
                        res.append(sc.run(secs, feats, y, [s for s in sc.SECTIONS if s != t], t, model, grid))
                        ref.setdefault((t, space), res[-1][0])
                    scores = [r[0] for r in res]
                    ratio = [v / ref[(t, space)] for v, t in zip(scores, sc.SECTIONS)]
                    print(f"| {iname} | {sname} | {mname} | {space} | " + " | ".join(f"{v:.3f}" for v in scores)
                          + f" | {np.mean(scores):.3f} | " + ", ".join(f"{r:.2f}" for r in ratio) + " | "
                          + "; ".join(sc.setting(r[1]) for r in res) + " |", flush=True)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""The flow's mean shift combined with the similarity-weighted shift by their noise, per gene
(docs/perturbation.md, "Sixth round").

Reads, for each held-out Kang cell type t, one fm4j perturb run per seed 1, 2, 3 with --mean-response
flow --zeros none (the flow's cells decoded linearly), as bench/kang_seed_ensemble.py does:

    for s in 1 2 3; do ./fm4j perturb ... --holdout-context NK --seeds $s --mean-response flow \\
        --zeros none --out DIR/NK_$s; done

With f the flow's gene means (one seed), n the similarity-weighted shift decoded as --decoding centred
does (bench/kang_nearest_shift.py, exact PCA-50), v_f the variance of f across the three seeds and v_n
the variance of n over 60 bootstrap resamples of the training cells (each training group's cells
resampled; h refitted), it prints scGen R^2 all genes / top-100 DEGs (mean over seeds, then per seed) of
  flow, near, (flow + near) / 2  (what --mean-response ensemble scores),
  ivw per gene:    (v_n f + v_f n) / (v_f + v_n), gene by gene,
  ivw one weight:  the same with one weight, sum v_f / (sum v_f + sum v_n), for all genes,
  JS:              James-Stein shrinkage of f towards n, n + max(0, 1 - sum(v_f + v_n) / |f - n|^2) (f - n),
  JS per gene:     the same per gene, n + max(0, 1 - (v_f + v_n) / (f - n)^2) (f - n).
No weight uses t's stimulated cells.

    /usr/bin/python3 bench/kang_shrinkage.py DIR [TYPE ...]
"""
import os
import sys

import anndata
import numpy as np

import kang_data

out = sys.argv[1]
types = sys.argv[2:] or kang_data.TYPES
M, cell_type, condition, genes = kang_data.load()
r2 = kang_data.r2
rng = np.random.default_rng(0)
sel = {(t, c): (cell_type == t) & (condition == c) for t in kang_data.TYPES for c in ("control", "stimulated")}
for t in types:
    dirs = [os.path.join(out, "%s_%d" % (t.replace("+", ""), s)) for s in (1, 2, 3)]
    if not all(os.path.exists(os.path.join(d, "predictions.h5ad")) for d in dirs):
        print("%s: no runs in %s" % (t, out))
        continue
    F = np.array([np.asarray(anndata.read_h5ad(os.path.join(d, "predictions.h5ad")).X.mean(0)).ravel() for d in dirs])
    held = sel[t, "stimulated"]
    mu, W = kang_data.pca_of(M, ~held)
    train = [o for o in kang_data.TYPES if o != t]
    cells = {(o, c): M[sel[o, c]] for o in train for c in ("control", "stimulated")}
    ctrl = M[sel[t, "control"]].mean(0)
    real = M[held].mean(0)
    deg = kang_data.top_degs(M[held], M[sel[t, "control"]])
    zt = (ctrl - mu) @ W.T
    base = mu + zt @ W

    def near(resample):
        pick = (lambda x: x[rng.integers(0, len(x), len(x))]) if resample else (lambda x: x)
        c = {o: pick(cells[o, "control"]).mean(0) for o in train}
        s = {o: pick(cells[o, "stimulated"]).mean(0) for o in train}
        zc = np.array([(c[o] - mu) @ W.T for o in train])
        zs = np.array([(s[o] - c[o]) @ W.T for o in train])
        return base + (kang_data.kernel_weights(zt, zc, kang_data.bandwidth(zc, zs)) @ zs) @ W

    n = near(False)
    vn = np.var([near(True) for _ in range(60)], axis=0, ddof=1)
    vf = F.var(0, ddof=1)
    lam = vf / np.maximum(vf + vn, 1e-30)
    one = vf.sum() / (vf.sum() + vn.sum())
    rows = {}
    for f in F:
        d = f - n
        keep = max(0.0, 1 - (vf + vn).sum() / (d @ d))
        for name, p in (("flow", f), ("near", n), ("(flow + near) / 2", (f + n) / 2),
                        ("ivw per gene", (1 - lam) * f + lam * n), ("ivw one weight", (1 - one) * f + one * n),
                        ("JS", n + keep * d),
                        ("JS per gene", n + np.clip(1 - (vf + vn) / np.maximum(d * d, 1e-30), 0, 1) * d)):
            rows.setdefault(name, []).append((r2(p, real), r2(p[deg], real[deg])))
    print("%s: sum v_f %.3f, sum v_n %.3f, one weight of near %.2f" % (t, vf.sum(), vn.sum(), one))
    for name, v in rows.items():
        v = np.array(v)
        print("  %-18s %.4f / %.4f   seeds %s" % (name, v[:, 0].mean(), v[:, 1].mean(),
                                               ", ".join("%.3f / %.3f" % tuple(x) for x in v)), flush=True)

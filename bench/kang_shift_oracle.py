#!/usr/bin/python3
"""What an exact shift would score on Kang, per held-out cell type (docs/perturbation.md, "Second round").

For each cell type held out (its stimulated cells removed, PCA fitted on the remaining cells as fm4j
does), the scGen R^2 (all genes / top-100 DEGs) of predictions that know the held-out type's TRUE
mean shift (stimulated minus control mean) projected onto the first K principal components of the
training cells, decoded two ways:
  residual: control mean + projected shift  (the control cells' own out-of-PCA parts kept, as
            --decoding residual does)
  centred:  PCA inverse of the control mean + projected shift  (the control cells' mean out-of-PCA
            part removed, as --decoding centred does)
No model can score above these with a K-component embedding, except by luck of the noise.

    /usr/bin/python3 bench/kang_shift_oracle.py [../shared/data/kang_valid.h5ad]
"""
import os
import sys

import numpy as np

import kang_data

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data", "kang_valid.h5ad")
M, cell_type, condition, genes = kang_data.load(path)
types = kang_data.TYPES
r2 = kang_data.r2
top_degs = kang_data.top_degs


print("held out     K   residual (all / DEG)   centred (all / DEG)")
for t in types:
    held = (cell_type == t) & (condition == "stimulated")
    ctrl = M[(cell_type == t) & (condition == "control")]
    real = M[held]
    deg = top_degs(real, ctrl)
    mu, vt = kang_data.pca_basis(M, held, 100)
    real_mean, ctrl_mean = real.mean(0), ctrl.mean(0)
    for k in (20, 50, 100):
        w = vt[:k]
        shift = ((real_mean - ctrl_mean) @ w.T) @ w
        residual = ctrl_mean + shift
        centred = mu + ((ctrl_mean - mu) @ w.T) @ w + shift
        print("%-12s %3d  %.3f / %.3f          %.3f / %.3f" % (
            t, k, r2(residual, real_mean), r2(residual[deg], real_mean[deg]),
            r2(centred, real_mean), r2(centred[deg], real_mean[deg])), flush=True)

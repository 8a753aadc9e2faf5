#!/usr/bin/python3
"""Where a held-out Kang cell type's predicted means go wrong (docs/perturbation.md, "Second round").

Reads an fm4j perturb output (its predictions.h5ad: the first seed's predicted cells) and, over all
genes and over the top-100 DEGs, prints the scGen R^2 of the model and of the per-type mean shift,
the model's residual sum of squares about the regression line against the part of it that the
noise of the real means alone would give (sum over genes of var/n of the stimulated and of the
control cells), and the genes furthest from the line with their real stimulated, control,
predicted and mean-shift means and the other types' average shift.

    /usr/bin/python3 bench/kang_deg_errors.py OUT/predictions.h5ad CELL_TYPE [../shared/data/kang_valid.h5ad]
"""
import os
import sys

import anndata
import numpy as np
import scipy.sparse as sp
import scipy.stats as st

import kang_data

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
pred_path, held = sys.argv[1], sys.argv[2]
path = sys.argv[3] if len(sys.argv) > 3 else os.path.join(root, "..", "shared", "data", "kang_valid.h5ad")
M, cell_type, condition, genes = kang_data.load(path)
P = anndata.read_h5ad(pred_path).X
P = P.toarray() if sp.issparse(P) else np.asarray(P)

real = M[(cell_type == held) & (condition == "stimulated")]
ctrl = M[(cell_type == held) & (condition == "control")]
z = np.array([st.ranksums(real[:, j], ctrl[:, j]).statistic for j in range(M.shape[1])])
deg = np.argsort(-np.nan_to_num(z, nan=-np.inf), kind="stable")[:100]
real_mean, ctrl_mean, pred_mean = real.mean(0), ctrl.mean(0), P.mean(0)
others = [t for t in np.unique(cell_type) if t != held]
other_shift = np.mean([M[(cell_type == t) & (condition == "stimulated")].mean(0)
                       - M[(cell_type == t) & (condition == "control")].mean(0) for t in others], 0)
noise = real.var(0, ddof=1) / len(real) + ctrl.var(0, ddof=1) / len(ctrl)

for name, idx in (("all genes", np.arange(M.shape[1])), ("top-100 DEGs", deg)):
    fit = st.linregress(pred_mean[idx], real_mean[idx])
    res = real_mean[idx] - (fit.intercept + fit.slope * pred_mean[idx])
    print("\n%s: R2 model %.3f, per-type mean shift %.3f; residual SS %.2f, of which the noise of the real"
          " means alone %.2f" % (name, fit.rvalue ** 2,
                                 st.linregress((ctrl_mean + other_shift)[idx], real_mean[idx]).rvalue ** 2,
                                 (res ** 2).sum(), noise[idx].sum()))
    print("%-10s %6s %6s %6s %6s %10s" % ("gene", "real", "ctrl", "model", "shift", "others dmu"))
    for q in np.argsort(-res ** 2)[:12]:
        j = idx[q]
        print("%-10s %6.2f %6.2f %6.2f %6.2f %10.2f" % (genes[j], real_mean[j], ctrl_mean[j], pred_mean[j],
                                                      ctrl_mean[j] + other_shift[j], other_shift[j]))

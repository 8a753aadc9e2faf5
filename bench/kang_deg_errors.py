#!/usr/bin/python3
"""The top-100 DEGs of a held-out Kang cell type whose predicted mean is furthest from the real one.

Reads an fm4j perturb output (its predictions.h5ad: the first seed's predicted cells) and prints,
for the 15 DEGs with the largest |predicted mean - real mean|, the real stimulated, control,
predicted and per-type mean-shift means, the type's own shift and the other types' average shift.

    /usr/bin/python3 bench/kang_deg_errors.py OUT/predictions.h5ad CELL_TYPE [../shared/data/kang_valid.h5ad]
"""
import os
import sys

import anndata
import h5py
import numpy as np
import scipy.sparse as sp
import scipy.stats as st

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
pred_path, held = sys.argv[1], sys.argv[2]
path = sys.argv[3] if len(sys.argv) > 3 else os.path.join(root, "..", "shared", "data", "kang_valid.h5ad")
f = h5py.File(path, "r")
X = f["X"]
M = sp.csr_matrix((X["data"][:], X["indices"][:], X["indptr"][:])).toarray().astype(np.float64)
obs = f["obs"][:]
cell_type = np.array(f["uns/cell_type_categories"][:]).astype(str)[obs["cell_type"]]
condition = np.array(f["uns/condition_categories"][:]).astype(str)[obs["condition"]]
genes = np.array(f["var"]["index"]).astype(str)
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
print("R2 on the DEGs: model %.3f, per-type mean shift %.3f" % (
    st.linregress(pred_mean[deg], real_mean[deg]).rvalue ** 2,
    st.linregress((ctrl_mean + other_shift)[deg], real_mean[deg]).rvalue ** 2))
print("%-10s %6s %6s %6s %6s %9s %9s" % ("gene", "real", "ctrl", "model", "shift", "own dmu", "others dmu"))
err = pred_mean[deg] - real_mean[deg]
for q in np.argsort(-np.abs(err))[:15]:
    j = deg[q]
    print("%-10s %6.2f %6.2f %6.2f %6.2f %9.2f %9.2f" % (genes[j], real_mean[j], ctrl_mean[j], pred_mean[j],
                                                      ctrl_mean[j] + other_shift[j], real_mean[j] - ctrl_mean[j],
                                                      other_shift[j]))

#!/usr/bin/python3
"""Facts behind docs/perturbation.md "Why the small and distant cell types generalise worse".

For each Kang cell type: cell counts, the distance of its control mean to the nearest other type's
control mean (gene space), the Pearson correlation of its stimulated-minus-control mean shift with
the average shift of the other types, and two bounds on the scGen R^2 of means from the noise of
per-gene means over few cells. With N the mean per-gene variance of the stimulated cells and S the
variance across genes of their true means (estimated as var(means) - N / n_stim):
  exact mean vs the n_stim real cells:              1 / (1 + (N/S) / n_stim)
  a prediction keeping the noise of n_ctrl cells:   1 / ((1 + (N/S) / n_stim) (1 + (N/S) / n_ctrl))

    /usr/bin/python3 bench/kang_noise_bound.py [../shared/data/kang_valid.h5ad]
"""
import os
import sys

import numpy as np
import scipy.stats as st

import kang_data

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data", "kang_valid.h5ad")
M, cell_type, condition, genes = kang_data.load(path)
types = ["CD4T", "CD14+Mono", "B", "CD8T", "NK", "FCGR3A+Mono", "Dendritic"]
print("zero fraction %.3f" % (M == 0).mean())
mean = {(t, c): M[(cell_type == t) & (condition == c)].mean(0) for t in types for c in ("control", "stimulated")}
shift = {t: mean[t, "stimulated"] - mean[t, "control"] for t in types}
for t in types:
    others = [u for u in types if u != t]
    stim = M[(cell_type == t) & (condition == "stimulated")]
    n_s, n_c = len(stim), int(((cell_type == t) & (condition == "control")).sum())
    nearest = min(np.linalg.norm(mean[t, "control"] - mean[u, "control"]) for u in others)
    corr = st.pearsonr(shift[t], np.mean([shift[u] for u in others], 0))[0]
    noise = stim.var(0, ddof=1).mean()
    q = noise / (stim.mean(0).var() - noise / n_s)
    print("%-12s control %3d stimulated %3d | nearest control mean %.2f | shift correlation %.3f | "
          "R2 bound exact %.4f, with control noise %.4f" % (t, n_c, n_s, nearest, corr, 1 / (1 + q / n_s),
                                                           1 / ((1 + q / n_s) * (1 + q / n_c))))

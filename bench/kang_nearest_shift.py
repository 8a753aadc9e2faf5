#!/usr/bin/python3
"""How far the other cell types' responses can take each held-out Kang cell type (docs/perturbation.md,
"Third round").

For each cell type t held out (its stimulated cells removed, PCA with 50 components fitted on the
remaining cells, exact SVD), scGen R^2 all genes / top-100 DEGs of the prediction
  PCA inverse of t's control mean + projected shift,   decoded as --decoding centred does,
with the shift
  uniform:  the average of the six other types' own shifts (the mean_shift_per_context baseline),
  nearest:  the same with weights exp(-|m_t - m_o|^2 / 2h^2) (m = control mean in the PCA), h chosen
            by leave-one-type-out on the six training types (ContextKernel; fm4j's randomized PCA
            may give slightly different values),
  lincomb:  the least-squares combination of the six shifts fitted to t's TRUE shift (an oracle: no
            prediction that mixes the other types' mean responses can do better),
  exact:    t's true shift (the bound of kang_shift_oracle.py).

With --blend PREDICTIONS.h5ad TYPE (a prediction written by fm4j perturb with TYPE held out), it prints
instead the R^2 of the gene means (1 - lambda) * (the prediction's) + lambda * (the nearest shift's) for
lambda = 0, 0.25, 0.5, 0.75, 1.

    /usr/bin/python3 bench/kang_nearest_shift.py [../shared/data/kang_valid.h5ad]
    /usr/bin/python3 bench/kang_nearest_shift.py --blend bench/out/perturb_kang/NK/predictions.h5ad NK
"""
import os
import sys

import numpy as np

import kang_data

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
blend = sys.argv[2:4] if len(sys.argv) > 1 and sys.argv[1] == "--blend" else None
path = sys.argv[1] if len(sys.argv) > 1 and blend is None else os.path.join(root, "..", "shared", "data", "kang_valid.h5ad")
M, cell_type, condition, genes = kang_data.load(path)
types = kang_data.TYPES
ctrl_mean = {t: M[(cell_type == t) & (condition == "control")].mean(0) for t in types}
stim_mean = {t: M[(cell_type == t) & (condition == "stimulated")].mean(0) for t in types}
r2 = kang_data.r2


def top_degs(t):
    return kang_data.top_degs(M[(cell_type == t) & (condition == "stimulated")],
                              M[(cell_type == t) & (condition == "control")])


if blend is not None:
    import anndata
    pred = anndata.read_h5ad(blend[0]).X
    pred_mean = np.asarray(pred.mean(0)).ravel().astype(np.float64)
    held_out = [blend[1]]
else:
    held_out = types
    print("held out      h      uniform          nearest          lincomb (oracle)  exact (oracle)   nearest weights")
for t in held_out:
    held = (cell_type == t) & (condition == "stimulated")
    mu, w = kang_data.pca_basis(M, held)
    train = [o for o in types if o != t]
    zc = {o: (ctrl_mean[o] - mu) @ w.T for o in types}
    zs = {o: (stim_mean[o] - ctrl_mean[o]) @ w.T for o in types}
    means, shifts = np.array([zc[o] for o in train]), np.array([zs[o] for o in train])
    base = mu + zc[t] @ w
    deg = top_degs(t)
    h = kang_data.bandwidth(means, shifts)
    wn = kang_data.kernel_weights(zc[t], means, h)
    coef = np.linalg.lstsq(shifts.T, zs[t], rcond=None)[0]
    preds = [base + np.ones(6) / 6 @ shifts @ w, base + wn @ shifts @ w, base + coef @ shifts @ w, base + zs[t] @ w]
    if blend is not None:
        for lam in (0, 0.25, 0.5, 0.75, 1):
            p = (1 - lam) * pred_mean + lam * preds[1]
            print("%s lambda %.2f: %.4f / %.4f" % (t, lam, r2(p, stim_mean[t]), r2(p[deg], stim_mean[t][deg])))
        break
    cells = ["%.3f / %.3f" % (r2(p, stim_mean[t]), r2(p[deg], stim_mean[t][deg])) for p in preds]
    print("%-12s %5.2f  %s   %s" % (t, h, "    ".join(cells),
                                   ", ".join("%s %.2f" % (o, x) for o, x in zip(train, wn) if x >= 0.01)), flush=True)

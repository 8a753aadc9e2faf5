#!/usr/bin/python3
"""The ensemble's weight chosen by leave-one-training-type-out (docs/perturbation.md, "Fifth round").

--mean-response ensemble gives the held-out type t the mean shift (1 - lambda) s_flow + lambda s_near
with lambda = 1/2. Here lambda is chosen on the six training types instead: each training type k is
predicted by a flow trained without t's and k's stimulated cells (fm4j perturb on the data less t's
stimulated cells, --holdout-context k, --mean-response flow --zeros none, seed 1: its gene means a_k) and
by the similarity-weighted shift of the other five (b_k, ContextKernel with its own leave-one-out
bandwidth, exact PCA of the cells fm4j trains on), and

    lambda_t = sum_k <r_k - a_k, b_k - a_k> / sum_k ||b_k - a_k||^2,   clipped to [0, 1],

r_k the real stimulated mean of k (least squares over all genes of the six training types). t itself is
then scored (scGen R^2 all genes / top-100 DEGs, mean over the seeds' flows of bench/kang_seed_ensemble.py's
runs) at lambda = 1/2 and at lambda_t; its stimulated cells enter only that score.

    /usr/bin/python3 bench/kang_weight_validation.py --data TYPE FILE.h5ad   # Kang less TYPE's stimulated cells
    for K in (the six other types); do ./fm4j perturb --data FILE.h5ad --condition-key condition --control control \
        --context-key cell_type --holdout-context K --holdout-condition stimulated --seeds 1 --mean-response flow \
        --zeros none --json --quiet --out LOTO_DIR/TYPE_K; done                  # TYPE and K without their '+'
    /usr/bin/python3 bench/kang_weight_validation.py LOTO_DIR SEED_DIR TYPE ...

LOTO_DIR holds TYPE_K/predictions.h5ad (the flow for training type K with TYPE's stimulated cells removed),
SEED_DIR holds TYPE_S/predictions.h5ad (the flow of seed S for TYPE, as bench/kang_seed_ensemble.py reads).
"""
import os
import sys

import anndata
import numpy as np

import kang_data

if sys.argv[1] == "--data":
    a = anndata.read_h5ad(kang_data.DEFAULT)
    a[~((a.obs["cell_type"] == sys.argv[2]) & (a.obs["condition"] == "stimulated")).values].copy().write_h5ad(sys.argv[3])
    sys.exit(0)
loto, seeds_dir = sys.argv[1], sys.argv[2]
M, cell_type, condition, genes = kang_data.load()
r2 = kang_data.r2
T = kang_data.TYPES
ctrl = {o: (cell_type == o) & (condition == "control") for o in T}
stim = {o: (cell_type == o) & (condition == "stimulated") for o in T}
real = {o: M[stim[o]].mean(0) for o in T}


def flow_mean(path):
    return np.asarray(anndata.read_h5ad(path).X.mean(0)).ravel().astype(np.float64)


def near(target, others, held):
    """PCA inverse of target's control mean + its ContextKernel-weighted shift over `others` (PCA on ~held)."""
    mu, w = kang_data.pca_basis(M, held)
    zc = {o: (M[ctrl[o]].mean(0) - mu) @ w.T for o in others + [target]}
    zs = {o: (real[o] - M[ctrl[o]].mean(0)) @ w.T for o in others}
    means, shifts = np.array([zc[o] for o in others]), np.array([zs[o] for o in others])
    h = kang_data.bandwidth(means, shifts)
    return mu + zc[target] @ w + kang_data.kernel_weights(zc[target], means, h) @ shifts @ w


def tag(name):
    return name.replace("+", "")


for t in sys.argv[3:]:
    train = [o for o in T if o != t]
    num = den = 0.0
    per = []
    for k in train:
        a = flow_mean(os.path.join(loto, "%s_%s" % (tag(t), tag(k)), "predictions.h5ad"))
        b = near(k, [o for o in train if o != k], stim[t] | stim[k])
        d = b - a
        num += d @ (real[k] - a)
        den += d @ d
        per.append("%s %.2f" % (k, np.clip(d @ (real[k] - a) / (d @ d), 0, 1)))
    lam = float(np.clip(num / den, 0, 1))
    deg = kang_data.top_degs(M[stim[t]], M[ctrl[t]])
    bt = near(t, train, stim[t])
    flows = [flow_mean(os.path.join(seeds_dir, f, "predictions.h5ad")) for f in sorted(os.listdir(seeds_dir))
             if f.startswith(tag(t) + "_") and os.path.isdir(os.path.join(seeds_dir, f))]
    r = real[t]

    def score(l):
        ps = [(1 - l) * f + l * bt for f in flows]
        return "%.4f / %.4f" % (np.mean([r2(p, r) for p in ps]), np.mean([r2(p[deg], r[deg]) for p in ps]))

    print("%s: lambda by leave-one-training-type-out %.3f (per training type: %s); R2 at lambda 0: %s, 1/2: %s, "
          "validated: %s, 1: %s" % (t, lam, ", ".join(per), score(0), score(0.5), score(lam), score(1)), flush=True)

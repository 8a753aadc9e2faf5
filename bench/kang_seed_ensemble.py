#!/usr/bin/python3
"""How much of the flow's error in the predicted mean is seed variance, and what averaging the flows
of several seeds gives (docs/perturbation.md, "Fifth round").

Reads, for each held-out Kang cell type t, the predictions of one fm4j perturb run per seed with
--mean-response flow --zeros none (the flow's own cells, decoded linearly, so each gene's predicted
mean is the decoder's), e.g.

    for s in 1 2 3; do ./fm4j perturb ... --holdout-context NK --seeds $s --mean-response flow \
        --zeros none --out DIR/NK_$s; done

and prints, per type, scGen R^2 all genes / top-100 DEGs of
  seed:      each seed's flow alone (and their mean),
  avg:       the mean over seeds of the flows' gene means (an ensemble of the K flows),
  near:      the similarity-weighted shift (ContextKernel, as bench/kang_nearest_shift.py),
  ens1:      (seed's flow + near) / 2 per seed, mean of the R^2 (what --mean-response ensemble scores),
  ensK:      (avg + near) / 2,
and the split of the flow's squared error of the gene means, sum_g (mean_s f_sg - r_g)^2 (bias, to the
real mean r) against sum_g var_s f_sg (the seed variance; (K-1)/K of it is what a K-seed average
removes from the expected per-seed error).

    /usr/bin/python3 bench/kang_seed_ensemble.py DIR [TYPE ...]
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
for t in types:
    files = sorted(f for f in os.listdir(out) if f.startswith(t.replace("+", "") + "_") and os.path.isdir(os.path.join(out, f)))
    if not files:
        continue
    f = np.array([np.asarray(anndata.read_h5ad(os.path.join(out, d, "predictions.h5ad")).X.mean(0)).ravel()
                  for d in files], dtype=np.float64)
    held = (cell_type == t) & (condition == "stimulated")
    ctrl = M[(cell_type == t) & (condition == "control")]
    real = M[held].mean(0)
    deg = kang_data.top_degs(M[held], ctrl)
    mu, w = kang_data.pca_basis(M, held)
    train = [o for o in kang_data.TYPES if o != t]
    zc = {o: (M[(cell_type == o) & (condition == "control")].mean(0) - mu) @ w.T for o in kang_data.TYPES}
    zs = {o: (M[(cell_type == o) & (condition == "stimulated")].mean(0)
              - M[(cell_type == o) & (condition == "control")].mean(0)) @ w.T for o in kang_data.TYPES}
    means, shifts = np.array([zc[o] for o in train]), np.array([zs[o] for o in train])
    h = kang_data.bandwidth(means, shifts)
    near = mu + zc[t] @ w + kang_data.kernel_weights(zc[t], means, h) @ shifts @ w
    avg = f.mean(0)

    def s(p):
        return "%.4f / %.4f" % (r2(p, real), r2(p[deg], real[deg]))

    def mean_r2(ps):
        return "%.4f / %.4f" % (np.mean([r2(p, real) for p in ps]), np.mean([r2(p[deg], real[deg]) for p in ps]))

    bias = np.sum((avg - real) ** 2)
    var = np.sum(f.var(0, ddof=1)) if len(f) > 1 else float("nan")
    bias_d = np.sum((avg[deg] - real[deg]) ** 2)
    var_d = np.sum(f[:, deg].var(0, ddof=1)) if len(f) > 1 else float("nan")
    print("%s (%d seeds): seeds %s, mean %s | avg %s | near %s | ens1 %s | ensK %s | "
          "sq. error of the seed mean / seed variance: all %.3f / %.3f, DEGs %.3f / %.3f" % (
              t, len(f), ", ".join(s(p) for p in f), mean_r2(f), s(avg), s(near),
              mean_r2([(p + near) / 2 for p in f]), s((avg + near) / 2), bias, var, bias_d, var_d), flush=True)

#!/usr/bin/python3
"""Models of a held-out Kang cell type's mean response that are not mixtures of the training types'
responses (docs/perturbation.md, "Fourth round").

For each cell type t held out (its stimulated cells removed, PCA with 50 components fitted on the
remaining cells, exact SVD), the scGen R^2 all genes / top-100 DEGs of the prediction
  PCA inverse of t's control mean + projected shift   (decoded as --decoding centred does),
with t's per-gene shift s_g(t) estimated from the six training types o (control means c_o, shifts s_o)
and t's control mean c_t; every hyper-parameter is chosen by leave-one-type-out on the six training
types (each predicted from the other five; error: squared error of the shift in the embedding):
  nearest:   sum_o w_o s_o, the ContextKernel weights of --mean-response ensemble (the reference),
  regress:   per gene, s_g = a_g + b_g c_g fitted over the training types (equal weights), b_g ridge
             shrunk, b_g = cov_g / (var_g + lambda), lambda in {1e-3, ..., 10, inf} (inf: the plain average),
  local:     the same with the intercept at the nearest estimate: nearest + b_g (c_t,g - sum_o w_o c_o,g),
  slope:     nearest + beta (c_t - sum_o w_o c_o), one beta for every gene, the least-squares slope of the
             leave-one-out residuals of nearest on the leave-one-out residuals of the control mean,
  fold:      (c_t + eps) exp(sum_o w_o log((stim_o + eps) / (c_o + eps))) - eps - c_t: the response
             transferred as a ratio of (mean + eps), eps in {0.01, ..., 10} (large eps: nearest),
  prop:      per gene s_g = b_g c_g, b_g = sum_o c_o,g s_o,g / (sum_o c_o,g^2 + 1e-3) (no tuning).
With --blend DIR (DIR/<type>/predictions.h5ad written by `OUT=DIR SEEDS=1 ARGS="--mean-response flow"
bench/perturb_kang.sh`), it prints instead the R^2 of the gene means (flow's + nearest's) / 2 and
(flow's + slope's) / 2: what --mean-response ensemble would score with either estimate, before the
zero model.

    /usr/bin/python3 bench/kang_mean_models.py [--blend DIR]
"""
import os
import sys

import numpy as np

import kang_data

blend = sys.argv[2] if len(sys.argv) > 2 and sys.argv[1] == "--blend" else None
M, cell_type, condition, genes = kang_data.load()
types = kang_data.TYPES
r2 = kang_data.r2
ctrl_mean = {t: M[(cell_type == t) & (condition == "control")].mean(0) for t in types}
stim_mean = {t: M[(cell_type == t) & (condition == "stimulated")].mean(0) for t in types}
LAMBDAS = [1e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3, 10, np.inf]
EPSILONS = [0.01, 0.03, 0.1, 0.3, 1, 3, 10]


def regress(lam, C, S, c, centre):
    """Per-gene ridge slope of S on C (rows: types, equal weights), intercept at the prediction `centre` for
    the weighted control mean `centre[1]`: centre[0] + b (c - centre[1])."""
    Cc, Sc = C - C.mean(0), S - S.mean(0)
    b = 0 if np.isinf(lam) else (Cc * Sc).mean(0) / ((Cc ** 2).mean(0) + lam)
    return centre[0] + b * (c - centre[1])


def fold(eps, C, Stim, c, w):
    return (c + eps) * np.exp(w @ (np.log(Stim + eps) - np.log(C + eps))) - eps - c


class Context:
    """The training types' control means C, stimulated means Stim and shifts S in gene space, their embedding
    Zc, Zs, and the kernel weights for a target control mean in the embedding."""

    def __init__(self, C, Stim, W, mu):
        self.C, self.Stim, self.S, self.W, self.mu = C, Stim, Stim - C, W, mu
        self.Zc, self.Zs = (C - mu) @ W.T, self.S @ W.T
        self.h = kang_data.bandwidth(self.Zc, self.Zs)

    def weights(self, c):
        return kang_data.kernel_weights((c - self.mu) @ self.W.T, self.Zc, self.h)

    def estimates(self, c, lam, eps, beta):
        w = self.weights(c)
        near = w @ self.S
        return {"nearest": near,
                "regress": regress(lam["regress"], self.C, self.S, c, (self.S.mean(0), self.C.mean(0))),
                "local": regress(lam["local"], self.C, self.S, c, (near, w @ self.C)),
                "slope": near + beta * (c - w @ self.C),
                "fold": fold(eps, self.C, self.Stim, c, w),
                "prop": (self.C * self.S).sum(0) / ((self.C ** 2).sum(0) + 1e-3) * c}

    def drop(self, k):
        keep = [i for i in range(len(self.C)) if i != k]
        return Context(self.C[keep], self.Stim[keep], self.W, self.mu)


def tune(ctx):
    """Every hyper-parameter by leave-one-type-out on the training types of ctx."""
    loo = [(k, ctx.drop(k)) for k in range(len(ctx.C))]

    def err(f):
        return sum(np.sum(((ctx.S[k] - f(sub, ctx.C[k])) @ ctx.W.T) ** 2) for k, sub in loo)

    lam = {m: min(LAMBDAS, key=lambda l: err(lambda sub, c: sub.estimates(c, {"regress": l, "local": l}, 1, 0)[m]))
           for m in ("regress", "local")}
    eps = min(EPSILONS, key=lambda e: err(lambda sub, c: fold(e, sub.C, sub.Stim, c, sub.weights(c))))
    r = np.array([(ctx.S[k] - sub.weights(ctx.C[k]) @ sub.S) @ ctx.W.T for k, sub in loo])
    d = np.array([(ctx.C[k] - sub.weights(ctx.C[k]) @ sub.C) @ ctx.W.T for k, sub in loo])
    return lam, eps, np.sum(r * d) / np.sum(d * d)


if blend is None:
    print("held out     " + "".join("%-16s" % m for m in ("nearest", "regress", "local", "slope", "fold", "prop"))
          + "chosen: lambda regress / local, eps, beta")
for t in types:
    held = (cell_type == t) & (condition == "stimulated")
    mu, W = kang_data.pca_basis(M, held)
    train = [o for o in types if o != t]
    ctx = Context(np.array([ctrl_mean[o] for o in train]), np.array([stim_mean[o] for o in train]), W, mu)
    lam, eps, beta = tune(ctx)
    est = ctx.estimates(ctrl_mean[t], lam, eps, beta)
    base = mu + ((ctrl_mean[t] - mu) @ W.T) @ W
    pred = {m: base + (s @ W.T) @ W for m, s in est.items()}
    real = stim_mean[t]
    deg = kang_data.top_degs(M[held], M[(cell_type == t) & (condition == "control")])
    if blend is None:
        print("%-12s %s %g / %g, %g, %.3f" % (t, "".join("%.3f / %.3f    " % (r2(p, real), r2(p[deg], real[deg]))
                                                      for p in pred.values()), lam["regress"], lam["local"], eps, beta),
              flush=True)
        continue
    import anndata
    flow = anndata.read_h5ad(os.path.join(blend, t.replace("+", ""), "predictions.h5ad")).X
    flow = np.asarray(flow.mean(0)).ravel().astype(np.float64)
    cells = ["%s %.4f / %.4f" % (m, r2(p, real), r2(p[deg], real[deg]))
             for m, p in [("flow", flow), ("(flow + nearest) / 2", (flow + pred["nearest"]) / 2),
                          ("(flow + slope) / 2", (flow + pred["slope"]) / 2)]]
    print("%-12s %s" % (t, ", ".join(cells)), flush=True)

#!/usr/bin/python3
"""Can the part of a held-out Kang cell type's response that the embedding drops be predicted outside
it? (docs/perturbation.md, "Sixth round").

For each cell type t held out (PCA-50 of every cell but t's stimulated ones, exact), the in-embedding
prediction is the PCA inverse of t's control mean plus a shift inside the embedding,
  near:    the similarity-weighted shift of the training types (bench/kang_nearest_shift.py),
  exactP:  t's TRUE shift projected on the embedding (an oracle),
to which a gene-space part outside the embedding, (I - P) e, is added, e being:
  rbar:    the mean over t's control cells of their residual outside the embedding (what --decoding
           residual keeps and centred drops),
  gout:    the similarity-weighted shift of the training types in gene space (the same weights),
  fold:    the training types' response as a per-gene ratio in count space, (E expm1 stim + eps) /
           (E expm1 ctrl + eps), weighted as above, applied to each control cell of t
           (log1p(expm1(x) * ratio)), eps = 0.01, 0.1, 1;
  regress: per gene, the training types' shift regressed on their control mean (shift_g = a_g + b_g
           ctrl_g, six points), at t's control mean;
and shrunk versions of rbar and gout by their sampling noise v (from the cells' variances):
  pp(e) = e * max(0, 1 - v / e^2) per gene.
"fold gene" and "regress gene" give the per-gene models' whole prediction (not split at the embedding).
None of these uses t's stimulated cells except to score.

    /usr/bin/python3 bench/kang_outside_embedding.py [TYPE ...]
"""
import sys

import numpy as np

import kang_data

types = sys.argv[1:] or kang_data.TYPES
M, cell_type, condition, genes = kang_data.load()
E = np.expm1(M)
r2 = kang_data.r2
sel = {(t, c): (cell_type == t) & (condition == c) for t in kang_data.TYPES for c in ("control", "stimulated")}
cm = {t: M[sel[t, "control"]].mean(0) for t in kang_data.TYPES}
sm = {t: M[sel[t, "stimulated"]].mean(0) for t in kang_data.TYPES}
ce = {t: E[sel[t, "control"]].mean(0) for t in kang_data.TYPES}
se = {t: E[sel[t, "stimulated"]].mean(0) for t in kang_data.TYPES}


def pp(e, v):
    return e * np.clip(1 - v / np.maximum(e * e, 1e-300), 0, 1)


rows = {}
for t in types:
    held = sel[t, "stimulated"]
    C = M[sel[t, "control"]]
    deg = kang_data.top_degs(M[held], C)
    mu, W = kang_data.pca_of(M, ~held)
    P = lambda v: (v @ W.T) @ W
    train = [o for o in kang_data.TYPES if o != t]
    zc = np.array([(cm[o] - mu) @ W.T for o in train])
    zs = np.array([(sm[o] - cm[o]) @ W.T for o in train])
    w = kang_data.kernel_weights((cm[t] - mu) @ W.T, zc, kang_data.bandwidth(zc, zs))
    base = mu + P(cm[t] - mu)
    R = (C - mu) - P(C - mu)
    rbar, v_r = R.mean(0), R.var(0, ddof=1) / len(R)
    gs = sum(wo * (sm[o] - cm[o]) for wo, o in zip(w, train))
    v_g = sum(wo ** 2 * (M[sel[o, "stimulated"]].var(0, ddof=1) / sel[o, "stimulated"].sum()
                         + M[sel[o, "control"]].var(0, ddof=1) / sel[o, "control"].sum()) for wo, o in zip(w, train))
    gout = gs - P(gs)
    pred = {}
    for name, inside in (("near", P(gs)), ("exactP", P(sm[t] - cm[t]))):
        b = base + inside
        pred[name] = b
        pred[name + " +rbar"] = b + rbar
        pred[name + " +pp(rbar)"] = b + pp(rbar, v_r)
        pred[name + " +gout"] = b + gout
        pred[name + " +pp(gout)"] = b + pp(gout, v_g)
        pred[name + " +pp(rbar)+pp(gout)"] = b + pp(rbar, v_r) + pp(gout, v_g)
    Ce = E[sel[t, "control"]]
    for eps in (0.01, 0.1, 1.0):
        ratio = sum(wo * (se[o] + eps) / (ce[o] + eps) for wo, o in zip(w, train))
        fold = np.log1p(Ce * ratio).mean(0)
        pred["fold gene eps %g" % eps] = fold
        pred["near +out(fold eps %g)" % eps] = pred["near"] + (fold - cm[t]) - P(fold - cm[t])
    Xc = np.array([cm[o] for o in train])
    Sh = np.array([sm[o] - cm[o] for o in train])
    slope = ((Xc - Xc.mean(0)) * (Sh - Sh.mean(0))).sum(0) / np.maximum(((Xc - Xc.mean(0)) ** 2).sum(0), 1e-12)
    reg = cm[t] + Sh.mean(0) + slope * (cm[t] - Xc.mean(0))
    pred["regress gene"] = reg
    pred["near +out(regress)"] = pred["near"] + (reg - cm[t]) - P(reg - cm[t])
    for k, p in pred.items():
        rows.setdefault(k, {})[t] = (r2(p, sm[t]), r2(p[deg], sm[t][deg]))
    print(t, flush=True)
print("scGen R^2 all genes / top-100 DEGs")
print("%-30s %s" % ("", " ".join("%-13s" % t for t in types)))
for k, d in rows.items():
    print("%-30s %s" % (k, " ".join("%.3f / %.3f" % d[t] for t in types)))

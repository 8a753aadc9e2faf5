#!/usr/bin/python3
"""What the evaluation's noise and the embedding allow on Kang (docs/perturbation.md, "Sixth round").

For each cell type t held out:
  noise bound: the expected scGen R^2 of t's exact population stimulated mean against the mean of its
      n real stimulated cells, S / (S + N) (N the mean over genes of the variance of a gene's mean, S
      the variance of the means across genes less N; fm4j's r2_noise_bound), over all genes / the
      top-100 DEGs; "boot" checks it by the mean R^2 of the real mean against bootstrap resamples of
      its own cells; "with control" multiplies in the noise that t's control mean carries inside the
      embedding (what --decoding centred keeps of the n_ctrl input cells).
  decode: t's TRUE stimulated mean passed through the embedding, mu + P(m - mu), P the projection
      on the first K principal components, for K = 20, 50, 100, 200 and three fits of the PCA:
        train     every cell but t's stimulated ones (fm4j's pca:K),
        types     the control and stimulated cells of the training types only (t's controls out),
        controls  the control cells of every type only;
      no model in that embedding can do better, except by luck of the noise.
  near: the similarity-weighted shift of the training types (bench/kang_nearest_shift.py) in each of
      those embeddings, decoded as --decoding centred does.
Exact PCA (eigenvectors of the Gram matrix).

    /usr/bin/python3 bench/kang_embedding_bound.py [TYPE ...]
"""
import sys

import numpy as np

import kang_data

types = sys.argv[1:] or kang_data.TYPES
M, cell_type, condition, genes = kang_data.load()
r2 = kang_data.r2
rng = np.random.default_rng(0)
sel = {(t, c): (cell_type == t) & (condition == c) for t in kang_data.TYPES for c in ("control", "stimulated")}
cm = {t: M[sel[t, "control"]].mean(0) for t in kang_data.TYPES}
sm = {t: M[sel[t, "stimulated"]].mean(0) for t in kang_data.TYPES}


def bound(S, g):
    """S / (S + N) over the genes g of the cells S."""
    m = S.mean(0)[g]
    noise = (S.var(0, ddof=1)[g] / len(S)).mean()
    signal = m.var() - noise
    return max(signal, 0) / (max(signal, 0) + noise)


rows = {}
print("noise bound, all genes / DEGs: exact mean (boot check) | with the control mean's noise inside PCA-50")
for t in types:
    held = sel[t, "stimulated"]
    S, C = M[held], M[sel[t, "control"]]
    deg = kang_data.top_degs(S, C)
    train = [o for o in kang_data.TYPES if o != t]
    fits = {"train": ~held, "types": cell_type != t, "controls": condition == "control"}
    line = []
    for fit, cells in fits.items():
        mu, W0 = kang_data.pca_of(M, cells, 200)
        for k in (20, 50, 100, 200):
            W = W0[:k]
            P = lambda v: (v @ W.T) @ W
            zc = np.array([(cm[o] - mu) @ W.T for o in train])
            zs = np.array([(sm[o] - cm[o]) @ W.T for o in train])
            w = kang_data.kernel_weights((cm[t] - mu) @ W.T, zc, kang_data.bandwidth(zc, zs))
            for name, p in (("decode", mu + P(sm[t] - mu)), ("near", mu + P(cm[t] - mu) + (w @ zs) @ W)):
                rows.setdefault("%s %s K%d" % (name, fit, k), {})[t] = (r2(p, sm[t]), r2(p[deg], sm[t][deg]))
            if fit == "train" and k == 50:
                cov = np.cov(((C - mu) @ W.T).T) / len(C)
                vdec = np.einsum("ag,ab,bg->g", W, cov, W)
                for g in (slice(None), deg):
                    b = bound(S, g)
                    signal = sm[t][g].var() - (S.var(0, ddof=1)[g] / len(S)).mean()
                    boot = np.mean([r2(S[rng.integers(0, len(S), len(S))].mean(0)[g], sm[t][g]) for _ in range(50)])
                    line.append("%.4f (%.4f) | %.4f" % (b, boot, b * signal / (signal + vdec[g].mean())))
    print("%-12s stimulated %3d control %3d  all %s  DEGs %s" % (t, len(S), len(C), line[0], line[1]), flush=True)
print("\nscGen R^2 all genes / top-100 DEGs")
print("%-20s %s" % ("", " ".join("%-13s" % t for t in types)))
for key in sorted(rows, key=lambda s: (s.split()[0], s.split()[1], int(s.split()[2][1:]))):
    print("%-20s %s" % (key, " ".join("%.3f / %.3f" % rows[key][t] for t in types)))

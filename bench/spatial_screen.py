"""Screening of regressors for fm4j spatial on her2st patient C, leave one section out.

Reads the per-spot disc features fm4j computes (``bench/SpatialFeatureExport.java`` writes them,
``bench/spatial_screen.sh`` runs both) and the sections' counts, and scores, for each held-out
section (training on the other two), mean Pearson over the 50 genes of largest log1p variance on
the training sections (fm4j's ``var:50``) in raw log1p and normalised log1p ``log1p(1e4 y / L)``.

Every hyper-parameter is chosen on the training sections only: each candidate setting is scored by
leave one training section out (fit on one, predict the other, mean Pearson, averaged over both
directions), the best is refitted to both training sections. The held-out section enters nothing
but the final score.

Usage: spatial_screen.py FEATURE_DIR DATA_DIR [--quick]   (--quick: the references and ridge only)
"""
import sys
import time
import warnings

import anndata as ad
import numpy as np
from sklearn.ensemble import ExtraTreesRegressor, HistGradientBoostingRegressor
from sklearn.kernel_ridge import KernelRidge
from sklearn.neural_network import MLPRegressor

warnings.filterwarnings("ignore")
SECTIONS = ["C2", "C3", "C4"]
PER_DISC = 29
RIDGE_GRID = [10 ** (e / 2) for e in range(-4, 9)]


# ---------------------------------------------------------------- data

def nearest(xy, k):
    """k nearest other spots of each spot (Euclidean, ties by index), as fm4j's Neighbours."""
    d = ((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1)
    np.fill_diagonal(d, np.inf)
    return np.argsort(d, axis=1, kind="stable")[:, :k]


def load(feature_dir, data_dir):
    secs = {}
    for s in SECTIONS:
        raw = np.genfromtxt(f"{feature_dir}/{s}_discs.csv", delimiter=",", dtype=str)
        spots = raw[1:, 0]
        num = raw[1:, 1:].astype(float)
        a = ad.read_h5ad(f"{data_dir}/{s}.h5ad")
        assert list(a.obs_names) == list(spots), s
        secs[s] = dict(xy=num[:, :2], discs=num[:, 2:], counts=a.X.toarray().astype(float),
                       genes=np.array(a.var_names), library=np.asarray(a.X.sum(1)).ravel().astype(float))
    return secs


def features(sec, scales, rings):
    """Own discs at the scales (indices into 1, 2, 4, 8), then their mean over each ring of
    neighbours: rings (6,) is fm4j's [own | mean of the 6 nearest]; (6, 18) adds the next 12."""
    own = np.hstack([sec["discs"][:, PER_DISC * q:PER_DISC * (q + 1)] for q in scales])
    nb = nearest(sec["xy"], max(rings))
    parts, lo = [own], 0
    for hi in rings:
        parts.append(own[nb[:, lo:hi]].mean(1))
        lo = hi
    return np.hstack(parts)


def targets(secs, train):
    """Raw and normalised log1p of the fold's 50 genes, per section."""
    cols = chosen_columns(secs, train)
    out = {}
    for s in SECTIONS:
        c = secs[s]["counts"][:, cols[s]]
        lib = secs[s]["library"][:, None]
        out[s] = {"raw": np.log1p(c), "norm": np.log1p(c * np.where(lib > 0, 1e4 / np.maximum(lib, 1), 0))}
    return out


def chosen_columns(secs, train):
    """Columns of the fold's 50 genes in each section's counts."""
    common = set(secs[SECTIONS[0]]["genes"])
    for s in SECTIONS[1:]:
        common &= set(secs[s]["genes"])
    genes = [g for g in secs[SECTIONS[0]]["genes"] if g in common]
    idx = {s: {g: i for i, g in enumerate(secs[s]["genes"])} for s in SECTIONS}
    pooled = np.vstack([secs[s]["counts"][:, [idx[s][g] for g in genes]] for s in train])
    top = np.argsort(-np.log1p(pooled).var(0), kind="stable")[:50]
    return {s: [idx[s][genes[j]] for j in top] for s in SECTIONS}


def noise_ceiling(sec, cols, space, reps=5, seed=0):
    """How well the spots' true expression could correlate with the measured values at most, from
    the counts' sampling noise alone: each spot's counts split by binomial thinning into two halves
    A, B (p = 1/2), per gene the correlation r_h of the halves' log1p values across spots (normalised:
    each half by its own library size; spots of an empty half left out), the full-depth reliability
    by Spearman-Brown r = 2 r_h / (1 + r_h), the ceiling sqrt(r); mean over genes and reps."""
    rng = np.random.default_rng(seed)
    c = sec["counts"].astype(np.int64)
    out = []
    for _ in range(reps):
        a = rng.binomial(c, 0.5)
        b = c - a
        la, lb = a.sum(1), b.sum(1)
        keep = (la > 0) & (lb > 0)
        fa = 1e4 / la[keep, None] if space == "norm" else 1
        fb = 1e4 / lb[keep, None] if space == "norm" else 1
        xa, xb = np.log1p(a[keep][:, cols] * fa), np.log1p(b[keep][:, cols] * fb)
        rh = np.array([np.corrcoef(xa[:, j], xb[:, j])[0, 1] for j in range(len(cols))])
        out.append(np.sqrt(np.clip(2 * rh / (1 + rh), 0, 1)).mean())
    return float(np.mean(out))


def within_section(feats, y, grid, folds=5, seed=0, model=None):
    """An optimistic reference for what the features can carry: a model (default ridge) fitted on
    the held-out section's own spots, 5-fold cross-validated within it (random folds, so
    neighbouring spots of the same tissue are on both sides), the best setting of the grid for the
    pooled out-of-fold predictions."""
    model = model or ridge
    order = np.random.default_rng(seed).permutation(len(y))
    best = -1
    for p in grid:
        pred = np.zeros_like(y)
        for f in range(folds):
            te = order[f::folds]
            tr = np.setdiff1d(order, te)
            pred[te] = model(feats[tr], y[tr], feats[te], p)
        best = max(best, mean_pearson(pred, y))
    return best


def mean_pearson(pred, y):
    p = pred - pred.mean(0)
    t = y - y.mean(0)
    den = np.sqrt((p ** 2).sum(0) * (t ** 2).sum(0))
    ok = den > 0
    return float(((p * t).sum(0)[ok] / den[ok]).mean())


def zscore(xtr, xte):
    m = xtr.mean(0)
    sd = xtr.std(0)
    sd[sd == 0] = 1
    return (xtr - m) / sd, (xte - m) / sd


# ---------------------------------------------------------------- models
# A model is fit(Xtr, Ytr, Xte, param, ctx) -> prediction of Xte's targets; ctx carries the
# sections' neighbour lists for the spatial models. Features arrive raw; each model z-scores.

def ridge(xtr, ytr, xte, alpha, ctx=None):
    ztr, zte = zscore(xtr, xte)
    ym = ytr.mean(0)
    b = np.linalg.solve(ztr.T @ ztr + alpha * np.eye(ztr.shape[1]), ztr.T @ (ytr - ym))
    return ym + zte @ b


def ridge_pcs(xtr, ytr, xte, p, ctx=None):
    """Ridge onto the first r principal components of the targets (reduced rank), alpha as given."""
    alpha, r = p
    ym = ytr.mean(0)
    _, _, vt = np.linalg.svd(ytr - ym, full_matrices=False)
    v = vt[:r].T
    return ym + ridge(xtr, (ytr - ym) @ v, xte, alpha) @ v.T


def knn(xtr, ytr, xte, k, ctx=None):
    ztr, zte = zscore(xtr, xte)
    d = ((zte[:, None, :] - ztr[None, :, :]) ** 2).sum(-1)
    nb = np.argsort(d, axis=1, kind="stable")[:, :k]
    return ytr[nb].mean(1)


def krr(xtr, ytr, xte, p, ctx=None):
    alpha, gscale = p
    ztr, zte = zscore(xtr, xte)
    ym = ytr.mean(0)
    m = KernelRidge(alpha=alpha, kernel="rbf", gamma=gscale / ztr.shape[1]).fit(ztr, ytr - ym)
    return ym + m.predict(zte)


def mlp(xtr, ytr, xte, p, ctx=None):
    alpha, pcs = p
    ztr, zte = zscore(xtr, xte)
    if pcs:
        _, _, vt = np.linalg.svd(ztr, full_matrices=False)
        ztr, zte = ztr @ vt[:pcs].T, zte @ vt[:pcs].T
        sd = ztr.std()
        ztr, zte = ztr / sd, zte / sd
    ym, ys = ytr.mean(0), ytr.std(0) + 1e-6
    preds = []
    for seed in range(3):
        m = MLPRegressor(hidden_layer_sizes=(128,), alpha=alpha, max_iter=300, early_stopping=False,
                         learning_rate_init=1e-3, random_state=seed).fit(ztr, (ytr - ym) / ys)
        preds.append(m.predict(zte))
    return ym + np.mean(preds, 0) * ys


def extra_trees(xtr, ytr, xte, leaf, ctx=None):
    m = ExtraTreesRegressor(n_estimators=200, min_samples_leaf=leaf, max_features=0.3, random_state=0, n_jobs=2)
    return m.fit(xtr, ytr).predict(xte)


def gbm_pcs(xtr, ytr, xte, p, ctx=None):
    """Gradient boosting on each of the first r target components (8), plus the mean."""
    lr, r = p
    ym = ytr.mean(0)
    _, _, vt = np.linalg.svd(ytr - ym, full_matrices=False)
    v = vt[:r].T
    s = (ytr - ym) @ v
    out = np.zeros((xte.shape[0], r))
    for c in range(r):
        m = HistGradientBoostingRegressor(learning_rate=lr, max_iter=100, max_leaf_nodes=8, min_samples_leaf=20,
                                          l2_regularization=1.0, random_state=0)
        out[:, c] = m.fit(xtr, s[:, c]).predict(xte)
    return ym + out @ v.T


def ensemble(xtr, ytr, xte, p, ctx=None):
    """Mean of ridge (alpha) and kernel ridge (alpha, gamma scale) predictions."""
    a, ka, kg = p
    return 0.5 * ridge(xtr, ytr, xte, a) + 0.5 * krr(xtr, ytr, xte, (ka, kg))


def smoothed(base):
    """The base model's prediction mixed with its mean over the spot's 6 nearest spots:
    (1 - w) f(i) + w mean_j f(j)."""
    def fit(xtr, ytr, xte, p, ctx):
        bp, w = p
        pred = base(xtr, ytr, xte, bp)
        return (1 - w) * pred + w * pred[ctx["nb_te"]].mean(1)
    return fit


def refined(xtr, ytr, xte, p, ctx):
    """STFlow's idea with a linear model: stage 1 ridge on features; stage t + 1 ridge on
    [features | mean over the 6 nearest spots of their stage-t prediction], trained on the
    training spots' out-of-fold stage-t predictions (each training section predicted by the model
    of the others; within the inner choice, where one section trains, 5 parts of its spots), `steps`
    stages."""
    alpha, steps = p
    tr_secs = ctx["tr_secs"]
    if len(tr_secs) < 2:
        # one training section (the inner choice): out of fold over 5 interleaved parts of its spots
        tr_secs = [tr_secs[0][f::5] for f in range(5)]

    def oof(stage_feats):
        out = np.zeros_like(ytr)
        for k, rows in enumerate(tr_secs):
            other = np.concatenate([r for j, r in enumerate(tr_secs) if j != k])
            out[rows] = ridge(stage_feats[other], ytr[other], stage_feats[rows], alpha)
        return out

    ftr, fte = xtr, xte
    ptr = oof(ftr)
    pte = ridge(ftr, ytr, fte, alpha)
    for _ in range(steps):
        ftr = np.hstack([xtr, ptr[ctx["nb_tr"]].mean(1)])
        fte = np.hstack([xte, pte[ctx["nb_te"]].mean(1)])
        ptr = oof(ftr)
        pte = ridge(ftr, ytr, fte, alpha)
    return pte


def ridge_per_gene(xtr, ytr, xte, alphas, ctx=None):
    """Ridge with each gene's own penalty (alphas: one per gene, or one for all)."""
    if not isinstance(alphas, list):
        return ridge(xtr, ytr, xte, alphas)
    out = np.zeros((xte.shape[0], ytr.shape[1]))
    for a in sorted(set(alphas)):
        cols = [j for j, b in enumerate(alphas) if b == a]
        out[:, cols] = ridge(xtr, ytr[:, cols], xte, a)
    return out


# ---------------------------------------------------------------- protocol

def ctx_of(secs, train_names, test_name, offsets):
    nb_tr = np.concatenate([nearest(secs[s]["xy"], 6) + offsets[k] for k, s in enumerate(train_names)])
    rows = [np.arange(offsets[k], offsets[k] + len(secs[s]["xy"])) for k, s in enumerate(train_names)]
    return {"nb_tr": nb_tr, "nb_te": nearest(secs[test_name]["xy"], 6), "tr_secs": rows}


def run(secs, feats, y, train_names, test_name, model, grid, per_gene=False, centre=False):
    """Chooses the setting by leave one training section out, refits on all training sections,
    returns (held-out mean Pearson, chosen setting). With centre, each training section's targets
    are centred on their own mean (the Pearson correlation within the held-out section does not see
    a constant per section, so the model need not learn the sections' differences)."""
    def fit_score(tr, te, p, genewise=False):
        offs = np.cumsum([0] + [len(secs[s]["xy"]) for s in tr])
        ctx = ctx_of(secs, tr, te, offs)
        xtr = np.vstack([feats[s] for s in tr])
        ytr = np.vstack([y[s] - (y[s].mean(0) if centre else 0) for s in tr])
        pred = model(xtr, ytr, feats[te], p, ctx)
        if genewise:
            return np.array([mean_pearson(pred[:, [j]], y[te][:, [j]]) for j in range(pred.shape[1])])
        return mean_pearson(pred, y[te]), pred
    if per_gene:
        # one ridge penalty per gene, each chosen by its own inner score
        inner = np.array([[fit_score([a], b, p, True) for a in train_names for b in train_names if a != b]
                          for p in grid]).mean(1)
        chosen = [grid[i] for i in inner.argmax(0)]
        return fit_score(train_names, test_name, chosen)[0], "per gene"
    if len(grid) == 1:
        chosen = grid[0]
    else:
        inner = [np.mean([fit_score([a], b, p)[0] for a in train_names for b in train_names if a != b]) for p in grid]
        chosen = grid[int(np.argmax(inner))]
    return fit_score(train_names, test_name, chosen)[0], chosen


def setting(p):
    """A chosen setting, numbers with 4 significant digits."""
    if isinstance(p, tuple):
        return "(" + ", ".join(setting(v) for v in p) + ")"
    return f"{p:.4g}" if isinstance(p, float) else str(p)


def main():
    feature_dir, data_dir = sys.argv[1], sys.argv[2]
    quick = "--quick" in sys.argv
    secs = load(feature_dir, data_dir)
    base = {s: features(secs[s], [0, 1, 2], [6]) for s in SECTIONS}
    feature_sets = {
        "174 (scales 1,2,4 + 6 nearest)": base,
        "232 (scales 1,2,4,8 + 6 nearest)": {s: features(secs[s], [0, 1, 2, 3], [6]) for s in SECTIONS},
        "261 (scales 1,2,4 + 6 nearest + next 12)": {s: features(secs[s], [0, 1, 2], [6, 18]) for s in SECTIONS},
        "87 (scales 1,2,4, own only)": {s: features(secs[s], [0, 1, 2], [6])[:, :87] for s in SECTIONS},
        "174, z-scored per section": {s: zscore(base[s], base[s])[0] for s in SECTIONS},
    }
    ridge_grid = RIDGE_GRID
    models = [
        ("ridge (CV alpha)", ridge, ridge_grid, False),
        ("ridge, alpha per gene", ridge_per_gene, ridge_grid, True),
        ("reduced-rank ridge (alpha, rank 2/4/8/16)", ridge_pcs,
         [(a, r) for a in [10, 100, 1000] for r in [2, 4, 8, 16]], False),
        ("kNN (CV k)", knn, [5, 10, 20, 30, 50], False),
        ("kernel ridge RBF", krr, [(a, g) for a in [0.1, 1, 10] for g in [0.1, 0.3, 1]], False),
        ("ridge + kernel ridge, mean", ensemble, [(a, 1, g) for a in [100, 1000] for g in [0.1, 0.3]], False),
        ("MLP 128, mean of 3 seeds", mlp, [(a, pcs) for a in [1, 10] for pcs in [0, 16]], False),
        ("extra trees (200)", extra_trees, [5, 20], False),
        ("gradient boosting on 8 target PCs (one setting)", gbm_pcs, [(0.05, 8)], False),
        ("ridge, smoothed over 6 nearest", smoothed(ridge),
         [(a, w) for a in [100, 1000] for w in [0, 0.25, 0.5]], False),
        ("ridge, refined with neighbours' predictions", refined,
         [(a, t) for a in [100, 1000] for t in [1, 2]], False),
    ]
    if quick:
        models = models[:1]
    # the targets of each fold: genes chosen on its two training sections
    ys = {test: targets(secs, [s for s in SECTIONS if s != test]) for test in SECTIONS}
    print("| references | | space | C2 | C3 | C4 | mean | | |")
    print("|---|---|---|---|---|---|---|---|---|")
    for space in ["raw", "norm"]:
        ceil = [noise_ceiling(secs[t], chosen_columns(secs, [s for s in SECTIONS if s != t])[t], space) for t in SECTIONS]
        oracle = [mean_pearson(ys[t][t][space][nearest(secs[t]["xy"], 6)].mean(1), ys[t][t][space]) for t in SECTIONS]
        print(f"| sampling-noise ceiling (binomial thinning) | | {space} | " + " | ".join(f"{v:.3f}" for v in ceil)
              + f" | {np.mean(ceil):.3f} | | |")
        print(f"| measured mean of the 6 nearest held-out spots (uses the held-out expression) | | {space} | "
              + " | ".join(f"{v:.3f}" for v in oracle) + f" | {np.mean(oracle):.3f} | | |")
        within = [within_section(base[t], ys[t][t][space], RIDGE_GRID) for t in SECTIONS]
        print(f"| ridge fitted within the held-out section (5-fold, best alpha; optimistic) | | {space} | "
              + " | ".join(f"{v:.3f}" for v in within) + f" | {np.mean(within):.3f} | | |")
    print()
    print("| features | model | space | C2 | C3 | C4 | mean | / ridge (C2, C3, C4) | chosen (C2; C3; C4) |")
    print("|---|---|---|---|---|---|---|---|---|")
    ref = {}
    for fname, feats in feature_sets.items():
        for mname, model, grid, per_gene in models:
            if fname != next(iter(feature_sets)) and mname not in ("ridge (CV alpha)", "kernel ridge RBF"):
                continue
            for space, centre in [("raw", False), ("norm", False), ("raw", True), ("norm", True)]:
                if centre and ("per section" not in fname or mname != "ridge (CV alpha)"):
                    continue
                t0 = time.time()
                res = []
                for test in SECTIONS:
                    train = [s for s in SECTIONS if s != test]
                    y = {s: v[space] for s, v in ys[test].items()}
                    res.append(run(secs, feats, y, train, test, model, grid, per_gene, centre))
                    ref.setdefault((test, space), res[-1][0])
                scores = [r[0] for r in res]
                ratio = [s / ref[(t, space)] for s, t in zip(scores, SECTIONS)]
                print(f"| {fname} | {mname} | {space}{', targets centred per section' if centre else ''} | " + " | ".join(f"{v:.3f}" for v in scores)
                      + f" | {np.mean(scores):.3f} | " + ", ".join(f"{r:.2f}" for r in ratio)
                      + " | " + "; ".join(setting(r[1]) for r in res) + f" |", flush=True)
                print(f"<!-- {time.time() - t0:.1f} s -->", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()

"""Golden values for the preprocessing tests, computed with NumPy, pandas and scikit-learn.

Run from the repository root:

    /usr/bin/python3 fm4j-cell/src/test/python/gen_preprocess_goldens.py

scanpy is not packaged in Debian, so its steps are written out here from scanpy's own code
(normalize_total, log1p, highly_variable_genes flavor='seurat' with pandas.cut binning, scale with
ddof=1 and clipping); PCA and StandardScaler are scikit-learn's. The real-data goldens (PCA of
pbmc68k_reduced) are computed only where ../shared/data is present and are committed.
"""
import json
import os

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "org", "flowmatch4j", "data", "preprocess", "goldens.json")
SHARED = os.path.join(HERE, "..", "..", "..", "..", "..", "shared", "data")

rng = np.random.default_rng(7)
n, p = 60, 40
gene_mean = np.exp(rng.normal(0.5, 1.2, size=p))
size = np.exp(rng.normal(0, 0.4, size=n))
counts = rng.poisson(np.outer(size, gene_mean)).astype(np.float64)
counts[:, 3] = 0  # an all-zero gene
counts[0] += 1  # no empty cell

# normalize_total(target_sum=1e4) and log1p
tot = counts.sum(1)
norm = counts / tot[:, None] * 1e4
median_target = float(np.median(tot[tot > 0]))
logx = np.log1p(norm)


def hvg_seurat(x_log, n_top, n_bins=20):
    x = np.expm1(x_log)
    mean = x.mean(0)
    mean_sq = (x * x).mean(0)
    var = (mean_sq - mean**2) * x.shape[0] / (x.shape[0] - 1)
    mean[mean == 0] = 1e-12
    disp = var / mean
    disp[disp == 0] = np.nan
    disp = np.log(disp)
    mean = np.log1p(mean)
    df = pd.DataFrame({"means": mean, "dispersions": disp})
    df["mean_bin"] = pd.cut(df["means"], bins=n_bins)
    grouped = df.groupby("mean_bin", observed=True)["dispersions"]
    stats = grouped.agg(avg="mean", dev="std")
    one = stats["dev"].isna()
    stats.loc[one, "dev"] = stats.loc[one, "avg"]
    stats.loc[one, "avg"] = 0
    s = stats.loc[df["mean_bin"]].set_index(df.index)
    df["dispersions_norm"] = (df["dispersions"] - s["avg"]) / s["dev"]
    z = df["dispersions_norm"].to_numpy()
    if n_top is None:
        zz = np.nan_to_num(z)
        hv = (mean > 0.0125) & (mean < 3) & (zz > 0.5)
    else:
        v = z[~np.isnan(z)]
        v[::-1].sort()
        hv = np.nan_to_num(z, nan=-np.inf) >= v[n_top - 1]
    return df["means"].to_numpy(), df["dispersions"].to_numpy(), z, hv


means, disps, dnorm, hv10 = hvg_seurat(logx, 10)
_, _, _, hv_cut = hvg_seurat(logx, None)

# scale (ddof=1, std 0 -> 1), clip at 3
mu = logx.mean(0)
sd = logx.std(0, ddof=1)
sd[sd == 0] = 1
scaled = np.clip((logx - mu) / sd, -3, 3)

sel = np.flatnonzero(hv10)
pca = PCA(n_components=5, svd_solver="full").fit(scaled[:, sel])
scores = pca.transform(scaled[:, sel])
ss = StandardScaler().fit(scores)


def tl(a):
    return np.asarray(a, dtype=np.float64).tolist()


g = {
    "counts": tl(counts),
    "median_target": median_target,
    "normalized": tl(norm),
    "log1p": tl(logx),
    "hvg_means": tl(means),
    "hvg_dispersions": [None if np.isnan(v) else v for v in tl(disps)],
    "hvg_dispersions_norm": [None if np.isnan(v) else v for v in tl(dnorm)],
    "hvg_top10": hv10.tolist(),
    "hvg_cutoffs": hv_cut.tolist(),
    "scale_mean": tl(mu),
    "scale_std": tl(sd),
    "scaled_clip3": tl(scaled),
    "pca_genes": sel.tolist(),
    "pca_variance": tl(pca.explained_variance_),
    "pca_variance_ratio": tl(pca.explained_variance_ratio_),
    "pca_components": tl(pca.components_),
    "pca_scores": tl(scores),
    "pca_mean": tl(pca.mean_),
    "scaler_mean": tl(ss.mean_),
    "scaler_scale": tl(ss.scale_),
}

pbmc = os.path.join(SHARED, "pbmc68k_reduced.h5ad")
if os.path.exists(pbmc):
    import anndata as ad

    a = ad.read_h5ad(pbmc)
    X = np.asarray(a.X, dtype=np.float64)
    rp = PCA(n_components=20, svd_solver="full").fit(X)
    g["pbmc_pca_variance"] = tl(rp.explained_variance_)
    g["pbmc_pca_variance_ratio"] = tl(rp.explained_variance_ratio_)
    g["pbmc_pca_scores_first10"] = tl(rp.transform(X)[:10])
    g["pbmc_pca_components_first5"] = tl(rp.components_[:5])
else:
    print("note: shared data absent; the pbmc68k goldens are not refreshed")
    if os.path.exists(OUT):
        with open(OUT) as fh:
            old = json.load(fh)
        for k, v in old.items():
            if k.startswith("pbmc_"):
                g[k] = v

with open(OUT, "w") as fh:
    json.dump(g, fh)
print("wrote", os.path.abspath(OUT))

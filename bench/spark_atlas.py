"""Writes the synthetic atlas of bench/spark.sh: N cells x G genes of sparse integer counts (CSR,
float32), three time points in obs 'day' (0, 1, 2) whose cells express shifted gene programmes, and
cell ids cell0..cellN-1.

    /usr/bin/python3 bench/spark_atlas.py OUT.h5ad [--cells N] [--genes G] [--per-row K]
"""
import argparse
import json

import numpy as np


def main():
    import anndata as ad
    import pandas as pd
    from scipy import sparse

    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--cells", type=int, default=1_000_000)
    p.add_argument("--genes", type=int, default=2_000)
    p.add_argument("--per-row", type=int, default=40)
    a = p.parse_args()
    rng = np.random.default_rng(0)
    n, g, k = a.cells, a.genes, a.per_row
    day = np.arange(n) % 3
    # each day draws its genes from a skewed programme shifted by a third of the genes
    base = (rng.pareto(1.2, size=(n, k)) * 40).astype(np.int64)
    cols = np.sort(((base + day[:, None] * (g // 3)) % g).astype(np.int32), axis=1)
    keep = np.ones_like(cols, dtype=bool)
    keep[:, 1:] = cols[:, 1:] != cols[:, :-1]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(keep.sum(1), out=indptr[1:])
    indices = cols[keep]
    data = (rng.poisson(1.5, size=indices.size) + 1).astype(np.float32)
    x = sparse.csr_matrix((data, indices, indptr), shape=(n, g))
    obs = pd.DataFrame({"day": pd.Categorical(day.astype(str))}, index=[f"cell{i}" for i in range(n)])
    var = pd.DataFrame(index=[f"gene{j}" for j in range(g)])
    ad.AnnData(X=x, obs=obs, var=var).write_h5ad(a.out)
    print(json.dumps({"cells": n, "genes": g, "nnz": int(x.nnz)}))


main()

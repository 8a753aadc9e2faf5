"""Python side of bench/h5ad.sh: writes the benchmark .h5ad files and times anndata reading them.

    /usr/bin/python3 bench/h5ad_bench.py generate DIR [--cells N] [--genes G] [--per-row K]
    /usr/bin/python3 bench/h5ad_bench.py time FILE [--obsm KEY] [--repeat R]

'time' reads obs, var, X and one obsm matrix with anndata's read_elem (what `fm4j bench h5ad`
reads), once to warm up and then R times, and prints one JSON line with the median wall-clock and
process CPU time.
"""
import argparse
import json
import os
import statistics
import time
import warnings

import numpy as np

warnings.simplefilter("ignore")


def generate(args):
    import anndata as ad
    import pandas as pd
    from scipy import sparse

    rng = np.random.default_rng(0)
    n, g, k = args.cells, args.genes, args.per_row
    cols = np.sort(rng.integers(0, g, size=(n, k), dtype=np.int32), axis=1)
    keep = np.ones_like(cols, dtype=bool)
    keep[:, 1:] = cols[:, 1:] != cols[:, :-1]
    counts = keep.sum(1)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    indices = cols[keep]
    data = (rng.poisson(2.0, size=indices.size) + 1).astype(np.float32)
    X = sparse.csr_matrix((data, indices, indptr.astype(np.int32)), shape=(n, g))
    obs = pd.DataFrame(index=[f"cell{i}" for i in range(n)])
    var = pd.DataFrame(index=[f"gene{j}" for j in range(g)])
    a = ad.AnnData(X=X, obs=obs, var=var)
    a.obsm["X_pca"] = rng.normal(size=(n, 50)).astype(np.float32)
    os.makedirs(args.dir, exist_ok=True)
    a.write_h5ad(os.path.join(args.dir, "plain.h5ad"))
    a.write_h5ad(os.path.join(args.dir, "gzip.h5ad"), compression="gzip")
    print(json.dumps({"cells": n, "genes": g, "nnz": int(X.nnz)}))


def time_read(args):
    import h5py
    from anndata.experimental import read_elem

    def once():
        with h5py.File(args.file, "r") as f:
            obs = read_elem(f["obs"])
            var = read_elem(f["var"])
            X = read_elem(f["X"])
            emb = read_elem(f["obsm/" + args.obsm])
        return obs, var, X, emb

    t0 = time.perf_counter()
    _, _, X, emb = once()
    first = (time.perf_counter() - t0) * 1e3
    runs = []
    cpu = []
    for _ in range(args.repeat):
        c0 = time.process_time()
        t0 = time.perf_counter()
        once()
        runs.append((time.perf_counter() - t0) * 1e3)
        cpu.append((time.process_time() - c0) * 1e3)
    print(json.dumps({"file": args.file, "first_ms": first, "median_ms": statistics.median(runs), "runs_ms": runs,
                      "cpu_median_ms": statistics.median(cpu),
                      "x_nnz": int(X.nnz), "obsm_cols": int(emb.shape[1])}))


p = argparse.ArgumentParser()
sub = p.add_subparsers(dest="cmd", required=True)
g = sub.add_parser("generate")
g.add_argument("dir")
g.add_argument("--cells", type=int, default=100_000)
g.add_argument("--genes", type=int, default=2_000)
g.add_argument("--per-row", type=int, default=82)
t = sub.add_parser("time")
t.add_argument("file")
t.add_argument("--obsm", default="X_pca")
t.add_argument("--repeat", type=int, default=5)
a = p.parse_args()
generate(a) if a.cmd == "generate" else time_read(a)

"""Writes the tiny AnnData, NumPy and CSV fixtures the data-layer tests read.

Run with Debian's interpreter from the repository root:

    /usr/bin/python3 fm4j-cell/src/test/python/gen_data_fixtures.py

Needs python3-anndata (0.8), python3-h5py, python3-numpy, python3-scipy, python3-pandas.
Everything is deterministic: values are formulas of the row and column indices, so the Java
tests can recompute them; expected.json records the same values for the less obvious parts.
"""
import json
import os
import warnings

import anndata as ad
import h5py
import numpy as np
import pandas as pd
from scipy import sparse

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "org", "flowmatch4j", "data")
H5 = os.path.join(OUT, "h5ad")
NP = os.path.join(OUT, "npy")
os.makedirs(H5, exist_ok=True)
os.makedirs(NP, exist_ok=True)
warnings.simplefilter("ignore")

N, M = 12, 8


def x_value(i, j):
    """X[i, j]: zero on a pattern, else a small float with an exact float32 value."""
    return 0.0 if (i + 2 * j) % 3 == 0 else (i + 1) * 0.5 + j * 0.25


X = np.array([[x_value(i, j) for j in range(M)] for i in range(N)], dtype=np.float32)
cells = np.array([f"cell{i}" for i in range(N)], dtype=object)
genes = np.array([f"gene{j}" for j in range(M)], dtype=object)


def modern_obs():
    obs = pd.DataFrame(index=pd.Index(cells, name=None))
    obs["size"] = np.arange(N, dtype=np.float64) * 1.5
    obs["count"] = np.arange(N, dtype=np.int64) * 10
    obs["flag"] = np.array([i % 2 == 0 for i in range(N)])
    obs["barcode"] = np.array([f"BC{i:03d}" for i in range(N)], dtype=object)
    obs["cell_type"] = pd.Categorical(["T", "B", "NK"][i % 3] for i in range(N))
    obs["stage"] = pd.Categorical(
        [["early", "mid", "late"][i % 3] for i in range(N)], categories=["early", "mid", "late"], ordered=True
    )
    obs["day"] = pd.Categorical([[10.0, 10.5, 11.0][i // 4] for i in range(N)])
    obs["n_umi"] = pd.array([None if i == 3 else i * 7 for i in range(N)], dtype="Int64")
    obs["passed"] = pd.array([None if i == 5 else i % 3 == 0 for i in range(N)], dtype="boolean")
    return obs


def modern_var():
    var = pd.DataFrame(index=pd.Index(genes))
    var["mean"] = np.arange(M, dtype=np.float32) / 4
    var["highly_variable"] = np.array([j % 2 == 1 for j in range(M)])
    return var


def uns():
    return {
        "title": "tiny",
        "n": 7,
        "eps": 0.25,
        "flag": True,
        "weights": np.array([1.0, 2.0, 3.5]),
        "labels": np.array(["a", "b"], dtype=object),
        "nested": {"inner": {"k": 3}, "method": "umap"},
        "grid": np.arange(6, dtype=np.int64).reshape(2, 3),
    }


def obsm():
    pca = np.array([[i + 0.1 * k for k in range(3)] for i in range(N)], dtype=np.float32)
    umap = np.array([[np.sin(i), np.cos(i)] for i in range(N)], dtype=np.float64)
    return {"X_pca": pca, "X_umap": umap}


def modern(path, x, compression, **kw):
    a = ad.AnnData(X=x, obs=modern_obs(), var=modern_var(), obsm=obsm(), uns=uns())
    a.varm["PCs"] = np.array([[j * 0.5 - k for k in range(3)] for j in range(M)], dtype=np.float64)
    a.layers["counts"] = sparse.csr_matrix(np.round(X * 4).astype(np.float32))
    a.obsp["connectivities"] = sparse.csr_matrix(np.eye(N, dtype=np.float32) * 0.5)
    a.raw = a.copy()
    a.write_h5ad(path, compression=compression, **kw)


modern(os.path.join(H5, "modern_dense_gzip.h5ad"), X.copy(), "gzip", compression_opts=4)
modern(os.path.join(H5, "modern_csr_lzf.h5ad"), sparse.csr_matrix(X), "lzf")
modern(os.path.join(H5, "modern_csc_plain.h5ad"), sparse.csc_matrix(X.astype(np.float64)), None)

# a CSR file with int64 index pointers, small chunks of its own, and no var columns
p = os.path.join(H5, "modern_csr_int64.h5ad")
b = ad.AnnData(X=sparse.csr_matrix(X), obs=pd.DataFrame(index=cells), var=pd.DataFrame(index=genes))
b.write_h5ad(p)
with h5py.File(p, "r+") as f:
    s = sparse.csr_matrix(X)
    del f["X/indptr"], f["X/data"]
    f["X"].create_dataset("indptr", data=s.indptr.astype(np.int64), chunks=(5,), compression="gzip")
    f["X"].create_dataset("data", data=s.data, chunks=(7,), compression="gzip", shuffle=True)

# anndata 0.7 layout: categorical codes reference their categories under __categories
p = os.path.join(H5, "v07_layout.h5ad")
with h5py.File(p, "w") as f:
    f.create_dataset("X", data=X)
    obs = f.create_group("obs")
    obs.attrs["encoding-type"] = "dataframe"
    obs.attrs["encoding-version"] = "0.1.0"
    obs.attrs["_index"] = "_index"
    obs.attrs["column-order"] = np.array(["cell_type", "size"], dtype=object).astype(h5py.string_dtype())
    obs.create_dataset("_index", data=cells.astype(h5py.string_dtype()))
    cats = obs.create_dataset("__categories/cell_type", data=np.array(["B", "NK", "T"], dtype=object).astype(h5py.string_dtype()))
    cats.attrs["ordered"] = False
    codes = obs.create_dataset("cell_type", data=np.array([[2, 0, 1][i % 3] for i in range(N)], dtype=np.int8))
    codes.attrs["categories"] = cats.ref
    obs.create_dataset("size", data=np.arange(N, dtype=np.float64) * 1.5)
    var = f.create_group("var")
    var.attrs["encoding-type"] = "dataframe"
    var.attrs["encoding-version"] = "0.1.0"
    var.attrs["_index"] = "_index"
    var.attrs["column-order"] = np.array([], dtype=np.float64)
    var.create_dataset("_index", data=genes.astype(h5py.string_dtype()))
    om = f.create_group("obsm")
    om.create_dataset("X_pca", data=obsm()["X_pca"])
    u = f.create_group("uns")
    u.create_dataset("method", data="umap", dtype=h5py.string_dtype())

# legacy (scGen era) layout: compound obs/var/obsm, h5sparse X, labels in uns/<col>_categories
p = os.path.join(H5, "legacy_layout.h5ad")
with h5py.File(p, "w") as f:
    s = sparse.csr_matrix(X)
    g = f.create_group("X")
    g.attrs["h5sparse_format"] = "csr"
    g.attrs["h5sparse_shape"] = np.array([N, M])
    g.create_dataset("data", data=s.data, compression="gzip", chunks=(9,))
    g.create_dataset("indices", data=s.indices, compression="gzip", chunks=(9,))
    g.create_dataset("indptr", data=s.indptr, compression="gzip")
    odt = np.dtype([("index", "S8"), ("condition", "i1"), ("n_counts", "<f4"), ("cell_type", "i1")])
    o = np.zeros(N, dtype=odt)
    o["index"] = [c.encode() for c in cells]
    o["condition"] = [i % 2 for i in range(N)]
    o["n_counts"] = np.arange(N) * 100.0
    o["cell_type"] = [i % 3 for i in range(N)]
    f.create_dataset("obs", data=o, compression="gzip", chunks=(5,))
    vdt = np.dtype([("index", "S8"), ("n_cells", "<i8")])
    v = np.zeros(M, dtype=vdt)
    v["index"] = [g_.encode() for g_ in genes]
    v["n_cells"] = np.arange(M) * 3
    f.create_dataset("var", data=v)
    mdt = np.dtype([("X_pca", "<f4", (3,)), ("X_umap", "<f8", (2,))])
    mm = np.zeros(N, dtype=mdt)
    mm["X_pca"] = obsm()["X_pca"]
    mm["X_umap"] = obsm()["X_umap"]
    f.create_dataset("obsm", data=mm)
    u = f.create_group("uns")
    u.create_dataset("condition_categories", data=np.array([b"control", b"stimulated"]))
    u.create_dataset("cell_type_categories", data=np.array([b"T", b"B", b"NK"]))

expected = {
    "n_obs": N,
    "n_vars": M,
    "X": X.tolist(),
    "obsm_X_pca": obsm()["X_pca"].tolist(),
    "obsm_X_umap": obsm()["X_umap"].tolist(),
    "cells": cells.tolist(),
    "genes": genes.tolist(),
}
with open(os.path.join(H5, "expected.json"), "w") as fh:
    json.dump(expected, fh, indent=1)

# NumPy: every supported dtype in both byte orders, C and Fortran order, npz stored and deflated
base = np.arange(12).reshape(3, 4)
for dt in ["<f4", ">f4", "<f8", ">f8", "<i1", "|u1", "<i2", ">i2", "<i4", ">i4", "<i8", ">i8", "<u2", "<u4", "<u8"]:
    name = "arr_" + dt.replace("<", "le_").replace(">", "be_").replace("|", "na_") + ".npy"
    np.save(os.path.join(NP, name), base.astype(np.dtype(dt)))
np.save(os.path.join(NP, "arr_fortran.npy"), np.asfortranarray((base * 1.5).astype("<f8")))
np.save(os.path.join(NP, "arr_bool.npy"), base % 2 == 0)
np.save(os.path.join(NP, "arr_1d.npy"), np.array([1.5, -2.0, 3.25], dtype="<f4"))
np.save(os.path.join(NP, "arr_object.npy"), np.array(["a", None], dtype=object), allow_pickle=True)
np.save(os.path.join(NP, "arr_nan.npy"), np.array([[1.0, np.nan]], dtype="<f8"))
np.savez(os.path.join(NP, "stored.npz"), a=base.astype("<f4"), b=np.array([1, 2, 3], dtype="<i8"))
np.savez_compressed(os.path.join(NP, "deflated.npz"), a=base.astype("<f4"), b=np.array([1, 2, 3], dtype="<i8"))
print("fixtures written to", os.path.abspath(OUT))

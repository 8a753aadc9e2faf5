"""Writes h5ad/gzip_chunks.h5ad: a CSR X and a dense obsm matrix stored in many deflate-only
chunks (the reader's fastest decoding path), the last chunks partial.

Run with Debian's interpreter from the repository root:

    /usr/bin/python3 fm4j-cell/src/test/python/gen_gzip_chunks_fixture.py

Every value is value(k) below, exact in float64, which H5adGzipChunksTest recomputes: X (300 x 50,
row i holding columns (7 i + 3 t) mod 50 for t < i mod 9, float32 data value(k)) in chunks of 37
elements; obsm/X_pca (300 x 5, float64 value(k)) in chunks of 16 x 3.
"""
import os
import warnings

import anndata as ad
import h5py
import numpy as np
import pandas as pd
from scipy import sparse

warnings.simplefilter("ignore")
OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "org", "flowmatch4j", "data", "h5ad")
N, G, D = 300, 50, 5


def value(k):
    """(k * 2654435761 mod 2^32) / 2^24, exact in float32 up to 2^24 and in float64."""
    return ((k * 2654435761) % (1 << 32)) / float(1 << 24)


rows, cols = [], []
for i in range(N):
    for c in sorted({(7 * i + 3 * t) % G for t in range(i % 9)}):
        rows.append(i)
        cols.append(c)
data = np.array([value(k) for k in range(len(rows))], dtype=np.float64).astype(np.float32)
X = sparse.csr_matrix((data, (np.array(rows), np.array(cols))), shape=(N, G), dtype=np.float32)
X.sort_indices()
pca = np.array([value(k) for k in range(N * D)], dtype=np.float64).reshape(N, D)
path = os.path.join(OUT, "gzip_chunks.h5ad")
a = ad.AnnData(X=X, obs=pd.DataFrame(index=[f"cell{i}" for i in range(N)]),
               var=pd.DataFrame(index=[f"g{j}" for j in range(G)]))
a.write_h5ad(path)
with h5py.File(path, "r+") as f:
    for key in ("data", "indices"):
        v = f["X/" + key][:]
        del f["X/" + key]
        f["X"].create_dataset(key, data=v, chunks=(37,), compression="gzip")
    del f["obsm"]
    f.create_group("obsm").attrs.update({"encoding-type": "dict", "encoding-version": "0.1.0"})
    f["obsm"].create_dataset("X_pca", data=pca, chunks=(16, 3), compression="gzip")
    print("X nnz", X.nnz, "X/data chunks", f["X/data"].id.get_num_chunks(),
          "obsm chunks", f["obsm/X_pca"].id.get_num_chunks())

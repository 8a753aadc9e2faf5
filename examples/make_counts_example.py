"""Writes examples/pbmc_counts.h5ad, the count example of `fm4j generate`.

    /usr/bin/python3 examples/make_counts_example.py PATH/TO/pbmc68k_counts.h5ad

The source holds the raw UMI counts of scanpy's 700-cell PBMC 68k subset (scverse/scanpy
`src/scanpy/datasets/10x_pbmc68k_reduced.zarr.zip` at commit fabadb94, converted to .h5ad;
BSD-3 licence, see LICENSE-scanpy.txt); its SHA-256 is checked first. The example keeps every cell
and its `bulk_labels` (10 cell types) and the 200 genes of largest variance after normalising
each cell to 10,000 counts and log1p, as integer counts (CSR int32, gzip). Needs Debian's
python3-anndata; the selection is deterministic.
"""
import hashlib
import os
import sys

import anndata
import numpy as np
import scipy.sparse as sp

SOURCE_SHA256 = "0851a00eb4ef625736ca68ed15d0b02db04373c5b938353b1621a7f8c35b2546"
GENES = 200
HERE = os.path.dirname(os.path.abspath(__file__))


def main(path):
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    if digest != SOURCE_SHA256:
        sys.exit(f"{path}: SHA-256 {digest}, expected {SOURCE_SHA256} (not the PBMC count file)")
    a = anndata.read_h5ad(path)
    x = a.X.toarray() if sp.issparse(a.X) else np.asarray(a.X)
    if not np.array_equal(x, np.round(x)) or x.min() < 0:
        sys.exit(f"{path}: X does not hold counts")
    normalised = np.log1p(x / x.sum(axis=1, keepdims=True) * 1e4)
    genes = np.sort(np.argsort(-normalised.var(axis=0), kind="stable")[:GENES])
    out = anndata.AnnData(
        X=sp.csr_matrix(x[:, genes].astype(np.int32)),
        obs=a.obs[["bulk_labels"]].copy(),
        var=a.var.iloc[genes].copy(),
        dtype=np.int32,
    )
    out.write_h5ad(os.path.join(HERE, "pbmc_counts.h5ad"), compression="gzip")
    print("wrote pbmc_counts.h5ad", out.shape)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])

"""kang_valid.h5ad for the bench scripts: X as a dense float64 matrix, each cell's type and
condition, and the gene names."""
import os

import h5py
import numpy as np
import scipy.sparse as sp

DEFAULT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "..", "shared", "data",
                       "kang_valid.h5ad")


def load(path=DEFAULT):
    """(M, cell_type, condition, genes): X (cells x genes, float64), the labels and the gene names."""
    with h5py.File(path, "r") as f:
        X = f["X"]
        M = sp.csr_matrix((X["data"][:], X["indices"][:], X["indptr"][:])).toarray().astype(np.float64)
        obs = f["obs"][:]
        cell_type = np.array(f["uns/cell_type_categories"][:]).astype(str)[obs["cell_type"]]
        condition = np.array(f["uns/condition_categories"][:]).astype(str)[obs["condition"]]
        genes = np.array(f["var"]["index"]).astype(str)
    return M, cell_type, condition, genes

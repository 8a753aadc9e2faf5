"""kang_valid.h5ad for the bench scripts: X as a dense float64 matrix, each cell's type and
condition, and the gene names; and the helpers they share (scGen R^2, DEGs, ContextKernel)."""
import os

import h5py
import numpy as np
import scipy.sparse as sp
import scipy.stats as st

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


TYPES = ["CD4T", "CD14+Mono", "B", "CD8T", "NK", "FCGR3A+Mono", "Dendritic"]


def pca_basis(M, held, k=50):
    """Mean and the top k principal directions (k x genes) of the cells not held out."""
    mu = M[~held].mean(0)
    _, _, vt = np.linalg.svd(M[~held] - mu, full_matrices=False)
    return mu, vt[:k]


def pca_of(M, rows, k=50):
    """Mean and the top k principal directions (k x genes) of the cells M[rows], exact, from the
    eigenvectors of the Gram matrix (the same directions as pca_basis, up to sign; faster when there
    are fewer cells than genes)."""
    X = M[rows]
    mu = X.mean(0)
    Xc = X - mu
    ev, U = np.linalg.eigh(Xc @ Xc.T)
    idx = np.argsort(-ev)[:k]
    return mu, (U[:, idx].T @ Xc) / np.sqrt(ev[idx])[:, None]


def r2(pred, real):
    """scGen's R^2 of means: linregress(pred, real).rvalue^2."""
    return st.linregress(pred, real).rvalue ** 2


def top_degs(real, ctrl, k=100):
    """The top k genes by Wilcoxon rank-sum z of real against ctrl (cells x genes), descending."""
    z = np.array([st.ranksums(real[:, j], ctrl[:, j]).statistic for j in range(real.shape[1])])
    return np.argsort(-np.nan_to_num(z, nan=-np.inf), kind="stable")[:k]


def kernel_weights(target, means, h):
    """ContextKernel.weights: exp(-|target - m_o|^2 / 2h^2) over the rows m_o of means, normalised."""
    d2 = np.sum((np.asarray(means) - target) ** 2, axis=1)
    w = np.ones(len(d2)) if np.isinf(h) else np.exp(-(d2 - d2.min()) / (2 * h * h))
    return w / w.sum()


def bandwidth(means, shifts):
    """ContextKernel.fit: candidates dbar 2^(j/2), j = -8..4, and infinity; least leave-one-out error, ties to larger h."""
    means, shifts = np.asarray(means), np.asarray(shifts)
    n = len(means)
    dist = [np.linalg.norm(means[a] - means[b]) for a in range(n) for b in range(a + 1, n)]
    best, best_err = None, np.inf
    for h in [np.inf] + [np.median(dist) * 2 ** (j / 2) for j in range(4, -9, -1)]:
        err = 0.0
        for k in range(n):
            o = [i for i in range(n) if i != k]
            err += np.sum((shifts[k] - kernel_weights(means[k], means[o], h) @ shifts[o]) ** 2)
        if err < best_err:
            best, best_err = h, err
    return best

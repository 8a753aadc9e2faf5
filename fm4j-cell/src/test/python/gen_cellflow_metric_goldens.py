#!/usr/bin/python3
"""Golden values of CellFlow's metric set as PerturbationMetrics scores it, for
CellFlowMetricsGoldenTest.

Run with Debian's interpreter (python3-pot 0.8.2, python3-sklearn, python3-scipy):

    /usr/bin/python3 fm4j-cell/src/test/python/gen_cellflow_metric_goldens.py

Writes fm4j-cell/src/test/resources/perturbation/cellflow_metrics.txt: cases separated by blank
lines, each line a key and whitespace-separated values (17 significant digits); matrices are
row-major with their shape in n_*/d. Three cases, one per scored space: an embedding (Gaussian
coordinates, no expression metrics), genes (sparse non-negative log-expression, a prediction
with negative values and zeros) and the DEG columns of the genes case.

The definitions are CellFlow's (cellflow.metrics.compute_metrics): r2_sklearn =
r2_score(mean_real, mean_pred); e_distance = 2 mean|x-y|^2 - mean|x-x'|^2 - mean|y-y'|^2;
mmd = mean over gamma in {2, 1, 0.5, 0.1, 0.01, 0.005} of the RBF-kernel MMD^2 (V-statistic,
sklearn rbf_kernel); sinkhorn_div_eps for eps = 1, 10, 100 = OT(x,y) - (OT(x,x) + OT(y,y)) / 2
with OT = <P,C> + eps KL(P | a b^T), squared Euclidean cost, no scaling (ott-jax's value),
from converged plans. Besides: r2_scgen = linregress(mean_pred, mean_real).rvalue^2, pearson_delta
= pearsonr(mean_pred - mean_ctrl, mean_real - mean_ctrl), energy = 2E|x-y| - E|x-x'| - E|y-y'|,
negative_fraction = mean(pred < 0), zero_fraction_mae = mean over genes of
|mean(pred == 0) - mean(real == 0)|.
"""
import os
import sys
import warnings

import numpy as np
import ot
import scipy.stats
from scipy.spatial.distance import cdist
from sklearn.metrics import r2_score
from sklearn.metrics.pairwise import rbf_kernel

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "fm4j-core", "src", "test",
                                                 "python")))
from gen_ot_goldens import f32, primal_kl, symmetric_sinkhorn  # noqa: E402

OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "perturbation", "cellflow_metrics.txt"))
GAMMAS = [2, 1, 0.5, 0.1, 0.01, 0.005]
EPSILONS = [1.0, 10.0, 100.0]


def sinkhorn_div(x, y, eps):
    a = np.full(len(x), 1.0 / len(x))
    b = np.full(len(y), 1.0 / len(y))
    vals = []
    for p, q, wp, wq in [(x, y, a, b), (x, x, a, a), (y, y, b, b)]:
        C = cdist(p, q, metric="sqeuclidean")
        if p is q:
            P = symmetric_sinkhorn(wp, C, eps)
        else:
            P = ot.sinkhorn(wp, wq, C, eps, method="sinkhorn_log", numItermax=1_000_000, stopThr=1e-13)
        vals.append(primal_kl(wp, wq, P, C, eps))
    return vals[0] - 0.5 * (vals[1] + vals[2])


def metrics(real, control, pred, expression):
    mr, mp, mc = real.mean(0), pred.mean(0), control.mean(0)
    sq = lambda p, q: cdist(p, q, metric="sqeuclidean")
    out = dict(
        r2=scipy.stats.linregress(mp, mr).rvalue ** 2,
        r2_sklearn=r2_score(mr, mp),
        pearson_delta=scipy.stats.pearsonr(mp - mc, mr - mc)[0],
        e_distance=2 * sq(pred, real).mean() - sq(pred, pred).mean() - sq(real, real).mean(),
        energy=2 * cdist(pred, real).mean() - cdist(pred, pred).mean() - cdist(real, real).mean(),
        mmd=float(np.mean([rbf_kernel(pred, pred, gamma=g).mean() + rbf_kernel(real, real, gamma=g).mean()
                           - 2 * rbf_kernel(pred, real, gamma=g).mean() for g in GAMMAS])),
    )
    for eps in EPSILONS:
        out["sinkhorn_div_%d" % eps] = sinkhorn_div(pred, real, eps)
    if expression:
        out["negative_fraction"] = float(np.mean(pred < 0))
        out["zero_fraction_mae"] = float(np.mean(np.abs((pred == 0).mean(0) - (real == 0).mean(0))))
    return out


def expression(rng, n, p, scale, keep):
    return f32(np.round(np.log1p(rng.gamma(1.5, scale, size=(n, p)) * (rng.random((n, p)) < keep)), 2))


def main():
    warnings.simplefilter("error")  # a reference solve that does not converge must stop the run
    rng = np.random.default_rng(17)
    cases = []
    # embedding: Gaussian coordinates
    real = f32(rng.standard_normal((24, 5)) + 0.8)
    control = f32(rng.standard_normal((18, 5)))
    pred = f32(rng.standard_normal((20, 5)) * 1.1 + 0.6)
    cases.append(("embedding", real, control, pred, False))
    # genes: sparse log-expression; the prediction has zeros and some negative values
    p = 30
    scale = np.linspace(0.5, 4.0, p)
    real = expression(rng, 24, p, scale, 0.55)
    control = expression(rng, 18, p, scale[::-1], 0.5)
    pred = real[rng.integers(0, 24, 20)] * 0.9 + rng.standard_normal((20, p)) * 0.2
    pred[rng.random((20, p)) < 0.4] = 0
    pred = f32(np.round(pred, 3))
    cases.append(("genes", real, control, pred, True))
    deg = np.array([3, 7, 11, 19, 25, 29, 0])
    cases.append(("deg", real[:, deg], control[:, deg], pred[:, deg], True))
    with open(OUT, "w") as f:
        f.write("# CellFlow's metric set (see gen_cellflow_metric_goldens.py); POT %s, numpy %s\n\n"
                % (ot.__version__, np.__version__))
        for name, real, control, pred, expr in cases:
            f.write("name %s\nexpression %s\nd %d\n" % (name, str(expr).lower(), real.shape[1]))
            for key, m in [("real", real), ("control", control), ("pred", pred)]:
                f.write("n_%s %d\n%s %s\n" % (key, len(m), key, " ".join(repr(float(v)) for v in m.ravel())))
            for key, v in metrics(real, control, pred, expr).items():
                f.write("%s %r\n" % (key, float(v)))
            f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()

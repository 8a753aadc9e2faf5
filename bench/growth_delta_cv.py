"""Which WFR length scale delta the data themselves prefer, by leaving out each interior time point.

    /usr/bin/python3 bench/growth_delta_cv.py CSV [CSV ...]

CSV has the time in its first column and the features after it (dygen.csv, WFR-FM's emt.csv and
simulation_gene_data.csv). For every interior time point k and every delta, a multiple f of the
default (the largest nearest-neighbour distance between consecutive time points, `WfrDelta`), the
unbalanced plan of the WFR cost between the cells of k - 1 and k + 1 is solved as fm4j and the
published code solve it (POT's mm_unbalanced, reg_m 1, unit mass per cell, at most 1500 cells a
side), 3000 pairs are drawn from its row semi-coupling gamma0, and each pair is placed at the
midpoint t = 1/2 of its WFR geodesic with the geodesic's mass (pairs at pi delta or more: half of
the source's mass dies at x0 and the target's grows at x1, m0 (1 - t)^2 and m1 t^2). The script
prints the weighted W1 of these particles to the real cells of k and the relative error of their
mass against N_k / N_(k-1): what a flow that follows the plan exactly would reach at a held-out
time point, from training data only, for each candidate delta.
"""
import sys

import numpy as np
import ot
from scipy.spatial import cKDTree

FACTORS = (0.6, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0)
CAP = 1500
PAIRS = 3000


def midpoints(x0, x1, delta, rng, t=0.5):
    """Geodesic midpoints of PAIRS pairs drawn from gamma0, with their masses (unit mass per cell)."""
    dist = ot.dist(x0, x1, metric="euclidean")
    cos2 = np.cos(np.minimum(dist / (2 * delta), np.pi / 2)) ** 2
    plan = ot.unbalanced.mm_unbalanced(np.ones(len(x0)), np.ones(len(x1)),
                                       -np.log(np.where(cos2 == 0, 1e-10, cos2)), 1.0)
    gamma0 = plan / (plan.sum(1, keepdims=True) + 1e-12)
    gamma1 = plan / (plan.sum(0, keepdims=True) + 1e-12)
    i, j = np.unravel_index(rng.choice(plan.size, PAIRS, p=gamma0.ravel() / gamma0.sum()), plan.shape)
    m0, m1, d = gamma0[i, j], gamma1[i, j], dist[i, j]
    share = gamma0.sum() / PAIRS
    theta = d / (2 * delta)
    s = np.sqrt(m0 * m1)
    a = m0 + m1 - 2 * s * np.cos(theta)
    b = m0 - s * np.cos(theta)
    k = s * np.sin(theta)
    mass = (a * t - 2 * b) * t + m0
    along = 2 * delta * np.arctan2(k * t, m0 - b * t)
    points = x0[i] + along[:, None] * (x1[j] - x0[i]) / np.maximum(d, 1e-12)[:, None]
    weights = share * mass / m0
    far = d >= np.pi * delta
    points[far] = x0[i[far]]
    weights[far] = share * (1 - t) ** 2
    born = x1[j[far]]
    return np.vstack([points, born]), np.concatenate([weights, share * m1[far] / m0[far] * t ** 2])


def cap(x, rng):
    return x if len(x) <= CAP else x[rng.choice(len(x), CAP, replace=False)]


for path in sys.argv[1:]:
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    pops = [data[data[:, 0] == s, 1:] for s in np.unique(data[:, 0])]
    nearest = np.concatenate([np.concatenate([cKDTree(b).query(a)[0], cKDTree(a).query(b)[0]])
                              for a, b in zip(pops, pops[1:])])
    default = nearest.max()
    print(f"{path}: cells {[len(p) for p in pops]}, default delta {default:.3f}")
    for f in FACTORS:
        rng = np.random.default_rng(0)
        w1s, errors = [], []
        for k in range(1, len(pops) - 1):
            x0, x1, xk = cap(pops[k - 1], rng), cap(pops[k + 1], rng), cap(pops[k], rng)
            points, weights = midpoints(x0, x1, f * default, rng)
            w1s.append(ot.emd2(weights / weights.sum(), np.full(len(xk), 1 / len(xk)),
                               ot.dist(points, xk, metric="euclidean"), numItermax=10 ** 7))
            mass = weights.sum() * len(pops[k - 1]) / len(x0) / len(pops[k - 1])
            observed = len(pops[k]) / len(pops[k - 1])
            errors.append(abs(mass - observed) / observed)
        print(f"  {f:4.2f} x default = delta {f * default:6.3f}:  W1 at k = 1.. "
              + " / ".join(f"{w:.3f}" for w in w1s) + f"  (mean {np.mean(w1s):.4f});  mass error "
              + " / ".join(f"{e:.3f}" for e in errors), flush=True)

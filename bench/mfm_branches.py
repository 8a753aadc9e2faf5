"""How much of the OT-interpolation error at a held-out time point is the split of mass between
branches (docs/metric-flow-matching.md, "dygen k = 3").

    /usr/bin/python3 bench/mfm_branches.py CSV --holdout K [--clusters C] [--reach] [--bound [--second-masses M ...]] [--predicted P.csv ...]

CSV: first column the time point, then the features. The cells of k and k + 1 are clustered by
k-means (C clusters, default 3, seed 0); the exact OT plan between the cells of k - 1 and k + 1
(uniform weights, squared Euclidean cost) is moved to the held-out time along the straight line
(the OT-interpolation baseline, each pair weighted by its mass). Printed, one JSON line: the
fraction of the cells of k - 1, k and k + 1 and of the interpolated mass in each cluster; the exact
W1 of the interpolation against the cells of k; and the W1 of the same interpolated points with
their masses rescaled, cluster by cluster, to the fractions of the cells of k. The second W1 is
what a path between the same pairs could reach at best if it only had the branches' masses right.

--reach adds the same for the plan with a reach (`--coupling population_reach`, fm.coupling.PopulationPlan):
the exact unbalanced plan with total-variation marginal penalties at lambda = r^2 / 2, r^2 the far-out
fence Q3 + 3 (Q3 - Q1) of the balanced plan's squared pair lengths (quartiles weighted by mass), solved
as the balanced problem with one extra point on each side; its transported mass and the mass of the
balanced plan's pairs beyond the fence are printed too. --predicted adds, for each file (the
`predicted_k<K>.csv` of `fm4j trajectory`: the cells of k - 1 pushed to the time of k by the flow),
the fraction of its cells in each cluster and its exact W1 against the cells of k, and the W1 of its
cells with their masses rescaled, cluster by cluster, to the fractions of the cells of k (what is
left when the split is right: the error within the clusters).

--bound (with --clusters 2: the two clusters are then two half-spaces, split by the plane H halfway
between the two centres) adds a lower bound on the W1 of any prediction with the cluster masses f:
when f puts a mass m less on a side than the cells of k do, at least m must cross H to reach that
side's cells of k, and a cell y of k at distance delta_y from H is reached from the other side at
cost >= delta_y, so W1 >= the sum of delta_y over the m of that side's cells of k nearest to H
(each cell of k holding 1 / n). Printed for the fractions of the cells of k - 1 (a flow that keeps
every cell of k - 1 on its side), of k + 1, of the interpolation and of each --predicted file, with
the W1 of the best prediction placed on the cells of k themselves with those masses (perfect
positions, the given split: a linear program over the masses mu_i of the cells of k with
mu(cluster c) = f_c). --second-masses M ... adds both for a second cluster holding the mass M (and
the first 1 - M).
"""
import argparse
import json

import numpy as np
import ot
from scipy.optimize import linprog
from scipy.sparse import coo_matrix
from sklearn.cluster import KMeans

from mfm_course import heldout_course

p = argparse.ArgumentParser()
p.add_argument("csv")
p.add_argument("--holdout", type=int, required=True)
p.add_argument("--clusters", type=int, default=3)
p.add_argument("--reach", action="store_true")
p.add_argument("--bound", action="store_true")
p.add_argument("--second-masses", type=float, nargs="*", default=[])
p.add_argument("--predicted", nargs="*", default=[])
a = p.parse_args()
if a.second_masses and not a.bound:
    raise SystemExit("--second-masses needs --bound")
if a.bound and a.clusters != 2:
    raise SystemExit(f"--bound needs --clusters 2 (the two sides of one plane), got --clusters {a.clusters}")

k = a.holdout
times, s = heldout_course(a.csv, k)
km = KMeans(a.clusters, n_init=10, random_state=0).fit(np.vstack([s[k], s[k + 1]]))
frac = {name: np.bincount(km.predict(x), minlength=a.clusters) / len(x)
        for name, x in (("before", s[k - 1]), ("heldout", s[k]), ("after", s[k + 1]))}
w0 = np.full(len(s[k - 1]), 1 / len(s[k - 1]))
w1 = np.full(len(s[k + 1]), 1 / len(s[k + 1]))
plan = ot.emd(w0, w1, ot.dist(s[k - 1], s[k + 1]), numItermax=10_000_000)
f = (times[k] - times[k - 1]) / (times[k + 1] - times[k - 1])
target = np.full(len(s[k]), 1 / len(s[k]))


def interpolation(plan):
    """Pair midpoints at the held-out time, their masses (total 1), cluster masses, exact W1."""
    i, j = np.nonzero(plan > 0)
    mass = plan[i, j] / plan[i, j].sum()
    mid = (1 - f) * s[k - 1][i] + f * s[k + 1][j]
    lab = km.predict(mid)
    cost = ot.dist(mid, s[k], metric="euclidean")
    return mass, lab, np.bincount(lab, weights=mass, minlength=a.clusters), cost, ot.emd2(mass, target, cost, numItermax=10_000_000)


mass, lab, interp, cost, w1_interp = interpolation(plan)
extra = {}
if a.reach:
    sq = ot.dist(s[k - 1], s[k + 1])
    i, j = np.nonzero(plan > 0)
    order = np.argsort(sq[i, j], kind="stable")
    cum = np.cumsum(plan[i, j][order])
    q1, q3 = (sq[i, j][order][np.searchsorted(cum, p * cum[-1] * (1 - 1e-12))] for p in (0.25, 0.75))
    fence = q3 + 3 * (q3 - q1)
    n0, n1 = len(w0), len(w1)
    big = np.zeros((n0 + 1, n1 + 1))
    big[:n0, :n1] = sq
    big[n0, :n1] = big[:n0, n1] = fence / 2
    reach_plan = ot.emd(np.append(w0, 1.0), np.append(w1, 1.0), big, numItermax=10_000_000)[:n0, :n1]
    _, _, r_interp, _, r_w1 = interpolation(reach_plan)
    extra = {"reach2": round(float(fence), 4),
             "balanced_mass_beyond_reach": round(float(plan[i, j][sq[i, j] > fence].sum()), 4),
             "reach_transported": round(float(reach_plan.sum()), 4),
             "reach_interpolation": [round(float(v), 4) for v in r_interp],
             "w1_reach_interpolation": round(float(r_w1), 4)}


def rescaled(weights, labels, cost):
    """Exact W1 of the points of cost's rows with their weights rescaled, cluster by cluster, to the
    fractions of the cells of k (clusters of the points that hold no weight keep none)."""
    have = np.bincount(labels, weights=weights, minlength=a.clusters)
    ratio = np.divide(frac["heldout"], have, out=np.zeros(a.clusters), where=have > 0)
    moved = weights * ratio[labels]
    return ot.emd2(moved / moved.sum(), target, cost, numItermax=10_000_000)


def bound(f):
    """Least W1 to the cells of k of any distribution with cluster masses f (two clusters, see --bound)."""
    c0, c1 = km.cluster_centers_
    normal = (c1 - c0) / np.linalg.norm(c1 - c0)
    signed = (s[k] - (c0 + c1) / 2) @ normal  # > 0 on the side of c1
    side = km.predict(s[k])
    n = len(s[k])
    short = frac["heldout"][1] - f[1]
    cells = side == 1 if short > 0 else side == 0
    delta = np.sort(np.abs(signed[cells]))
    m = abs(short)
    full = int(np.floor(m * n + 1e-9))
    return round(float(delta[:full].sum() / n + (m - full / n) * (delta[full] if full < len(delta) else 0)), 4)


def on_heldout(f):
    """Least exact W1 to the uniform cells of k of masses on those cells with cluster masses f."""
    n = len(s[k])
    lab_k = km.predict(s[k])
    # variables P[i, l]: mass at cell i sent to cell l; columns sum to 1 / n, rows of cluster c to f_c
    rows = np.concatenate([np.tile(np.arange(n), n), n + lab_k.repeat(n)])
    eq = coo_matrix((np.ones(2 * n * n), (rows, np.tile(np.arange(n * n), 2))), shape=(n + a.clusters, n * n))
    r = linprog(ot.dist(s[k], s[k], metric="euclidean").ravel(), A_eq=eq,
                b_eq=np.concatenate([np.full(n, 1 / n), np.asarray(f) / np.sum(f)]), bounds=(0, None), method="highs")
    if r.status != 0:
        raise SystemExit(f"the linear program of masses {f} on the held-out cells failed: {r.message}")
    return round(float(r.fun), 4)


for path in a.predicted:
    x = np.loadtxt(path, delimiter=",", skiprows=1)[:, 1:]
    w = np.full(len(x), 1 / len(x))
    lab_x = km.predict(x)
    cost_x = ot.dist(x, s[k], metric="euclidean")
    fr = np.bincount(lab_x, minlength=a.clusters) / len(x)
    extra[path] = {"fractions": [round(float(v), 4) for v in fr],
                   "w1": round(float(ot.emd2(w, target, cost_x, numItermax=10_000_000)), 4),
                   "w1_heldout_fractions": round(float(rescaled(w, lab_x, cost_x)), 4)}
    if a.bound:
        extra[path]["w1_bound"] = bound(fr)
        extra[path]["w1_on_heldout"] = on_heldout(fr)
if a.bound:
    given = {name: x for name, x in {**frac, "interpolation": interp}.items() if name != "heldout"}
    extra["w1_bound"] = {name: bound(x) for name, x in given.items()}
    extra["w1_on_heldout"] = {name: on_heldout(x) for name, x in given.items()}
    for m in a.second_masses:
        extra[f"second_mass_{m}"] = {"w1_bound": bound([1 - m, m]), "w1_on_heldout": on_heldout([1 - m, m])}
print(json.dumps({
    "csv": a.csv, "holdout": k, "clusters": a.clusters,
    "fractions": {name: [round(float(v), 4) for v in x] for name, x in {**frac, "interpolation": interp}.items()},
    "w1_interpolation": round(float(w1_interp), 4),
    "w1_interpolation_heldout_fractions": round(float(rescaled(mass, lab, cost)), 4),
    **extra,
}))

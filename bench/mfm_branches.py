"""How much of the OT-interpolation error at a held-out time point is the split of mass between
branches (docs/metric-flow-matching.md, "dygen k = 3").

    /usr/bin/python3 bench/mfm_branches.py CSV --holdout K [--clusters C]

CSV: first column the time point, then the features. The cells of k and k + 1 are clustered by
k-means (C clusters, default 3, seed 0); the exact OT plan between the cells of k - 1 and k + 1
(uniform weights, squared Euclidean cost) is moved to the held-out time along the straight line
(the OT-interpolation baseline, each pair weighted by its mass). Printed, one JSON line: the
fraction of the cells of k - 1, k and k + 1 and of the interpolated mass in each cluster; the exact
W1 of the interpolation against the cells of k; and the W1 of the same interpolated points with
their masses rescaled, cluster by cluster, to the fractions of the cells of k. The second W1 is
what a path between the same pairs could reach at best if it only had the branches' masses right.
"""
import argparse
import json

import numpy as np
import ot
from sklearn.cluster import KMeans

p = argparse.ArgumentParser()
p.add_argument("csv")
p.add_argument("--holdout", type=int, required=True)
p.add_argument("--clusters", type=int, default=3)
a = p.parse_args()

d = np.loadtxt(a.csv, delimiter=",", skiprows=1)
times = np.unique(d[:, 0])
s = {i: d[d[:, 0] == t, 1:] for i, t in enumerate(times)}
k = a.holdout
if not 0 < k < len(times) - 1:
    raise SystemExit(f"{a.csv}: --holdout must be an interior time point (1 .. {len(times) - 2}), got {k}")
km = KMeans(a.clusters, n_init=10, random_state=0).fit(np.vstack([s[k], s[k + 1]]))
frac = {name: np.bincount(km.predict(x), minlength=a.clusters) / len(x)
        for name, x in (("before", s[k - 1]), ("heldout", s[k]), ("after", s[k + 1]))}
w0 = np.full(len(s[k - 1]), 1 / len(s[k - 1]))
w1 = np.full(len(s[k + 1]), 1 / len(s[k + 1]))
plan = ot.emd(w0, w1, ot.dist(s[k - 1], s[k + 1]), numItermax=10_000_000)
i, j = np.nonzero(plan)
mass = plan[i, j]
f = (times[k] - times[k - 1]) / (times[k + 1] - times[k - 1])
mid = (1 - f) * s[k - 1][i] + f * s[k + 1][j]
lab = km.predict(mid)
interp = np.bincount(lab, weights=mass, minlength=a.clusters)
target = np.full(len(s[k]), 1 / len(s[k]))
cost = ot.dist(mid, s[k], metric="euclidean")
w1_interp = ot.emd2(mass, target, cost, numItermax=10_000_000)
ratio = np.divide(frac["heldout"], interp, out=np.zeros(a.clusters), where=interp > 0)
moved = mass * ratio[lab]
moved /= moved.sum()
print(json.dumps({
    "csv": a.csv, "holdout": k, "clusters": a.clusters,
    "fractions": {name: [round(float(v), 4) for v in x] for name, x in {**frac, "interpolation": interp}.items()},
    "w1_interpolation": round(float(w1_interp), 4),
    "w1_interpolation_heldout_fractions": round(float(ot.emd2(moved, target, cost, numItermax=10_000_000)), 4),
}))

"""A quick prototype of what a coupling between the cells of k - 1 and k + 1 does to the prediction at
a held-out time point k (docs/metric-flow-matching.md, "dygen k = 3"), without training a flow.

    /usr/bin/python3 bench/mfm_reach_prototype.py CSV --holdout K

CSV: first column the time point, then the features. Each cell of k - 1 is moved to the held-out
time along the mean displacement of its pairs in the plan (a cell left without pairs takes the mean
displacement of its 5 nearest cells that have pairs), a stand-in for the flow, which pushes every
cell of k - 1; printed, one line each, the exact W1 of the moved cells against the cells of k for:
the balanced exact plan; the plan with a reach (total-variation unbalanced OT at lambda = r^2 / 2,
solved as the balanced problem with one extra cell on each side) at Tukey's inner (1.5) and far-out
(3) fence of the balanced plan's squared pair lengths (quartiles weighted by mass); POT's
mm_unbalanced (KL marginals, 1,000 iterations) with rho 1, 0.3, 0.1 and 0.03 times the median
squared distance. Also the W1 of the balanced plan's midpoints (mass-weighted) with the mass of the
upper branch (the cells outside the k-means cluster, of 3 fitted to the cells of k and k + 1 with
seed 0, that holds most of the cells of k + 1) rescaled to the share of the cells of k - 1 in it.
"""
import argparse

import numpy as np
import ot
from scipy.spatial import cKDTree
from sklearn.cluster import KMeans

from mfm_course import heldout_course

p = argparse.ArgumentParser()
p.add_argument("csv")
p.add_argument("--holdout", type=int, required=True)
a = p.parse_args()
k = a.holdout
times, s = heldout_course(a.csv, k)
x0, x1, xh = s[k - 1], s[k + 1], s[k]
n0, n1 = len(x0), len(x1)
w0, w1, wh = np.full(n0, 1 / n0), np.full(n1, 1 / n1), np.full(len(xh), 1 / len(xh))
f = (times[k] - times[k - 1]) / (times[k + 1] - times[k - 1])
sq = ot.dist(x0, x1)


def w1_to_heldout(points, mass):
    return ot.emd2(mass, wh, ot.dist(points, xh, metric="euclidean"), numItermax=10 ** 8)


def moved(plan):
    rows = plan.sum(1)
    has = rows > 1e-12
    v = np.zeros_like(x0)
    v[has] = plan[has] @ x1 / rows[has, None] - x0[has]
    if (~has).any():
        _, nb = cKDTree(x0[has]).query(x0[~has], 5)
        v[~has] = v[has][nb].mean(1)
    return x0 + f * v


balanced = ot.emd(w0, w1, sq, numItermax=10 ** 8)
i, j = np.nonzero(balanced > 0)
order = np.argsort(sq[i, j], kind="stable")
cum = np.cumsum(balanced[i, j][order])
q1, q3 = (sq[i, j][order][np.searchsorted(cum, q * cum[-1] * (1 - 1e-12))] for q in (0.25, 0.75))
print(f"balanced plan: W1 {w1_to_heldout(moved(balanced), w0):.4f}")
for iqr in (1.5, 3):
    fence = q3 + iqr * (q3 - q1)
    big = np.zeros((n0 + 1, n1 + 1))
    big[:n0, :n1] = sq
    big[n0, :n1] = big[:n0, n1] = fence / 2
    plan = ot.emd(np.append(w0, 1.0), np.append(w1, 1.0), big, numItermax=10 ** 8)[:n0, :n1]
    print(f"reach, fence Q3 + {iqr} IQR = {fence:.4g}: transported {plan.sum():.4f}, W1 {w1_to_heldout(moved(plan), w0):.4f}")
median = np.median(sq)
for c in (1, 0.3, 0.1, 0.03):
    plan = ot.unbalanced.mm_unbalanced(w0, w1, sq, c * median, div="kl", numItermax=1000)
    print(f"mm_unbalanced rho {c} x median: mass {plan.sum():.4f}, W1 {w1_to_heldout(moved(plan), w0):.4f}")
km = KMeans(3, n_init=10, random_state=0).fit(np.vstack([xh, x1]))
lower = np.bincount(km.predict(x1), minlength=3).argmax()
mid = (1 - f) * x0[i] + f * x1[j]
mass = balanced[i, j] / balanced[i, j].sum()
upper, share = km.predict(mid) != lower, (km.predict(x0) != lower).mean()
mass[upper] *= share / mass[upper].sum()
mass[~upper] *= (1 - share) / mass[~upper].sum()
print(f"balanced midpoints with the upper branch at the share of k - 1 ({share:.3f}): W1 {w1_to_heldout(mid, mass):.4f}")

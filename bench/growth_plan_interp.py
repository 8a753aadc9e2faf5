"""How well the WFR plans alone carry each time point to the next, per interval.

    /usr/bin/python3 bench/growth_plan_interp.py CSV DELTA [DELTA ...]

CSV has the time in its first column and the features after it (dygen.csv). For each interval
(k - 1, k) and each delta, the unbalanced plan of the WFR cost (POT's mm_unbalanced, reg_m 1, unit
masses per cell, as fm4j and the published code solve it) carries every cell of k - 1 to the
barycentre of its partners at k under the column semi-coupling gamma1, with the mass it sends
(sum_j gamma1_ij); the script prints the weighted W1 of these particles to the cells of k
("bary"), the same with each cell sent to its heaviest partner ("argmax"), and the barycentric
map of the balanced exact OT plan of the squared Euclidean cost. One interval at a time from the
observed cells: what a learned flow would reach at k if it followed the plan exactly from k - 1.
"""
import sys

import numpy as np
import ot

data = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
times = np.unique(data[:, 0])
pops = [data[data[:, 0] == s, 1:] for s in times]


def w1(a, b, wa):
    return ot.emd2(wa / wa.sum(), np.full(len(b), 1 / len(b)), ot.dist(a, b, metric="euclidean"),
                   numItermax=10 ** 7)


def wfr_cost(a, b, delta):
    d = ot.dist(a, b, metric="euclidean")
    return -np.log(np.cos(np.minimum(d / (2 * delta), np.pi / 2)) ** 2)


print("cells per time point:", [len(p) for p in pops])
for delta in map(float, sys.argv[2:]):
    for k in range(1, len(pops)):
        a, b = pops[k - 1], pops[k]
        g = ot.unbalanced.mm_unbalanced(np.ones(len(a)), np.ones(len(b)), wfr_cost(a, b, delta), 1.0,
                                        numItermax=1000)
        gamma1 = g / (g.sum(0, keepdims=True) + 1e-12)
        m = gamma1.sum(1)
        bary = (gamma1 @ b) / m[:, None]
        print(f"delta {delta:g} k {k}: bary {w1(bary, b, m):.3f} argmax {w1(b[np.argmax(g, 1)], b, m):.3f}")
for k in range(1, len(pops)):
    a, b = pops[k - 1], pops[k]
    g = ot.emd(np.full(len(a), 1 / len(a)), np.full(len(b), 1 / len(b)), ot.dist(a, b))
    print(f"balanced exact OT k {k}: bary {w1((g @ b) / g.sum(1, keepdims=True), b, np.ones(len(a))):.3f}")

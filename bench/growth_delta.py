"""Candidate rules for the WFR length scale delta, computed from a time course.

    /usr/bin/python3 bench/growth_delta.py CSV [CSV ...]

Each CSV has the time in its first column and the features after it (dygen.csv, WFR-FM's emt.csv
and simulation_gene_data.csv; the growth demo's cells are not a file: its delta is in the
metrics.json of `fm4j trajectory --demo --matcher wfr`). For every pair of consecutive time points
the distances from each cell to its nearest neighbour at the other time point (both directions)
are pooled over all intervals, and the script prints the rules a default could take from them:
their maximum (fm4j's default, `WfrDelta`), their 99th and 95th percentiles and their median, and
per interval the mean displacement of the balanced exact OT plan of uniform masses (its W1; on at
most 1500 cells of each side), the distance an interval's cells would travel if no mass grew.
"""
import sys

import numpy as np
import ot
from scipy.spatial import cKDTree

for path in sys.argv[1:]:
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    pops = [data[data[:, 0] == s, 1:] for s in np.unique(data[:, 0])]
    nearest, w1 = [], []
    rng = np.random.default_rng(0)
    for a, b in zip(pops, pops[1:]):
        nearest.append(np.concatenate([cKDTree(b).query(a)[0], cKDTree(a).query(b)[0]]))
        a = a[rng.choice(len(a), min(len(a), 1500), replace=False)]
        b = b[rng.choice(len(b), min(len(b), 1500), replace=False)]
        plan = ot.emd(np.full(len(a), 1 / len(a)), np.full(len(b), 1 / len(b)),
                      ot.dist(a, b, metric="euclidean"), numItermax=10 ** 7)
        w1.append(float((plan * ot.dist(a, b, metric="euclidean")).sum()))
    d = np.concatenate(nearest)
    print(f"{path}: {data.shape[1] - 1} dimensions, cells {[len(p) for p in pops]}")
    print(f"  nearest-neighbour distance: max {d.max():.3f}  q99 {np.quantile(d, .99):.3f}"
          f"  q95 {np.quantile(d, .95):.3f}  median {np.median(d):.3f}")
    print("  per interval: max " + " / ".join(f"{n.max():.3f}" for n in nearest)
          + ";  balanced OT W1 " + " / ".join(f"{x:.3f}" for x in w1))

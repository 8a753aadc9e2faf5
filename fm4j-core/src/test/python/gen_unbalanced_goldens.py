#!/usr/bin/python3
"""Golden values for org.flowmatch4j.ot.MmUnbalanced, WfrCost and SemiCouplings.

Run with Debian's interpreter (python3-pot 0.8.2):

    /usr/bin/python3 fm4j-core/src/test/python/gen_unbalanced_goldens.py

It writes fm4j-core/src/test/resources/golden/ot/mm_unbalanced.txt in the format of
gen_ot_goldens.py. Each case: points x (n x d) and y (m x d) rounded to float32, masses a and b,
the length scale delta, the WFR cost -log cos^2(min(|x - y| / 2 delta, pi / 2)) (cos^2 = 0 read as
1e-10, as the published WFR-FM code does), POT's mm_unbalanced plan with reg_m = 1 (KL, 1000
iterations, the defaults) and the semi-couplings gamma0 = a_i G_ij / (G 1)_i and
gamma1 = b_j G_ij / (G^T 1)_j.
"""
import os
import sys

import numpy as np
import ot

from gen_ot_goldens import OUT, Writer, f32


def wfr_cost(x, y, delta):
    dist = ot.dist(x, y, metric="euclidean")
    cos_sq = np.cos(np.minimum(dist / (2 * delta), np.pi / 2)) ** 2
    return -np.log(np.where(cos_sq == 0, 1e-10, cos_sq))


def main():
    if ot.__version__ != "0.8.2":
        sys.exit("expected POT 0.8.2 (Debian python3-pot), found " + ot.__version__)
    rng = np.random.default_rng(13)
    w = Writer(os.path.join(OUT, "ot", "mm_unbalanced.txt"),
               "WFR cost, POT mm_unbalanced (reg_m=1, div='kl') plans and WFR-FM semi-couplings")
    cases = [
        ("unit-masses", 7, 9, 2, 1.0, False),
        ("weighted", 6, 5, 3, 0.8, True),
        ("some-pairs-beyond-pi-delta", 8, 6, 2, 0.3, False),
        ("growth", 12, 20, 4, 1.5, False),
    ]
    for name, n, m, d, delta, weighted in cases:
        x = f32(rng.standard_normal((n, d)))
        y = f32(rng.standard_normal((m, d)) + 0.3)
        a = rng.uniform(0.5, 2.0, n) if weighted else np.ones(n)
        b = rng.uniform(0.5, 2.0, m) if weighted else np.ones(m)
        cost = wfr_cost(x, y, delta)
        g = ot.unbalanced.mm_unbalanced(a, b, cost, 1.0)
        gamma0 = (a / (g.sum(1) + 1e-12))[:, None] * g
        gamma1 = (b / (g.sum(0) + 1e-12))[None, :] * g
        w.case(name=name, n=n, m=m, d=d, delta=delta, x=x, y=y, a=a, b=b, cost=cost, plan=g,
               gamma0=gamma0, gamma1=gamma1)
    w.close()
    print("golden values written under", OUT)


if __name__ == "__main__":
    main()

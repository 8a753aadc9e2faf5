"""Golden Wilcoxon rank-sum z-scores for WilcoxonRankSumTest (scipy.stats.ranksums).

Run with Debian's interpreter:  /usr/bin/python3 fm4j-cell/src/test/python/gen_wilcoxon_golden.py
Writes fm4j-cell/src/test/resources/perturbation/wilcoxon_golden.txt:
  line 1: n1 n2 p
  next n1 lines: group a (one cell per line, p values)
  next n2 lines: group b
  last line: the p z-scores of a against b
Values are sparse-like (many exact zeros, rounded values) so that ties are frequent.
"""
import os
import numpy as np
from scipy.stats import ranksums

rng = np.random.default_rng(7)
n1, n2, p = 23, 31, 12
a = np.round(rng.gamma(1.5, 1.0, size=(n1, p)) * (rng.random((n1, p)) < 0.6), 1).astype(np.float32)
b = np.round(rng.gamma(1.2, 1.0, size=(n2, p)) * (rng.random((n2, p)) < 0.5), 1).astype(np.float32)
a[:, 3] += 1.0  # one clearly up-regulated gene
b[:, 5] += 1.0  # one clearly down-regulated gene
a[:, 7] = 0.0   # a gene that is zero in group a
b[:, 7] = 0.0   # ... and in group b: every value tied, z = 0
z = np.array([ranksums(a[:, j].astype(np.float64), b[:, j].astype(np.float64)).statistic for j in range(p)])

out = os.path.join(os.path.dirname(__file__), "..", "resources", "perturbation", "wilcoxon_golden.txt")
with open(out, "w") as f:
    f.write(f"{n1} {n2} {p}\n")
    for row in np.vstack([a, b]):
        f.write(" ".join(repr(float(v)) for v in row) + "\n")
    f.write(" ".join(repr(float(v)) for v in z) + "\n")
print("wrote", out)

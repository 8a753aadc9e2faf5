"""What storing the Sinkhorn kernel in float32 would change (a measurement, not a benchmark).

    /usr/bin/python3 bench/ot_pot.py generate DIR
    /usr/bin/python3 bench/sinkhorn_float_kernel.py DIR

On the 2,000 x 2,000 clouds of bench/ot.sh (squared Euclidean cost divided by its max), runs the
kernel-form Sinkhorn iterations with POT's stopping rule (L2 column-marginal error < 1e-9, checked
after iterations 1, 11, 21, ...) twice: with K = exp(-C / eps) in float64, and with K rounded to
float32 (products still summed in float64). Prints, per eps, the iterations of both, the relative
difference of the transport costs <P, C>, and the largest and median relative difference of the
plan entries. A float32 kernel would halve the bytes each iteration reads, but the solver's
tolerance against its references is 1e-7 relative on every plan entry.
"""
import os
import sys

import numpy as np


def sinkhorn(kernel, a, b):
    u = np.full(a.size, 1.0 / a.size)
    v = np.full(b.size, 1.0 / b.size)
    it = 0
    while True:
        it += 1
        v = b / (kernel.T @ u)
        u = a / (kernel @ v)
        if (it - 1) % 10 == 0 and np.linalg.norm(v * (kernel.T @ u) - b) < 1e-9:
            break
    return it, u[:, None] * kernel.astype(np.float64) * v[None, :]


def main(d):
    x = np.load(os.path.join(d, "w1_2000_x.npy")).astype(np.float64)
    y = np.load(os.path.join(d, "w1_2000_y.npy")).astype(np.float64)
    c = ((x[:, None, :] - y[None, :, :]) ** 2).sum(-1)
    c /= c.max()
    a = np.full(c.shape[0], 1.0 / c.shape[0])
    b = np.full(c.shape[1], 1.0 / c.shape[1])
    for eps in (0.1, 0.01):
        k = np.exp(-c / eps)
        it64, p64 = sinkhorn(k, a, b)
        it32, p32 = sinkhorn(k.astype(np.float32), a, b)
        c64, c32 = (p64 * c).sum(), (p32 * c).sum()
        rel = np.abs(p32 - p64) / p64
        print(f"eps {eps}: iterations {it64} (float64 kernel) / {it32} (float32 kernel); transport cost "
              f"rel. diff {abs(c32 - c64) / c64:.2e}; plan entries rel. diff max {rel.max():.2e}, "
              f"median {np.median(rel):.2e}; smallest kernel entry {k.min():.3e}")


if __name__ == "__main__":
    main(sys.argv[1])

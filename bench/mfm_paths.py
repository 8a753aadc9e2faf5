"""Stage 1 of metric flow matching in PyTorch + POT, written from the published formulas, to see
which choices of the metric bring the learned paths close to a held-out time point before any
velocity field is trained (docs/metric-flow-matching.md, "Against the published code").

    /usr/bin/python3 bench/mfm_paths.py CSV --holdout K [--bandwidth-k N | --bandwidth S] [--alpha A]
        [--whiten] [--metric-cells pair|all|balanced] [--noise S] [--lr LR] [--random-init]
        [--steps N] [--seed S]

CSV: first column the time point, then the features. For each consecutive pair of training time
points (k left out) a LAND metric is fitted to the cells of the pair (or of all training time
points, or a balanced subset of the pair), summed over all its cells (at most 4,096): bandwidth
sigma the median distance to the N-th nearest cell (or S), rho = sigma^2 / 16. phi (3 x 64 SELU,
input [x0 | x1 | t], zero output layer unless --random-init) is trained for --steps AdamW steps on
exact minibatch OT pairs (256 per time point) to minimise mean sum_j g_j(x_t) u_j^2, x_t the mean
path plus --noise Gaussian noise. Then the exact OT plan between the cells of k - 1 and k + 1 is
moved to the held-out time along the straight line ("straight", the OT-interpolation baseline) and
along the learned path ("learned"), and both are scored by exact W1 against the cells of k. Also
printed: the mean distance of the cells of k to the nearest training cell and to the nearest other
cell of k (--steps 0 skips the training). Prints one JSON line.
"""
import argparse
import json
import time

import numpy as np
import ot
import torch

p = argparse.ArgumentParser()
p.add_argument("csv")
p.add_argument("--holdout", type=int, required=True)
p.add_argument("--bandwidth-k", type=int, default=8)
p.add_argument("--bandwidth", type=float, default=None)
p.add_argument("--alpha", type=float, default=1.0)
p.add_argument("--whiten", action="store_true")
p.add_argument("--metric-cells", choices=["pair", "all", "balanced"], default="pair")
p.add_argument("--noise", type=float, default=0.0)
p.add_argument("--lr", type=float, default=1e-3)
p.add_argument("--random-init", action="store_true")
p.add_argument("--steps", type=int, default=250)
p.add_argument("--batch", type=int, default=256)
p.add_argument("--seed", type=int, default=1)
a = p.parse_args()
torch.set_num_threads(1)
torch.manual_seed(a.seed)
rng = np.random.default_rng(a.seed)

raw = np.loadtxt(a.csv, delimiter=",", skiprows=1)
labels, cells = raw[:, 0], raw[:, 1:].astype(np.float32)
times = sorted(set(labels.tolist()))
snaps = [torch.from_numpy(cells[labels == t]) for t in times]
d, k = cells.shape[1], a.holdout
train = [i for i in range(len(times)) if i != k]
pairs = list(zip(train[:-1], train[1:]))
# whitening: the metric sees x / s, s the standard deviation of the training cells per column
scale = torch.cat([snaps[i] for i in train]).std(0) if a.whiten else torch.ones(d)


def support_of(s, e):
    if a.metric_cells == "all":
        y = torch.cat([snaps[i] for i in train])
    elif a.metric_cells == "balanced":
        m = min(len(snaps[s]), len(snaps[e]))
        y = torch.cat([snaps[s][torch.randperm(len(snaps[s]))[:m]], snaps[e][torch.randperm(len(snaps[e]))[:m]]])
    else:
        y = torch.cat([snaps[s], snaps[e]])
    y = y / scale
    return y[torch.randperm(len(y))[:4096]] if len(y) > 4096 else y


metrics = []
for s, e in pairs:
    y = support_of(s, e)
    nth = min(a.bandwidth_k, len(y) - 1)
    sigma = a.bandwidth or float(torch.cdist(y, y).sort(1).values[:, nth].median())
    metrics.append((y, sigma, sigma * sigma / 16))


def land(x, y, sigma, rho):
    """g(x) of LAND in the original coordinates: g_z(x / s) / s^2."""
    z = x / scale
    w = torch.exp(-torch.cdist(z, y) ** 2 / (2 * sigma * sigma))
    h = torch.einsum("bn,bnd->bd", w, (y[None] - z[:, None]) ** 2)
    return (h + rho) ** (-a.alpha) / scale ** 2


phi = torch.nn.Sequential(torch.nn.Linear(2 * d + 1, 64), torch.nn.SELU(), torch.nn.Linear(64, 64), torch.nn.SELU(),
                          torch.nn.Linear(64, 64), torch.nn.SELU(), torch.nn.Linear(64, d))
if not a.random_init:
    torch.nn.init.zeros_(phi[-1].weight)
    torch.nn.init.zeros_(phi[-1].bias)


def path(x0, x1, t):
    """mu_t = (1 - t) x0 + t x1 + gamma(t) phi, u_t = x1 - x0 + gamma' phi + gamma dphi/dt."""
    def f(tt):
        return phi(torch.cat([x0, x1, tt], 1))
    out, dfdt = torch.autograd.functional.jvp(f, (t,), (torch.ones_like(t),), create_graph=True)
    g = 2 * t * (1 - t)
    return (1 - t) * x0 + t * x1 + g * out, x1 - x0 + (2 - 4 * t) * out + g * dfdt


def draw(x, n):
    return x[torch.from_numpy(rng.integers(0, len(x), n))]


def ot_pairs(x0, x1):
    plan = ot.emd(ot.unif(len(x0)), ot.unif(len(x1)), (torch.cdist(x0, x1) ** 2).double().numpy())
    flat = plan.flatten() / plan.sum()
    i, j = np.divmod(rng.choice(flat.size, size=len(x0), p=flat), plan.shape[1])
    return x0[i], x1[j]


opt = torch.optim.AdamW(phi.parameters(), lr=a.lr, weight_decay=1e-5)
start = time.time()
for _ in range(a.steps):
    loss = 0
    for q, (s, e) in enumerate(pairs):
        x0, x1 = ot_pairs(draw(snaps[s], a.batch), draw(snaps[e], a.batch))
        mu, u = path(x0, x1, torch.rand(a.batch, 1))
        xt = mu + a.noise * torch.randn_like(mu)
        loss = loss + (land(xt, *metrics[q]) * (u / (times[e] - times[s])) ** 2).sum(1).mean()
    opt.zero_grad()
    (loss / len(pairs)).backward()
    opt.step()

before, after = snaps[k - 1], snaps[k + 1]
plan = ot.emd(ot.unif(len(before)), ot.unif(len(after)), (torch.cdist(before, after) ** 2).double().numpy(),
              numItermax=10 ** 7)
i, j = np.nonzero(plan > 1e-12)
w = plan[i, j] / plan[i, j].sum()
f = (times[k] - times[k - 1]) / (times[k + 1] - times[k - 1])
x0, x1 = before[i], after[j]
mu, _ = path(x0, x1, torch.full((len(i), 1), f))


def w1(x):
    return float(ot.emd2(w, ot.unif(len(snaps[k])), torch.cdist(x.double(), snaps[k].double()).numpy(),
                         numItermax=10 ** 7))


# is k on the manifold of the remaining points? its cells' mean distance to the nearest training
# cell against their own spacing (mean distance to the nearest other cell of k)
to_training = float(torch.cdist(snaps[k], torch.cat([snaps[i] for i in train])).min(1).values.mean())
spacing = float(torch.cdist(snaps[k], snaps[k]).sort(1).values[:, 1].mean())
print(json.dumps({"straight": round(w1((1 - f) * x0 + f * x1), 4), "learned": round(w1(mu.detach()), 4),
                  "bandwidths": [round(m[1], 4) for m in metrics], "seconds": round(time.time() - start, 1),
                  "heldout_to_training": round(to_training, 4), "heldout_spacing": round(spacing, 4)}))

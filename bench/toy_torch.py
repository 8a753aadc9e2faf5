#!/usr/bin/env python3
"""The toy OT-CFM / I-CFM training loop in PyTorch + POT, timed, as the reference side of
bench/toy.sh: MLP 3x64 SELU with time as an input column, Adam lr 1e-3, batch 256, sigma 0.1,
exact minibatch OT (POT emd, pairs resampled from the plan) for OT-CFM.

usage: toy_torch.py --matcher otcfm|icfm --steps N --threads T [--seed S]
Prints one JSON line: {"impl": "torch", "steps_per_second": ..., "ms_per_step": ..., ...}
Run with Debian's python3 (python3-torch, python3-pot)."""
import argparse, json, math, time
import numpy as np, torch, ot

p = argparse.ArgumentParser()
p.add_argument("--matcher", default="otcfm"); p.add_argument("--steps", type=int, default=2000)
p.add_argument("--threads", type=int, default=1); p.add_argument("--seed", type=int, default=0)
p.add_argument("--batch", type=int, default=256); p.add_argument("--sigma", type=float, default=0.1)
a = p.parse_args()
torch.set_num_threads(a.threads); torch.manual_seed(a.seed); rng = np.random.default_rng(a.seed)

def gaussian(n):
    return torch.randn(n, 2)

def moons(n):
    ang = torch.rand(n) * math.pi; up = torch.rand(n) < 0.5
    x = torch.where(up, torch.cos(ang), 1 - torch.cos(ang))
    y = torch.where(up, torch.sin(ang), 1 - torch.sin(ang) - 0.5)
    pts = torch.stack([x, y], 1) + 0.2 * torch.randn(n, 2)
    return 3 * pts - 1

w = 64
net = torch.nn.Sequential(torch.nn.Linear(3, w), torch.nn.SELU(), torch.nn.Linear(w, w), torch.nn.SELU(),
                          torch.nn.Linear(w, w), torch.nn.SELU(), torch.nn.Linear(w, 2))
opt = torch.optim.Adam(net.parameters(), lr=1e-3)

def couple(x0, x1):
    if a.matcher != "otcfm":
        return x0, x1
    M = torch.cdist(x0, x1) ** 2
    pi = ot.emd(ot.unif(x0.shape[0]), ot.unif(x1.shape[0]), M.double().numpy())
    pf = pi.flatten(); pf = pf / pf.sum()
    ch = rng.choice(pf.shape[0], size=x0.shape[0], p=pf)
    i, j = np.divmod(ch, pi.shape[1])
    return x0[i], x1[j]

def step():
    x0, x1 = couple(gaussian(a.batch), moons(a.batch))
    t = torch.rand(a.batch, 1)
    xt = (1 - t) * x0 + t * x1 + a.sigma * torch.randn_like(x0)
    ut = x1 - x0
    loss = ((net(torch.cat([xt, t], 1)) - ut) ** 2).mean()
    opt.zero_grad(); loss.backward(); opt.step()
    return float(loss)

t0 = time.perf_counter()
for _ in range(a.steps):
    loss = step()
el = time.perf_counter() - t0
print(json.dumps({"impl": "torch " + torch.__version__ + " + POT " + ot.__version__, "matcher": a.matcher,
                  "threads": a.threads, "steps": a.steps, "steps_per_second": round(a.steps / el, 1),
                  "ms_per_step": round(1000 * el / a.steps, 4), "final_loss": loss}))

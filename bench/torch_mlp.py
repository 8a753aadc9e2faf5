"""The PyTorch side of bench/mlp.sh: one MLP training step (forward, MSE, backward, Adam).

Same work as `fm4j bench mlp`: batch 256 with 5+1 -> 64 x 3 -> 5 and batch 1024 with
100+1 -> 512 x 3 -> 100 (time as an extra input column), SiLU, Adam(lr=1e-3), MSE to a random
target. Warm-up, then timed blocks; the median ms/step is reported.

    /usr/bin/python3 bench/torch_mlp.py --threads 1 [--repeats 7] [--scale 1.0] [--json]
"""
import argparse
import json
import statistics
import sys
import time

import torch

SIZES = [("small", 256, 5, 64, 1000), ("large", 1024, 100, 512, 40)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--size", default="small,large")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    wanted = a.size.lower().split(",")
    rows = []
    for name, batch, dim, width, steps in SIZES:
        if name not in wanted:
            continue
        act = torch.nn.SiLU
        net = torch.nn.Sequential(
            torch.nn.Linear(dim + 1, width), act(), torch.nn.Linear(width, width), act(),
            torch.nn.Linear(width, width), act(), torch.nn.Linear(width, dim))
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
        x = torch.randn(batch, dim + 1)
        y = torch.randn(batch, dim)
        steps = max(1, round(steps * a.scale))

        def step():
            loss = ((net(x) - y) ** 2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()

        for _ in range(max(steps, 200)):
            step()
        blocks = []
        for _ in range(a.repeats):
            t0 = time.perf_counter()
            for _ in range(steps):
                step()
            blocks.append(1000 * (time.perf_counter() - t0) / steps)
        rows.append({"size": name, "batch": batch, "msPerStep": statistics.median(blocks),
                     "msPerStepMin": min(blocks), "msPerStepBlocks": blocks})
        if not a.json:
            print(f"torch {torch.__version__} threads={torch.get_num_threads()} B={batch} "
                  f"{dim}->{width}x3->{dim}: {rows[-1]['msPerStep']:.3f} ms/step "
                  f"(min {rows[-1]['msPerStepMin']:.3f})")
    if a.json:
        print(json.dumps({"benchmark": "mlp_train_step", "torch": torch.__version__,
                          "threads": torch.get_num_threads(), "sizes": rows}))


if __name__ == "__main__":
    sys.exit(main())

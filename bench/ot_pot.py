"""Python side of bench/ot.sh: writes the benchmark point clouds and times POT on them.

    /usr/bin/python3 bench/ot_pot.py generate DIR
    /usr/bin/python3 bench/ot_pot.py time DIR [--repeat R] [--skip-large] [--cases GROUPS]

'generate' writes float32 .npy files (both sides read exactly these values). 'time' runs POT
(Debian's python3-pot 0.8.2) on every case of the groups named by --cases (W1, MINIBATCH,
SINKHORN, comma-separated; default all) and prints one JSON line: for each case the median
time over R runs, all runs, and the cost. Costs are computed the way POT users do:
ot.dist(x, y, 'euclidean') + ot.emd2 for W1, ot.dist (squared Euclidean) + ot.emd for the
OT-CFM minibatch plan, ot.sinkhorn on M / M.max() for entropic OT. emd gets numItermax=1e9 so that
it reaches optimality on 5,000 x 5,000 (its default of 100,000 pivots stops early there).
"""
import argparse
import json
import os
import statistics
import time
import warnings

import numpy as np

CASES = [
    # name, n, m, d, seed
    ("w1_2000", 2000, 2000, 10, 1),
    ("w1_5000", 5000, 5000, 10, 2),
    ("w1_1429x3781", 1429, 3781, 2, 3),
    ("w1_2000x3000_10d", 2000, 3000, 10, 4),
]
MINIBATCHES = [("minibatch_d2", 2, 5), ("minibatch_d50", 50, 6)]
BATCHES, BATCH = 100, 256


def eight_gaussians(rng, n):
    centers = np.array([(np.cos(t), np.sin(t)) for t in np.arange(8) * np.pi / 4]) * 5
    return centers[rng.integers(0, 8, n)] + 0.5 * rng.standard_normal((n, 2))


def generate(args):
    os.makedirs(args.dir, exist_ok=True)
    for name, n, m, d, seed in CASES:
        rng = np.random.default_rng(seed)
        x = rng.standard_normal((n, d))
        y = rng.standard_normal((m, d)) * 0.8 + 0.5
        np.save(os.path.join(args.dir, name + "_x.npy"), x.astype(np.float32))
        np.save(os.path.join(args.dir, name + "_y.npy"), y.astype(np.float32))
    for name, d, seed in MINIBATCHES:
        rng = np.random.default_rng(seed)
        x0 = rng.standard_normal((BATCHES * BATCH, d))
        if d == 2:
            x1 = eight_gaussians(rng, BATCHES * BATCH)
        else:
            x1 = rng.standard_normal((BATCHES * BATCH, d)) * 0.5 + 1.0
        np.save(os.path.join(args.dir, name + "_x.npy"), x0.astype(np.float32))
        np.save(os.path.join(args.dir, name + "_y.npy"), x1.astype(np.float32))


def load(d, name):
    x = np.load(os.path.join(d, name + "_x.npy")).astype(np.float64)
    y = np.load(os.path.join(d, name + "_y.npy")).astype(np.float64)
    return x, y


def timed(fn, repeat):
    """Wall-clock times (ms) of REPEAT calls, the median process CPU time (ms), the last value."""
    runs, cpu, value = [], [], None
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        value = fn()
        runs.append((time.perf_counter() - t0) * 1e3)
        cpu.append((time.process_time() - c0) * 1e3)
    return runs, statistics.median(cpu), value


def groups_of(text):
    groups = {g.strip().upper() for g in text.split(",")}
    unknown = groups - {"W1", "MINIBATCH", "SINKHORN"}
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown case group(s) {sorted(unknown)}; expected W1, MINIBATCH or SINKHORN")
    return groups


def time_cases(args):
    import ot

    out = {"pot_version": ot.__version__, "cases": []}
    groups = args.cases
    for name, n, m, d, _ in CASES if "W1" in groups else []:
        if args.skip_large and n * m > 10_000_000:
            continue
        x, y = load(args.dir, name)
        a, b = np.full(n, 1.0 / n), np.full(m, 1.0 / m)

        def w1():
            M = ot.dist(x, y, metric="euclidean")
            return ot.emd2(a, b, M, numItermax=10 ** 9)

        runs, cpu, cost = timed(w1, args.repeat)
        out["cases"].append({"name": name, "n": n, "m": m, "d": d, "runs_ms": runs,
                             "median_ms": statistics.median(runs), "cpu_median_ms": cpu,
                             "cost": float(cost)})
        print(f"POT {name}: {statistics.median(runs):.1f} ms", file=os.sys.stderr, flush=True)

    for name, d, _ in MINIBATCHES if "MINIBATCH" in groups else []:
        x0, x1 = load(args.dir, name)
        a = np.full(BATCH, 1.0 / BATCH)
        per, total = [], 0.0
        for bidx in range(BATCHES):
            xs, ys = x0[bidx * BATCH:(bidx + 1) * BATCH], x1[bidx * BATCH:(bidx + 1) * BATCH]
            t0 = time.perf_counter()
            M = ot.dist(xs, ys)
            G = ot.emd(a, a, M)
            per.append((time.perf_counter() - t0) * 1e3)
            total += float(np.sum(G * M))
        out["cases"].append({"name": name, "n": BATCH, "m": BATCH, "d": d, "batches": BATCHES,
                             "runs_ms": per, "median_ms": statistics.median(per),
                             "cost": total / BATCHES})
        print(f"POT {name}: {statistics.median(per):.2f} ms per solve", file=os.sys.stderr,
              flush=True)

    x, y = load(args.dir, "w1_2000")
    n = x.shape[0]
    a = np.full(n, 1.0 / n)
    for eps in [0.1, 0.01] if "SINKHORN" in groups else []:
        for method in ["sinkhorn", "sinkhorn_log"]:
            def sk():
                M = ot.dist(x, y)
                Mn = M / M.max()
                G, log = ot.sinkhorn(a, a, Mn, eps, method=method, stopThr=1e-9,
                                     numItermax=100_000, log=True)
                return float(np.sum(G * M)), log

            with warnings.catch_warnings():
                warnings.simplefilter("error")
                runs, cpu, (cost, log) = timed(sk, args.repeat)
            # POT's loop variable ii counts from 0 and log["niter"] is its last value: the
            # number of iterations carried out is one more
            its = log["niter"] + 1
            kind = "log" if method.endswith("log") else "kernel"
            out["cases"].append({"name": f"sinkhorn_2000_eps{eps}_{kind}", "n": n, "m": n,
                                 "d": x.shape[1], "epsilon": eps, "scaling": "max",
                                 "runs_ms": runs, "median_ms": statistics.median(runs),
                                 "cpu_median_ms": cpu, "cost": cost, "iterations": int(its)})
            print(f"POT sinkhorn eps {eps} ({method}): {statistics.median(runs):.1f} ms",
                  file=os.sys.stderr, flush=True)
    print(json.dumps(out))


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("dir")
    t = sub.add_parser("time")
    t.add_argument("dir")
    t.add_argument("--repeat", type=int, default=3)
    t.add_argument("--skip-large", action="store_true")
    t.add_argument("--cases", default="W1,MINIBATCH,SINKHORN", type=groups_of)
    args = p.parse_args()
    generate(args) if args.cmd == "generate" else time_cases(args)

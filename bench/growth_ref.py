"""Python side of bench/growth.sh: the published WFR-FM code on any time-course CSV and seed.

    /usr/bin/python3 bench/growth_ref.py --root WFRFM_DIR --reference DIR --experiment NAME [--data CSV --dim D]
        [--delta X] [--seed S] [--epochs E] [--hold-out K] [--threads T]

NAME is a key of the repository's EXPERIMENTS (src/experiment_configs.py). With --data the
experiment's configuration is kept (network, batch, learning rate, EMA) but reads CSV (first column
'samples', then D feature columns); populations above 2000 cells are then coupled in the
repository's random chunks (use_mini_batch, chunk_size 2000), as fm4j splits plans over 2^23
entries. --delta and --seed replace the configuration's. The run itself is ref_wfrfm_run.py of
the reference folder DIR (../shared/reference), whose last JSON line is printed last with the process
CPU seconds (every thread) of the plans and of plans + training added: uot_cpu_seconds,
pretrain_cpu_seconds, and cpu_sec_per_epoch of the training loop.
"""
import argparse
import dataclasses
import os
import sys

p = argparse.ArgumentParser()
p.add_argument("--root", required=True)
p.add_argument("--reference", required=True)
p.add_argument("--experiment", required=True)
p.add_argument("--data")
p.add_argument("--dim", type=int)
p.add_argument("--delta", type=float)
p.add_argument("--seed", type=int)
p.add_argument("--epochs")
p.add_argument("--hold-out")
p.add_argument("--threads", default="2")
a = p.parse_args()

sys.path.insert(0, os.path.join(a.root, "src"))
sys.path.insert(0, a.reference)
import experiment_configs  # noqa: E402  (the module ref_wfrfm_run imports, changed in place)

cfg = experiment_configs.EXPERIMENTS[a.experiment]
changes = {}
if a.data:
    import pandas as pd

    n = pd.read_csv(a.data).groupby("samples").size().max()
    changes.update(data_file=os.path.abspath(a.data), dim=a.dim, use_mini_batch=bool(n > 2000), chunk_size=2000,
                   report_growth_correlation=False, plot_comparison=False,
                   experiment_name=os.path.splitext(os.path.basename(a.data))[0])
if a.delta is not None:
    changes["delta"] = a.delta
if a.seed is not None:
    changes["seed"] = a.seed
if changes:
    name = changes.get("experiment_name", cfg.experiment_name)
    changes["experiment_name"] = "%s_seed%s" % (name, changes.get("seed", cfg.seed))
    experiment_configs.EXPERIMENTS[a.experiment] = dataclasses.replace(cfg, **changes)

import contextlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402

import experiment_runner  # noqa: E402
import ref_wfrfm_run  # noqa: E402
import train  # noqa: E402

cpu = {}


def cpu_timed(fn, key):
    """fn, with the process CPU time (every thread) of its calls added to cpu[key]."""

    def timed(*args, **kwargs):
        c0 = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            cpu[key] = cpu.get(key, 0.0) + time.process_time() - c0

    return timed


# ref_wfrfm_run wraps these two for its wall-clock timing; wrapped here first, they add CPU time.
train.compute_uot_plans = cpu_timed(train.compute_uot_plans, "uot_cpu_seconds")
experiment_runner.pretrain = cpu_timed(experiment_runner.pretrain, "pretrain_cpu_seconds")

sys.argv = ["ref_wfrfm_run.py", "--root", a.root, "--experiment", a.experiment, "--threads", a.threads]
if a.epochs:
    sys.argv += ["--epochs", a.epochs]
if a.hold_out:
    sys.argv += ["--hold-out", a.hold_out]
out = io.StringIO()
with contextlib.redirect_stdout(out):
    ref_wfrfm_run.main()
lines = out.getvalue().rstrip("\n").split("\n")
result = json.loads(lines[-1])
result.update({k: round(v, 2) for k, v in cpu.items()})
epochs = result.get("epochs") or 0
if epochs and "pretrain_cpu_seconds" in cpu:
    result["cpu_sec_per_epoch"] = round((cpu["pretrain_cpu_seconds"] - cpu.get("uot_cpu_seconds", 0.0)) / epochs, 5)
print("\n".join(lines[:-1]))
print(json.dumps(result))

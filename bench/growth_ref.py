"""Python side of bench/growth.sh: the published WFR-FM code on any time-course CSV and seed.

    /usr/bin/python3 bench/growth_ref.py --root WFRFM_DIR --reference DIR --experiment NAME [--data CSV --dim D]
        [--delta X] [--seed S] [--epochs E] [--hold-out K] [--threads T]

NAME is a key of the repository's EXPERIMENTS (src/experiment_configs.py). With --data the
experiment's configuration is kept (network, batch, learning rate, EMA) but reads CSV (first column
'samples', then D feature columns); populations above 2000 cells are then coupled in the
repository's random chunks (use_mini_batch, chunk_size 2000), as fm4j splits plans over 2^23
entries. --delta and --seed replace the configuration's. The run itself is ref_wfrfm_run.py of
the reference folder DIR (../shared/reference), which prints one JSON line last.
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

import ref_wfrfm_run  # noqa: E402

sys.argv = ["ref_wfrfm_run.py", "--root", a.root, "--experiment", a.experiment, "--threads", a.threads]
if a.epochs:
    sys.argv += ["--epochs", a.epochs]
if a.hold_out:
    sys.argv += ["--hold-out", a.hold_out]
ref_wfrfm_run.main()

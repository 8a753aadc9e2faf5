"""Growth-rate correlation of an fm4j run on WFR-FM's gene-circuit simulation.

    /usr/bin/python3 bench/growth_gene_corr.py DATA_CSV RUN_DIR

DATA_CSV is the repository's data/simulation_gene_data.csv (columns samples, x1, x2), RUN_DIR the
--out folder of `fm4j trajectory --data DATA_CSV --matcher wfr --fit-all ...`. Prints the Pearson
correlation, over every observed cell at its own time, of the learned growth rate (growth.csv, rows
in the order of the data, which is sorted by time) with the simulation's birth rate
x2^2 / (1 + x2^2), as the published evaluation does (a constant death rate and the unit of time do
not change a correlation).
"""
import csv
import sys

import numpy as np

data, run = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(data)))
order = np.argsort([float(r["samples"]) for r in rows], kind="stable")
x2 = np.array([float(rows[i]["x2"]) for i in order])
learned = np.array([float(r["fm_growth"]) for r in csv.DictReader(open(run + "/growth.csv"))])
if len(learned) != len(x2):
    sys.exit(f"{run}/growth.csv has {len(learned)} rows, {data} {len(x2)} cells")
print(f"{np.corrcoef(x2 ** 2 / (1 + x2 ** 2), learned)[0, 1]:.4f}")

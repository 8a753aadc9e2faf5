"""Writes the tiny time course that TimeCourseLoaderTest reads, as a CSV and as an AnnData file.

Run with Debian's interpreter from the repository root:

    /usr/bin/python3 fm4j-cell/src/test/python/gen_trajectory_fixtures.py

Seven cells in two genes at days 0, 1 and 3 (three, two and two cells), in shuffled row order.
Cell i has g1 = 10 day + i and g2 = i % 2. The CSV has the columns g1, day, g2 (the time column
is not the first). The AnnData file has X = [g1, g2], obs 'day' (float), obs 'stage' (an ordered
categorical early < mid < late, categories listed out of alphabetical order) and obsm 'X_pca' =
[2 g1, -g2, 1] (three columns).
"""
import os

import anndata as ad
import numpy as np
import pandas as pd

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "org", "flowmatch4j", "tasks", "trajectory")
DAY = np.array([1.0, 0.0, 3.0, 0.0, 1.0, 3.0, 0.0])
I = np.arange(len(DAY))
G1 = 10 * DAY + I
G2 = (I % 2).astype(float)
STAGE = {0.0: "early", 1.0: "mid", 3.0: "late"}

os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "tiny_course.csv"), "w") as f:
    f.write("g1,day,g2\n")
    for i in I:
        f.write(f"{G1[i]:g},{DAY[i]:g},{G2[i]:g}\n")

obs = pd.DataFrame(
    {
        "day": DAY,
        "stage": pd.Categorical([STAGE[d] for d in DAY], categories=["early", "mid", "late"], ordered=True),
    },
    index=[f"cell{i}" for i in I],
)
a = ad.AnnData(X=np.stack([G1, G2], axis=1).astype(np.float32), obs=obs, var=pd.DataFrame(index=["g1", "g2"]))
a.obsm["X_pca"] = np.stack([2 * G1, -G2, np.ones_like(G1)], axis=1).astype(np.float32)
a.write_h5ad(os.path.join(OUT, "tiny_course.h5ad"))

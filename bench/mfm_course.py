"""The cells of a time-course CSV (first column the time point, then the features) by time index,
for the bench scripts that study one held-out interior time point k (mfm_branches.py,
mfm_reach_prototype.py)."""
import numpy as np


def heldout_course(csv, k):
    """The sorted time points and a dict index -> cells (rows x features); exits with one sentence
    when k is not an interior time point."""
    d = np.loadtxt(csv, delimiter=",", skiprows=1)
    times = np.unique(d[:, 0])
    if not 0 < k < len(times) - 1:
        raise SystemExit(f"{csv}: --holdout must be an interior time point (1 .. {len(times) - 2}), got {k}")
    return times, {i: d[d[:, 0] == t, 1:] for i, t in enumerate(times)}

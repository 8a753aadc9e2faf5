"""Golden leave-one-section-out choices of ridge's alpha and kNN's k for SectionCvTest (scikit-learn).

Run with Debian's interpreter:  /usr/bin/python3 fm4j-cell/src/test/python/gen_section_cv_goldens.py
Writes fm4j-cell/src/test/resources/org/flowmatch4j/tasks/spatial/section_cv_golden.txt:
  line 1: n d g (rows, features, targets), then the sections' sizes on line 2
  next n lines: the features of one row (sections one after the other), then n lines of targets
  then, for ridge and for kNN, three lines: the grid, the cross-validated score of each value, the chosen value
The score of a value is GridSearchCV's mean_test_score with LeaveOneGroupOut over the sections and the
mean Pearson correlation over targets as the scorer; the model is StandardScaler then Ridge (or
KNeighborsRegressor, brute force) fitted to the other sections; the chosen value is best_params_.
"""
import os
import numpy as np
from sklearn.model_selection import GridSearchCV, LeaveOneGroupOut
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import Ridge
from sklearn.neighbors import KNeighborsRegressor
from sklearn.metrics import make_scorer

rng = np.random.default_rng(15)
sizes = [14, 17, 12]
n, d, g = sum(sizes), 8, 3
groups = np.repeat(np.arange(len(sizes)), sizes)
x = (rng.normal(size=(n, d)) * rng.uniform(0.5, 20, size=d) + rng.normal(size=d) * 5).astype(np.float32)
w = np.zeros((d, g))
w[0] = [1.0, -0.5, 0.3]
w[3] = [0.2, 0.8, -0.6]
xs = (x - x.mean(0)) / x.std(0)
y = (xs @ w + 1.2 * rng.normal(size=(n, g)) + groups[:, None] * 0.3).astype(np.float32)
x64, y64 = x.astype(np.float64), y.astype(np.float64)


def mean_pearson(y_true, y_pred):
    return np.mean([np.corrcoef(y_true[:, j], y_pred[:, j])[0, 1] for j in range(y_true.shape[1])])


def search(estimator, name, grid):
    gs = GridSearchCV(make_pipeline(StandardScaler(), estimator), {name: grid}, cv=LeaveOneGroupOut(),
                      scoring=make_scorer(mean_pearson))
    gs.fit(x64, y64, groups=groups)
    return gs.cv_results_["mean_test_score"], gs.best_params_[name]


ridge_grid = [10 ** (e / 2) for e in range(-4, 9)]
knn_grid = [1, 2, 3, 5, 7, 10, 15, 20]
ridge_score, ridge_best = search(Ridge(), "ridge__alpha", ridge_grid)
knn_score, knn_best = search(KNeighborsRegressor(algorithm="brute"), "kneighborsregressor__n_neighbors", knn_grid)
assert ridge_grid[0] < ridge_best < ridge_grid[-1], "the golden's alpha should be inside the grid"

out = os.path.join(os.path.dirname(__file__), "..", "resources", "org", "flowmatch4j", "tasks", "spatial",
                   "section_cv_golden.txt")
with open(out, "w") as f:
    f.write(f"{n} {d} {g}\n" + " ".join(map(str, sizes)) + "\n")
    for m in (x, y):
        for row in m:
            f.write(" ".join(repr(float(v)) for v in row) + "\n")
    for grid, score, best in ((ridge_grid, ridge_score, ridge_best), (knn_grid, knn_score, knn_best)):
        f.write(" ".join(repr(float(v)) for v in grid) + "\n")
        f.write(" ".join(repr(float(v)) for v in score) + "\n")
        f.write(repr(float(best)) + "\n")
print("wrote", out, "ridge alpha", ridge_best, "knn k", knn_best)
print("ridge scores", np.round(ridge_score, 4), "knn scores", np.round(knn_score, 4))

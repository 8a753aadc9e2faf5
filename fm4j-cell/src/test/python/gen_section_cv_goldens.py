"""Golden leave-one-section-out choices of ridge's alpha and kNN's k for SectionCvTest (scikit-learn).

Run with Debian's interpreter:  /usr/bin/python3 fm4j-cell/src/test/python/gen_section_cv_goldens.py
Writes fm4j-cell/src/test/resources/org/flowmatch4j/tasks/spatial/section_cv_golden.txt:
  line 1: n d g (rows, features, targets), then the sections' sizes on line 2
  next n lines: the features of one row (sections one after the other), then n lines of targets
  then, for ridge and for kNN, three lines: the grid, the cross-validated score of each value, the chosen value
  then the same three lines for kernel ridge (grid and choice as alpha, gamma-scale pairs, gamma = scale / d)
  then one kernel ridge setting (alpha, gamma-scale) and its prediction of section 3 fitted to sections 1 and 2
  (row after row)
The score of a value is GridSearchCV's mean_test_score with LeaveOneGroupOut over the sections and the
mean Pearson correlation over targets as the scorer; the model is StandardScaler then Ridge (or
KNeighborsRegressor, brute force, or KernelRidge with the RBF kernel fitted to the targets minus their
mean, which TransformedTargetRegressor adds back) fitted to the other sections; the chosen value is
best_params_.
"""
import os
import numpy as np
from sklearn.model_selection import GridSearchCV, LeaveOneGroupOut
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import Ridge
from sklearn.neighbors import KNeighborsRegressor
from sklearn.metrics import make_scorer
from sklearn.kernel_ridge import KernelRidge
from sklearn.compose import TransformedTargetRegressor

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

# kernel ridge: fm4j's default grid, alpha outer, gamma scale inner
krr_grid = [(a, c) for a in (0.1, 1, 10) for c in (0.1, 0.3, 1)]


def centred_krr(alpha, scale):
    return TransformedTargetRegressor(regressor=KernelRidge(alpha=alpha, kernel="rbf", gamma=scale / d),
                                      transformer=StandardScaler(with_std=False))


krr_score = []
for a, c in krr_grid:
    gs = GridSearchCV(make_pipeline(StandardScaler(), centred_krr(a, c)), {}, cv=LeaveOneGroupOut(),
                      scoring=make_scorer(mean_pearson))
    gs.fit(x64, y64, groups=groups)
    krr_score.append(gs.cv_results_["mean_test_score"][0])
krr_best = krr_grid[int(np.argmax(krr_score))]
assert krr_best not in (krr_grid[0], krr_grid[-1]), "the golden's kernel ridge setting should be inside the grid"
one = (1.0, 0.3)
fit_rows = groups < 2
krr_pred = make_pipeline(StandardScaler(), centred_krr(*one)).fit(x64[fit_rows], y64[fit_rows]).predict(x64[~fit_rows])

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
    f.write(" ".join(repr(float(v)) for p in krr_grid for v in p) + "\n")
    f.write(" ".join(repr(float(v)) for v in krr_score) + "\n")
    f.write(" ".join(repr(float(v)) for v in krr_best) + "\n")
    f.write(" ".join(repr(float(v)) for v in one) + "\n")
    f.write(" ".join(repr(float(v)) for v in krr_pred.ravel()) + "\n")
print("wrote", out, "ridge alpha", ridge_best, "knn k", knn_best)
print("kernel ridge", krr_best, np.round(krr_score, 4))
print("ridge scores", np.round(ridge_score, 4), "knn scores", np.round(knn_score, 4))

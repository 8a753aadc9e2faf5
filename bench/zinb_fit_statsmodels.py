"""statsmodels side of bench/zinb_fit.sh: fits the genes fm4j fitted (same columns, same size
factors L_i / mean(L)) with NegativeBinomial (NB2) or ZeroInflatedNegativeBinomialP (p = 2) on an
intercept with offset log(s_i), times the fits, and prints one JSON object with the time and each
gene's maximised log-likelihood."""
import json
import sys
import time
import warnings

import anndata as ad
import numpy as np
from statsmodels.discrete.count_model import ZeroInflatedNegativeBinomialP
from statsmodels.discrete.discrete_model import NegativeBinomial

warnings.filterwarnings("ignore")
ours = json.loads(sys.argv[2])
a = ad.read_h5ad(sys.argv[1])
x = a.layers["counts"] if "counts" in a.layers else a.X
lib = np.asarray(x.sum(axis=1)).ravel()
s = lib / lib.mean()
keep = s > 0  # cells without counts have likelihood 1 and are left out (as fm4j does)
cols = [int(c) for c in ours["columns"]]
y_all = np.asarray(x[:, cols].todense() if hasattr(x, "todense") else x[:, cols])[keep]
off = np.log(s[keep])
ones = np.ones((keep.sum(), 1))


def fit_gene(y):
    nb = NegativeBinomial(y, ones, offset=off, loglike_method="nb2").fit(method="newton", maxiter=200, disp=0)
    if ours["model"] == "NB":
        return nb.llf
    m = ZeroInflatedNegativeBinomialP(y, ones, exog_infl=ones, offset=off, p=2, inflation="logit")
    rough = m.fit(start_params=np.array([0.0, nb.params[0], nb.params[1]]), method="nm", maxiter=5000, disp=0)
    try:
        best = m.fit(start_params=rough.params, method="newton", maxiter=200, disp=0).llf
    except np.linalg.LinAlgError:  # a singular Hessian at the boundary (pi -> 0): keep the simplex optimum
        best = rough.llf
    return max(best, nb.llf)  # the ZINB family contains the NB (pi -> 0)


loglik = []
failed = 0
t0 = time.perf_counter()
for k in range(len(cols)):
    try:
        loglik.append(fit_gene(y_all[:, k]))
    except np.linalg.LinAlgError:
        loglik.append(float("nan"))
        failed += 1
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "loglik": loglik, "failed": failed}))

#!/usr/bin/env bash
# The built-in gene circuit (GeneCircuit.published(), the course of `fm4j trajectory --demo
# --matcher wfr --demo-process circuit`) against the published data it stands for: per time point
# the cell count and the mean and standard deviation of x1 and x2 of WFR-FM's
# simulation_gene_data.csv and of the circuit's branching population of 400 cells for seeds
# 1..SEEDS (their mean and spread), and the standard error of a mean at the published counts.
#
#   bench/growth_circuit.sh MIRROR [SEEDS]
#     MIRROR  folder with the bare clone QiangweiPeng+WFR-FM/repo (its data/simulation_gene_data.csv)
#     SEEDS   simulated courses (default 10)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mirror="$1"
seeds="${2:-10}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
git --git-dir="$mirror/QiangweiPeng+WFR-FM/repo" show HEAD:data/simulation_gene_data.csv > "$tmp/published.csv"
"$root/fm4j" --version > /dev/null
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jshell="${JAVA_HOME:+$JAVA_HOME/bin/}jshell"
cat > "$tmp/sim.jsh" <<JSH
import java.util.SplittableRandom;
import org.flowmatch4j.tasks.trajectory.GeneCircuit;
var out = new java.io.PrintWriter("$tmp/simulated.csv");
out.println("seed,samples,x1,x2");
for (int s = 1; s <= $seeds; s++) {
  var tc = GeneCircuit.published().branching(400, new double[] {0, 1, 2, 3, 4}, new SplittableRandom(s));
  for (int k = 0; k < tc.size(); k++) {
    var x = tc.snapshot(k);
    for (int i = 0; i < x.rows; i++) {
      out.println(s + "," + k + "," + x.data[2 * i] + "," + x.data[2 * i + 1]);
    }
  }
}
out.close();
/exit
JSH
"$jshell" -q --class-path "$root/fm4j-cli/target/fm4j.jar" "$tmp/sim.jsh" > /dev/null
/usr/bin/python3 - "$tmp/published.csv" "$tmp/simulated.csv" <<'PY'
import sys
import numpy as np
import pandas as pd
pub, sim = pd.read_csv(sys.argv[1]), pd.read_csv(sys.argv[2])
print("| t | cells: published / simulated (mean +- sd over seeds) | x1 mean: published / simulated | x1 sd | x2 mean | x2 sd | standard error of a published mean (x1 / x2) |")
print("|---|---|---|---|---|---|---|")
for t in sorted(pub.samples.unique()):
    p = pub[pub.samples == t]
    per = [g for _, g in sim[sim.samples == t].groupby("seed")]
    cells = np.array([len(g) for g in per])
    stat = lambda f: np.array([f(g) for g in per])
    cols = [f"{len(p)} / {cells.mean():.0f} +- {cells.std(ddof=1):.0f}"]
    for c in ("x1", "x2"):
        m, s = stat(lambda g: g[c].mean()), stat(lambda g: g[c].std(ddof=1))
        cols.append(f"{p[c].mean():.3f} / {m.mean():.3f} +- {m.std(ddof=1):.3f}")
        cols.append(f"{p[c].std(ddof=1):.3f} / {s.mean():.3f} +- {s.std(ddof=1):.3f}")
    se = [p[c].std(ddof=1) / np.sqrt(len(p)) for c in ("x1", "x2")]
    print(f"| {t:g} | " + " | ".join(cols) + f" | {se[0]:.3f} / {se[1]:.3f} |")
PY

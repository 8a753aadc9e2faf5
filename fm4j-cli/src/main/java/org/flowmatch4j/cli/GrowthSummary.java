package org.flowmatch4j.cli;

import java.util.List;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.tasks.trajectory.GrowthResult;

/**
 * The weighted results of a growth run ({@code --matcher wfr|uotcfm}) and how it was set up, from
 * which the {@code growth} section of metrics.json and of the report are made.
 *
 * @param matcher wfr or uotcfm
 * @param lr the learning rate the cosine schedule starts from
 * @param massesSource where the population masses came from, in words
 * @param cells cells observed per time point
 * @param wfrPlan the solver of the WFR plans (wfr only, else null)
 * @param wfrDeltaSource where the WFR length scale came from, in words (wfr only, else null)
 * @param holdouts the leave-one-out result of each held-out time point (empty when not run)
 * @param fitAll the fit-all result, or null when not run
 * @param w1True the demo's W1 of each fit-all prediction to the true marginal, or null
 * @param growthCorrelation the demo's correlation of the learned with the true growth rate (NaN
 *     for real data)
 */
record GrowthSummary(Matcher matcher, double lr, String massesSource, int[] cells, String wfrPlan,
    String wfrDeltaSource, List<GrowthResult> holdouts, GrowthResult fitAll, double[] w1True,
    double growthCorrelation) {

  /** The result whose model the outputs show and whose plans the intervals describe: fit-all, else the last held out. */
  GrowthResult shown() {
    return fitAll != null ? fitAll : holdouts.get(holdouts.size() - 1);
  }

  /** Mean over the held-out time points of the seeds' mean W1. */
  double holdoutW1Mean() {
    double s = 0;
    for (GrowthResult r : holdouts) {
      s += r.w1Mean(0);
    }
    return s / holdouts.size();
  }

  /** Mean over the held-out time points of the seeds' mean mass error. */
  double holdoutMassErrorMean() {
    double s = 0;
    for (GrowthResult r : holdouts) {
      s += r.massErrorMean(0);
    }
    return s / holdouts.size();
  }
}

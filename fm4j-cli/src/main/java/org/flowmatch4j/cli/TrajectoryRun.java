package org.flowmatch4j.cli;

import java.util.List;
import org.flowmatch4j.tasks.trajectory.Baselines;
import org.flowmatch4j.tasks.trajectory.FitAllResult;
import org.flowmatch4j.tasks.trajectory.HoldoutResult;
import org.flowmatch4j.tasks.trajectory.SolverSweep;
import org.flowmatch4j.tasks.trajectory.TimeCourse;
import org.flowmatch4j.tasks.trajectory.TrajectoryConfig;

/**
 * What one {@code fm4j trajectory} run computed, as the task layer returned it: metrics.json
 * ({@link TrajectoryJson}), the printed lines and the report ({@link TrajectoryReport}) are all
 * made from it.
 *
 * @param data the input file, or what the built-in demo simulates
 * @param description what was read from the file (null for the demo)
 * @param times the observed times of the file (null for the demo)
 * @param cfg the settings the models were trained with
 * @param seeds the seeds, one model each
 * @param holdouts the leave-one-out results, or null when that protocol did not run
 * @param fitAll the fit-all result, or null when that protocol did not run
 * @param growth the weighted results of wfr or uotcfm, or null for the other methods
 */
record TrajectoryRun(String data, String description, double[] times, TrajectoryConfig cfg, long[] seeds,
    List<HeldOut> holdouts, FitAllResult fitAll, GrowthSummary growth) {

  /**
   * One held-out time point.
   *
   * @param result the leave-one-out result
   * @param sweep W1 of other solvers and step counts ({@code --nfe-sweep}), or null
   * @param truth what the demo knows of the true process, or null for real data
   * @param geodesicInterpolation W1 of the exact OT plan of the neighbouring time points moved along
   *     the learned path ({@link org.flowmatch4j.tasks.trajectory.Baselines#geodesicInterpolation}),
   *     NaN for a model without a learned path
   */
  record HeldOut(HoldoutResult result, List<SolverSweep.Row> sweep, Truth truth, double geodesicInterpolation) {

    /** {@code h} with its learned-path interpolation scored on {@code tc} when the model has a learned path. */
    static HeldOut of(HoldoutResult h, TimeCourse tc, List<SolverSweep.Row> sweep, Truth truth) {
      double g = h.model().geodesic() == null ? Double.NaN
          : Baselines.geodesicInterpolation(tc, h.k(), h.model().geodesic().phi());
      return new HeldOut(h, sweep, truth, g);
    }
  }

  /**
   * The demo's comparison with the simulated process at a held-out time point.
   *
   * @param w1 W1 between the prediction and a fresh sample of the true marginal
   * @param w1Floor W1 between the observed cells and that fresh sample (sampling noise)
   * @param velocityError relative RMS error of the first seed's velocity against the true drift
   */
  record Truth(double w1, double w1Floor, double velocityError) {}
}

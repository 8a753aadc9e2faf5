package org.flowmatch4j.tasks.trajectory;

/**
 * What a growth protocol measured at its evaluated time points, per seed: the weighted W1 (the
 * prediction's weights normalised) and the relative mass error {@code |sum w - M_k| / M_k}
 * against the population mass M_k ({@link PopulationMasses}).
 *
 * @param ks the evaluated time points (indices into the time course)
 * @param times their observed times
 * @param seeds the seeds trained
 * @param w1 {@code w1[s][i]}: weighted W1 of seed s at time point ks[i]
 * @param massError {@code massError[s][i]}: relative mass error of seed s at ks[i]
 * @param predictedMass {@code predictedMass[s][i]}: the prediction's total weight
 * @param observedMass M_k at each ks[i]
 * @param noMotion W1 between the starting cells and the cells of ks[i]
 * @param intervals the training intervals of the first seed (delta, plan time, groups)
 * @param msPerStep training milliseconds per step, per seed
 * @param cpuMsPerStep CPU milliseconds of the process per training step (every thread), per seed
 * @param model the model of the first seed
 * @param prediction the first seed's weighted particles at each ks[i]
 */
public record GrowthResult(int[] ks, double[] times, long[] seeds, double[][] w1, double[][] massError,
    double[][] predictedMass, double[] observedMass, double[] noMotion, GrowthIntervals intervals, double[] msPerStep,
    double[] cpuMsPerStep,
    GrowthModel model, GrowthModel.Particles[] prediction) {

  /** Mean over seeds of W1 at the i-th evaluated time point. */
  public double w1Mean(int i) {
    return Stats.mean(column(w1, i));
  }

  /** Standard deviation over seeds of W1 at the i-th evaluated time point. */
  public double w1Std(int i) {
    return Stats.std(column(w1, i));
  }

  /** Mean over seeds of the mass error at the i-th evaluated time point. */
  public double massErrorMean(int i) {
    return Stats.mean(column(massError, i));
  }

  /** Mean over seeds of the predicted mass at the i-th evaluated time point. */
  public double predictedMassMean(int i) {
    return Stats.mean(column(predictedMass, i));
  }

  /** Mean over the evaluated time points of the seed-mean W1. */
  public double w1MeanOverTimes() {
    double s = 0;
    for (int i = 0; i < ks.length; i++) {
      s += w1Mean(i);
    }
    return s / ks.length;
  }

  /** Mean over the evaluated time points of the seed-mean mass error. */
  public double massErrorMeanOverTimes() {
    double s = 0;
    for (int i = 0; i < ks.length; i++) {
      s += massErrorMean(i);
    }
    return s / ks.length;
  }

  /** The values of every seed at the i-th evaluated time point. */
  public static double[] column(double[][] perSeed, int i) {
    double[] c = new double[perSeed.length];
    for (int s = 0; s < c.length; s++) {
      c[s] = perSeed[s][i];
    }
    return c;
  }
}

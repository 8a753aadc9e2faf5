package org.flowmatch4j.tasks.spatial;

import java.util.ArrayList;
import java.util.List;
import org.flowmatch4j.fm.InvalidSettingException;
import org.flowmatch4j.tensor.Matrix;

/**
 * Leave-one-section-out choice of a regression's setting on the training sections alone: for every
 * setting p of the grid and every training section k, fit on the other training sections, predict
 * section k and score the mean Pearson over genes of the prediction ({@link SpatialScores}); the
 * score of p is the mean over k,
 *
 * <pre>
 * cv(p) = (1 / K) sum_k meanPearson(fit(X_{-k}, Y_{-k}, p).predict(X_k), Y_k),
 * </pre>
 *
 * and the chosen setting the first of the grid with the largest cv(p). A grid of one setting is
 * taken as given, without scoring.
 */
final class SectionCv {
  private SectionCv() {}

  /** A regression of targets on features with one setting (ridge's alpha, kNN's k). */
  interface Regression<P> {
    /** The prediction for {@code xQuery} (rows x G) of the model fitted to {@code xTrain, yTrain}. */
    Matrix predict(Matrix xTrain, Matrix yTrain, Matrix xQuery, P setting);
  }

  /**
   * The outcome.
   *
   * @param chosen the setting used
   * @param grid the settings tried, in order
   * @param score per setting, cv(p) (empty for a grid of one)
   */
  record Choice<P>(P chosen, List<P> grid, double[] score) {}

  /** Per section k, its prediction by the model fitted to the other sections (at least two). */
  static <P> List<Matrix> outOfFold(List<Matrix> x, List<Matrix> y, Regression<P> regression, P setting) {
    List<Matrix> out = new ArrayList<>();
    for (int k = 0; k < x.size(); k++) {
      List<Matrix> xs = new ArrayList<>(x);
      List<Matrix> ys = new ArrayList<>(y);
      Matrix xk = xs.remove(k);
      ys.remove(k);
      out.add(regression.predict(SpatialFold.vstack(xs), SpatialFold.vstack(ys), xk, setting));
    }
    return out;
  }

  /**
   * Chooses among {@code grid} with sections' features {@code x.get(k)} (spots x F) and targets
   * {@code y.get(k)} (spots x G); {@code setting} names the setting in the error raised when there
   * are several settings but fewer than two sections.
   */
  static <P> Choice<P> choose(List<P> grid, List<Matrix> x, List<Matrix> y, Regression<P> regression, String setting) {
    if (grid.size() == 1) {
      return new Choice<>(grid.get(0), grid, new double[0]);
    }
    if (x.size() < 2) {
      throw new InvalidSettingException("{" + setting + "}: choosing among " + grid.size()
          + " values by leave-one-section-out cross-validation needs at least two training sections; give one value");
    }
    double[] score = new double[grid.size()];
    for (int p = 0; p < grid.size(); p++) {
      List<Matrix> predicted = outOfFold(x, y, regression, grid.get(p));
      for (int k = 0; k < x.size(); k++) {
        double r = SpatialScores.of(predicted.get(k), y.get(k)).meanPearson();
        score[p] += (Double.isNaN(r) ? Double.NEGATIVE_INFINITY : r) / x.size();
      }
    }
    int best = 0;
    for (int p = 1; p < grid.size(); p++) {
      if (score[p] > score[best]) {
        best = p;
      }
    }
    return new Choice<>(grid.get(best), grid, score);
  }
}

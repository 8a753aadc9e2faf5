package org.flowmatch4j.tasks.spatial;

import java.util.List;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.preprocess.Pca;
import org.flowmatch4j.tensor.Matrix;

/**
 * The spot features f_i the flow is conditioned on ({@link SpotCondition}), built from the z-scored
 * features z_i (spots x F):
 *
 * <ul>
 *   <li>with {@code pcs} = P &gt; 0, the scores on the first P principal components of the training
 *       spots' z, all divided by {@code sqrt(mean_c var_c)} over the P kept variances (one factor,
 *       so the components keep their relative sizes and the inputs their unit scale); else z itself;
 *   <li>with stacking, followed by a regression's prediction of the spot's G targets ({@link
 *       Ridge} or {@link KernelRidge}, its chosen setting): for a training spot out of fold, from
 *       the regression fitted to the other training sections (the flow learns how far to trust a
 *       prediction that has not seen the spot), for a held-out spot from the regression fitted to
 *       every training section.
 * </ul>
 *
 * @param train training spots x F'
 * @param test held-out spots x F'
 */
record FlowFeatures(Matrix train, Matrix test) {

  /**
   * @param zTrain z-scored features of the training spots, sections one after the other
   * @param zTest z-scored features of the held-out spots
   * @param pcs principal components kept, 0 for none
   * @param stack the regression's predictions appended, or null for none
   */
  static FlowFeatures of(Matrix zTrain, Matrix zTest, int pcs, Stack stack) {
    Matrix a = zTrain;
    Matrix b = zTest;
    if (pcs > 0) {
      Pca pca = Pca.fit(DenseMatrix.of(zTrain), Math.min(pcs, Math.min(zTrain.rows, zTrain.cols)), Pca.Solver.EXACT, 0);
      double v = 0;
      for (double c : pca.variance()) {
        v += c / pca.variance().length;
      }
      float scale = (float) (v > 0 ? 1 / Math.sqrt(v) : 1);
      a = scaled(pca.transform(DenseMatrix.of(zTrain)), scale);
      b = scaled(pca.transform(DenseMatrix.of(zTest)), scale);
    }
    if (stack != null) {
      a = hstack(a, stack.train());
      b = hstack(b, stack.test());
    }
    return new FlowFeatures(a, b);
  }

  /**
   * A regression's predictions of the targets for stacking.
   *
   * @param train per training spot, out of fold
   * @param test per held-out spot, from every training section
   */
  record Stack(Matrix train, Matrix test) {

    /**
     * @param x raw features per training section
     * @param y targets per training section
     * @param xTest raw features of the held-out spots
     * @param regression the regression
     * @param setting its setting
     */
    static <P> Stack of(List<Matrix> x, List<Matrix> y, Matrix xTest, SectionCv.Regression<P> regression, P setting) {
      if (x.size() < 2) {
        throw new org.flowmatch4j.fm.InvalidSettingException(
            "{stack}: stacking needs at least two training sections (each is predicted by a regression fitted to the others)");
      }
      Matrix outOfFold = SpatialFold.vstack(SectionCv.outOfFold(x, y, regression, setting));
      return new Stack(outOfFold, regression.predict(SpatialFold.vstack(x), SpatialFold.vstack(y), xTest, setting));
    }
  }

  private static Matrix scaled(Matrix m, float s) {
    for (int q = 0; q < m.data.length; q++) {
      m.data[q] *= s;
    }
    return m;
  }

  /** {@code [a | b]}, same rows. */
  static Matrix hstack(Matrix a, Matrix b) {
    Matrix out = new Matrix(a.rows, a.cols + b.cols);
    for (int i = 0; i < a.rows; i++) {
      System.arraycopy(a.data, i * a.cols, out.data, i * out.cols, a.cols);
      System.arraycopy(b.data, i * b.cols, out.data, i * out.cols + a.cols, b.cols);
    }
    return out;
  }
}

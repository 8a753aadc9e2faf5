package org.flowmatch4j.tasks.perturbation;

import java.util.ArrayList;
import java.util.List;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.SparseMatrix;
import org.flowmatch4j.tensor.Matrix;

/**
 * The mean-shift baselines for a held-out group: the shift {@code mean(perturbed) - mean(control)}
 * learned from the training contexts measured under the same condition (and dose), in gene space
 * and in the embedding, either pooled over their cells ({@link Baseline#MEAN_SHIFT}) or averaged
 * over contexts ({@link Baseline#MEAN_SHIFT_PER_CONTEXT}). A combination measured in no training
 * context gets the sum of the shifts of its single perturbations (the additive model), when each
 * of them was measured.
 *
 * @param genes the shift per gene
 * @param embedding the shift per embedding dimension
 * @param how which training data it came from
 */
public record MeanShift(double[] genes, double[] embedding, String how) {

  /**
   * The shift for {@code target} from the training groups, or null when neither the condition nor
   * (for a combination) each of its parts was measured in a training context with control cells.
   *
   * @param training the training groups
   * @param z the embedding of every cell
   * @param separator the combination separator, or null
   */
  public static MeanShift of(Baseline kind, Group target, List<Group> training, PerturbationData data, Matrix z,
      String separator) {
    if (kind == Baseline.IDENTITY) {
      throw new IllegalArgumentException("the identity baseline has no shift");
    }
    MeanShift direct = direct(kind, target.condition(), target.dose(), target.context(), training, data, z);
    if (direct != null) {
      return direct;
    }
    List<String> parts = ConditionEncoder.components(target.condition(), separator, data.control());
    if (parts.size() < 2) {
      return null;
    }
    double[] g = new double[data.x().cols()];
    double[] e = new double[z.cols];
    List<String> hows = new ArrayList<>();
    for (String part : parts) {
      MeanShift s = direct(kind, part, target.dose(), target.context(), training, data, z);
      if (s == null) {
        return null;
      }
      add(g, s.genes, 1);
      add(e, s.embedding, 1);
      hows.add(part + ": " + s.how);
    }
    return new MeanShift(g, e, "sum of the shifts of " + String.join("; ", hows));
  }

  private static MeanShift direct(Baseline kind, String condition, double dose, String heldContext,
      List<Group> training, PerturbationData data, Matrix z) {
    List<Group> same = new ArrayList<>();
    for (Group g : training) {
      boolean doseMatches = Double.isNaN(dose) ? Double.isNaN(g.dose()) : g.dose() == dose;
      if (g.condition().equals(condition) && doseMatches && !g.context().equals(heldContext)
          && data.controls().containsKey(g.context())) {
        same.add(g);
      }
    }
    if (same.isEmpty()) {
      return null;
    }
    int p = data.x().cols();
    int k = z.cols;
    double[] g = new double[p];
    double[] e = new double[k];
    List<String> contexts = new ArrayList<>();
    if (kind == Baseline.MEAN_SHIFT) {
      List<int[]> pert = new ArrayList<>();
      List<int[]> ctrl = new ArrayList<>();
      for (Group s : same) {
        pert.add(s.cells());
        ctrl.add(data.controls().get(s.context()));
        contexts.add(s.context());
      }
      int[] pc = concat(pert);
      int[] cc = concat(ctrl);
      add(g, columnMeans(data.x(), pc), 1);
      add(g, columnMeans(data.x(), cc), -1);
      add(e, columnMeans(z, pc), 1);
      add(e, columnMeans(z, cc), -1);
      return new MeanShift(g, e, "pooled over " + contexts);
    }
    double w = 1.0 / same.size();
    for (Group s : same) {
      int[] ctrl = data.controls().get(s.context());
      add(g, columnMeans(data.x(), s.cells()), w);
      add(g, columnMeans(data.x(), ctrl), -w);
      add(e, columnMeans(z, s.cells()), w);
      add(e, columnMeans(z, ctrl), -w);
      contexts.add(s.context());
    }
    return new MeanShift(g, e, "averaged over " + contexts);
  }

  /** {@code cells + 1 shift^T}: each row shifted. */
  public static Matrix apply(Matrix cells, double[] shift) {
    if (shift.length != cells.cols) {
      throw new IllegalArgumentException("a shift of " + shift.length + " entries for cells of " + cells.cols);
    }
    Matrix out = new Matrix(cells.rows, cells.cols);
    for (int i = 0; i < cells.rows; i++) {
      for (int j = 0; j < cells.cols; j++) {
        out.data[i * cells.cols + j] = (float) (cells.data[i * cells.cols + j] + shift[j]);
      }
    }
    return out;
  }

  private static void add(double[] acc, double[] v, double w) {
    for (int j = 0; j < acc.length; j++) {
      acc[j] += w * v[j];
    }
  }

  private static int[] concat(List<int[]> parts) {
    int n = 0;
    for (int[] p : parts) {
      n += p.length;
    }
    int[] out = new int[n];
    int o = 0;
    for (int[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }

  /** Means of the given rows, in double (sparse rows without densifying). */
  static double[] columnMeans(DataMatrix x, int[] rows) {
    double[] mu = new double[x.cols()];
    if (x instanceof SparseMatrix sm) {
      SparseMatrix s = sm.toCsr();
      for (int i : rows) {
        for (int q = s.indptr[i]; q < s.indptr[i + 1]; q++) {
          mu[s.indices[q]] += s.data[q];
        }
      }
    } else {
      Matrix d = ((DenseMatrix) x).values();
      for (int i : rows) {
        for (int j = 0; j < d.cols; j++) {
          mu[j] += d.data[i * d.cols + j];
        }
      }
    }
    for (int j = 0; j < mu.length; j++) {
      mu[j] /= rows.length;
    }
    return mu;
  }

  static double[] columnMeans(Matrix z, int[] rows) {
    double[] mu = new double[z.cols];
    for (int i : rows) {
      for (int j = 0; j < z.cols; j++) {
        mu[j] += z.data[i * z.cols + j];
      }
    }
    for (int j = 0; j < mu.length; j++) {
      mu[j] /= rows.length;
    }
    return mu;
  }
}

package org.flowmatch4j.tasks.perturbation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
    return of(kind, false, target, training, data, z, separator);
  }

  /**
   * The shift for {@code target} averaged over the other training contexts measured under its
   * condition with the weights of a {@link ContextKernel} (the target's control cells against
   * theirs, in the embedding {@code z}), its bandwidth fitted by leave-one-context-out on every
   * training context measured under the condition; null as for {@link #of}.
   */
  public static MeanShift nearest(Group target, List<Group> training, PerturbationData data, Matrix z,
      String separator) {
    return of(Baseline.MEAN_SHIFT_PER_CONTEXT, true, target, training, data, z, separator);
  }

  private static MeanShift of(Baseline kind, boolean kernel, Group target, List<Group> training,
      PerturbationData data, Matrix z, String separator) {
    MeanShift direct = direct(kind, kernel, target.condition(), target.dose(), target.context(), training, data, z);
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
      MeanShift s = direct(kind, kernel, part, target.dose(), target.context(), training, data, z);
      if (s == null) {
        return null;
      }
      add(g, s.genes, 1);
      add(e, s.embedding, 1);
      hows.add(part + ": " + s.how);
    }
    return new MeanShift(g, e, "sum of the shifts of " + String.join("; ", hows));
  }

  private static MeanShift direct(Baseline kind, boolean kernel, String condition, double dose, String heldContext,
      List<Group> training, PerturbationData data, Matrix z) {
    List<Group> measured = new ArrayList<>();
    List<Group> same = new ArrayList<>();
    for (Group g : training) {
      boolean doseMatches = Double.isNaN(dose) ? Double.isNaN(g.dose()) : g.dose() == dose;
      if (g.condition().equals(condition) && doseMatches && data.controls().containsKey(g.context())) {
        measured.add(g);
        if (!g.context().equals(heldContext)) {
          same.add(g);
        }
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
    double[] w = new double[same.size()];
    Arrays.fill(w, 1.0 / same.size());
    String weighting = "averaged over ";
    if (kernel) {
      ContextKernel kh = fitKernel(measured, data, z);
      double[][] means = new double[same.size()][];
      for (int o = 0; o < means.length; o++) {
        means[o] = columnMeans(z, data.controls().get(same.get(o).context()));
      }
      w = kh.weights(columnMeans(z, data.controlsOf(heldContext)), means);
      weighting = "weighted by control-cell similarity (" + (Double.isInfinite(kh.bandwidth())
          ? "infinite bandwidth: equal weights" : String.format(Locale.ROOT, "bandwidth %.4g", kh.bandwidth()))
          + ") over ";
    }
    for (int o = 0; o < same.size(); o++) {
      Group s = same.get(o);
      int[] ctrl = data.controls().get(s.context());
      add(g, columnMeans(data.x(), s.cells()), w[o]);
      add(g, columnMeans(data.x(), ctrl), -w[o]);
      add(e, columnMeans(z, s.cells()), w[o]);
      add(e, columnMeans(z, ctrl), -w[o]);
      contexts.add(kernel ? String.format(Locale.ROOT, "%s (%.3f)", s.context(), w[o]) : s.context());
    }
    return new MeanShift(g, e, weighting + contexts);
  }

  /** The {@link ContextKernel} fitted on the groups of one condition (one per context), in the embedding. */
  private static ContextKernel fitKernel(List<Group> measured, PerturbationData data, Matrix z) {
    double[][] means = new double[measured.size()][];
    double[][] shifts = new double[measured.size()][];
    for (int o = 0; o < means.length; o++) {
      Group s = measured.get(o);
      means[o] = columnMeans(z, data.controls().get(s.context()));
      shifts[o] = columnMeans(z, s.cells());
      add(shifts[o], means[o], -1);
    }
    return ContextKernel.fit(means, shifts);
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

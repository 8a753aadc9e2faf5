package org.flowmatch4j.tasks.trajectory;

import java.util.Arrays;
import java.util.TreeMap;
import org.flowmatch4j.tensor.Matrix;

/**
 * A time course of unpaired snapshots: the cells observed at each of K ordered time points, in a
 * common d-dimensional representation.
 *
 * <p>The model's clock. Observed times {@code t_0 < ... < t_(K-1)} are mapped to model time
 * {@code tau_k = (t_k - t_0) / (t_(K-1) - t_0) * (K - 1)}: evenly spaced labels become 0, 1, ...,
 * K - 1 (the time-index units of the published protocol), and uneven spacing keeps its ratios.
 */
public final class TimeCourse {
  private final double[] times;
  private final Matrix[] snapshots;

  /**
   * @param times the K observed times, strictly increasing
   * @param snapshots the cells of each time point (n_k x d, n_k >= 1, same d)
   */
  public TimeCourse(double[] times, Matrix[] snapshots) {
    if (times.length != snapshots.length || times.length < 2) {
      throw new IllegalArgumentException(
          "a time course needs at least 2 time points with one snapshot each, got " + times.length
              + " times and " + snapshots.length + " snapshots");
    }
    int d = snapshots[0].cols;
    for (int k = 0; k < times.length; k++) {
      if (!Double.isFinite(times[k]) || (k > 0 && !(times[k] > times[k - 1]))) {
        throw new IllegalArgumentException("time points must be finite and strictly increasing: " + Arrays.toString(times));
      }
      if (snapshots[k].rows == 0 || snapshots[k].cols != d || d == 0) {
        throw new IllegalArgumentException(
            "snapshot at time " + times[k] + " has shape " + snapshots[k].rows + "x" + snapshots[k].cols
                + "; every snapshot needs >= 1 cell of dimension " + d);
      }
    }
    this.times = times.clone();
    this.snapshots = snapshots.clone();
  }

  /** Groups the rows of {@code x} (n x d) by their time {@code time[i]}, in increasing time order. */
  public static TimeCourse group(Matrix x, double[] time) {
    if (time.length != x.rows) {
      throw new IllegalArgumentException(x.rows + " cells but " + time.length + " time labels");
    }
    TreeMap<Double, int[]> counts = new TreeMap<>();
    for (double t : time) {
      if (!Double.isFinite(t)) {
        throw new IllegalArgumentException("time labels must be finite, found " + t);
      }
      counts.computeIfAbsent(t, k -> new int[1])[0]++;
    }
    double[] ts = new double[counts.size()];
    Matrix[] snaps = new Matrix[counts.size()];
    int k = 0;
    for (var e : counts.entrySet()) {
      ts[k] = e.getKey();
      int[] idx = new int[e.getValue()[0]];
      int m = 0;
      for (int i = 0; i < time.length; i++) {
        if (time[i] == ts[k]) {
          idx[m++] = i;
        }
      }
      snaps[k] = x.rows(idx);
      k++;
    }
    return new TimeCourse(ts, snaps);
  }

  /** Number of time points K. */
  public int size() {
    return times.length;
  }

  /** Dimension d of a cell. */
  public int dim() {
    return snapshots[0].cols;
  }

  /** The observed time of point k. */
  public double time(int k) {
    return times[k];
  }

  /** The observed times. */
  public double[] times() {
    return times.clone();
  }

  /** Model time tau_k of point k (see the class comment). */
  public double modelTime(int k) {
    return modelTime(times, times[k]);
  }

  /**
   * The model time of time {@code t} on a course observed at {@code times} (increasing, at least
   * two): {@code (t - t_0) / (t_(K-1) - t_0) * (K - 1)}, also between and beyond the observed times.
   */
  public static double modelTime(double[] times, double t) {
    int last = times.length - 1;
    return (t - times[0]) / (times[last] - times[0]) * last;
  }

  /** The cells of time point k (shared, not copied). */
  public Matrix snapshot(int k) {
    return snapshots[k];
  }

  /** Total number of cells. */
  public int cells() {
    int n = 0;
    for (Matrix s : snapshots) {
      n += s.rows;
    }
    return n;
  }

  /** All cells stacked in time order. */
  public Matrix stacked() {
    Matrix all = new Matrix(cells(), dim());
    int off = 0;
    for (Matrix s : snapshots) {
      System.arraycopy(s.data, 0, all.data, off, s.data.length);
      off += s.data.length;
    }
    return all;
  }

  /** The same time course with every cell replaced by {@code f} applied to the snapshots. */
  public TimeCourse map(java.util.function.UnaryOperator<Matrix> f) {
    Matrix[] out = new Matrix[snapshots.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = f.apply(snapshots[k]);
    }
    return new TimeCourse(times, out);
  }
}

package org.flowmatch4j.tasks.trajectory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Column;
import org.flowmatch4j.data.Csv;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.data.h5ad.ReadOptions;
import org.flowmatch4j.fm.InvalidSettingException;

/**
 * Population masses from a per-cell column of the input ({@code --masses KEY}): each cell's share
 * of the population it was sampled from, e.g. {@code population size / cells sampled} at its time,
 * summed per time point,
 *
 * <pre>  M_k = sum_{i : t_i = t_k} c_i   (then rescaled by {@link PopulationMasses} so M_0 = 1)</pre>
 *
 * <p>The column is an obs column of an AnnData file or a column of a CSV (which is then not a
 * feature; see {@link TimeCourseLoader}). Values must be finite and non-negative, and every time
 * point's sum positive.
 */
public final class ObsMasses {
  private ObsMasses() {}

  /**
   * The summed column {@code key} of {@code file} per time point of {@code tc}, which was loaded
   * from {@code file} with the time column {@code timeKey} (null: a CSV's first column).
   */
  public static double[] read(Path file, String timeKey, String key, TimeCourse tc) throws IOException {
    double[] time;
    double[] c;
    if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".h5ad")) {
      AnnData a = H5ad.read(file, ReadOptions.metadata());
      time = a.obsTime(timeKey);
      c = numeric(a, key, file);
    } else {
      Csv.Table t = Csv.read(file);
      time = t.finiteColumn(timeKey != null ? timeKey : t.header()[0]);
      c = t.finiteColumn(key);
    }
    return perTimePoint(time, c, tc, file + ": {masses} " + key);
  }

  /** Sums {@code c} over the cells of each time point of {@code tc}; {@code what} names the column in messages. */
  static double[] perTimePoint(double[] time, double[] c, TimeCourse tc, String what) {
    double[] m = new double[tc.size()];
    for (int i = 0; i < c.length; i++) {
      if (!(c[i] >= 0) || Double.isInfinite(c[i])) {
        throw new InvalidSettingException(what + ": row " + (i + 1) + " is " + c[i]
            + "; a cell's share of the population must be finite and >= 0");
      }
      int k = java.util.Arrays.binarySearch(tc.times(), time[i]);
      if (k >= 0) {
        m[k] += c[i];
      }
    }
    for (int k = 0; k < m.length; k++) {
      if (!(m[k] > 0)) {
        throw new InvalidSettingException(what + ": the cells of time " + tc.time(k)
            + " sum to " + m[k] + "; every time point needs a positive mass");
      }
    }
    return m;
  }

  private static double[] numeric(AnnData a, String key, Path file) {
    Column col = a.obsColumn(key);
    double[] c = new double[col.size()];
    if (col instanceof Column.Numeric n) {
      System.arraycopy(n.values(), 0, c, 0, c.length);
    } else if (col instanceof Column.NullableInt n) {
      for (int i = 0; i < c.length; i++) {
        c[i] = n.mask()[i] ? Double.NaN : n.values()[i];
      }
    } else {
      throw new InvalidSettingException(file + ": {masses} " + key + ": obs column '" + key + "' is "
          + col.dtype() + "; a mass column must be numeric");
    }
    return c;
  }
}

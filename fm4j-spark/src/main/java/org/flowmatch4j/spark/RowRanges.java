package org.flowmatch4j.spark;

import java.util.ArrayList;
import java.util.List;

/**
 * Cells 0..n split into consecutive row ranges [b_i, b_(i+1)), one per Spark partition: each task
 * reads only its rows of the file.
 *
 * @param bounds 0 = b_0 ≤ b_1 ≤ ... ≤ b_P = n (empty ranges are allowed)
 */
public record RowRanges(int[] bounds) {
  public RowRanges {
    if (bounds.length < 2 || bounds[0] != 0) {
      throw new IllegalArgumentException("row-range bounds must start at 0 and have at least two entries");
    }
    for (int i = 1; i < bounds.length; i++) {
      if (bounds[i] < bounds[i - 1]) {
        throw new IllegalArgumentException("row-range bounds must not decrease, got " + bounds[i - 1] + " then " + bounds[i]);
      }
    }
    bounds = bounds.clone();
  }

  /** n cells in {@code parts} ranges of sizes differing by at most one. */
  public static RowRanges even(int n, int parts) {
    if (parts < 1) {
      throw new IllegalArgumentException("--partitions must be at least 1, got " + parts);
    }
    int[] b = new int[parts + 1];
    for (int i = 0; i <= parts; i++) {
      b[i] = (int) ((long) n * i / parts);
    }
    return new RowRanges(b);
  }

  /** Number of cells n. */
  public int rows() {
    return bounds[bounds.length - 1];
  }

  /** Number of ranges P. */
  public int size() {
    return bounds.length - 1;
  }

  /** The ranges as {from, to} pairs, the elements of the partitioned collection. */
  public List<int[]> ranges() {
    List<int[]> out = new ArrayList<>(size());
    for (int i = 0; i < size(); i++) {
      out.add(new int[] {bounds[i], bounds[i + 1]});
    }
    return out;
  }

  /** The row indices from..to − 1. */
  static int[] indices(int[] range) {
    int[] idx = new int[range[1] - range[0]];
    for (int k = 0; k < idx.length; k++) {
      idx[k] = range[0] + k;
    }
    return idx;
  }
}

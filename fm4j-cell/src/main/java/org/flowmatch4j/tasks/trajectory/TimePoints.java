package org.flowmatch4j.tasks.trajectory;

import java.util.HashMap;
import java.util.Map;
import org.flowmatch4j.fm.InvalidSettingException;

/**
 * Whether a time column holds the time points of a snapshot time course (a few values, each
 * shared by many cells) or looks like a continuous measurement (a feature or a pseudotime taken
 * for the time column by mistake). With K distinct values of which {@code s} are held by a single
 * cell, the column looks continuous when
 *
 * <pre>
 *   K &gt; MAX_TIME_POINTS,   or   K &gt; FEW_TIME_POINTS and 2 s &gt; K   (mostly one cell per value)
 * </pre>
 *
 * A short course of tiny snapshots (K at most {@code FEW_TIME_POINTS}) is never refused.
 */
public final class TimePoints {
  /** More distinct times than this is not read as a snapshot time course. */
  public static final int MAX_TIME_POINTS = 100;
  /** Up to this many time points, snapshots of a single cell are accepted. */
  public static final int FEW_TIME_POINTS = 10;

  private TimePoints() {}

  /**
   * Throws, saying why, if {@code time} looks continuous (see the class comment).
   *
   * @param time the time of each cell
   * @param what names the column in the message, e.g. {@code "data.csv: time column 'x1'"}
   */
  public static void requireDiscrete(double[] time, String what) {
    Map<Double, Integer> counts = new HashMap<>();
    for (double t : time) {
      counts.merge(t, 1, Integer::sum);
    }
    int k = counts.size();
    long singles = counts.values().stream().filter(c -> c == 1).count();
    if (k > MAX_TIME_POINTS || (k > FEW_TIME_POINTS && 2 * singles > k)) {
      throw new InvalidSettingException(what + " has " + k + " distinct values among " + time.length + " cells ("
          + singles + " of them held by a single cell), which looks like a continuous measurement rather than"
          + " the time points of a time course; name the time column with {time-key}, or pass {many-time-points}"
          + " to use it as it is");
    }
  }
}

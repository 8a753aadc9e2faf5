package org.flowmatch4j.ot;

import org.flowmatch4j.tensor.Parallel;

/**
 * Row-independent work over an n x m matrix split between the cores of {@link Parallel}: bands of
 * {@link #ROWS} whole rows, claimed one at a time, when the matrix has at least {@link
 * #PARALLEL_ENTRIES} entries; one band of all n rows on the calling thread otherwise (a 256 x 256
 * minibatch plan among them). Each row is computed by the same code whichever band and thread it
 * falls to, and a band starts at a multiple of four rows (where the four-row loops of {@link
 * VectorRows} start), so results never depend on the split. Scalars a band produces are kept per
 * row or per band by the caller and combined in order afterwards.
 */
final class RowBands {
  /** Entries from which the work is split: below, one band costs less than waking the workers. */
  static final long PARALLEL_ENTRIES = 1L << 18;
  /** Rows per band of a split matrix (a multiple of four). */
  static final int ROWS = 32;

  /** The work on rows [from, to). */
  @FunctionalInterface
  interface Body {
    void rows(int band, int from, int to);
  }

  private RowBands() {}

  /** How many bands an n x m matrix is split into. */
  static int count(int n, int m) {
    return (long) n * m < PARALLEL_ENTRIES ? 1 : (n + ROWS - 1) / ROWS;
  }

  /** Runs {@code body} over the {@link #count} bands of the n rows, in parallel when there are several. */
  static void run(int n, int m, Body body) {
    int bands = count(n, m);
    if (bands == 1) {
      body.rows(0, 0, n);
      return;
    }
    Parallel.run(bands, b -> body.rows(b, b * ROWS, Math.min(n, (b + 1) * ROWS)));
  }
}

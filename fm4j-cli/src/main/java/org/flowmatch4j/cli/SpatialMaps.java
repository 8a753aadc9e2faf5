package org.flowmatch4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.flowmatch4j.cli.report.Chart;
import org.flowmatch4j.tasks.spatial.Method;
import org.flowmatch4j.tasks.spatial.SpatialResult;
import org.flowmatch4j.tasks.spatial.Space;
import org.flowmatch4j.tensor.Matrix;

/**
 * Spatial maps of one gene on the held-out section: measured and predicted (normalised log1p) at the
 * spot centres, each value coloured by its quintile among the measured values (viridis, dark low),
 * so both maps share one scale.
 */
final class SpatialMaps {
  private static final int BINS = 5;

  private SpatialMaps() {}

  /**
   * Writes {@code map_best_<gene>.png} and {@code map_worst_<gene>.png} for the genes of highest and
   * lowest finite correlation of the flow on normalised log1p; returns the files written.
   */
  static List<Path> write(SpatialResult r, long seed, Path dir) throws IOException {
    double[] rho = r.scores().get(Method.FLOW).get(Space.NORM).pearson();
    int best = -1;
    int worst = -1;
    for (int g = 0; g < rho.length; g++) {
      if (Double.isFinite(rho[g])) {
        best = best < 0 || rho[g] > rho[best] ? g : best;
        worst = worst < 0 || rho[g] < rho[worst] ? g : worst;
      }
    }
    List<Path> files = new ArrayList<>();
    if (best < 0) {
      return files;
    }
    files.add(map(r, best, rho[best], seed, dir.resolve("map_best_" + safe(r.genes()[best]) + ".png")));
    if (worst != best) {
      files.add(map(r, worst, rho[worst], seed, dir.resolve("map_worst_" + safe(r.genes()[worst]) + ".png")));
    }
    return files;
  }

  private static Path map(SpatialResult r, int g, double rho, long seed, Path file) throws IOException {
    Matrix measured = r.measured().get(Space.NORM);
    Matrix predicted = r.scores().get(Method.FLOW).get(Space.NORM).predicted();
    double[] m = column(measured, g);
    double[] sorted = m.clone();
    Arrays.sort(sorted);
    double[] cuts = new double[BINS - 1];
    for (int b = 1; b < BINS; b++) {
      cuts[b - 1] = sorted[Math.min(sorted.length - 1, b * sorted.length / BINS)];
    }
    Matrix xy = r.test().xy();
    double width = xy.rows == 0 ? 0 : Arrays.stream(column(xy, 0)).max().orElse(0) * 1.15;
    Chart c = new Chart(String.format(Locale.ROOT,
        "%s: measured (left) and predicted by the flow of seed %d (right, shifted), r = %.3f", r.genes()[g], seed, rho), "x (pixels)", "-y (pixels)");
    for (int b = 0; b < BINS; b++) {
      List<float[]> pts = new ArrayList<>();
      add(pts, xy, m, cuts, b, 0);
      add(pts, xy, column(predicted, g), cuts, b, width);
      Matrix p = new Matrix(pts.size(), 2);
      for (int i = 0; i < pts.size(); i++) {
        p.data[2 * i] = pts.get(i)[0];
        p.data[2 * i + 1] = pts.get(i)[1];
      }
      c.points("quintile " + (b + 1) + " of measured", p, Chart.timeColor(b, BINS), 7, Integer.MAX_VALUE);
    }
    c.writePng(file, 1100, 550);
    return file;
  }

  private static void add(List<float[]> pts, Matrix xy, double[] v, double[] cuts, int bin, double dx) {
    for (int i = 0; i < v.length; i++) {
      int b = 0;
      while (b < cuts.length && v[i] > cuts[b]) {
        b++;
      }
      if (b == bin) {
        pts.add(new float[] {(float) (xy.data[2 * i] + dx), -xy.data[2 * i + 1]});
      }
    }
  }

  private static double[] column(Matrix m, int j) {
    double[] out = new double[m.rows];
    for (int i = 0; i < m.rows; i++) {
      out[i] = m.data[i * m.cols + j];
    }
    return out;
  }

  private static String safe(String gene) {
    return gene.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}

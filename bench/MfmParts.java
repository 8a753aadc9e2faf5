import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.flowmatch4j.fm.coupling.PairSampler;
import org.flowmatch4j.fm.coupling.PairSupport;
import org.flowmatch4j.fm.coupling.Pairing;
import org.flowmatch4j.fm.metric.DiagonalMetric;
import org.flowmatch4j.fm.metric.MetricKind;
import org.flowmatch4j.fm.metric.MetricSpec;
import org.flowmatch4j.fm.path.CondOtScheduler;
import org.flowmatch4j.fm.path.GaussianPath;
import org.flowmatch4j.fm.path.GeodesicPath;
import org.flowmatch4j.fm.path.ProbPath;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;

/**
 * CPU time of the parts of a step that OT-MFM adds to an OT-CFM step, on the cells of two time
 * points of a time-course CSV (first column the time, then the features), one thread, warm JIT:
 *
 * <ul>
 *   <li>stage 2: drawing the path point of n pairs of the whole-population plan, with phi read from
 *       its table (the tabulated geodesic path, a 3 x 64 SELU phi with a random output layer)
 *       against the straight path of OT-CFM on the same pairs (the reference);
 *   <li>stage 1: the default LAND metric of the two time points at n points of the straight paths
 *       (forward), and its vector-Jacobian product at the same points (backward, which reuses what
 *       the forward pass found).
 * </ul>
 *
 * <p>Usage: {@code java MfmParts CSV TIME0 TIME1 [ROWS] [REPEATS]} (ROWS default 768: 3 pairs of
 * time points x batch 256, one step of dygen; REPEATS default 2000 path draws, 200 metric calls per
 * round). Prints microseconds of thread CPU time per call over 5 rounds (the first is warm-up).
 */
public final class MfmParts {
  private static final ThreadMXBean BEAN = ManagementFactory.getThreadMXBean();

  public static void main(String[] args) throws IOException {
    Path csv = Path.of(args[0]);
    Matrix x0 = cells(csv, Double.parseDouble(args[1]));
    Matrix x1 = cells(csv, Double.parseDouble(args[2]));
    int n = args.length > 3 ? Integer.parseInt(args[3]) : 768;
    int repeats = args.length > 4 ? Integer.parseInt(args[4]) : 2000;
    int d = x0.cols;
    Pairing pairing = Pairing.population();
    PairSampler sampler = pairing.between(x0, x1).get();
    PairSupport support = pairing.support(x0, x1).orElseThrow();
    SplittableRandom rng = new SplittableRandom(1);
    Mlp phi = GeodesicPath.newPhi(d, 64, 3, Activation.SELU, 3);
    float[] out = phi.weight(phi.layers() - 1).value().data;
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (0.1 * rng.nextGaussian());
    }
    ProbPath tabulated = new GeodesicPath(phi, 0.1).tabulated(support, 32);
    ProbPath straight = GaussianPath.affine(new CondOtScheduler());
    Matrix a = new Matrix(n, d);
    Matrix b = new Matrix(n, d);
    sampler.sample(rng, a, b);
    float[] t = new float[n];
    Matrix eps = new Matrix(n, d);
    for (int i = 0; i < n; i++) {
      t[i] = (float) rng.nextDouble();
    }
    for (int i = 0; i < eps.data.length; i++) {
      eps.data[i] = (float) rng.nextGaussian();
    }
    Matrix xt = new Matrix(n, d);
    Matrix ut = new Matrix(n, d);
    Matrix both = new Matrix(x0.rows + x1.rows, d);
    System.arraycopy(x0.data, 0, both.data, 0, x0.data.length);
    System.arraycopy(x1.data, 0, both.data, x0.data.length, x1.data.length);
    DiagonalMetric land = MetricSpec.defaults(MetricKind.LAND).fit(both, 1);
    Matrix mu = new Matrix(n, d);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        mu.data[i * d + j] = (1 - t[i]) * a.data[i * d + j] + t[i] * b.data[i * d + j];
      }
    }
    Matrix g = new Matrix(n, d);
    Matrix gy = new Matrix(n, d);
    Matrix gx = new Matrix(n, d);
    for (int i = 0; i < gy.data.length; i++) {
      gy.data[i] = (float) rng.nextGaussian();
    }
    System.out.printf("%s, times %s and %s: %d x %d and %d x %d cells, %d plan pairs, %d rows per call, %s%n",
        csv.getFileName(), args[1], args[2], x0.rows, d, x1.rows, d, support.size(), n, land);
    System.out.printf("%5s %12s %12s %7s %12s %12s%n", "round", "straight us", "table us", "ratio", "LAND fwd us", "LAND bwd us");
    for (int round = 0; round < 5; round++) {
      double s = perCall(() -> straight.sample(a, b, t, eps, xt, ut), repeats);
      double tab = perCall(() -> tabulated.sample(a, b, t, eps, xt, ut), repeats);
      double fwd = perCall(() -> land.apply(mu, 0, n, g), repeats / 10);
      double bwd = perCall(() -> land.vjp(mu, gy, 0, n, gx), repeats / 10);
      System.out.printf("%5d %12.1f %12.1f %7.2f %12.1f %12.1f%n", round, s, tab, tab / s, fwd, bwd);
    }
    System.out.println("straight = OT-CFM's path point of the rows, table = OT-MFM stage 2's (phi and d phi / dt from its table);"
        + " LAND fwd / bwd = the stage-1 metric and its vector-Jacobian product at the rows; thread CPU microseconds per call");
  }

  private static double perCall(Runnable r, int calls) {
    long t0 = BEAN.getCurrentThreadCpuTime();
    for (int i = 0; i < calls; i++) {
      r.run();
    }
    return (BEAN.getCurrentThreadCpuTime() - t0) / 1e3 / calls;
  }

  /** The rows of the CSV whose first column is {@code time}, without that column. */
  private static Matrix cells(Path csv, double time) throws IOException {
    List<float[]> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(csv);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      if (Double.parseDouble(f[0]) == time) {
        float[] r = new float[f.length - 1];
        for (int j = 1; j < f.length; j++) {
          r[j - 1] = Float.parseFloat(f[j]);
        }
        rows.add(r);
      }
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(csv + ": no cells at time " + time);
    }
    Matrix m = new Matrix(rows.size(), rows.get(0).length);
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, m.data, i * m.cols, m.cols);
    }
    return m;
  }
}

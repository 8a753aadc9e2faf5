import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import org.flowmatch4j.data.Npy;
import org.flowmatch4j.ot.CostScaling;
import org.flowmatch4j.ot.GroundCost;
import org.flowmatch4j.ot.Sinkhorn;
import org.flowmatch4j.ot.SinkhornConfig;
import org.flowmatch4j.ot.SinkhornMode;
import org.flowmatch4j.ot.SinkhornResult;
import org.flowmatch4j.ot.SinkhornStopping;
import org.flowmatch4j.tensor.Matrix;

/**
 * A digest of every bit of the Sinkhorn results (plan, f, g) for 78 configurations, one line each
 * with the iterations and the transport cost, so that two builds can be compared with diff: the
 * 2,000 x 2,000 clouds of bench/ot.sh (kernel form, max scaling, squared Euclidean cost) and 301 x
 * 203 clouds from the 2-D minibatch file with every seventh source weight zero (both ground costs,
 * every cost scaling, both modes); eps 0.1, 0.01 and 0.001, balanced and unbalanced (tau 0.9 and
 * 0.8), POT's stopping rule, tolerance 1e-9, at most 3,000 iterations.
 *
 * <pre>
 *   /usr/bin/python3 bench/ot_pot.py generate DIR
 *   java --add-modules jdk.incubator.vector -cp OLD.jar bench/SinkhornDigests.java DIR &gt; old.txt
 *   java --add-modules jdk.incubator.vector -cp NEW.jar bench/SinkhornDigests.java DIR &gt; new.txt
 *   diff old.txt new.txt
 * </pre>
 */
public final class SinkhornDigests {
  private SinkhornDigests() {}

  private static Matrix firstRows(Matrix m, int from, int count) {
    int[] idx = new int[count];
    for (int i = 0; i < count; i++) {
      idx[i] = from + i;
    }
    return m.rows(idx);
  }

  private static void add(MessageDigest md, double[] values) {
    for (double v : values) {
      long bits = Double.doubleToRawLongBits(v);
      for (int k = 0; k < 8; k++) {
        md.update((byte) (bits >>> (8 * k)));
      }
    }
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Matrix x = Npy.readMatrix(dir.resolve("w1_2000_x.npy"));
    Matrix y = Npy.readMatrix(dir.resolve("w1_2000_y.npy"));
    Matrix xs = firstRows(Npy.readMatrix(dir.resolve("minibatch_d2_x.npy")), 0, 301);
    Matrix ys = firstRows(Npy.readMatrix(dir.resolve("minibatch_d2_y.npy")), 7, 203);
    double[] a = new double[xs.rows];
    int positive = 0;
    for (int i = 0; i < a.length; i++) {
      positive += i % 7 == 3 ? 0 : 1;
    }
    for (int i = 0; i < a.length; i++) {
      a[i] = i % 7 == 3 ? 0 : 1.0 / positive;
    }
    for (boolean large : new boolean[] {true, false}) {
      for (double eps : new double[] {0.1, 0.01, 0.001}) {
        for (SinkhornMode mode : SinkhornMode.values()) {
          for (CostScaling scaling : CostScaling.values()) {
            for (GroundCost ground : GroundCost.values()) {
              for (boolean balanced : new boolean[] {true, false}) {
                if (large && (scaling != CostScaling.MAX || ground != GroundCost.SQ_EUCLIDEAN
                    || mode == SinkhornMode.LOG_DOMAIN)) {
                  continue;
                }
                SinkhornConfig cfg = (balanced ? SinkhornConfig.balanced(eps)
                    : SinkhornConfig.unbalanced(eps, 0.9, 0.8)).withScaling(scaling)
                    .withStopping(1e-9, 3000).withStrict(false).withMode(mode)
                    .withStoppingRule(SinkhornStopping.POT);
                String name = String.format(Locale.ROOT, "%s eps %s %s %s %s %s",
                    large ? "2000x2000" : "301x203", eps, mode, scaling, ground,
                    balanced ? "balanced" : "unbalanced");
                SinkhornResult r = large
                    ? new Sinkhorn().solve(x, null, y, null, ground, cfg)
                    : new Sinkhorn().solve(xs, a, ys, null, ground, cfg);
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                add(md, r.plan());
                add(md, r.f());
                add(md, r.g());
                System.out.println(name + " iterations " + r.iterations() + " cost "
                    + r.transportCost() + " " + HexFormat.of().formatHex(md.digest()).substring(0, 16));
              }
            }
          }
        }
      }
    }
  }
}

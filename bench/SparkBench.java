import java.nio.file.Path;
import java.util.SplittableRandom;
import org.flowmatch4j.FlowMatching;
import org.flowmatch4j.FlowModel;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.tensor.Matrix;

/**
 * The single-process side of bench/spark.sh (not a test), run by Java's source launcher with the
 * fm4j jar on the class path:
 *
 * <pre>
 *   java -cp fm4j.jar bench/SparkBench.java train K MODEL.ckpt     a small flow model on K dimensions,
 *        with the time per training step
 *   java -cp fm4j.jar bench/SparkBench.java predict FILE.h5ad MODEL.ckpt NFE
 *        every cell's obsm X_pca pushed from t = 0 to 1 by Euler with NFE steps, in one process
 * </pre>
 */
public final class SparkBench {
  public static void main(String[] args) {
    if (args[0].equals("train")) {
      int k = Integer.parseInt(args[1]);
      SplittableRandom rng = new SplittableRandom(1);
      Matrix target = new Matrix(2000, k);
      for (int i = 0; i < target.data.length; i++) {
        target.data[i] = (float) (1 + rng.nextGaussian());
      }
      int steps = 200;
      long t0 = System.nanoTime();
      FlowModel m = FlowMatching.builder().network(64, 3).steps(steps).batch(256).seed(1).fit(target);
      double ms = (System.nanoTime() - t0) / 1e6 / steps;
      m.save(Path.of(args[2]));
      Runtime rt = Runtime.getRuntime();
      System.out.printf("trained a %d-dimensional flow model (MLP 64 x 3, batch 256): %.2f ms per step, heap in use %d MiB: %s%n",
          k, ms, (rt.totalMemory() - rt.freeMemory()) >> 20, args[2]);
      return;
    }
    long t0 = System.nanoTime();
    Matrix x = H5ad.readObsm(Path.of(args[1]), "X_pca");
    FlowModel model = FlowModel.load(Path.of(args[2]));
    SolverSpec euler = SolverSpec.fixed(SolverKind.EULER, Integer.parseInt(args[3]));
    int batch = 4096;
    double checksum = 0;
    for (int from = 0; from < x.rows; from += batch) {
      int[] idx = new int[Math.min(batch, x.rows - from)];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = from + i;
      }
      Matrix y = model.push(x.rows(idx), 0, 1, euler);
      checksum += y.data[0];
    }
    System.out.printf("pushed %d cells in %.1f s (checksum %.4f)%n", x.rows, (System.nanoTime() - t0) / 1e9, checksum);
  }
}

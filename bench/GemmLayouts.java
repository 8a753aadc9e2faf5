import java.util.Random;
import org.flowmatch4j.tensor.Kernels;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.tensor.Parallel;

/**
 * The three matrix-product layouts of one 512 x 512 layer of the large MLP benchmark (batch 1024):
 * forward X.W, input gradient dY.W^T, weight gradient X^T.dY. Prints the best of 7 blocks of 20
 * products, in ms, after 30 warm-up products. Usage: java GemmLayouts THREADS.
 */
public final class GemmLayouts {
  private GemmLayouts() {}

  private static double best(Runnable r) {
    for (int i = 0; i < 30; i++) {
      r.run();
    }
    long best = Long.MAX_VALUE;
    for (int k = 0; k < 7; k++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        r.run();
      }
      best = Math.min(best, System.nanoTime() - t0);
    }
    return best / 20 / 1e6;
  }

  public static void main(String[] args) {
    Parallel.setThreads(Integer.parseInt(args[0]));
    Kernels k = Kernels.get();
    int n = 1024;
    int h = 512;
    Matrix x = new Matrix(n, h);
    Matrix w = new Matrix(h, h);
    Matrix dy = new Matrix(n, h);
    Matrix y = new Matrix(n, h);
    Matrix dx = new Matrix(n, h);
    Matrix dw = new Matrix(h, h);
    Random r = new Random(1);
    for (Matrix m : new Matrix[] {x, w, dy}) {
      for (int i = 0; i < m.data.length; i++) {
        m.data[i] = (float) r.nextGaussian();
      }
    }
    System.out.printf("AB %.3f%n", best(() -> k.matmul(x, w, y, false)));
    System.out.printf("ABt %.3f%n", best(() -> k.matmulTransB(dy, w, dx, false)));
    System.out.printf("AtB %.3f%n", best(() -> k.matmulTransA(x, dy, dw, false)));
  }
}

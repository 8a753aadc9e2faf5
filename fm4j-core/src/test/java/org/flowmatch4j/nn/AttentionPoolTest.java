package org.flowmatch4j.nn;

import static org.flowmatch4j.nn.GradCheck.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attention pooling of a condition set inside {@link Mlp}: gradients against finite differences,
 * masking, permutation invariance, the mean-pooling start, the null condition, checkpoints.
 */
class AttentionPoolTest {
  static final int K = 3;
  static final int E = 4;
  static final int DK = 5;
  static final int REST = 2;
  static final int CD = K * E + K + REST;

  @TempDir Path dir;

  private final SplittableRandom rng = new SplittableRandom(21);

  private static MlpConfig config(ConditionInjection injection) {
    return new MlpConfig(3, CD, 3, 16, 2, Activation.SILU, TimeEncoding.RAW, 0, 4, injection,
        new AttentionPoolConfig(K, E, DK));
  }

  /** A network whose query is not zero (an untrained pool attends uniformly). */
  private Mlp trainedLooking(ConditionInjection injection) {
    Mlp mlp = new Mlp(config(injection));
    SplittableRandom r = new SplittableRandom(3);
    for (Parameter p : mlp.parameters()) {
      if (p.name().startsWith("pool.") || p.name().startsWith("film.")) {
        for (int i = 0; i < p.value().data.length; i++) {
          p.value().data[i] += (float) (1.5 * (2 * r.nextDouble() - 1));
        }
      }
    }
    return mlp;
  }

  /** n rows of c: row i holds a set of 1 + (i mod K) members, the padding filled with garbage. */
  private Matrix conditions(int n, boolean garbage) {
    Matrix c = random(n, CD, rng, 1);
    for (int i = 0; i < n; i++) {
      int size = 1 + i % K;
      for (int p = 0; p < K; p++) {
        c.data[i * CD + K * E + p] = p < size ? 1f : 0f;
        if (p >= size && !garbage) {
          java.util.Arrays.fill(c.data, i * CD + p * E, i * CD + (p + 1) * E, 0f);
        }
      }
    }
    return c;
  }

  private static Matrix forward(Mlp mlp, Matrix x, Matrix t, Matrix c) {
    Matrix out = new Matrix(x.rows, mlp.config().outputDim());
    mlp.forward(x, t, c, out);
    return out;
  }

  /** L = sum_ij w_ij v_ij(x, t, c), in double, from the tape-free forward. */
  private static double loss(Mlp mlp, Matrix x, Matrix t, Matrix c, Matrix w) {
    Matrix v = forward(mlp, x, t, c);
    double s = 0;
    for (int i = 0; i < v.data.length; i++) {
      s += (double) w.data[i] * v.data[i];
    }
    return s;
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    for (ConditionInjection injection : ConditionInjection.values()) {
      Mlp mlp = trainedLooking(injection);
      int n = 6;
      Matrix x = random(n, 3, rng, 1);
      Matrix t = random(n, 1, rng, 1);
      Matrix c = conditions(n, true);
      // rows 1 and 2 repeat the set of row 0 (a run, as in a training batch), their rest differs
      System.arraycopy(c.data, 0, c.data, CD, K * E + K);
      System.arraycopy(c.data, 0, c.data, 2 * CD, K * E + K);
      Matrix w = random(n, 3, rng, 1);
      Tape tape = new Tape();
      mlp.zeroGrad();
      Var cv = tape.variable(c);
      Var v = mlp.forward(tape, tape.constant(x), tape.constant(t), cv);
      tape.backward(tape.sum(tape.mul(v, tape.constant(w))));
      double h = 1e-2;
      for (Parameter p : new Parameter[] {mlp.pool().query(), mlp.pool().key(), mlp.pool().value()}) {
        double[] fd = new double[p.size()];
        for (int i = 0; i < fd.length; i++) {
          float saved = p.value().data[i];
          p.value().data[i] = (float) (saved + h);
          double up = loss(mlp, x, t, c, w);
          p.value().data[i] = (float) (saved - h);
          double down = loss(mlp, x, t, c, w);
          p.value().data[i] = saved;
          fd[i] = (up - down) / (2 * h);
        }
        GradCheck.assertGradient(fd, p.grad(), 2e-3, injection + " " + p.name());
      }
      // dL/dc: through the members' vectors and the rest; zero for the mask and the padding
      double[] fd = new double[c.data.length];
      for (int i = 0; i < fd.length; i++) {
        int col = i % CD;
        if (col >= K * E && col < K * E + K) {
          continue; // the mask is not differentiable (a step)
        }
        float saved = c.data[i];
        c.data[i] = (float) (saved + h);
        double up = loss(mlp, x, t, c, w);
        c.data[i] = (float) (saved - h);
        double down = loss(mlp, x, t, c, w);
        c.data[i] = saved;
        fd[i] = (up - down) / (2 * h);
      }
      GradCheck.assertGradient(fd, cv.grad(), 2e-3, injection + " dL/dc");
      for (int i = 0; i < n; i++) {
        int size = 0;
        while (size < K && c.data[i * CD + K * E + size] > 0.5f) {
          size++;
        }
        for (int j = size * E; j < K * E + K; j++) {
          assertEquals(0f, cv.grad().data[i * CD + j], injection + " padding/mask gradient row " + i + " col " + j);
        }
      }
    }
  }

  @Test
  void paddingNeverChangesTheResult() {
    Mlp mlp = trainedLooking(ConditionInjection.CONCAT_AND_FILM);
    int n = 9;
    Matrix x = random(n, 3, rng, 1);
    Matrix t = random(n, 1, rng, 1);
    Matrix clean = conditions(n, false);
    Matrix dirty = clean.copy();
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < n; i++) {
      for (int p = 1 + i % K; p < K; p++) {
        for (int j = 0; j < E; j++) {
          dirty.data[i * CD + p * E + j] = (float) (100 * r.nextGaussian());
        }
      }
    }
    assertArrayEquals(forward(mlp, x, t, clean).data, forward(mlp, x, t, dirty).data);
    Tape tape = new Tape();
    Var v = mlp.forward(tape, tape.constant(x), tape.constant(t), tape.constant(dirty));
    assertArrayEquals(forward(mlp, x, t, clean).data, v.value().data);
  }

  @Test
  void theOrderOfTheMembersDoesNotMatter() {
    Mlp mlp = trainedLooking(ConditionInjection.CONCAT);
    SplittableRandom r = new SplittableRandom(17);
    for (int trial = 0; trial < 50; trial++) {
      int n = 4;
      Matrix x = random(n, 3, rng, 1);
      Matrix t = random(n, 1, rng, 1);
      Matrix c = conditions(n, true);
      Matrix shuffled = c.copy();
      for (int i = 0; i < n; i++) {
        int[] perm = {0, 1, 2};
        for (int a = K - 1; a > 0; a--) {
          int b = r.nextInt(a + 1);
          int tmp = perm[a];
          perm[a] = perm[b];
          perm[b] = tmp;
        }
        for (int p = 0; p < K; p++) {
          System.arraycopy(c.data, i * CD + perm[p] * E, shuffled.data, i * CD + p * E, E);
          shuffled.data[i * CD + K * E + p] = c.data[i * CD + K * E + perm[p]];
        }
      }
      float[] a = forward(mlp, x, t, c).data;
      float[] b = forward(mlp, x, t, shuffled).data;
      for (int i = 0; i < a.length; i++) {
        assertEquals(a[i], b[i], 1e-5 * Math.max(1, Math.abs(a[i])), "trial " + trial);
      }
    }
  }

  @Test
  void anUntrainedPoolIsTheMeanAndTheEmptySetIsZero() {
    Mlp pooled = new Mlp(config(ConditionInjection.CONCAT));
    // the same network seeing the mean of the members directly: condition [mean | rest]
    Mlp plain = new Mlp(new MlpConfig(3, E + REST, 3, 16, 2, Activation.SILU, TimeEncoding.RAW, 0, 4));
    int n = 7;
    Matrix x = random(n, 3, rng, 1);
    Matrix t = random(n, 1, rng, 1);
    Matrix c = conditions(n, true);
    Matrix mean = new Matrix(n, E + REST);
    for (int i = 0; i < n; i++) {
      int size = 1 + i % K;
      for (int p = 0; p < size; p++) {
        for (int j = 0; j < E; j++) {
          mean.data[i * (E + REST) + j] += c.data[i * CD + p * E + j] / size;
        }
      }
      System.arraycopy(c.data, i * CD + K * E + K, mean.data, i * (E + REST) + E, REST);
    }
    float[] a = forward(pooled, x, t, c).data;
    float[] b = forward(plain, x, t, mean).data;
    for (int i = 0; i < a.length; i++) {
      assertEquals(b[i], a[i], 1e-5);
    }
    // the zero vector (the null condition) pools to zero: the plain network at c = 0
    Matrix zero = new Matrix(n, CD);
    assertArrayEquals(forward(plain, x, t, new Matrix(n, E + REST)).data,
        forward(trainedLooking(ConditionInjection.CONCAT), x, t, zero).data);
  }

  @Test
  void tapeAndTapeFreePathsAgreeIncludingDivergence() {
    Mlp mlp = trainedLooking(ConditionInjection.CONCAT_AND_FILM);
    int n = 5;
    Matrix x = random(n, 3, rng, 1);
    Matrix t = random(n, 1, rng, 1);
    Matrix c = conditions(n, true);
    Matrix out = new Matrix(n, 3);
    Matrix div = new Matrix(n, 1);
    mlp.divergence(x, t, c, out, div);
    Tape tape = new Tape();
    ValueAndDivergence vd = mlp.divergence(tape, tape.constant(x), tape.constant(t), tape.constant(c));
    for (int i = 0; i < n; i++) {
      assertEquals(vd.divergence().value().data[i], div.data[i], 1e-4);
    }
    for (int i = 0; i < out.data.length; i++) {
      assertEquals(vd.value().value().data[i], out.data[i], 1e-5);
    }
    assertThrows(IllegalArgumentException.class, () -> mlp.jvp(x, t, c, null, null, random(n, CD, rng, 1),
        new Matrix(n, 3), new Matrix(n, 3)));
  }

  @Test
  void theConfigurationAndTheWeightsSurviveACheckpoint() throws IOException {
    Mlp mlp = trainedLooking(ConditionInjection.FILM);
    Checkpoint ck = new Checkpoint();
    mlp.save(ck, "net0");
    assertEquals("attention", ck.get("net0.pooling"));
    assertEquals("3", ck.get("net0.poolSetSize"));
    Path file = dir.resolve("pool.fm4j");
    ck.write(file);
    Mlp back = Mlp.load(Checkpoint.read(file), "net0");
    assertEquals(mlp.config(), back.config());
    Matrix x = random(4, 3, rng, 1);
    Matrix t = random(4, 1, rng, 1);
    Matrix c = conditions(4, true);
    assertArrayEquals(forward(mlp, x, t, c).data, forward(back, x, t, c).data);
    // without the keys: no pooling
    Checkpoint plain = new Checkpoint();
    new Mlp(new MlpConfig(3, 2, 3, 8, 1, Activation.SILU, TimeEncoding.RAW, 0, 1)).save(plain, "n");
    assertEquals(null, Mlp.load(plain, "n").config().pooling());
    assertTrue(mlp.parameters().get(mlp.parameters().size() - 1).name().equals("pool.value"));
  }

  @Test
  void aConditionTooShortForTheSetIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new MlpConfig(3, K * E, 3, 8, 1, Activation.SILU,
        TimeEncoding.RAW, 0, 1, ConditionInjection.CONCAT, new AttentionPoolConfig(K, E, DK)));
  }
}

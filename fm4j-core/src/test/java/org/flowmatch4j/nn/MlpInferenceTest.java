package org.flowmatch4j.nn;

import static org.flowmatch4j.nn.GradCheck.assertClose;
import static org.flowmatch4j.nn.GradCheck.random;
import static org.flowmatch4j.nn.GradCheck.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/** The tape-free paths against the tape and the double reference; initialisation; shapes. */
class MlpInferenceTest {
  private final SplittableRandom rng = new SplittableRandom(21);

  private static final MlpConfig[] CONFIGS = {
    new MlpConfig(5, 0, 5, 64, 3, Activation.SILU, TimeEncoding.RAW, 0, 1),
    new MlpConfig(4, 3, 4, 33, 2, Activation.SELU, TimeEncoding.SINUSOIDAL, 8, 2),
    new MlpConfig(3, 0, 2, 17, 1, Activation.TANH, TimeEncoding.RAW, 0, 3),
    new MlpConfig(4, 3, 4, 33, 2, Activation.SILU, TimeEncoding.RAW, 0, 5,
        ConditionInjection.FILM),
    new MlpConfig(3, 2, 3, 20, 3, Activation.SELU, TimeEncoding.SINUSOIDAL, 8, 6,
        ConditionInjection.CONCAT_AND_FILM)
  };

  /** A network of {@code cfg} whose FiLM maps (if any) are random instead of zero. */
  static Mlp mlp(MlpConfig cfg) {
    Mlp mlp = new Mlp(cfg);
    SplittableRandom r = new SplittableRandom(cfg.seed() + 1000);
    for (int l = 0; mlp.film() && l < cfg.depth(); l++) {
      for (Parameter p : new Parameter[] {mlp.filmGamma(l), mlp.filmBeta(l)}) {
        for (int i = 0; i < p.size(); i++) {
          p.value().data[i] = (float) (0.6 * (2 * r.nextDouble() - 1));
        }
      }
    }
    return mlp;
  }

  @Test
  void forwardWithoutTapeEqualsTapeForwardBitForBit() {
    for (MlpConfig cfg : CONFIGS) {
      Mlp mlp = mlp(cfg);
      for (int n : new int[] {1, 37, 256}) {
        Matrix x = random(n, cfg.inputDim(), rng, 1);
        Matrix t = random(n, 1, rng, 1);
        Matrix c = cfg.condDim() > 0 ? random(n, cfg.condDim(), rng, 1) : null;
        Tape tape = new Tape();
        Var v = mlp.forward(tape, tape.constant(x), tape.constant(t),
            c == null ? null : tape.constant(c));
        Matrix out = new Matrix(n, cfg.outputDim());
        mlp.forward(x, t, c, out);
        assertArrayEquals(v.value().data, out.data, cfg + " n=" + n);
        mlp.forward(x, t, c, out); // the cached workspace gives the same again
        assertArrayEquals(v.value().data, out.data);
      }
    }
  }

  @Test
  void jvpWithoutTapeMatchesTapeAndReference() {
    for (MlpConfig cfg : CONFIGS) {
      Mlp mlp = mlp(cfg);
      int n = 19;
      int blocks = 3;
      Matrix x = random(n, cfg.inputDim(), rng, 1);
      Matrix t = random(n, 1, rng, 1);
      Matrix c = cfg.condDim() > 0 ? random(n, cfg.condDim(), rng, 1) : null;
      Matrix dx = random(blocks * n, cfg.inputDim(), rng, 1);
      Matrix dt = random(blocks * n, 1, rng, 1);
      Matrix dc = cfg.condDim() > 0 ? random(blocks * n, cfg.condDim(), rng, 1) : null;
      Tape tape = new Tape();
      Jvp j = mlp.jvp(tape, tape.constant(x), tape.constant(t),
          c == null ? null : tape.constant(c), tape.constant(dx), tape.constant(dt),
          dc == null ? null : tape.constant(dc));
      Matrix out = new Matrix(n, cfg.outputDim());
      Matrix dout = new Matrix(blocks * n, cfg.outputDim());
      mlp.jvp(x, t, c, dx, dt, dc, out, dout);
      assertArrayEquals(j.value().value().data, out.data, cfg + " value");
      double[][] ref = new RefMlp(cfg).run(RefMlp.params(mlp), toDouble(x), toDouble(t),
          c == null ? null : toDouble(c), toDouble(dx), toDouble(dt),
          dc == null ? null : toDouble(dc), n);
      assertClose(ref[1], dout.data, 1e-5, cfg + " tangent vs reference");
      assertClose(ref[1], j.tangent().value().data, 1e-5, cfg + " tape tangent vs reference");
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(ConditionInjection.class)
  void divergenceWithoutTapeMatchesReferenceAlsoInChunks(ConditionInjection injection) {
    MlpConfig cfg = new MlpConfig(5, 2, 5, 24, 3, Activation.SOFTPLUS, TimeEncoding.RAW, 0, 4,
        injection);
    Mlp mlp = mlp(cfg);
    RefMlp ref = new RefMlp(cfg);
    // 2000 rows: the 5 unit tangents run as a chunk of 4 and a chunk of 1
    for (int n : new int[] {7, 2000}) {
      Matrix x = random(n, 5, rng, 1);
      Matrix t = random(n, 1, rng, 1);
      Matrix c = random(n, 2, rng, 1);
      Matrix out = new Matrix(n, 5);
      Matrix div = new Matrix(n, 1);
      mlp.divergence(x, t, c, out, div);
      double[] expected = ref.divergence(RefMlp.params(mlp), toDouble(x), toDouble(t),
          toDouble(c), n);
      assertClose(expected, div.data, 1e-5, "divergence n=" + n);
      Matrix v = new Matrix(n, 5);
      mlp.forward(x, t, c, v);
      assertArrayEquals(v.data, out.data);
      if (n == 7) {
        Tape tape = new Tape();
        ValueAndDivergence d = mlp.divergence(tape, tape.constant(x), tape.constant(t), tape.constant(c));
        assertClose(expected, d.divergence().value().data, 1e-5, "tape divergence");
      }
    }
  }

  @Test
  void initialisationFollowsPyTorchBoundsAndSeed() {
    MlpConfig cfg = MlpConfig.velocity(100, 512, 3, Activation.SILU, 9);
    Mlp a = new Mlp(cfg);
    Mlp b = new Mlp(cfg);
    Mlp other = new Mlp(cfg.withSeed(10));
    assertEquals(101 * 512 + 512 + 2 * (512 * 512 + 512) + 512 * 100 + 100, a.parameterCount());
    for (int i = 0; i < a.parameters().size(); i++) {
      Parameter p = a.parameters().get(i);
      assertArrayEquals(p.value().data, b.parameters().get(i).value().data, "same seed");
      assertNotEquals(java.util.Arrays.hashCode(p.value().data),
          java.util.Arrays.hashCode(other.parameters().get(i).value().data), "other seed");
      int fanIn = a.weight(i / 2).value().cols;
      double bound = 1 / Math.sqrt(fanIn);
      double sumSq = 0;
      for (float v : p.value().data) {
        assertTrue(Math.abs(v) <= bound, p.name() + " value " + v + " outside +-" + bound);
        sumSq += v * v;
      }
      if (p.size() > 10_000) {
        // U(-b, b) has variance b^2 / 3
        assertEquals(bound * bound / 3, sumSq / p.size(), 0.02 * bound * bound);
      }
    }
    assertEquals("layers.3.bias", a.bias(3).name());
    assertEquals(100, a.weight(3).value().rows);
  }

  @Test
  void badShapesAreNamed() {
    Mlp mlp = new Mlp(CONFIGS[0]);
    Matrix out = new Matrix(4, 5);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> mlp.forward(new Matrix(4, 3), new Matrix(4, 1), null, out));
    assertTrue(e.getMessage().contains("5 columns") && e.getMessage().contains("4x3"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> mlp.forward(new Matrix(4, 5), new Matrix(3, 1), null, out));
    assertTrue(e.getMessage().contains("t must be 4x1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> mlp.forward(new Matrix(4, 5), new Matrix(4, 1), new Matrix(4, 2), out));
    assertTrue(e.getMessage().contains("no condition"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> mlp.forward(new Matrix(4, 5), new Matrix(4, 1), null, new Matrix(4, 4)));
    assertTrue(e.getMessage().contains("velocity output"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new MlpConfig(2, 0, 2, 8, 1, Activation.SILU, TimeEncoding.SINUSOIDAL, 3, 1));
    assertTrue(e.getMessage().contains("even"), e.getMessage());
    Mlp conditioned = new Mlp(CONFIGS[1]);
    e = assertThrows(IllegalArgumentException.class, () -> conditioned.forward(
        new Matrix(2, 4), new Matrix(2, 1), null, new Matrix(2, 4)));
    assertTrue(e.getMessage().contains("c must be 2x3"), e.getMessage());
  }
}

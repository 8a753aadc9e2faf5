package org.flowmatch4j.nn;

import static org.flowmatch4j.nn.GradCheck.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FiLM conditioning of {@link Mlp}: zero maps leave the network unchanged, the maps act, the
 * configuration and maps survive a checkpoint, and old headers mean concatenation. Gradients and
 * JVPs against finite differences are in {@link MlpGradientTest} and {@link MlpInferenceTest}.
 */
class FilmTest {
  @TempDir Path dir;

  private final SplittableRandom rng = new SplittableRandom(8);

  private Matrix forward(Mlp mlp, Matrix x, Matrix t, Matrix c) {
    Matrix out = new Matrix(x.rows, mlp.config().outputDim());
    mlp.forward(x, t, c, out);
    return out;
  }

  @Test
  void zeroFilmEqualsThePlainNetwork() {
    int n = 23;
    Matrix x = random(n, 4, rng, 1);
    Matrix t = random(n, 1, rng, 1);
    Matrix c = random(n, 3, rng, 1);
    // FiLM alone, untrained: the unconditional network of the same seed, whatever c is
    MlpConfig plain = new MlpConfig(4, 0, 4, 32, 3, Activation.SILU, TimeEncoding.RAW, 0, 9);
    Mlp film = new Mlp(new MlpConfig(4, 3, 4, 32, 3, Activation.SILU, TimeEncoding.RAW, 0, 9,
        ConditionInjection.FILM));
    assertArrayEquals(forward(new Mlp(plain), x, t, null).data, forward(film, x, t, c).data);
    // concatenation and FiLM, untrained: the concatenation network of the same seed
    MlpConfig concat = new MlpConfig(4, 3, 4, 32, 3, Activation.SILU, TimeEncoding.RAW, 0, 9);
    Mlp both = new Mlp(concat.withConditioning(ConditionInjection.CONCAT_AND_FILM));
    assertArrayEquals(forward(new Mlp(concat), x, t, c).data, forward(both, x, t, c).data);
    // and on the tape
    Tape tape = new Tape();
    Var v = both.forward(tape, tape.constant(x), tape.constant(t), tape.constant(c));
    assertArrayEquals(forward(new Mlp(concat), x, t, c).data, v.value().data);
    // FiLM parameters are extra: width x condDim each, two per hidden layer
    assertEquals(new Mlp(concat).parameterCount() + 2L * 3 * 32 * 3, both.parameterCount());
    assertEquals("film.2.beta", both.parameters().get(both.parameters().size() - 1).name());
  }

  @Test
  void filmMakesTheFieldDependOnTheCondition() {
    MlpConfig cfg = new MlpConfig(2, 2, 2, 16, 2, Activation.TANH, TimeEncoding.RAW, 0, 3,
        ConditionInjection.FILM);
    Mlp mlp = MlpInferenceTest.mlp(cfg);
    int n = 5;
    Matrix x = random(n, 2, rng, 1);
    Matrix t = random(n, 1, rng, 1);
    Matrix c1 = random(n, 2, rng, 1);
    Matrix c2 = random(n, 2, rng, 1);
    Matrix zero = new Matrix(n, 2);
    float[] v1 = forward(mlp, x, t, c1).data.clone();
    float[] v2 = forward(mlp, x, t, c2).data.clone();
    boolean differs = false;
    for (int i = 0; i < v1.length; i++) {
      differs |= v1[i] != v2[i];
    }
    assertTrue(differs);
    // the null condition c = 0 switches FiLM off (no bias in the maps)
    Mlp plain = new Mlp(MlpConfig.velocity(2, 16, 2, Activation.TANH, 3));
    for (int l = 0; l < plain.layers(); l++) {
      System.arraycopy(mlp.weight(l).value().data, 0, plain.weight(l).value().data, 0,
          plain.weight(l).size());
      System.arraycopy(mlp.bias(l).value().data, 0, plain.bias(l).value().data, 0,
          plain.bias(l).size());
    }
    assertArrayEquals(forward(plain, x, t, null).data, forward(mlp, x, t, zero).data);
  }

  @Test
  void checkpointRoundTripKeepsTheInjectionAndTheMaps() throws IOException {
    MlpConfig cfg = new MlpConfig(3, 2, 3, 8, 2, Activation.SELU, TimeEncoding.SINUSOIDAL, 4, 4,
        ConditionInjection.CONCAT_AND_FILM);
    Mlp mlp = MlpInferenceTest.mlp(cfg);
    Checkpoint ck = new Checkpoint();
    mlp.save(ck, "velocity");
    assertEquals("CONCAT_AND_FILM", ck.get("velocity.conditioning"));
    Path file = dir.resolve("film.fm4j");
    ck.write(file);
    Mlp back = Mlp.load(Checkpoint.read(file), "velocity");
    assertEquals(cfg, back.config());
    assertTrue(back.film());
    for (int i = 0; i < mlp.parameters().size(); i++) {
      assertEquals(mlp.parameters().get(i).name(), back.parameters().get(i).name());
      assertArrayEquals(mlp.parameters().get(i).value().data,
          back.parameters().get(i).value().data);
    }
    Matrix x = random(7, 3, rng, 1);
    Matrix t = random(7, 1, rng, 1);
    Matrix c = random(7, 2, rng, 1);
    assertArrayEquals(forward(mlp, x, t, c).data, forward(back, x, t, c).data);
  }

  @Test
  void headerWithoutTheKeyMeansConcatenation() {
    MlpConfig cfg = new MlpConfig(3, 2, 3, 8, 2, Activation.SILU, TimeEncoding.RAW, 0, 4);
    Map<String, String> h = new HashMap<>(cfg.toHeader("m"));
    assertEquals("CONCAT", h.remove("m.conditioning"));
    MlpConfig back = MlpConfig.fromHeader(h, "m");
    assertEquals(ConditionInjection.CONCAT, back.conditioning());
    assertFalse(new Mlp(back).film());
    h.put("m.conditioning", "film");
    assertEquals(ConditionInjection.FILM, MlpConfig.fromHeader(h, "m").conditioning());
    h.put("m.conditioning", "sideways");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MlpConfig.fromHeader(h, "m"));
    assertTrue(e.getMessage().contains("m.conditioning"), e.getMessage());
  }

  @Test
  void filmWithoutAConditionIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MlpConfig(3, 0, 3, 8, 2, Activation.SILU, TimeEncoding.RAW, 0, 4,
            ConditionInjection.FILM));
    assertTrue(e.getMessage().contains("condDim"), e.getMessage());
  }
}

package org.flowmatch4j.nn;

import static org.flowmatch4j.nn.GradCheck.assertClose;
import static org.flowmatch4j.nn.GradCheck.assertGradient;
import static org.flowmatch4j.nn.GradCheck.numericGradient;
import static org.flowmatch4j.nn.GradCheck.random;
import static org.flowmatch4j.nn.GradCheck.toDouble;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Kernels;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole-network gradients against central finite differences of {@link RefMlp} in double: a plain
 * MSE loss, a loss on a JVP (directional derivative in x and t), a loss on the exact divergence,
 * and a loss on dv/dt, for every activation and both time encodings.
 */
class MlpGradientTest {
  private static final double TOL = 3e-4;
  private static final int N = 5;

  static Stream<Arguments> configs() {
    Stream.Builder<Arguments> b = Stream.builder();
    long seed = 1;
    for (Activation f : Activation.values()) {
      b.add(Arguments.of(new MlpConfig(3, 2, 3, 8, 2, f, TimeEncoding.RAW, 0, seed++)));
      b.add(Arguments.of(new MlpConfig(3, 0, 3, 7, 2, f, TimeEncoding.SINUSOIDAL, 4, seed++)));
    }
    b.add(Arguments.of(new MlpConfig(3, 2, 3, 8, 2, Activation.SILU, TimeEncoding.RAW, 0,
        seed++, ConditionInjection.FILM)));
    b.add(Arguments.of(new MlpConfig(3, 2, 3, 7, 3, Activation.TANH, TimeEncoding.SINUSOIDAL, 4,
        seed++, ConditionInjection.CONCAT_AND_FILM)));
    b.add(Arguments.of(new MlpConfig(3, 3, 3, 6, 2, Activation.SELU, TimeEncoding.RAW, 0,
        seed++, ConditionInjection.FILM)));
    return b.build();
  }

  /** Inputs of one check: x, t, c (null when condDim is 0), a target y. */
  private static final class Data {
    final Matrix x;
    final Matrix t;
    final Matrix c;
    final Matrix y;

    Data(MlpConfig cfg, SplittableRandom rng) {
      x = random(N, cfg.inputDim(), rng, 1.5);
      t = random(N, 1, rng, 0.5);
      for (int i = 0; i < N; i++) {
        t.data[i] = 0.5f + t.data[i];
      }
      c = cfg.condDim() > 0 ? random(N, cfg.condDim(), rng, 1) : null;
      y = random(N, cfg.outputDim(), rng, 1);
    }
  }

  private static double[] d(Matrix m) {
    return m == null ? null : toDouble(m);
  }

  private static double mse(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return s / a.length;
  }

  private static double meanSquare(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v * v;
    }
    return s / a.length;
  }

  /** Compares every parameter gradient with the finite difference of {@code loss}. */
  private static void checkParameters(Mlp mlp, GradCheck.Fn loss, String what) {
    double[][] p = RefMlp.params(mlp);
    List<Parameter> params = mlp.parameters();
    for (int i = 0; i < params.size(); i++) {
      double[] g = numericGradient(loss, p, i, 1e-6);
      assertGradient(g, params.get(i).grad(), TOL, what + " d/d " + params.get(i).name());
    }
  }

  @ParameterizedTest
  @MethodSource("configs")
  void mseLossGradientsMatchFiniteDifferences(MlpConfig cfg) {
    Mlp mlp = MlpInferenceTest.mlp(cfg);
    RefMlp ref = new RefMlp(cfg);
    Data s = new Data(cfg, new SplittableRandom(cfg.seed()));
    Tape tape = new Tape();
    Var x = tape.variable(s.x);
    Var cv = s.c == null ? null : tape.variable(s.c);
    Var v = mlp.forward(tape, x, tape.constant(s.t), cv);
    Var loss = tape.mse(v, tape.constant(s.y));
    mlp.zeroGrad();
    tape.backward(loss);
    double[] y = d(s.y);
    double[] t = d(s.t);
    double[] c = d(s.c);
    double[][] p0 = RefMlp.params(mlp);
    assertClose(ref.run(p0, d(s.x), t, c, null, null, null, N)[0], v.value().data, 1e-5,
        cfg + " value");
    checkParameters(mlp, p -> mse(ref.run(p, d(s.x), t, c, null, null, null, N)[0], y),
        cfg.activation() + " mse");
    double[][] xs = {d(s.x)};
    double[] gx = numericGradient(
        in -> mse(ref.run(p0, in[0], t, c, null, null, null, N)[0], y), xs, 0, 1e-6);
    assertGradient(gx, x.grad(), TOL, cfg.activation() + " mse d/dx");
    if (c != null) {
      double[][] cs = {c};
      double[] gc = numericGradient(
          in -> mse(ref.run(p0, d(s.x), t, in[0], null, null, null, N)[0], y), cs, 0, 1e-6);
      assertGradient(gc, cv.grad(), TOL, cfg + " mse d/dc");
    }
  }

  @ParameterizedTest
  @MethodSource("configs")
  void jvpLossGradientsMatchFiniteDifferences(MlpConfig cfg) {
    Mlp mlp = MlpInferenceTest.mlp(cfg);
    RefMlp ref = new RefMlp(cfg);
    SplittableRandom rng = new SplittableRandom(cfg.seed() + 100);
    Data s = new Data(cfg, rng);
    int blocks = 2;
    Matrix dx = random(blocks * N, cfg.inputDim(), rng, 1);
    Matrix dt = random(blocks * N, 1, rng, 1);
    Tape tape = new Tape();
    Jvp j = mlp.jvp(tape, tape.constant(s.x), tape.constant(s.t),
        s.c == null ? null : tape.constant(s.c), tape.constant(dx), tape.constant(dt), null);
    // L = mse(v, y) + 0.5 mean((J u)^2)
    Var loss = tape.axpby(1f, tape.mse(j.value(), tape.constant(s.y)), 0.5f,
        tape.mean(tape.mul(j.tangent(), j.tangent())));
    mlp.zeroGrad();
    tape.backward(loss);
    double[] x = d(s.x);
    double[] t = d(s.t);
    double[] c = d(s.c);
    double[] y = d(s.y);
    double[] dxd = d(dx);
    double[] dtd = d(dt);
    double[][] p0 = RefMlp.params(mlp);
    double[][] r0 = ref.run(p0, x, t, c, dxd, dtd, null, N);
    assertClose(r0[1], j.tangent().value().data, 2e-5, cfg + " tangent");
    checkParameters(mlp, p -> {
      double[][] r = ref.run(p, x, t, c, dxd, dtd, null, N);
      return mse(r[0], y) + 0.5 * meanSquare(r[1]);
    }, cfg.activation() + " jvp loss");
  }

  @ParameterizedTest
  @MethodSource("configs")
  void divergenceLossGradientsMatchFiniteDifferences(MlpConfig cfg) {
    Mlp mlp = MlpInferenceTest.mlp(cfg);
    RefMlp ref = new RefMlp(cfg);
    Data s = new Data(cfg, new SplittableRandom(cfg.seed() + 200));
    Tape tape = new Tape();
    ValueAndDivergence vd = mlp.divergence(tape, tape.constant(s.x), tape.constant(s.t),
        s.c == null ? null : tape.constant(s.c));
    // L = mean(div^2) + mean(v)
    Var loss = tape.add(tape.mean(tape.mul(vd.divergence(), vd.divergence())),
        tape.mean(vd.value()));
    mlp.zeroGrad();
    tape.backward(loss);
    double[] x = d(s.x);
    double[] t = d(s.t);
    double[] c = d(s.c);
    double[][] p0 = RefMlp.params(mlp);
    assertClose(ref.divergence(p0, x, t, c, N), vd.divergence().value().data, 2e-5,
        cfg + " divergence");
    checkParameters(mlp, p -> {
      double[] v = ref.run(p, x, t, c, null, null, null, N)[0];
      double mv = 0;
      for (double e : v) {
        mv += e;
      }
      return meanSquare(ref.divergence(p, x, t, c, N)) + mv / v.length;
    }, cfg.activation() + " divergence loss");
  }

  @ParameterizedTest
  @MethodSource("configs")
  void timeDerivativeLossGradientsMatchFiniteDifferences(MlpConfig cfg) {
    Mlp mlp = MlpInferenceTest.mlp(cfg);
    RefMlp ref = new RefMlp(cfg);
    Data s = new Data(cfg, new SplittableRandom(cfg.seed() + 300));
    Matrix ones = new Matrix(N, 1);
    java.util.Arrays.fill(ones.data, 1f);
    Tape tape = new Tape();
    Jvp j = mlp.jvp(tape, tape.constant(s.x), tape.constant(s.t),
        s.c == null ? null : tape.constant(s.c), null, tape.constant(ones), null);
    Var loss = tape.mse(j.tangent(), tape.constant(s.y));
    mlp.zeroGrad();
    tape.backward(loss);
    double[] x = d(s.x);
    double[] t = d(s.t);
    double[] c = d(s.c);
    double[] y = d(s.y);
    double[] o = d(ones);
    // the reference tangent itself against a finite difference in t
    double[][] p0 = RefMlp.params(mlp);
    double h = 1e-6;
    double[] tp = t.clone();
    double[] tm = t.clone();
    for (int i = 0; i < N; i++) {
      tp[i] += h;
      tm[i] -= h;
    }
    double[] vp = ref.run(p0, x, tp, c, null, null, null, N)[0];
    double[] vm = ref.run(p0, x, tm, c, null, null, null, N)[0];
    double[] fd = new double[vp.length];
    for (int i = 0; i < fd.length; i++) {
      fd[i] = (vp[i] - vm[i]) / (2 * h);
    }
    assertClose(fd, j.tangent().value().data, 2e-4, cfg + " dv/dt");
    checkParameters(mlp, p -> mse(ref.run(p, x, t, c, null, o, null, N)[1], y),
        cfg.activation() + " dv/dt loss");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(ConditionInjection.class)
  void conditionTangentsAreDifferentiable(ConditionInjection injection) {
    MlpConfig cfg = new MlpConfig(2, 3, 2, 6, 2, Activation.SILU, TimeEncoding.RAW, 0, 5,
        injection);
    Mlp mlp = MlpInferenceTest.mlp(cfg);
    RefMlp ref = new RefMlp(cfg);
    SplittableRandom rng = new SplittableRandom(5);
    Data s = new Data(cfg, rng);
    Matrix dc = random(N, 3, rng, 1);
    Tape tape = new Tape(Kernels.scalar());
    Jvp j = mlp.jvp(tape, tape.constant(s.x), tape.constant(s.t), tape.constant(s.c), null,
        null, tape.constant(dc));
    Var loss = tape.mean(tape.mul(j.tangent(), j.tangent()));
    mlp.zeroGrad();
    tape.backward(loss);
    checkParameters(mlp,
        p -> meanSquare(ref.run(p, d(s.x), d(s.t), d(s.c), null, null, d(dc), N)[1]),
        "condition tangent loss");
  }
}

package org.flowmatch4j.nn;

import static org.flowmatch4j.nn.GradCheck.assertClose;
import static org.flowmatch4j.nn.GradCheck.assertGradient;
import static org.flowmatch4j.nn.GradCheck.numericGradient;
import static org.flowmatch4j.nn.GradCheck.random;
import static org.flowmatch4j.nn.GradCheck.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Kernels;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every tape operation against a double-precision reference: the value, and the gradient of
 * {@code L = sum(C * op(inputs))} (C random) with respect to every input against central finite
 * differences of the reference in double.
 */
class TapeGradientTest {
  private static final double TOL = 2e-4;

  static Stream<Kernels> kernels() {
    return Stream.of(Kernels.vector(), Kernels.scalar());
  }

  private SplittableRandom rng = new SplittableRandom(11);

  /** Checks one operation on the given inputs. */
  private void check(Kernels k, String name, Matrix[] inputs,
      BiFunction<Tape, Var[], Var> op, Function<double[][], double[]> ref) {
    Tape tape = new Tape(k);
    Var[] vars = new Var[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      vars[i] = tape.variable(inputs[i]);
    }
    Var out = op.apply(tape, vars);
    Matrix c = random(out.rows(), out.cols(), rng, 1);
    Var loss = tape.sum(tape.mul(out, tape.constant(c)));
    tape.backward(loss);
    double[][] x = new double[inputs.length][];
    for (int i = 0; i < inputs.length; i++) {
      x[i] = toDouble(inputs[i]);
    }
    double[] cd = toDouble(c);
    assertClose(ref.apply(x), out.value().data, 1e-5, k.name() + " " + name + " value");
    GradCheck.Fn f = in -> {
      double[] o = ref.apply(in);
      double s = 0;
      for (int i = 0; i < o.length; i++) {
        s += cd[i] * o[i];
      }
      return s;
    };
    for (int i = 0; i < inputs.length; i++) {
      double[] g = numericGradient(f, x, i, 1e-6);
      assertGradient(g, vars[i].grad(), TOL, k.name() + " " + name + " d/d input " + i);
    }
  }

  static double[] linearRef(double[] x, double[] w, double[] b, int n, int in, int out) {
    double[] y = new double[n * out];
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < out; o++) {
        double s = b == null ? 0 : b[o];
        for (int p = 0; p < in; p++) {
          s += x[i * in + p] * w[o * in + p];
        }
        y[i * out + o] = s;
      }
    }
    return y;
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void linear(Kernels k) {
    for (int[] s : new int[][] {{5, 3, 4}, {13, 17, 33}, {1, 1, 1}}) {
      int n = s[0];
      int in = s[1];
      int out = s[2];
      check(k, "linear", new Matrix[] {random(n, in, rng, 1), random(out, in, rng, 1),
          random(1, out, rng, 1)},
          (t, v) -> t.linear(v[0], v[1], v[2]),
          x -> linearRef(x[0], x[1], x[2], n, in, out));
      check(k, "linear without bias", new Matrix[] {random(n, in, rng, 1),
          random(out, in, rng, 1)},
          (t, v) -> t.linear(v[0], v[1], null),
          x -> linearRef(x[0], x[1], null, n, in, out));
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void activations(Kernels k) {
    for (Activation f : Activation.values()) {
      check(k, f.name(), new Matrix[] {random(7, 19, rng, 3)},
          (t, v) -> t.activation(f, v[0]),
          x -> {
            double[] y = new double[x[0].length];
            for (int i = 0; i < y.length; i++) {
              y[i] = f.value(x[0][i]);
            }
            return y;
          });
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void activationJvpIsDifferentiableInPointAndTangent(Kernels k) {
    for (Activation f : Activation.values()) {
      for (int blocks : new int[] {1, 3}) {
        int n = 5;
        int d = 18;
        check(k, f + " jvp x" + blocks,
            new Matrix[] {random(n, d, rng, 3), random(blocks * n, d, rng, 1)},
            (t, v) -> t.activationJvp(f, v[0], v[1]),
            x -> {
              double[] y = new double[x[1].length];
              for (int r = 0; r < y.length; r++) {
                y[r] = f.derivative(x[0][r % (n * d)]) * x[1][r];
              }
              return y;
            });
      }
    }
  }

  /** The second derivatives against finite differences of the first, in double. */
  @Test
  void secondDerivativesMatchFiniteDifferences() {
    for (Activation f : Activation.values()) {
      for (double z = -4.9; z < 5; z += 0.37) {
        double h = 1e-6;
        double d1 = (f.value(z + h) - f.value(z - h)) / (2 * h);
        double d2 = (f.derivative(z + h) - f.derivative(z - h)) / (2 * h);
        assertEquals(d1, f.derivative(z), 1e-7, f + " f' at " + z);
        assertEquals(d2, f.secondDerivative(z), 1e-7, f + " f'' at " + z);
      }
    }
  }

  static double[] concatRef(int rows, double[]... parts) {
    int total = 0;
    for (double[] p : parts) {
      total += p.length;
    }
    double[] out = new double[total];
    int cols = total / rows;
    int col = 0;
    for (double[] p : parts) {
      int pc = p.length / rows;
      for (int i = 0; i < rows; i++) {
        System.arraycopy(p, i * pc, out, i * cols + col, pc);
      }
      col += pc;
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void concatenation(Kernels k) {
    int n = 6;
    check(k, "concat2", new Matrix[] {random(n, 3, rng, 1), random(n, 1, rng, 1)},
        (t, v) -> t.concat(v[0], v[1]), x -> concatRef(n, x[0], x[1]));
    check(k, "concat3", new Matrix[] {random(n, 2, rng, 1), random(n, 5, rng, 1),
        random(n, 1, rng, 1)},
        (t, v) -> t.concat(v[0], v[1], v[2]), x -> concatRef(n, x[0], x[1], x[2]));
    check(k, "concat4", new Matrix[] {random(n, 2, rng, 1), random(n, 1, rng, 1),
        random(n, 3, rng, 1), random(n, 2, rng, 1)},
        (t, v) -> t.concat(v), x -> concatRef(n, x[0], x[1], x[2], x[3]));
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void elementwise(Kernels k) {
    int n = 4;
    int d = 21;
    Matrix[] two = {random(n, d, rng, 1), random(n, d, rng, 1)};
    check(k, "add", two, (t, v) -> t.add(v[0], v[1]), x -> combine(x, 1, 1));
    check(k, "sub", two, (t, v) -> t.sub(v[0], v[1]), x -> combine(x, 1, -1));
    check(k, "axpby", two, (t, v) -> t.axpby(0.3f, v[0], -2.5f, v[1]),
        x -> combine(x, 0.3f, -2.5f));
    check(k, "scale", new Matrix[] {two[0]}, (t, v) -> t.scale(v[0], 1.7f),
        x -> {
          double[] y = x[0].clone();
          for (int i = 0; i < y.length; i++) {
            y[i] *= 1.7f;
          }
          return y;
        });
    check(k, "mul", two, (t, v) -> t.mul(v[0], v[1]),
        x -> {
          double[] y = new double[x[0].length];
          for (int i = 0; i < y.length; i++) {
            y[i] = x[0][i] * x[1][i];
          }
          return y;
        });
    check(k, "mul of a value by itself", new Matrix[] {two[0]}, (t, v) -> t.mul(v[0], v[0]),
        x -> {
          double[] y = new double[x[0].length];
          for (int i = 0; i < y.length; i++) {
            y[i] = x[0][i] * x[0][i];
          }
          return y;
        });
    check(k, "scaleRows", new Matrix[] {two[0], random(n, 1, rng, 1)},
        (t, v) -> t.scaleRows(v[0], v[1]),
        x -> {
          double[] y = new double[x[0].length];
          for (int i = 0; i < y.length; i++) {
            y[i] = x[0][i] * x[1][i / d];
          }
          return y;
        });
  }

  private static double[] combine(double[][] x, float a, float b) {
    double[] y = new double[x[0].length];
    for (int i = 0; i < y.length; i++) {
      y[i] = a * x[0][i] + b * x[1][i];
    }
    return y;
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void reductionsAndLosses(Kernels k) {
    int n = 9;
    int d = 7;
    Matrix a = random(n, d, rng, 1);
    Matrix b = random(n, d, rng, 1);
    Matrix w = random(n, 1, rng, 1);
    check(k, "rowSums", new Matrix[] {a}, (t, v) -> t.rowSums(v[0]),
        x -> {
          double[] y = new double[n];
          for (int i = 0; i < x[0].length; i++) {
            y[i / d] += x[0][i];
          }
          return y;
        });
    check(k, "sum", new Matrix[] {a}, (t, v) -> t.sum(v[0]),
        x -> new double[] {java.util.Arrays.stream(x[0]).sum()});
    check(k, "mean", new Matrix[] {a}, (t, v) -> t.mean(v[0]),
        x -> new double[] {java.util.Arrays.stream(x[0]).sum() / x[0].length});
    check(k, "mse", new Matrix[] {a, b}, (t, v) -> t.mse(v[0], v[1]),
        x -> {
          double s = 0;
          for (int i = 0; i < x[0].length; i++) {
            s += (x[0][i] - x[1][i]) * (x[0][i] - x[1][i]);
          }
          return new double[] {s / x[0].length};
        });
    check(k, "weightedMse", new Matrix[] {a, b, w}, (t, v) -> t.weightedMse(v[0], v[1], v[2]),
        x -> {
          double s = 0;
          for (int i = 0; i < x[0].length; i++) {
            s += x[2][i / d] * (x[0][i] - x[1][i]) * (x[0][i] - x[1][i]);
          }
          return new double[] {s / x[0].length};
        });
    int blocks = 3;
    check(k, "stackedTrace", new Matrix[] {random(blocks * n, d, rng, 1)},
        (t, v) -> t.stackedTrace(v[0], n),
        x -> {
          double[] y = new double[n];
          for (int bl = 0; bl < blocks; bl++) {
            for (int i = 0; i < n; i++) {
              y[i] += x[0][(bl * n + i) * d + bl];
            }
          }
          return y;
        });
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void sinusoidalEmbeddingAndItsTangent(Kernels k) {
    double[] omega = TimeEncoding.frequencies(6);
    int n = 4;
    int half = omega.length;
    Matrix t0 = random(n, 1, rng, 1);
    check(k, "sinusoidal", new Matrix[] {t0}, (t, v) -> t.sinusoidal(v[0], omega),
        x -> {
          double[] y = new double[n * 2 * half];
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < half; j++) {
              y[i * 2 * half + j] = Math.cos(omega[j] * x[0][i]);
              y[i * 2 * half + half + j] = Math.sin(omega[j] * x[0][i]);
            }
          }
          return y;
        });
    int blocks = 2;
    check(k, "sinusoidal tangent", new Matrix[] {t0, random(blocks * n, 1, rng, 1)},
        (t, v) -> t.sinusoidalJvp(v[0], v[1], omega),
        x -> {
          double[] y = new double[blocks * n * 2 * half];
          for (int r = 0; r < blocks * n; r++) {
            double tv = x[0][r % n];
            for (int j = 0; j < half; j++) {
              y[r * 2 * half + j] = -x[1][r] * omega[j] * Math.sin(omega[j] * tv);
              y[r * 2 * half + half + j] = x[1][r] * omega[j] * Math.cos(omega[j] * tv);
            }
          }
          return y;
        });
  }

  @Test
  void parametersAccumulateAcrossBackwardPassesUntilZeroed() {
    Parameter p = new Parameter("w", random(3, 2, rng, 1));
    Matrix x = random(4, 2, rng, 1);
    Tape tape = new Tape();
    float[] first = null;
    for (int pass = 0; pass < 2; pass++) {
      tape.reset();
      Var loss = tape.sum(tape.linear(tape.constant(x), tape.param(p), null));
      tape.backward(loss);
      if (pass == 0) {
        first = p.grad().data.clone();
      }
    }
    for (int i = 0; i < first.length; i++) {
      assertEquals(2 * first[i], p.grad().data[i], 1e-6);
    }
    p.zeroGrad();
    assertTrue(java.util.Arrays.stream(toDouble(p.grad())).allMatch(v -> v == 0));
  }

  @Test
  void constantsGetNoGradientAndUnusedVariablesGetZeros() {
    Tape tape = new Tape();
    Var c = tape.constant(random(2, 2, rng, 1));
    Var unused = tape.variable(random(2, 2, rng, 1));
    Var used = tape.variable(random(2, 2, rng, 1));
    tape.backward(tape.sum(tape.mul(c, used)));
    assertNull(c.grad());
    assertArrayEquals(new float[4], unused.grad().data);
    assertArrayEquals(c.value().data, used.grad().data);
  }

  @Test
  void replayingTheSameRecordingReusesNodesAndGivesTheSameResult() {
    Matrix x = random(5, 3, rng, 1);
    Parameter w = new Parameter("w", random(4, 3, rng, 1));
    Tape tape = new Tape();
    Var[] nodes = new Var[2];
    float[][] grads = new float[2][];
    for (int pass = 0; pass < 2; pass++) {
      tape.reset();
      w.zeroGrad();
      Var h = tape.activation(Activation.TANH, tape.linear(tape.constant(x), tape.param(w), null));
      Var loss = tape.mean(h);
      tape.backward(loss);
      nodes[pass] = h;
      grads[pass] = w.grad().data.clone();
    }
    assertTrue(nodes[0] == nodes[1], "the node was reused");
    assertArrayEquals(grads[0], grads[1]);
  }

  @Test
  void misuseIsReportedWithShapes() {
    Tape tape = new Tape();
    Var a = tape.constant(new Matrix(2, 3));
    Var b = tape.constant(new Matrix(3, 2));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> tape.add(a, b));
    assertTrue(e.getMessage().contains("2x3") && e.getMessage().contains("3x2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> tape.linear(a, b, null));
    assertTrue(e.getMessage().contains("weight"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> tape.backward(a));
    assertTrue(e.getMessage().contains("1x1"), e.getMessage());
    Tape other = new Tape();
    Var foreign = other.constant(new Matrix(2, 3));
    e = assertThrows(IllegalArgumentException.class, () -> tape.add(a, foreign));
    assertTrue(e.getMessage().contains("not recorded on this tape"), e.getMessage());
    tape.reset();
    e = assertThrows(IllegalArgumentException.class, () -> tape.sum(a));
    assertTrue(e.getMessage().contains("since its last reset"), e.getMessage());
  }
}

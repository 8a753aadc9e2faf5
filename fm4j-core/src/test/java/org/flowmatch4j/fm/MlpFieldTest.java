package org.flowmatch4j.fm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.flowmatch4j.fm.path.GaussianConversions;
import org.flowmatch4j.fm.path.Prediction;
import org.flowmatch4j.fm.path.VpScheduler;
import org.flowmatch4j.fm.solver.EulerMaruyama;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.MlpConfig;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MlpFieldTest {
  private static final VpScheduler VP = VpScheduler.standard();
  private static final Mlp NET = new Mlp(MlpConfig.velocity(3, 24, 2, Activation.TANH, 5));

  private static Matrix random(int n, int d, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Matrix m = new Matrix(n, d);
    for (int k = 0; k < m.data.length; k++) {
      m.data[k] = (float) r.nextGaussian();
    }
    return m;
  }

  static Stream<MlpField> fields() {
    return Stream.of(
        MlpField.of(NET),
        MlpField.converted(NET, VP, Prediction.EPSILON),
        MlpField.converted(NET, VP, Prediction.VELOCITY, Prediction.SCORE),
        MlpField.converted(NET, VP, Prediction.EPSILON, Prediction.X1),
        MlpField.reverseSdeDrift(NET, VP, Prediction.EPSILON, t -> Math.sqrt(VP.beta(t))));
  }

  /** J u and the divergence against central finite differences of the field (h = 1e-2, float). */
  @ParameterizedTest
  @MethodSource("fields")
  void jvpAndDivergenceMatchFiniteDifferences(MlpField f) {
    int n = 6;
    int d = 3;
    double t = 0.6;
    Matrix x = random(n, d, 1);
    Matrix u = random(2 * n, d, 2);
    Matrix v = new Matrix(n, d);
    Matrix ju = new Matrix(2 * n, d);
    f.jvp(x, t, u, v, ju);
    Matrix v2 = new Matrix(n, d);
    Matrix div = new Matrix(n, 1);
    f.divergence(x, t, v2, div);
    Matrix plain = new Matrix(n, d);
    f.eval(x, t, plain);
    double h = 1e-2;
    double[] fdDiv = new double[n];
    for (int b = 0; b < 2 + d; b++) {
      Matrix xp = x.copy();
      Matrix xm = x.copy();
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          double dir = b < 2 ? u.data[(b * n + i) * d + j] : (j == b - 2 ? 1 : 0);
          xp.data[i * d + j] += (float) (h * dir);
          xm.data[i * d + j] -= (float) (h * dir);
        }
      }
      Matrix fp = new Matrix(n, d);
      Matrix fm = new Matrix(n, d);
      f.eval(xp, t, fp);
      f.eval(xm, t, fm);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          double fd = (fp.data[i * d + j] - fm.data[i * d + j]) / (2 * h);
          if (b < 2) {
            double got = ju.data[(b * n + i) * d + j];
            assertEquals(fd, got, 2e-3 * Math.max(1, Math.abs(fd)), "J u, direction " + b + " point " + i);
          } else if (j == b - 2) {
            fdDiv[i] += fd;
          }
        }
      }
    }
    for (int i = 0; i < n; i++) {
      assertEquals(fdDiv[i], div.data[i], 3e-3 * Math.max(1, Math.abs(fdDiv[i])), "divergence of point " + i);
    }
    for (int k = 0; k < v.data.length; k++) {
      assertEquals(plain.data[k], v.data[k], 1e-6 * Math.max(1, Math.abs(plain.data[k])));
      assertEquals(plain.data[k], v2.data[k], 1e-6 * Math.max(1, Math.abs(plain.data[k])));
    }
  }

  @Test
  void convertedFieldIsTheConversionOfTheRawOutput() {
    Matrix x = random(5, 3, 3);
    Matrix raw = new Matrix(5, 3);
    MlpField.of(NET).eval(x, 0.3, raw);
    for (Prediction from : new Prediction[] {Prediction.VELOCITY, Prediction.EPSILON, Prediction.X1}) {
      for (Prediction to : Prediction.values()) {
        Matrix want = new Matrix(5, 3);
        GaussianConversions.convert(VP, from, to, x, 0.3, raw, want);
        Matrix got = new Matrix(5, 3);
        MlpField.converted(NET, VP, from, to).eval(x, 0.3, got);
        for (int k = 0; k < got.data.length; k++) {
          assertEquals(want.data[k], got.data[k], 1e-5 * Math.max(1, Math.abs(want.data[k])), from + "->" + to);
        }
      }
    }
  }

  /** One network evaluation gives the same drift as the velocity plus g^2/2 times the score. */
  @Test
  void reverseSdeDriftIsVelocityPlusHalfGSquaredScore() {
    DoubleUnaryOperator g = t -> Math.sqrt(VP.beta(t));
    Matrix x = random(7, 3, 4);
    for (Prediction p : new Prediction[] {Prediction.EPSILON, Prediction.VELOCITY, Prediction.X1}) {
      VectorField composed = EulerMaruyama.scoreCorrectedDrift(
          MlpField.converted(NET, VP, p), MlpField.converted(NET, VP, p, Prediction.SCORE), g);
      for (double t : new double[] {0.05, 0.5, 0.95}) {
        Matrix want = new Matrix(7, 3);
        Matrix got = new Matrix(7, 3);
        composed.eval(x, t, want);
        MlpField.reverseSdeDrift(NET, VP, p, g).eval(x, t, got);
        for (int k = 0; k < got.data.length; k++) {
          assertEquals(want.data[k], got.data[k], 1e-4 * Math.max(1, Math.abs(want.data[k])), p + " at t=" + t);
        }
      }
    }
  }

  @Test
  void convertedFieldsNeedASquareNetwork() {
    Mlp wide = new Mlp(new MlpConfig(2, 0, 3, 8, 1, Activation.TANH, org.flowmatch4j.nn.TimeEncoding.RAW, 0, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MlpField.converted(wide, VP, Prediction.EPSILON));
    assertTrue(e.getMessage().contains("outputDim == inputDim"), e.getMessage());
  }
}

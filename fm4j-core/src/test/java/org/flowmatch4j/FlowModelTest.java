package org.flowmatch4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FlowMatching} and {@link FlowModel} on small clouds and networks. */
class FlowModelTest {
  private static final SolverSpec EULER = SolverSpec.fixed(SolverKind.EULER, 10);
  @TempDir Path dir;

  private static Matrix cloud(long seed, int n, int d, double mean, double sd) {
    SplittableRandom rng = new SplittableRandom(seed);
    Matrix m = new Matrix(n, d);
    for (int k = 0; k < m.data.length; k++) {
      m.data[k] = (float) (mean + sd * rng.nextGaussian());
    }
    return m;
  }

  private static FlowMatching.Builder small() {
    return FlowMatching.builder().network(16, 2).steps(60).batch(64).seed(5);
  }

  @Test
  void sameSettingsAndDataGiveTheSameModelAndTheFingerprintFollowsTheData() {
    Matrix x0 = cloud(1, 100, 2, 0, 1);
    Matrix x1 = cloud(2, 100, 2, 3, 0.5);
    FlowModel a = small().fit(x0, x1);
    FlowModel b = small().fit(x0, x1);
    assertEquals(a.provenance(), b.provenance());
    assertEquals(a.config(), b.config());
    assertArrayEquals(a.sample(50, new SplittableRandom(9), EULER).data, b.sample(50, new SplittableRandom(9), EULER).data);
    Matrix changed = x1.copy();
    changed.data[7] += 1e-3f;
    assertNotEquals(a.provenance().dataFingerprint(), Provenance.fingerprint(x0, changed));
    assertEquals(a.provenance().dataFingerprint(), Provenance.fingerprint(x0, x1));
    assertEquals(64, a.provenance().dataFingerprint().length());
    assertEquals(0.1, a.config().sigma(), "OT-CFM's default sigma");
  }

  @Test
  void theModelDoesNotShareTheCallersData() {
    Matrix x0 = cloud(1, 80, 2, 0, 1);
    FlowModel a = small().fit(x0, cloud(2, 80, 2, 3, 0.5));
    Matrix before = a.sample(20, new SplittableRandom(4), EULER);
    java.util.Arrays.fill(x0.data, 100f);
    assertArrayEquals(before.data, a.sample(20, new SplittableRandom(4), EULER).data);
  }

  @Test
  void saveAndLoadKeepWeightsSourceConfigurationAndProvenance() throws Exception {
    FlowModel a = small().matcher(Matcher.ICFM).sigma(0.2).fit(cloud(1, 90, 3, 0, 1), cloud(2, 90, 3, -1, 1));
    Path f = dir.resolve("m.fm4j");
    a.save(f);
    FlowModel b = FlowModel.load(f);
    assertEquals(a.config(), b.config());
    assertEquals(a.provenance(), b.provenance());
    assertEquals(Provenance.libraryVersion(), b.provenance().version());
    assertTrue(!b.hasGaussianSource());
    assertArrayEquals(a.sample(30, new SplittableRandom(8), EULER).data, b.sample(30, new SplittableRandom(8), EULER).data);
    Matrix x = cloud(3, 5, 3, 0, 1);
    assertArrayEquals(a.velocity(x, 0.3).data, b.velocity(x, 0.3).data);
  }

  /**
   * In one dimension the density of the flow's output is p0(T^-1(x)) |d T^-1 / dx|: the inverse
   * map by pushing back to the source time, its derivative by central differences.
   */
  @Test
  void logLikelihoodIsTheChangeOfVariablesOfTheInverseMap() {
    FlowModel m = FlowMatching.builder().matcher(Matcher.FM).network(16, 2).steps(150).batch(64).seed(2)
        .fit(cloud(1, 200, 1, 1, 0.3));
    Matrix x = Matrix.of(new double[][] {{0.6}, {1.0}, {1.5}});
    SolverSpec tight = SolverSpec.adaptive(1e-7);
    double[] logp = m.logLikelihood(x, tight);
    double[] loose = m.logLikelihood(x);
    double h = 1e-2;
    for (int i = 0; i < x.rows; i++) {
      double xi = x.get(i, 0);
      Matrix pts = Matrix.of(new double[][] {{xi - h}, {xi}, {xi + h}});
      Matrix back = m.push(pts, m.tEnd(), m.tStart(), tight);
      double x0 = back.get(1, 0);
      double slope = (back.get(2, 0) - back.get(0, 0)) / (2 * h);
      double expected = -0.5 * Math.log(2 * Math.PI) - 0.5 * x0 * x0 + Math.log(Math.abs(slope));
      assertEquals(expected, logp[i], 1e-3, "log p at x = " + xi);
      assertEquals(logp[i], loose[i], 1e-2, "the default solver at x = " + xi);
    }
  }

  @Test
  void callerErrorsAreUncheckedAndNamed() throws Exception {
    Matrix good = cloud(1, 10, 2, 0, 1);
    Matrix bad = good.copy();
    bad.data[2 * 4 + 1] = Float.NaN;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small().fit(bad));
    assertTrue(e.getMessage().contains("row 4 column 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> small().fit(cloud(1, 10, 3, 0, 1), good));
    assertTrue(e.getMessage().contains("3 columns"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> small().steps(0).fit(good));
    assertTrue(e.getMessage().contains("steps"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> small().matcher(Matcher.FM).fit(good, good));
    assertTrue(e.getMessage().contains("Gaussian source"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> small().matcher(Matcher.RF).sigma(0.1).fit(good));
    assertTrue(e.getMessage().contains("sigma does not apply to matcher rf"), e.getMessage());
    small().matcher(Matcher.RF).steps(1).fit(good);
    FlowModel fromPoints = small().steps(1).fit(good, good);
    assertThrows(IllegalStateException.class, () -> fromPoints.logLikelihood(good));
    e = assertThrows(IllegalArgumentException.class, () -> fromPoints.push(cloud(1, 3, 5, 0, 1), 0, 1, EULER));
    assertTrue(e.getMessage().contains("dimension 5"), e.getMessage());
    Path junk = Files.writeString(dir.resolve("junk.fm4j"), "not a model");
    e = assertThrows(IllegalArgumentException.class, () -> FlowModel.load(junk));
    assertTrue(e.getMessage().contains("junk.fm4j"), e.getMessage());
    assertThrows(java.io.UncheckedIOException.class, () -> FlowModel.load(dir.resolve("absent.fm4j")));
  }
}

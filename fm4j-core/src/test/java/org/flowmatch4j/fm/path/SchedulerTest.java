package org.flowmatch4j.fm.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  static Stream<Scheduler> schedulers() {
    return Stream.of(
        new CondOtScheduler(),
        new PolynomialScheduler(2),
        new PolynomialScheduler(0.5),
        new CosineScheduler(),
        new LipmanScheduler(0.01),
        VpScheduler.standard(),
        new VpScheduler(1, 5));
  }

  @ParameterizedTest
  @MethodSource("schedulers")
  void derivativesEqualCentralFiniteDifferences(Scheduler s) {
    double h = 1e-6;
    for (double t = 0.05; t < 0.96; t += 0.05) {
      double fdAlpha = (s.alpha(t + h) - s.alpha(t - h)) / (2 * h);
      double fdSigma = (s.sigma(t + h) - s.sigma(t - h)) / (2 * h);
      assertEquals(fdAlpha, s.dAlpha(t), 1e-6 * Math.max(1, Math.abs(fdAlpha)), s + " dAlpha at " + t);
      assertEquals(fdSigma, s.dSigma(t), 1e-6 * Math.max(1, Math.abs(fdSigma)), s + " dSigma at " + t);
    }
  }

  @ParameterizedTest
  @MethodSource("schedulers")
  void endsAtTheTarget(Scheduler s) {
    assertEquals(1, s.alpha(1), 1e-12);
    double sigmaEnd = s instanceof LipmanScheduler l ? l.sigmaMin() : 0;
    assertEquals(sigmaEnd, s.sigma(1), 1e-12);
  }

  @Test
  void straightSchedulesStartAtTheSource() {
    for (Scheduler s : new Scheduler[] {new CondOtScheduler(), new PolynomialScheduler(3), new CosineScheduler(), new LipmanScheduler(0.1)}) {
      assertEquals(0, s.alpha(0), 1e-12, s.toString());
      assertEquals(1, s.sigma(0), 1e-12, s.toString());
    }
  }

  @Test
  void varianceIsPreservedByCosineAndVp() {
    for (double t = 0; t <= 1; t += 0.1) {
      CosineScheduler c = new CosineScheduler();
      assertEquals(1, c.alpha(t) * c.alpha(t) + c.sigma(t) * c.sigma(t), 1e-12);
      VpScheduler vp = VpScheduler.standard();
      assertEquals(1, vp.alpha(t) * vp.alpha(t) + vp.sigma(t) * vp.sigma(t), 1e-12);
    }
  }

  @Test
  void vpStartsNearNoiseWithTheKnownIntegratedRate() {
    VpScheduler vp = VpScheduler.standard();
    // T(0) = 0.1 + 19.9 / 2 = 10.05
    assertEquals(10.05, vp.integratedBeta(0), 1e-12);
    assertEquals(Math.exp(-5.025), vp.alpha(0), 1e-15);
    assertEquals(20, vp.beta(0), 1e-12);
    assertEquals(0.1, vp.beta(1), 1e-12);
  }

  @Test
  void invalidParametersAreRejected() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new PolynomialScheduler(0))
        .getMessage().contains("degree"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new LipmanScheduler(1))
        .getMessage().contains("sigmaMin"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new VpScheduler(2, 1))
        .getMessage().contains("betaMin"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.brownianBridge(0))
        .getMessage().contains("sigma"));
  }
}

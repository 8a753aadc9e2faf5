package org.flowmatch4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlateauRuleTest {
  /** The evaluation (1-based) after which the rule stops on {@code losses}, or 0 if it does not. */
  private static int stopsAfter(PlateauRule rule, double[] losses) {
    PlateauRule.Tracker t = new PlateauRule.Tracker(rule);
    for (int i = 0; i < losses.length; i++) {
      if (t.add(losses[i])) {
        return i + 1;
      }
    }
    return 0;
  }

  @Test
  void theExampleOfItsDocumentation() {
    PlateauRule rule = new PlateauRule(10, 3, 0.01);
    PlateauRule.Tracker t = new PlateauRule.Tracker(rule);
    assertFalse(t.add(10));
    assertFalse(t.add(9));
    assertFalse(t.add(8.95));
    assertFalse(t.add(8.99));
    assertTrue(t.add(8.93));
    assertEquals(9, t.best());
    assertEquals(3, t.since());
    assertTrue(rule.evaluatesAfter(50));
    assertFalse(rule.evaluatesAfter(55));
  }

  @Test
  void stopsPatienceEvaluationsAfterAGeometricFallLevelsOff() {
    // L falls by 5% per evaluation for 30 evaluations, then wobbles within +-0.4% of its last value
    double[] losses = new double[60];
    for (int i = 0; i < losses.length; i++) {
      losses[i] = i < 30 ? Math.pow(0.95, i) : Math.pow(0.95, 29) * (1 + 0.004 * Math.sin(i));
    }
    assertEquals(30 + 5, stopsAfter(new PlateauRule(1, 5, 0.01), losses));
    assertEquals(30 + 12, stopsAfter(new PlateauRule(1, 12, 0.01), losses));
    // a tolerance above the fall over patience evaluations stops during it: 25% needed, 22.6% in 5
    assertEquals(1 + 5, stopsAfter(new PlateauRule(1, 5, 0.25), losses));
    // 20% needed: 5 evaluations of the fall make it (22.6%), 4 do not (18.5%), so evaluations 1, 6,
    // ..., 26 improve; the fall ends 4 evaluations after the 26th, and the 31st is the 5th without
    assertEquals(26 + 5, stopsAfter(new PlateauRule(1, 5, 0.20), losses));
  }

  @Test
  void aFallOfExactlyTheToleranceIsNoImprovementAndNaNNeverIs() {
    assertEquals(0, stopsAfter(new PlateauRule(1, 2, 0.5), new double[] {8, 4, 3.999, 2}));
    assertEquals(3, stopsAfter(new PlateauRule(1, 2, 0.5), new double[] {8, 4, 4, 1}));
    assertEquals(0, stopsAfter(new PlateauRule(1, 2, 0.5), new double[] {8, 3.99, 1.99, 0.99}));
    assertEquals(2, stopsAfter(new PlateauRule(1, 2, 0), new double[] {Double.NaN, Double.NaN}));
    assertEquals(0, stopsAfter(new PlateauRule(1, 2, 0), new double[] {Double.NaN, 1, 0.5}));
  }

  @Test
  void aRestoredTrackerGoesOnAsTheOriginal() {
    PlateauRule rule = new PlateauRule(5, 3, 0.01);
    double[] losses = {5, 4, 3.99, 3.98, 3.97};
    PlateauRule.Tracker whole = new PlateauRule.Tracker(rule);
    PlateauRule.Tracker first = new PlateauRule.Tracker(rule);
    for (int i = 0; i < 3; i++) {
      whole.add(losses[i]);
      first.add(losses[i]);
    }
    PlateauRule.Tracker restored = new PlateauRule.Tracker(rule, first.best(), first.since());
    assertEquals(whole.add(losses[3]), restored.add(losses[3]));
    assertTrue(whole.add(losses[4]));
    assertTrue(restored.add(losses[4]));
  }

  @Test
  void badSettings() {
    assertThrows(IllegalArgumentException.class, () -> new PlateauRule(0, 5, 0.01));
    assertThrows(IllegalArgumentException.class, () -> new PlateauRule(10, 0, 0.01));
    assertThrows(IllegalArgumentException.class, () -> new PlateauRule(10, 5, 1));
    assertThrows(IllegalArgumentException.class, () -> new PlateauRule(10, 5, -0.1));
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(null, new PlateauRule(1, 1, 0)));
  }
}

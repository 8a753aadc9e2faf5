package org.flowmatch4j.fm.coupling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.ot.CostScaling;
import org.junit.jupiter.api.Test;

/** Each method's coupling is a {@link CouplingSpec}, and the entropic ones share its one stopping rule. */
class MatcherCouplingTest {
  @Test
  void eachMethodNamesItsCoupling() {
    assertEquals(CouplingSpec.of(CouplingKind.EXACT), Matcher.OTCFM.coupling(0.1));
    assertEquals(CouplingSpec.of(CouplingKind.EXACT), Matcher.OTMFM.coupling(0.1));
    assertEquals(new CouplingSpec(CouplingKind.SINKHORN, 0.5, CostScaling.NONE, 1, 1), Matcher.SBCFM.coupling(0.5));
    assertEquals(new CouplingSpec(CouplingKind.UNBALANCED, 0.05, CostScaling.MAX, 0.9, 0.9), Matcher.UOTCFM.coupling(0.1));
    for (Matcher m : new Matcher[] {Matcher.ICFM, Matcher.FM, Matcher.RF, Matcher.VP, Matcher.IMFM}) {
      assertEquals(CouplingSpec.of(CouplingKind.INDEPENDENT), m.coupling(0.1), m.cliName());
    }
    assertThrows(IllegalStateException.class, () -> Matcher.WFR.coupling(0.1));
  }

  @Test
  void couplingsWithoutParametersAreMadeByKindAndEntropicOnesNeedEpsilon() {
    assertEquals(IndependentCoupling.class, CouplingSpec.of(CouplingKind.INDEPENDENT).create().getClass());
    assertEquals(ExactOtCoupling.class, CouplingSpec.of(CouplingKind.PERMUTATION).create().getClass());
    assertThrows(IllegalArgumentException.class, () -> CouplingSpec.of(CouplingKind.SINKHORN));
    assertEquals("SinkhornCoupling[eps=0.5, tauA=1.0, tauB=1.0, scaling=NONE]",
        Matcher.SBCFM.coupling(0.5).create().toString());
  }
}

package org.flowmatch4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import org.flowmatch4j.fm.coupling.CouplingKind;
import org.flowmatch4j.fm.coupling.CouplingSpec;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.ot.CostScaling;
import org.junit.jupiter.api.Test;

/** Settings records survive the header bit for bit, nested records and nulls included, and bad entries are named. */
class RecordHeaderTest {
  /** A record of every kind of component the codec writes. */
  record Settings(String name, int n, long seed, double eps, boolean strict, SolverSpec solver, CouplingSpec coupling) {}

  @Test
  void aRecordReadsBackEqual() {
    Settings s = new Settings("a b", 3, -7, 0.1 + 0.2, true, SolverSpec.fixed(SolverKind.RK4, 8),
        new CouplingSpec(CouplingKind.UNBALANCED, 1e-3, CostScaling.MEAN, 0.9, 0.95));
    Map<String, String> h = RecordHeader.write(s, "s");
    assertEquals("RK4", h.get("s.solver.kind"));
    assertEquals("0.30000000000000004", h.get("s.eps"));
    assertEquals(s, RecordHeader.read(Settings.class, h, "s"));
    Settings noCoupling = new Settings("x", 1, 0, 1, false, SolverSpec.adaptive(1e-5), null);
    assertEquals(noCoupling, RecordHeader.read(Settings.class, RecordHeader.write(noCoupling, "s"), "s"));
  }

  @Test
  void missingMalformedOrRefusedEntriesAreNamed() {
    Map<String, String> h = new HashMap<>(RecordHeader.write(new Settings("x", 1, 0, 1, false,
        SolverSpec.fixed(SolverKind.EULER, 4), null), "s"));
    h.remove("s.n");
    assertEquals("missing header key s.n",
        assertThrows(IllegalArgumentException.class, () -> RecordHeader.read(Settings.class, h, "s")).getMessage());
    h.put("s.n", "two");
    assertEquals("header key s.n: cannot read 'two' as int",
        assertThrows(IllegalArgumentException.class, () -> RecordHeader.read(Settings.class, h, "s")).getMessage());
    h.put("s.n", "2");
    h.put("s.solver.nfe", "6");
    h.put("s.solver.kind", "RK4");
    assertEquals("s.solver: nfe 6: rk4 uses 4 evaluations per step, so nfe must be a positive multiple of 4",
        assertThrows(IllegalArgumentException.class, () -> RecordHeader.read(Settings.class, h, "s")).getMessage());
  }
}

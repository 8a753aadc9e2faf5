package org.flowmatch4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.tasks.perturbation.Start;
import org.flowmatch4j.tensor.Activation;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The shared option mixins take each command's own defaults, and help shows them. */
class SharedOptionsTest {
  private static CommandLine parse(Object command, String... args) {
    CommandLine cl = Main.commandLine(command, false);
    cl.parseArgs(args);
    return cl;
  }

  @Test
  void trajectoryKeepsItsSmallSeluNetworkAndPredictsFromTheWeightAverage() {
    TrajectoryCommand c = new TrajectoryCommand();
    CommandLine cl = parse(c, "--demo");
    assertEquals(64, c.network.width);
    assertEquals(3, c.network.depth);
    assertEquals(Activation.SELU, c.network.activation);
    assertEquals(1e-3, c.optimiser.lr);
    assertEquals(1e-5, c.optimiser.weightDecay);
    assertEquals(0.999, c.optimiser.ema);
    String help = cl.getUsageMessage();
    assertTrue(help.contains("(default: 0.999)"), help);
    assertTrue(help.contains("Hidden units (default: 64)"), help);
    assertTrue(help.contains("Hidden activation (default: selu)"), help);
  }

  @Test
  void cellCommandsTakeTheWideSiluNetworkAndTheAverage() {
    GenerateCommand g = new GenerateCommand();
    parse(g, "--data", "x.h5ad", "--out", "o");
    PerturbCommand p = new PerturbCommand();
    CommandLine cl = parse(p, "--data", "x.h5ad", "--holdout-condition", "s", "--out", "o", "--width", "32",
        "--start", "MEAN_SHIFT");
    assertEquals(256, g.network.width);
    assertEquals(Activation.SILU, g.network.activation);
    assertEquals(0.999, g.optimiser.ema);
    assertEquals(32, p.network.width);
    assertEquals(Activation.SILU, p.network.activation);
    assertEquals(0.999, p.optimiser.ema);
    assertEquals(Start.MEAN_SHIFT, p.start);
    assertTrue(cl.getUsageMessage().contains("Hidden units (default: 256)"), cl.getUsageMessage());
  }

  @Test
  void solverOptionsBuildTheNamedSolver() {
    LikelihoodCommand l = new LikelihoodCommand();
    parse(l, "--model", "m", "--data", "d", "--nfe", "8");
    assertEquals("rk4/8", l.solverOptions.spec(SolverKind.RK4).label());
  }
}

package org.flowmatch4j.ot;

/**
 * Unbalanced OT with KL marginal penalties rho_a, rho_b and entropic regularisation epsilon, by
 * the project's log-domain {@link Sinkhorn} on the given cost (no cost scaling):
 *
 * <pre>
 *   min_{G >= 0} &lt;G, C&gt; - eps H(G) + rho_a KL(G 1 | a) + rho_b KL(G^T 1 | b),
 *   tau = rho / (rho + eps)   (the Sinkhorn configuration's parameterisation).
 * </pre>
 *
 * As epsilon goes to 0 it approaches the problem {@link MmUnbalanced} solves. A solve that does not
 * converge throws.
 *
 * @param epsilon entropic regularisation, > 0, in units of the cost
 * @param rhoA penalty on the source marginal, > 0
 * @param rhoB penalty on the target marginal, > 0
 */
public record EntropicUnbalanced(double epsilon, double rhoA, double rhoB) implements UnbalancedPlanSolver {
  /** Checks the fields. */
  public EntropicUnbalanced {
    if (!(epsilon > 0) || !(rhoA > 0) || !(rhoB > 0) || Double.isInfinite(epsilon) || Double.isInfinite(rhoA)
        || Double.isInfinite(rhoB)) {
      throw new IllegalArgumentException("need epsilon, rho_a, rho_b positive and finite, got " + epsilon + ", " + rhoA
          + ", " + rhoB);
    }
  }

  @Override
  public double[] solve(double[] a, double[] b, double[] cost) {
    SinkhornConfig cfg = SinkhornConfig.unbalanced(epsilon, rhoA / (rhoA + epsilon), rhoB / (rhoB + epsilon))
        .withStopping(1e-9, 100_000).withStrict(true);
    SinkhornResult r = new Sinkhorn().solve(a, b, cost, a.length, b.length, cfg);
    return java.util.Arrays.copyOf(r.plan(), a.length * b.length);
  }
}

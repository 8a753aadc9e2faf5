package org.flowmatch4j.fm.coupling;

import java.util.random.RandomGenerator;
import org.flowmatch4j.ot.GroundCost;
import org.flowmatch4j.ot.PlanSampler;
import org.flowmatch4j.ot.Sinkhorn;
import org.flowmatch4j.ot.SinkhornConfig;
import org.flowmatch4j.ot.SinkhornResult;
import org.flowmatch4j.tensor.Matrix;

/**
 * Entropic minibatch optimal transport with the squared Euclidean cost, balanced or unbalanced
 * (KL-relaxed marginals, tau_a and tau_b &lt; 1): the plan of a log-domain Sinkhorn solve, from which
 * pairs are drawn with probability P_ij / sum(P). With unbalanced marginals, points that the plan
 * grows get drawn more often and points it shrinks less, which is how unbalanced couplings model
 * proliferation and death. A solve that does not converge throws (the configuration is made
 * strict): a coupling never silently degrades to independent pairs. Not thread-safe.
 */
public final class SinkhornCoupling implements Coupling {
  private final SinkhornConfig config;
  private final Sinkhorn sinkhorn = new Sinkhorn();
  private final PlanSampler sampler = new PlanSampler();

  /** @param config the entropic problem; it is used in strict mode */
  public SinkhornCoupling(SinkhornConfig config) {
    this.config = config.withStrict(true);
  }

  @Override
  public void pair(Matrix x0, Matrix x1, RandomGenerator rng, int[] i0, int[] i1) {
    SinkhornResult r = sinkhorn.solve(x0, null, x1, null, GroundCost.SQ_EUCLIDEAN, config);
    sampler.sample(r.plan(), r.n(), r.m(), rng, i0, i1);
  }

  @Override
  public String toString() {
    return "SinkhornCoupling[eps=" + config.epsilon() + ", tauA=" + config.tauA() + ", tauB=" + config.tauB()
        + ", scaling=" + config.scaling() + "]";
  }
}

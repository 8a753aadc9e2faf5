package org.flowmatch4j.tasks.toy;

import java.util.random.RandomGenerator;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.MlpField;
import org.flowmatch4j.fm.VectorField;
import org.flowmatch4j.fm.solver.EulerMaruyama;
import org.flowmatch4j.fm.solver.OdeSolution;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.tensor.Matrix;

/**
 * A trained 2-D flow: the velocity network, the score network when the method learns one, and
 * what is needed to sample from it.
 *
 * @param velocity v(x, t)
 * @param score the score network, or null
 * @param matcher the method it was trained with
 * @param sigma the method's width (the diffusion coefficient of SDE sampling)
 */
public record ToyModel(Mlp velocity, Mlp score, Matcher matcher, double sigma) {
  /**
   * Carries {@code x0} from t = 0 to t = 1 with the solver (or, with {@code sde}, with
   * Euler-Maruyama on the drift {@code v + sigma^2/2 score} using the solver's NFE as the step
   * count), saving states at {@code saveAt} (null for none).
   */
  public OdeSolution sample(Matrix x0, SolverSpec solver, boolean sde, RandomGenerator rng, double[] saveAt) {
    VectorField v = MlpField.of(velocity);
    if (!sde) {
      return solver.create().integrate(v, x0, 0, 1, saveAt);
    }
    if (score == null) {
      throw new IllegalArgumentException("SDE sampling needs a score network");
    }
    if (solver.kind().isAdaptive()) {
      throw new IllegalArgumentException("SDE sampling uses a fixed number of steps; choose euler with --nfe");
    }
    double g = sigma;
    VectorField drift = EulerMaruyama.scoreCorrectedDrift(v, MlpField.of(score), t -> g);
    return new EulerMaruyama(solver.nfe()).integrate(drift, t -> g, x0, 0, 1, rng, saveAt);
  }
}

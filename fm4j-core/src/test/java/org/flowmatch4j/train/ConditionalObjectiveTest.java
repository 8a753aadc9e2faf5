package org.flowmatch4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.coupling.Coupling;
import org.flowmatch4j.fm.coupling.IndependentCoupling;
import org.flowmatch4j.fm.coupling.Pairing;
import org.flowmatch4j.fm.coupling.PopulationPlan;
import org.flowmatch4j.fm.path.CondOtScheduler;
import org.flowmatch4j.fm.path.GaussianPath;
import org.flowmatch4j.fm.path.ProbPath;
import org.flowmatch4j.fm.source.EmpiricalSource;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.MlpConfig;
import org.flowmatch4j.nn.Tape;
import org.flowmatch4j.nn.TimeEncoding;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/**
 * The conditional objective's loss is, bit for bit, the mean squared error of {@code v(x_t, t, c)}
 * against u_t on the minibatch drawn in the documented order: the task, n cells of its source and
 * of its target, the coupling, t, the noise of a stochastic path, the condition dropout.
 */
class ConditionalObjectiveTest {
  private static final int D = 2;
  private static final int N = 5;

  private static Matrix cells(long seed, int rows, double shift) {
    SplittableRandom r = new SplittableRandom(seed);
    Matrix m = new Matrix(rows, D);
    for (int k = 0; k < m.data.length; k++) {
      m.data[k] = (float) (shift + r.nextGaussian());
    }
    return m;
  }

  private static List<ConditionalObjective.Task> tasks() {
    return List.of(new ConditionalObjective.Task("a", cells(1, 7, 0), cells(2, 9, 3), new float[] {1, 0}),
        new ConditionalObjective.Task("b", cells(3, 6, 0), cells(4, 8, -3), new float[] {0, 1}));
  }

  /** How a test draws the n pairs of a task from the generator. */
  private interface PairDraw {
    void draw(SplittableRandom rng, ConditionalObjective.Task task, Matrix x0, Matrix x1);
  }

  /** n cells of the source and of the target, paired by the independent coupling. */
  private static void minibatch(SplittableRandom rng, ConditionalObjective.Task task, Matrix x0, Matrix x1) {
    Matrix a = new Matrix(N, D);
    Matrix b = new Matrix(N, D);
    new EmpiricalSource(task.source()).sample(rng, a);
    new EmpiricalSource(task.target()).sample(rng, b);
    int[] i0 = new int[N];
    int[] i1 = new int[N];
    new IndependentCoupling().pair(a, b, rng, i0, i1);
    for (int k = 0; k < N; k++) {
      for (int j = 0; j < D; j++) {
        x0.set(k, j, a.get(i0[k], j));
        x1.set(k, j, b.get(i1[k], j));
      }
    }
  }

  /** The loss recorded from an independent draw of the same generator, in the documented order. */
  private static float expectedLoss(Mlp net, ProbPath path, double dropout, long seed, PairDraw pairs) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<ConditionalObjective.Task> tasks = tasks();
    ConditionalObjective.Task task = tasks.get(rng.nextInt(tasks.size()));
    Matrix x0 = new Matrix(N, D);
    Matrix x1 = new Matrix(N, D);
    pairs.draw(rng, task, x0, x1);
    float[] t = new float[N];
    for (int k = 0; k < N; k++) {
      t[k] = (float) (path.tMin() + (path.tMax() - path.tMin()) * rng.nextDouble());
    }
    Matrix eps = new Matrix(N, D);
    if (path.isStochastic()) {
      for (int k = 0; k < eps.data.length; k++) {
        eps.data[k] = (float) rng.nextGaussian();
      }
    }
    Matrix xt = new Matrix(N, D);
    Matrix ut = new Matrix(N, D);
    path.sample(x0, x1, t, path.isStochastic() ? eps : null, xt, ut);
    boolean drop = dropout > 0 && rng.nextDouble() < dropout;
    Matrix c = new Matrix(N, 2);
    for (int k = 0; k < N; k++) {
      for (int j = 0; j < 2; j++) {
        c.set(k, j, drop ? 0f : task.condition()[j]);
      }
    }
    Matrix tm = new Matrix(N, 1);
    System.arraycopy(t, 0, tm.data, 0, N);
    Tape tape = new Tape();
    return tape.mse(net.forward(tape, tape.constant(xt), tape.constant(tm), tape.constant(c)), tape.constant(ut))
        .value().data[0];
  }

  private static Mlp net() {
    return new Mlp(new MlpConfig(D, 2, D, 8, 2, Activation.SELU, TimeEncoding.RAW, 0, 5));
  }

  private static void check(ProbPath path, double dropout) {
    Mlp net = net();
    List<Coupling> couplings = List.of(new IndependentCoupling(), new IndependentCoupling());
    ConditionalObjective obj = new ConditionalObjective("test", tasks(), couplings, path, net, N, dropout);
    for (long seed = 1; seed <= 6; seed++) {
      float loss = obj.loss(new Tape(), new SplittableRandom(seed)).value().data[0];
      assertEquals(expectedLoss(net, path, dropout, seed, ConditionalObjectiveTest::minibatch), loss, 0f,
          "seed " + seed);
    }
    assertNotEquals(obj.loss(new Tape(), new SplittableRandom(1)).value().data[0],
        obj.loss(new Tape(), new SplittableRandom(2)).value().data[0]);
  }

  @Test
  void lossIsTheMeanSquaredErrorOnTheDrawnBatch() {
    check(GaussianPath.affine(new CondOtScheduler()), 0);
  }

  @Test
  void aStochasticPathAndConditionDropoutDrawInTheDocumentedOrder() {
    check(Matcher.SBCFM.path(0.5), 0.5);
  }

  /**
   * With the population pairing, the n pairs of a step are drawn from the exact plan between the
   * task's whole source and target (one plan per task), in place of the minibatch and its coupling.
   */
  @Test
  void populationPairingDrawsThePairsFromTheTasksWholePopulationPlan() {
    Mlp net = net();
    ProbPath path = Matcher.SBCFM.path(0.5);
    ConditionalObjective obj = new ConditionalObjective("test", tasks(), Pairing.population(), path, net, N, 0.2);
    PairDraw plan = (rng, task, x0, x1) -> PopulationPlan.exact(task.source(), task.target()).sampler()
        .sample(rng, x0, x1);
    for (long seed = 1; seed <= 6; seed++) {
      float loss = obj.loss(new Tape(), new SplittableRandom(seed)).value().data[0];
      assertEquals(expectedLoss(net, path, 0.2, seed, plan), loss, 0f, "seed " + seed);
    }
    assertEquals("PopulationPlan[exact]", obj.header().get("fm.pairing"));
    ConditionalObjective reach = new ConditionalObjective("test", tasks(), Pairing.populationWithReach(), path, net(),
        N, 0.2);
    assertEquals("PopulationPlan[reach]", reach.header().get("fm.pairing"),
        "a checkpoint of one whole-population pairing must not resume under the other");
  }
}

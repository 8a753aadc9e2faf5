package org.flowmatch4j.fm.coupling;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.flowmatch4j.fm.source.EmpiricalSource;
import org.flowmatch4j.tensor.Matrix;

/**
 * How the training pairs between the cells of two time points are drawn: from minibatches of each
 * coupled by a {@link Coupling} (n cells of each drawn, then paired), or from the exact plan between
 * the whole populations ({@link PopulationPlan}). The objectives of time courses take one.
 */
public interface Pairing {
  /**
   * Samplers of pairs between the rows of {@code x0} and {@code x1} (not copied): each call of the
   * supplier gives a new sampler with its own buffers; what the pairing computes once for the two
   * populations (a whole-population plan) is computed before this returns and shared.
   */
  Supplier<PairSampler> between(Matrix x0, Matrix x1);

  /**
   * The finite set of pairs that the samplers of {@link #between between(x0, x1)} draw from, or
   * empty when they may pair any cell with any other (minibatch couplings).
   */
  default Optional<PairSupport> support(Matrix x0, Matrix x1) {
    return Optional.empty();
  }

  /** A name for checkpoint headers. */
  String name();

  /** Minibatches of the two populations coupled by a new coupling of {@code couplings} for each sampler. */
  static Pairing minibatch(Supplier<Coupling> couplings) {
    String name = couplings.get().toString();
    return new Pairing() {
      @Override
      public Supplier<PairSampler> between(Matrix x0, Matrix x1) {
        EmpiricalSource from = new EmpiricalSource(x0);
        EmpiricalSource to = new EmpiricalSource(x1);
        return () -> new CoupledPairs(from, to, couplings.get());
      }

      @Override
      public String name() {
        return name;
      }
    };
  }

  /**
   * Pairs from the exact plan between the whole populations ({@link PopulationPlan#exact}). The
   * plan of two populations is computed at the first call for them and kept, so the objectives of
   * one run that share this pairing solve each problem once (populations are told apart by
   * identity).
   */
  static Pairing population() {
    return wholePopulations(PopulationPlan::exact, "PopulationPlan[exact]");
  }

  /** As {@link #population} with the plans of {@link PopulationPlan#withReach}. */
  static Pairing populationWithReach() {
    return wholePopulations(PopulationPlan::withReach, "PopulationPlan[reach]");
  }

  private static Pairing wholePopulations(BiFunction<Matrix, Matrix, PopulationPlan> solve, String name) {
    Map<Matrix, Map<Matrix, PopulationPlan>> plans = new IdentityHashMap<>();
    return new Pairing() {
      @Override
      public Supplier<PairSampler> between(Matrix x0, Matrix x1) {
        return plan(x0, x1)::sampler;
      }

      @Override
      public Optional<PairSupport> support(Matrix x0, Matrix x1) {
        return Optional.of(plan(x0, x1).support());
      }

      private PopulationPlan plan(Matrix x0, Matrix x1) {
        synchronized (plans) {
          return plans.computeIfAbsent(x0, k -> new IdentityHashMap<>())
              .computeIfAbsent(x1, k -> solve.apply(x0, x1));
        }
      }

      @Override
      public String name() {
        return name;
      }
    };
  }
}

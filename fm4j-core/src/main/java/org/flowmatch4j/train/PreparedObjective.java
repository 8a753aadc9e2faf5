package org.flowmatch4j.train;

import java.util.concurrent.ForkJoinPool;
import java.util.random.RandomGenerator;
import org.flowmatch4j.nn.Tape;
import org.flowmatch4j.nn.Var;

/**
 * An objective whose minibatch does not depend on the networks, split in two: {@link #prepare}
 * draws the data of a step (sampling, couplings, times, noise) into a batch of type {@code B},
 * and {@link #loss(Tape, Object)} records the loss of a prepared batch. The {@link Trainer} then
 * prepares later steps on other threads while step s runs its forward pass, backward pass and
 * optimiser step (see {@link Prefetcher}).
 *
 * <p>Contract: a batch depends only on the generator passed to {@code prepare} (never on the
 * networks, the thread count or timing, nor on what the batch held before); each batch owns its
 * work buffers, so {@code prepare} may run on several batches at once, and concurrently with
 * {@code loss} on another batch.
 *
 * @param <B> the buffers of one prepared minibatch
 */
public interface PreparedObjective<B> extends Objective {
  /** New buffers for one minibatch. */
  B newBatch();

  /**
   * Draws one minibatch into {@code batch} using only {@code rng}. Independent parts (for example
   * the pairs of time points of a multi-marginal objective) may run as tasks of {@code pool};
   * null runs everything on the calling thread. Exceptions (a failed optimal-transport solve)
   * propagate to the caller.
   */
  void prepare(RandomGenerator rng, B batch, ForkJoinPool pool);

  /** Records the scalar (1 x 1) loss of a prepared minibatch on {@code tape}, which has been reset. */
  Var loss(Tape tape, B batch);
}

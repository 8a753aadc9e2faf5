package org.flowmatch4j.train;

import java.util.List;
import java.util.random.RandomGenerator;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.Tape;
import org.flowmatch4j.nn.Var;

/**
 * A {@link PreparedObjective} that, called without a prepared batch, prepares one of its own on the
 * calling thread and records its loss.
 *
 * @param <B> the buffers of one prepared minibatch
 */
abstract class BasePreparedObjective<B> extends BaseObjective implements PreparedObjective<B> {
  private B own;

  BasePreparedObjective(String name, List<Mlp> networks) {
    super(name, networks);
  }

  /** Prepares a minibatch on the calling thread (into buffers kept for the next call) and records its loss. */
  @Override
  public final Var loss(Tape tape, RandomGenerator rng) {
    if (own == null) {
      own = newBatch();
    }
    prepare(rng, own, null);
    return loss(tape, own);
  }
}

package org.flowmatch4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.flowmatch4j.train.TrainListener;

/**
 * What every front door's builder sets besides its own settings: the seed and the loss listener.
 * Not thread-safe.
 *
 * @param <B> the builder, returned by each setter
 */
public abstract class FitBuilder<B extends FitBuilder<B>> {
  /** Seed of the weights and of every minibatch. */
  protected long seed;
  /** Receives the loss after every step. */
  protected TrainListener listener = TrainListener.NONE;

  /** For subclasses. */
  protected FitBuilder() {}

  /** This builder as its own type. */
  protected abstract B self();

  /** Seed of the weights and of every minibatch (default 0). */
  public B seed(long s) {
    this.seed = s;
    return self();
  }

  /** Receives the loss after every step (default: none). */
  public B listener(TrainListener l) {
    this.listener = l == null ? TrainListener.NONE : l;
    return self();
  }

  /** A training run that may throw the checked exceptions of checkpoint files. */
  @FunctionalInterface
  protected interface Training<T> {
    /** Trains and returns what was trained. */
    T run() throws IOException;
  }

  /**
   * Runs {@code training}, which is configured without checkpoint files: none is read or written,
   * so an {@link IOException} cannot occur and becomes unchecked if it does.
   */
  protected static <T> T withoutCheckpoints(Training<T> training) {
    try {
      return training.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

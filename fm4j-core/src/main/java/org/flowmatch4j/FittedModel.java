package org.flowmatch4j;

/**
 * What every fitted model of a front door carries besides its networks: the settings it was trained
 * with, the seed and the {@link Provenance}. Immutable.
 *
 * @param <C> the settings record
 */
public abstract class FittedModel<C extends Record> {
  private final C config;
  private final long seed;
  private final Provenance provenance;

  /** For subclasses. */
  protected FittedModel(C config, long seed, Provenance provenance) {
    this.config = config;
    this.seed = seed;
    this.provenance = provenance;
  }

  /** The training configuration. */
  public final C config() {
    return config;
  }

  /** The training seed. */
  public final long seed() {
    return seed;
  }

  /** The library version and the fingerprint of the training data. */
  public final Provenance provenance() {
    return provenance;
  }
}

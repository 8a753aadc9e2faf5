package org.flowmatch4j.train;

import java.util.List;
import java.util.random.RandomGenerator;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.Tape;
import org.flowmatch4j.nn.Var;

/**
 * What one training step minimises: draws a minibatch with {@code rng} and records its loss on a
 * tape. The {@link Trainer} owns the optimiser, schedule, clipping, EMA and checkpoints; an
 * objective owns its networks and data.
 */
public interface Objective {
  /** The networks whose parameters are trained, in a fixed order (their checkpoint sections). */
  List<Mlp> networks();

  /**
   * Draws one minibatch using only {@code rng} and records its scalar (1 x 1) loss on
   * {@code tape}, which has been reset.
   */
  Var loss(Tape tape, RandomGenerator rng);

  /** A short name for progress displays and checkpoints, e.g. {@code "otcfm"}. */
  String name();

  /**
   * Header entries that describe the objective (path, coupling, noise, data shapes and, for
   * objectives that train on data, its {@link DataFingerprint} under {@link DataFingerprint#KEY}),
   * stored in every checkpoint; a checkpoint resumes only a run whose entries are all equal.
   */
  default java.util.Map<String, String> header() {
    return java.util.Map.of();
  }

  /**
   * Stores state that is not trained but belongs to the run (a frozen network, fitted metric
   * parameters) in a checkpoint the {@link Trainer} is writing. Nothing by default.
   */
  default void writeState(org.flowmatch4j.nn.Checkpoint ck) {}

  /** Restores what {@link #writeState} stored, from a checkpoint the {@link Trainer} resumes from. */
  default void readState(org.flowmatch4j.nn.Checkpoint ck) {}
}

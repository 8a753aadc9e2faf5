package org.flowmatch4j.train;

import java.util.function.DoubleSupplier;

/**
 * What a {@link Trainer} stops early on: a validation loss, evaluated with the weights the run
 * would end with (the EMA average when it is on), watched by a {@link PlateauRule}.
 *
 * @param validation the validation loss of the networks' current weights (must not train them)
 * @param rule when to evaluate it and when to stop
 */
public record EarlyStopping(DoubleSupplier validation, PlateauRule rule) {
  /** Checks both are given. */
  public EarlyStopping {
    if (validation == null || rule == null) {
      throw new IllegalArgumentException("early stopping needs a validation loss and a rule");
    }
  }
}

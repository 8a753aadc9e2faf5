package org.flowmatch4j.train;

import java.util.List;
import org.flowmatch4j.nn.Mlp;

/** The name and the trained networks that every objective reports. */
abstract class BaseObjective implements Objective {
  private final String name;
  private final List<Mlp> networks;

  /**
   * @param name method name for progress and checkpoints
   * @param networks the trained networks in checkpoint order
   */
  BaseObjective(String name, List<Mlp> networks) {
    this.name = name;
    this.networks = List.copyOf(networks);
  }

  @Override
  public final List<Mlp> networks() {
    return networks;
  }

  @Override
  public final String name() {
    return name;
  }
}

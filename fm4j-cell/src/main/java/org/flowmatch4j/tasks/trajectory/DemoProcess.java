package org.flowmatch4j.tasks.trajectory;

/** The simulated time courses of the growth demo ({@link GrowthDemo}). */
public enum DemoProcess {
  /** WFR-FM's two-gene circuit ({@link GeneCircuit#published()}). */
  CIRCUIT("built-in gene circuit with state-dependent division (times 0-4)", "gene circuit demo with growth"),
  /** The bifurcation with a birth rate in one fate and a constant death rate ({@link GrowingBifurcation#demo()}). */
  BIFURCATION("built-in bifurcation with state-dependent growth (times 0-4)", "bifurcation demo with growth");

  private final String description;
  private final String title;

  DemoProcess(String description, String title) {
    this.description = description;
    this.title = title;
  }

  /** The simulator. */
  public GrowthProcess create() {
    return this == CIRCUIT ? GeneCircuit.published() : GrowingBifurcation.demo();
  }

  /** What the run's data are, for the report. */
  public String description() {
    return description;
  }

  /** The title of the report. */
  public String title() {
    return title;
  }
}

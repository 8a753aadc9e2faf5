package org.flowmatch4j.cli;

import java.util.Map;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.coupling.CouplingSpec;
import org.flowmatch4j.train.GeodesicFit;
import org.flowmatch4j.train.OptimSpec;

/** Entries that several commands' JSON objects share, written one way. */
final class SettingsJson {
  private SettingsJson() {}

  /**
   * The method and its training: {@code matcher}, {@code coupling} (only when it replaces the
   * matcher's own), {@code sigma}, {@code steps} and {@code batch}.
   */
  static void putMethod(Map<String, Object> json, Matcher matcher, CouplingSpec coupling, double sigma, OptimSpec optim) {
    json.put("matcher", matcher.cliName());
    if (coupling != null) {
      json.put("coupling", coupling.toString());
    }
    json.put("sigma", sigma);
    json.put("steps", optim.steps());
    json.put("batch", optim.batch());
  }

  /**
   * A learned path against the straight line (metric flow matching): {@code length_*} and {@code
   * energy_*} of both, and the path network's steps and seconds ({@code stage1_*}).
   */
  static void putPaths(Map<String, Object> json, GeodesicFit g) {
    json.put("length_straight", g.straight().length());
    json.put("length_learned", g.learned().length());
    json.put("energy_straight", g.straight().energy());
    json.put("energy_learned", g.learned().energy());
    json.put("stage1_steps", g.stage1().stepsTaken());
    json.put("stage1_seconds", g.stage1().seconds());
  }
}

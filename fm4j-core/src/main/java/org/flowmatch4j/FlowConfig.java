package org.flowmatch4j;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.tensor.Activation;

/**
 * How a {@link FlowModel} is trained: the method, the network and the optimiser. Built by {@link
 * FlowMatching.Builder}; every field is checked here, and a wrong one is named in the exception.
 *
 * @param matcher the flow-matching method (path and coupling)
 * @param sigma the method's width parameter (see {@link Matcher})
 * @param width hidden units per layer of the velocity MLP
 * @param depth hidden layers of the velocity MLP
 * @param activation hidden activation
 * @param steps optimiser steps (Adam)
 * @param batch pairs (x0, x1) per step
 * @param lr Adam learning rate
 * @param seed seed of every random choice of the training (weights, minibatches, times, noise)
 */
public record FlowConfig(
    Matcher matcher, double sigma, int width, int depth, Activation activation, int steps, int batch, double lr,
    long seed) {

  /**
   * Checks the fields: matcher and activation given, width, depth, steps and batch &gt;= 1,
   * 0 &lt;= sigma &lt; inf, 0 &lt; lr &lt; inf.
   */
  public FlowConfig {
    if (matcher == null || activation == null) {
      throw new IllegalArgumentException("flow matching: matcher and activation must be given");
    }
    requirePositive("width", width);
    requirePositive("depth", depth);
    requirePositive("steps", steps);
    requirePositive("batch", batch);
    if (!(sigma >= 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("flow matching: sigma must be finite and >= 0, got " + sigma);
    }
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("flow matching: lr must be finite and > 0, got " + lr);
    }
  }

  private static void requirePositive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException("flow matching: " + name + " must be >= 1, got " + value);
    }
  }

  /** The settings as checkpoint header entries {@code flow.<name>}. */
  Map<String, String> toHeader() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("flow.matcher", matcher.cliName());
    h.put("flow.sigma", Double.toString(sigma));
    h.put("flow.width", Integer.toString(width));
    h.put("flow.depth", Integer.toString(depth));
    h.put("flow.activation", activation.name());
    h.put("flow.steps", Integer.toString(steps));
    h.put("flow.batch", Integer.toString(batch));
    h.put("flow.lr", Double.toString(lr));
    h.put("flow.seed", Long.toString(seed));
    return h;
  }

  /**
   * The settings written by {@link #toHeader()}.
   *
   * @throws IllegalArgumentException naming the key that is missing or malformed
   */
  static FlowConfig fromHeader(Map<String, String> h) {
    try {
      return new FlowConfig(
          Matcher.valueOf(key(h, "flow.matcher").toUpperCase(Locale.ROOT)),
          Double.parseDouble(key(h, "flow.sigma")),
          Integer.parseInt(key(h, "flow.width")),
          Integer.parseInt(key(h, "flow.depth")),
          Activation.valueOf(key(h, "flow.activation")),
          Integer.parseInt(key(h, "flow.steps")),
          Integer.parseInt(key(h, "flow.batch")),
          Double.parseDouble(key(h, "flow.lr")),
          Long.parseLong(key(h, "flow.seed")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("flow configuration in the header: " + e.getMessage(), e);
    }
  }

  private static String key(Map<String, String> h, String k) {
    String v = h.get(k);
    if (v == null) {
      throw new IllegalArgumentException("missing header key " + k);
    }
    return v;
  }
}

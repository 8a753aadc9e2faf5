package org.flowmatch4j.nn;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.flowmatch4j.tensor.Activation;

/**
 * Architecture of an {@link Mlp} velocity field {@code v(x, t [, c])}.
 *
 * <p>The first layer sees {@code [x | time features | c]}: {@code inputDim} columns of x, then 1
 * column of t ({@link TimeEncoding#RAW}) or {@code timeEmbeddingDim} sinusoidal features, then
 * {@code condDim} columns of the condition c (none when 0). Then {@code depth} hidden layers of
 * {@code width} units with the activation, and a linear output layer of {@code outputDim}. TorchCFM's
 * default MLP for 2-d data is {@code new MlpConfig(2, 0, 2, 64, 3, SELU, RAW, 0, seed)}.
 *
 * @param inputDim dimension d of x (at least 1)
 * @param condDim dimension of the condition c, 0 for none
 * @param outputDim dimension of v (usually inputDim)
 * @param width hidden units per layer
 * @param depth number of hidden layers (at least 1; depth + 1 linear layers in all)
 * @param activation hidden activation
 * @param timeEncoding how t enters
 * @param timeEmbeddingDim columns of the sinusoidal embedding (even, at least 2); ignored (use 0)
 *     for RAW
 * @param seed seed of the PyTorch-style initialisation
 * @param conditioning how c enters ({@link ConditionInjection#CONCAT} unless told; FiLM needs
 *     condDim >= 1)
 * @param pooling attention pooling of a set at the start of c ({@link AttentionPool}), or null for
 *     none; with it the layers see {@link #condFeatures()} condition columns instead of condDim
 */
public record MlpConfig(
    int inputDim,
    int condDim,
    int outputDim,
    int width,
    int depth,
    Activation activation,
    TimeEncoding timeEncoding,
    int timeEmbeddingDim,
    long seed,
    ConditionInjection conditioning,
    AttentionPoolConfig pooling) {

  /** Validates the fields. */
  public MlpConfig {
    if (inputDim < 1 || condDim < 0 || outputDim < 1 || width < 1 || depth < 1) {
      throw new IllegalArgumentException(
          "MLP needs inputDim >= 1, condDim >= 0, outputDim >= 1, width >= 1, depth >= 1; got "
              + "inputDim=" + inputDim + ", condDim=" + condDim + ", outputDim=" + outputDim
              + ", width=" + width + ", depth=" + depth);
    }
    if (activation == null || timeEncoding == null || conditioning == null) {
      throw new IllegalArgumentException(
          "MLP activation, time encoding and condition injection must be given");
    }
    if (conditioning.modulates() && condDim == 0) {
      throw new IllegalArgumentException(
          "condition injection " + conditioning + " needs a condition (condDim >= 1), got 0");
    }
    if (timeEncoding == TimeEncoding.SINUSOIDAL
        && (timeEmbeddingDim < 2 || timeEmbeddingDim % 2 != 0)) {
      throw new IllegalArgumentException(
          "sinusoidal time embedding needs an even timeEmbeddingDim >= 2, got "
              + timeEmbeddingDim);
    }
    if (timeEncoding == TimeEncoding.RAW) {
      timeEmbeddingDim = 0;
    }
    if (pooling != null && condDim < pooling.setColumns()) {
      throw new IllegalArgumentException("attention pooling of " + pooling.setSize() + " vectors of "
          + pooling.elementDim() + " needs condDim >= " + pooling.setColumns() + ", got " + condDim);
    }
  }

  /** A network without attention pooling of the condition. */
  public MlpConfig(int inputDim, int condDim, int outputDim, int width, int depth,
      Activation activation, TimeEncoding timeEncoding, int timeEmbeddingDim, long seed,
      ConditionInjection conditioning) {
    this(inputDim, condDim, outputDim, width, depth, activation, timeEncoding, timeEmbeddingDim,
        seed, conditioning, null);
  }

  /**
   * Condition columns the layers see: condDim, or with pooling the pooled vector and the rest,
   * {@code condDim - k e - k + e}.
   */
  public int condFeatures() {
    return pooling == null ? condDim : condDim - pooling.setColumns() + pooling.elementDim();
  }

  /** This configuration with attention pooling of a condition set (null: none). */
  public MlpConfig withPooling(AttentionPoolConfig newPooling) {
    return new MlpConfig(inputDim, condDim, outputDim, width, depth, activation, timeEncoding,
        timeEmbeddingDim, seed, conditioning, newPooling);
  }

  /** A network whose condition (if any) enters by concatenation ({@link ConditionInjection#CONCAT}). */
  public MlpConfig(int inputDim, int condDim, int outputDim, int width, int depth,
      Activation activation, TimeEncoding timeEncoding, int timeEmbeddingDim, long seed) {
    this(inputDim, condDim, outputDim, width, depth, activation, timeEncoding, timeEmbeddingDim,
        seed, ConditionInjection.CONCAT);
  }

  /** A velocity field on d dimensions with raw time and no condition. */
  public static MlpConfig velocity(int dim, int width, int depth, Activation activation,
      long seed) {
    return new MlpConfig(dim, 0, dim, width, depth, activation, TimeEncoding.RAW, 0, seed);
  }

  /** Number of time feature columns: 1 for RAW, timeEmbeddingDim for SINUSOIDAL. */
  public int timeFeatures() {
    return timeEncoding == TimeEncoding.RAW ? 1 : timeEmbeddingDim;
  }

  /**
   * Columns the first layer sees: inputDim + timeFeatures() + condDim, without condDim when c
   * enters by FiLM only.
   */
  public int firstLayerInputs() {
    return inputDim + timeFeatures() + (conditioning.concatenates() ? condFeatures() : 0);
  }

  /** This configuration with another seed. */
  public MlpConfig withSeed(long newSeed) {
    return new MlpConfig(inputDim, condDim, outputDim, width, depth, activation, timeEncoding,
        timeEmbeddingDim, newSeed, conditioning, pooling);
  }

  /** This configuration with another condition injection. */
  public MlpConfig withConditioning(ConditionInjection injection) {
    return new MlpConfig(inputDim, condDim, outputDim, width, depth, activation, timeEncoding,
        timeEmbeddingDim, seed, injection, pooling);
  }

  /** The fields as checkpoint header entries, keys prefixed with {@code prefix + "."}. */
  public Map<String, String> toHeader(String prefix) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(prefix + ".architecture", "mlp");
    h.put(prefix + ".inputDim", Integer.toString(inputDim));
    h.put(prefix + ".condDim", Integer.toString(condDim));
    h.put(prefix + ".outputDim", Integer.toString(outputDim));
    h.put(prefix + ".width", Integer.toString(width));
    h.put(prefix + ".depth", Integer.toString(depth));
    h.put(prefix + ".activation", activation.name());
    h.put(prefix + ".timeEncoding", timeEncoding.name());
    h.put(prefix + ".timeEmbeddingDim", Integer.toString(timeEmbeddingDim));
    h.put(prefix + ".seed", Long.toString(seed));
    h.put(prefix + ".conditioning", conditioning.name());
    if (pooling != null) {
      h.put(prefix + ".pooling", "attention");
      h.put(prefix + ".poolSetSize", Integer.toString(pooling.setSize()));
      h.put(prefix + ".poolElementDim", Integer.toString(pooling.elementDim()));
      h.put(prefix + ".poolKeyDim", Integer.toString(pooling.keyDim()));
    }
    return h;
  }

  /**
   * Reads a configuration written by {@link #toHeader(String)}. A header without {@code
   * <prefix>.conditioning} (written before FiLM existed) means {@link ConditionInjection#CONCAT};
   * one without {@code <prefix>.pooling} means no attention pooling.
   *
   * @throws IllegalArgumentException naming the key that is missing or malformed
   */
  public static MlpConfig fromHeader(Map<String, String> h, String prefix) {
    String arch = h.get(prefix + ".architecture");
    if (!"mlp".equals(arch)) {
      throw new IllegalArgumentException(
          "header key " + prefix + ".architecture: expected 'mlp', got " + arch);
    }
    return new MlpConfig(
        intKey(h, prefix + ".inputDim"),
        intKey(h, prefix + ".condDim"),
        intKey(h, prefix + ".outputDim"),
        intKey(h, prefix + ".width"),
        intKey(h, prefix + ".depth"),
        enumKey(h, prefix + ".activation", Activation.class),
        enumKey(h, prefix + ".timeEncoding", TimeEncoding.class),
        intKey(h, prefix + ".timeEmbeddingDim"),
        Long.parseLong(require(h, prefix + ".seed")),
        h.containsKey(prefix + ".conditioning")
            ? enumKey(h, prefix + ".conditioning", ConditionInjection.class)
            : ConditionInjection.CONCAT,
        pooling(h, prefix));
  }

  private static AttentionPoolConfig pooling(Map<String, String> h, String prefix) {
    String kind = h.get(prefix + ".pooling");
    if (kind == null) {
      return null;
    }
    if (!kind.equals("attention")) {
      throw new IllegalArgumentException(
          "header key " + prefix + ".pooling: expected 'attention', got " + kind);
    }
    return new AttentionPoolConfig(intKey(h, prefix + ".poolSetSize"),
        intKey(h, prefix + ".poolElementDim"), intKey(h, prefix + ".poolKeyDim"));
  }

  private static String require(Map<String, String> h, String key) {
    String v = h.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing header key " + key);
    }
    return v;
  }

  private static int intKey(Map<String, String> h, String key) {
    String v = require(h, key);
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("header key " + key + ": expected an integer, got " + v);
    }
  }

  private static <E extends Enum<E>> E enumKey(Map<String, String> h, String key, Class<E> type) {
    String v = require(h, key);
    try {
      return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "header key " + key + ": unknown " + type.getSimpleName() + " '" + v + "'");
    }
  }
}

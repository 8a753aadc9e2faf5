package org.flowmatch4j.tasks.perturbation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.flowmatch4j.nn.AttentionPoolConfig;

/**
 * Turns a condition into the vector c of the velocity field v(x, t, c):
 *
 * <pre>
 *   c = [ mean_{p in P} e(p) | s(dose) | r(context) ]
 *        perturbation block    0 or 1    0 or contextDim entries
 * </pre>
 *
 * where P is the set of single perturbations of the condition label (the label split at the
 * combination separator, e.g. {@code "IFNB+TNF"} gives {IFNB, TNF}; components equal to the
 * control label and repeats are dropped, so {@code "KLF1+ctrl"} is {KLF1}), e(p) is the vector of
 * perturbation p ({@link PerturbationVectors}: one-hot or user-supplied), pooled by the mean over
 * the set (an unseen combination of seen perturbations gets a vector), s is the {@link DoseScale}
 * (absent without a dose) and r the context representation (absent when contextDim is 0). The
 * zero vector is the null condition of classifier-free guidance.
 *
 * <p>With {@link SetPooling#ATTENTION} the perturbation block is the padded set and its mask
 * instead, pooled by the network ({@link org.flowmatch4j.nn.AttentionPool}):
 *
 * <pre>
 *   c = [ e(p_1) | ... | e(p_k) | m_1 .. m_k | s(dose) | r(context) ]
 * </pre>
 *
 * with k the largest set ({@code maxSetSize}), members in the label's order, m_j = 1 for a member
 * and 0 for padding (whose vector is zero).
 */
public final class ConditionEncoder {
  private final PerturbationVectors perturbations;
  private final String separator;
  private final String control;
  private final DoseScale dose;
  private final int contextDim;
  private final SetPooling pooling;
  private final int maxSetSize;

  /**
   * @param perturbations the vector of each single perturbation
   * @param separator the combination separator (e.g. "+"), or null/empty for labels that are never
   *     combinations
   * @param control the control label (dropped from combinations)
   * @param dose how a dose is encoded, or null when there is no dose
   * @param contextDim entries of the context representation (0 for none)
   */
  public ConditionEncoder(PerturbationVectors perturbations, String separator, String control, DoseScale dose,
      int contextDim) {
    this(perturbations, separator, control, dose, contextDim, SetPooling.MEAN, 1);
  }

  /**
   * An encoder with the given set pooling; {@code maxSetSize} (the largest combination, at least 1)
   * pads the sets for {@link SetPooling#ATTENTION} and is ignored for {@link SetPooling#MEAN}.
   */
  public ConditionEncoder(PerturbationVectors perturbations, String separator, String control, DoseScale dose,
      int contextDim, SetPooling pooling, int maxSetSize) {
    if (maxSetSize < 1 || pooling == null) {
      throw new IllegalArgumentException("need a set pooling and a largest set size >= 1, got " + maxSetSize);
    }
    this.pooling = pooling;
    this.maxSetSize = pooling == SetPooling.ATTENTION ? maxSetSize : 1;
    if (contextDim < 0) {
      throw new IllegalArgumentException("context dimension must be >= 0, got " + contextDim);
    }
    this.perturbations = perturbations;
    this.separator = separator == null || separator.isEmpty() ? null : separator;
    this.control = control;
    this.dose = dose;
    this.contextDim = contextDim;
  }

  /** Length of c. */
  public int dim() {
    return setColumns() + (dose != null ? 1 : 0) + contextDim;
  }

  /** Columns of the perturbation block: e, or k e + k for attention pooling. */
  private int setColumns() {
    return pooling == SetPooling.ATTENTION ? maxSetSize * (perturbations.dim() + 1) : perturbations.dim();
  }

  /** The set pooling. */
  public SetPooling pooling() {
    return pooling;
  }

  /**
   * The network's pooling of the set for {@link SetPooling#ATTENTION} (keys of min(16, e)
   * entries), null for {@link SetPooling#MEAN}.
   */
  public AttentionPoolConfig poolConfig() {
    if (pooling != SetPooling.ATTENTION) {
      return null;
    }
    int e = perturbations.dim();
    return new AttentionPoolConfig(maxSetSize, e, Math.min(16, e));
  }

  /** The single perturbations of a condition label, in order of first appearance. */
  public List<String> components(String condition) {
    return components(condition, separator, control);
  }

  /** {@link #components(String)} for a given separator (null for none) and control label. */
  public static List<String> components(String condition, String separator, String control) {
    if (condition == null || condition.isBlank()) {
      throw new IllegalArgumentException("empty condition label");
    }
    String[] parts = separator == null || separator.isEmpty()
        ? new String[] {condition} : condition.split(Pattern.quote(separator), -1);
    Set<String> out = new LinkedHashSet<>();
    for (String p : parts) {
      String s = p.strip();
      if (s.isEmpty()) {
        throw new IllegalArgumentException(
            "condition '" + condition + "' has an empty part between combination separators '" + separator + "'");
      }
      if (!s.equals(control)) {
        out.add(s);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("condition '" + condition + "' names only the control '" + control + "'");
    }
    return new ArrayList<>(out);
  }

  /** The perturbation vectors used. */
  public PerturbationVectors perturbations() {
    return perturbations;
  }

  /** True when the condition vector has a dose entry. */
  public boolean hasDose() {
    return dose != null;
  }

  /** Entries of the context representation. */
  public int contextDim() {
    return contextDim;
  }

  /**
   * The condition vector.
   *
   * @param condition the condition label
   * @param doseValue its dose (ignored, use NaN, when there is no dose)
   * @param context the context representation (length contextDim; null when contextDim is 0)
   * @throws IllegalArgumentException naming the perturbation without a vector, a bad dose or a
   *     context representation of the wrong length
   */
  public float[] encode(String condition, double doseValue, float[] context) {
    List<String> parts = components(condition);
    float[] c = new float[dim()];
    if (pooling == SetPooling.ATTENTION) {
      if (parts.size() > maxSetSize) {
        throw new IllegalArgumentException("condition '" + condition + "' combines " + parts.size()
            + " perturbations, the encoder pads sets to " + maxSetSize);
      }
      int e = perturbations.dim();
      for (int p = 0; p < parts.size(); p++) {
        perturbations.addTo(parts.get(p), 1f, c, p * e);
        c[maxSetSize * e + p] = 1f;
      }
    } else {
      float w = 1f / parts.size();
      for (String p : parts) {
        perturbations.addTo(p, w, c, 0);
      }
    }
    int off = setColumns();
    if (dose != null) {
      c[off++] = (float) dose.apply(doseValue);
    }
    int given = context == null ? 0 : context.length;
    if (given != contextDim) {
      throw new IllegalArgumentException(
          "the context representation has " + given + " entries, the encoder expects " + contextDim);
    }
    if (contextDim > 0) {
      System.arraycopy(context, 0, c, off, contextDim);
    }
    return c;
  }

  /** A one-line description, e.g. {@code one-hot(1) + context mean(50)}. */
  public String describe() {
    StringBuilder s = new StringBuilder(perturbations.source() + "(" + perturbations.dim() + ")");
    if (separator != null) {
      s.append(", combinations split at '").append(separator).append(pooling == SetPooling.ATTENTION
          ? "' and attention-pooled (sets of up to " + maxSetSize + ")" : "' and mean-pooled");
    }
    if (dose != null) {
      s.append(" + dose (").append(dose.name().toLowerCase()).append(")");
    }
    if (contextDim > 0) {
      s.append(" + context (").append(contextDim).append(")");
    }
    return s.toString();
  }
}

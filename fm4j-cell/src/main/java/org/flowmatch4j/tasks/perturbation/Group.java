package org.flowmatch4j.tasks.perturbation;

/**
 * The cells of one context under one condition (and dose).
 *
 * @param context the context label (cell type, cell line, donor), or {@link PerturbationData#ALL}
 * @param condition the condition label
 * @param dose the dose, NaN without a dose column
 * @param cells row indices into the data
 */
public record Group(String context, String condition, double dose, int[] cells) {
  /** {@code context / condition}, with {@code @dose} when there is one. */
  public String label() {
    return context + " / " + condition + (Double.isNaN(dose) ? "" : " @" + dose);
  }

  /** True when this group is the pair (context, condition); a null context matches every context. */
  public boolean matches(String ctx, String cond) {
    return condition.equals(cond) && (ctx == null || context.equals(ctx));
  }
}

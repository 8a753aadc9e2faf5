package org.flowmatch4j.tasks.perturbation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.fm.InvalidSettingException;

/**
 * A perturbation screen: cells (rows of X, genes as columns) with a condition label each (the
 * control label for unperturbed cells), a context label (cell type, cell line, donor; one context
 * {@link #ALL} when there is none) and optionally a numeric dose. Cells are grouped by (context,
 * condition, dose); the control cells of a context form its source pool.
 */
public final class PerturbationData {
  /** The single context of data without a context column. */
  public static final String ALL = "all";

  private final DataMatrix x;
  private final String[] cellNames;
  private final String[] geneNames;
  private final String[] conditions;
  private final String[] contexts;
  private final double[] doses;
  private final String control;
  private final String conditionKey;
  private final String contextKey;
  private final Map<String, int[]> controls = new LinkedHashMap<>();
  private final List<Group> groups = new ArrayList<>();

  /**
   * @param x cells x genes
   * @param cellNames one per cell
   * @param geneNames one per gene
   * @param conditions one condition label per cell
   * @param contexts one context label per cell, or null for one context
   * @param doses one dose per cell, or null
   * @param control the control label
   * @param conditionKey name of the condition column (for messages)
   * @param contextKey name of the context column (for messages), or null
   */
  public PerturbationData(DataMatrix x, String[] cellNames, String[] geneNames, String[] conditions, String[] contexts,
      double[] doses, String control, String conditionKey, String contextKey) {
    int n = x.rows();
    if (cellNames.length != n || conditions.length != n || (contexts != null && contexts.length != n)
        || (doses != null && doses.length != n) || geneNames.length != x.cols()) {
      throw new IllegalArgumentException("perturbation data: labels do not match the " + n + " x " + x.cols() + " matrix");
    }
    this.x = x;
    this.cellNames = cellNames;
    this.geneNames = geneNames;
    this.conditions = conditions;
    this.contexts = contexts;
    this.doses = doses;
    this.control = control;
    this.conditionKey = conditionKey;
    this.contextKey = contextKey;
    boolean anyControl = false;
    for (String c : conditions) {
      if (control.equals(c)) {
        anyControl = true;
        break;
      }
    }
    if (!anyControl) {
      throw new InvalidSettingException("{control} '" + control + "': no cell has obs '" + conditionKey + "' = '"
          + control + "'; values are " + distinct(conditions));
    }
    Map<String, List<Integer>> ctrl = new LinkedHashMap<>();
    Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
    Map<String, Object[]> keys = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String ctx = context(i);
      if (control.equals(conditions[i])) {
        ctrl.computeIfAbsent(ctx, k -> new ArrayList<>()).add(i);
      } else {
        double d = doses == null ? Double.NaN : doses[i];
        if (doses != null && !Double.isFinite(d)) {
          throw new IllegalArgumentException("the dose of perturbed cell " + cellNames[i] + " is " + d + "; doses must be finite");
        }
        String key = ctx + "\u0000" + conditions[i] + "\u0000" + d;
        byGroup.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        keys.putIfAbsent(key, new Object[] {ctx, conditions[i], d});
      }
    }
    ctrl.forEach((k, v) -> controls.put(k, toArray(v)));
    byGroup.forEach((k, v) -> {
      Object[] g = keys.get(k);
      groups.add(new Group((String) g[0], (String) g[1], (Double) g[2], toArray(v)));
    });
  }

  /**
   * Reads the labels from {@code obs}: the condition column, the context column (null for none)
   * and the dose column (null for none, else numeric). Missing keys are named with the columns
   * present.
   */
  public static PerturbationData of(AnnData a, String conditionKey, String control, String contextKey, String doseKey) {
    String[] cond = a.obsLabels(conditionKey);
    String[] ctx = contextKey == null ? null : a.obsLabels(contextKey);
    double[] dose = doseKey == null ? null : a.obsTime(doseKey);
    return new PerturbationData(a.requireX(), a.obs().index(), a.var().index(), cond, ctx, dose, control, conditionKey,
        contextKey);
  }

  private static int[] toArray(List<Integer> v) {
    return v.stream().mapToInt(Integer::intValue).toArray();
  }

  private static Set<String> distinct(String[] labels) {
    return new LinkedHashSet<>(List.of(labels));
  }

  /** Cells x genes. */
  public DataMatrix x() {
    return x;
  }

  /** Number of cells, the rows of X. */
  public int cells() {
    return x.rows();
  }

  /** The cell names ({@code obs} index), one per row of X. */
  public String[] cellNames() {
    return cellNames;
  }

  /** The gene names ({@code var} index), one per column of X. */
  public String[] geneNames() {
    return geneNames;
  }

  /** The control label. */
  public String control() {
    return control;
  }

  /** The {@code obs} column the conditions were read from. */
  public String conditionKey() {
    return conditionKey;
  }

  /** The context column, or null. */
  public String contextKey() {
    return contextKey;
  }

  /** True when there is a dose column. */
  public boolean hasDose() {
    return doses != null;
  }

  /** The context of cell i. */
  public String context(int i) {
    return contexts == null ? ALL : contexts[i];
  }

  /** The condition of cell i. */
  public String condition(int i) {
    return conditions[i];
  }

  /** Control cells per context (contexts without control cells are absent). */
  public Map<String, int[]> controls() {
    return controls;
  }

  /** The control cells of a context; names the contexts that have some if it has none. */
  public int[] controlsOf(String context) {
    int[] c = controls.get(context);
    if (c == null) {
      throw new IllegalArgumentException("context '" + context + "' has no control cells ('" + control
          + "') to predict from; contexts with control cells are " + controls.keySet());
    }
    return c;
  }

  /** Every (context, condition, dose) group of perturbed cells, in order of first appearance. */
  public List<Group> groups() {
    return groups;
  }

  /** The distinct contexts. */
  public Set<String> contexts() {
    Set<String> s = new LinkedHashSet<>(controls.keySet());
    for (Group g : groups) {
      s.add(g.context());
    }
    return s;
  }

  /** The distinct perturbed conditions. */
  public Set<String> perturbedConditions() {
    Set<String> s = new LinkedHashSet<>();
    for (Group g : groups) {
      s.add(g.condition());
    }
    return s;
  }

  /**
   * The groups of a held-out pair.
   *
   * @throws IllegalArgumentException naming the contexts and conditions present when none matches
   */
  public List<Group> resolve(Holdout h) {
    if (h.context() != null && !contexts().contains(h.context())) {
      throw new InvalidSettingException("{holdout-context} '" + h.context() + "': no such value in obs '"
          + (contextKey == null ? "(no {context-key} given)" : contextKey) + "'; contexts are " + contexts());
    }
    if (control.equals(h.condition())) {
      throw new InvalidSettingException("{holdout-condition} '" + h.condition() + "' is the control label");
    }
    List<Group> out = new ArrayList<>();
    for (Group g : groups) {
      if (g.matches(h.context(), h.condition())) {
        out.add(g);
      }
    }
    if (out.isEmpty()) {
      Set<String> here = new LinkedHashSet<>();
      for (Group g : groups) {
        if (h.context() == null || g.context().equals(h.context())) {
          here.add(g.condition());
        }
      }
      throw new IllegalArgumentException("held-out pair (" + h + ") has no cells: obs '" + conditionKey + "' = '"
          + h.condition() + "' does not occur" + (h.context() == null ? "" : " in context '" + h.context() + "'")
          + "; perturbed conditions there are " + here);
    }
    return out;
  }
}

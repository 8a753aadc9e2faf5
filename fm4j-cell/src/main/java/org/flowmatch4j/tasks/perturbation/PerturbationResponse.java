package org.flowmatch4j.tasks.perturbation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.flowmatch4j.FitBuilder;
import org.flowmatch4j.Provenance;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.ConditionalObjective;

/**
 * The front door for perturbation response: fit one conditional velocity field {@code v(x, t, c)}
 * that carries the control cells of each context (cell type, cell line, donor) to its perturbed
 * cells under each condition, and get an immutable {@link PerturbationFlow} that predicts a
 * condition's cells from control cells, in a context it was trained on or a new one.
 *
 * <pre>{@code
 * PerturbationFlow flow = PerturbationResponse.builder().steps(500).seed(1)
 *     .fit(cells, cellType, condition, "control");
 * Matrix predicted = flow.predict(Matrix.of(controlCellsOfANewType), "stimulated", 7);
 * }</pre>
 *
 * <p>Training tasks are every (context, condition) with cells: the context's control cells are the
 * source, the context's cells under the condition the target, and c the one-hot vector of the
 * condition among the conditions seen ({@link PerturbationFlow#conditions()}, in sorted order).
 * The settings are {@link PerturbationConfig#defaults()} unless {@link Builder#config} says
 * otherwise; the cells are used as given (an embedding such as PCA, or a few genes).
 */
public final class PerturbationResponse {
  private PerturbationResponse() {}

  /** A builder with {@link PerturbationConfig#defaults()} and seed 0. */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings of a fit; each setter returns this builder. Not thread-safe. */
  public static final class Builder extends FitBuilder<Builder> {
    private PerturbationConfig config = PerturbationConfig.defaults();

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** All settings at once (replaces earlier {@link #steps} calls). */
    public Builder config(PerturbationConfig c) {
      if (c == null) {
        throw new IllegalArgumentException("perturbation response: config must be given");
      }
      this.config = c;
      return this;
    }

    /** Training steps (default 3000). */
    public Builder steps(int n) {
      this.config = config.withSteps(n);
      return this;
    }


    /**
     * Fits the cells {@code cells[i]} of context {@code context[i]} under condition {@code
     * condition[i]}; cells under {@code control} are the unperturbed ones.
     *
     * @throws IllegalArgumentException if the lengths differ, the rows are ragged or not finite, a
     *     label is null, or no context has both control and perturbed cells
     * @throws IllegalStateException if the loss becomes non-finite
     */
    public PerturbationFlow fit(float[][] cells, String[] context, String[] condition, String control) {
      if (cells.length != context.length || cells.length != condition.length) {
        throw new IllegalArgumentException("perturbation response: " + cells.length + " cells, " + context.length
            + " context labels and " + condition.length + " condition labels");
      }
      Matrix x = Matrix.of(cells);
      for (int q = 0; q < x.data.length; q++) {
        if (!Float.isFinite(x.data[q])) {
          throw new IllegalArgumentException("perturbation response: cell " + q / x.cols + " has the non-finite value "
              + x.data[q] + " in column " + q % x.cols);
        }
      }
      Map<String, Map<String, List<Integer>>> rows = new TreeMap<>();
      TreeSet<String> conditions = new TreeSet<>();
      for (int i = 0; i < cells.length; i++) {
        if (context[i] == null || condition[i] == null) {
          throw new IllegalArgumentException("perturbation response: cell " + i + " has no context or condition label");
        }
        rows.computeIfAbsent(context[i], k -> new TreeMap<>()).computeIfAbsent(condition[i], k -> new ArrayList<>())
            .add(i);
        if (!condition[i].equals(control)) {
          conditions.add(condition[i]);
        }
      }
      List<String> names = List.copyOf(conditions);
      List<ConditionalObjective.Task> tasks = new ArrayList<>();
      for (Map.Entry<String, Map<String, List<Integer>>> ctx : rows.entrySet()) {
        List<Integer> controls = ctx.getValue().get(control);
        if (controls == null) {
          continue;
        }
        for (Map.Entry<String, List<Integer>> cond : ctx.getValue().entrySet()) {
          if (!cond.getKey().equals(control)) {
            tasks.add(new ConditionalObjective.Task(ctx.getKey() + "/" + cond.getKey(), x.rows(indices(controls)),
                x.rows(indices(cond.getValue())), PerturbationFlow.oneHot(names, cond.getKey())));
          }
        }
      }
      if (tasks.isEmpty()) {
        throw new IllegalArgumentException("perturbation response: no context has both '" + control
            + "' cells and perturbed cells");
      }
      PerturbationModel model = withoutCheckpoints(() -> PerturbationModel.train(tasks, config, seed, listener));
      return new PerturbationFlow(model.net(), names, config, seed, Provenance.of(x));
    }
  }

  private static int[] indices(List<Integer> rows) {
    return rows.stream().mapToInt(Integer::intValue).toArray();
  }
}

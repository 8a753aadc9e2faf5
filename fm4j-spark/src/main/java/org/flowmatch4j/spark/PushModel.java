package org.flowmatch4j.spark;

import java.util.Arrays;
import org.flowmatch4j.FlowModel;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.nn.Checkpoint;
import org.flowmatch4j.tasks.trajectory.CourseFlow;
import org.flowmatch4j.tasks.trajectory.GrowthFlow;
import org.flowmatch4j.tasks.trajectory.GrowthModel;
import org.flowmatch4j.tasks.trajectory.TrajectoryFlow;
import org.flowmatch4j.tensor.Matrix;

/**
 * A trained model that carries cells between times, as {@code fm4j spark predict} uses it: a flow
 * model ({@link FlowModel#save}: times on the path's clock, log-likelihoods where the source is
 * Gaussian), a trajectory flow ({@link TrajectoryFlow#save}: times in the units of the time
 * course's labels, no likelihood) or a growth flow ({@link GrowthFlow#save}: as a trajectory flow,
 * and each cell's weight, 1 at the start, carried along by d log w / dt = g(x, t)).
 */
interface PushModel {
  /** Dimension d of a cell. */
  int dim();

  /** The default time of the input cells: the flow's start, or a time course's first time. */
  double tStart();

  /** The default time to push to: the flow's end, or a time course's last time. */
  double tEnd();

  /**
   * The cells x (n x d, not modified) at time {@code from}, each of weight 1, carried to time
   * {@code to}: new positions (n x d) and, for a model that learns growth, weights (else null).
   */
  Pushed push(Matrix x, double from, double to, SolverSpec solver);

  /** Whether {@link #push} gives weights. */
  default boolean grows() {
    return false;
  }

  /** Positions (n x d) and weights (n values, or null) of pushed cells. */
  record Pushed(Matrix x, double[] w) {}

  /** Why {@link #logLikelihood} cannot be computed, or null when it can. */
  String noLikelihood();

  /** log p(x) of every cell (n values). */
  double[] logLikelihood(Matrix x, SolverSpec solver);

  /**
   * The model held by {@code ck}; {@code name} names it in errors.
   *
   * @throws IllegalArgumentException for a checkpoint of another kind, naming the kinds taken
   */
  static PushModel of(Checkpoint ck, String name) {
    if (TrajectoryFlow.holds(ck)) {
      return new Course(TrajectoryFlow.of(ck, name));
    }
    if (GrowthFlow.holds(ck)) {
      return new Growing(GrowthFlow.of(ck, name));
    }
    if (!FlowModel.holds(ck)) {
      throw new IllegalArgumentException("model " + name + ": a checkpoint with flow.task=" + ck.get("flow.task")
          + "; predict takes a flow model (flow.task=flow, FlowModel.save), a trajectory flow"
          + " (flow.task=trajectory-flow, TrajectoryFlow.save), a growth flow (flow.task=growth-flow, GrowthFlow.save)"
          + " or a perturbation flow (flow.task=perturbation-flow, PerturbationFlow.save)");
    }
    return new Flow(FlowModel.of(ck, name));
  }

  /** A flow model. */
  record Flow(FlowModel model) implements PushModel {
    @Override
    public int dim() {
      return model.dim();
    }

    @Override
    public double tStart() {
      return model.tStart();
    }

    @Override
    public double tEnd() {
      return model.tEnd();
    }

    @Override
    public Pushed push(Matrix x, double from, double to, SolverSpec solver) {
      return new Pushed(model.push(x, from, to, solver), null);
    }

    @Override
    public String noLikelihood() {
      return model.hasGaussianSource() ? null
          : "it was fitted from source points, whose density is unknown; log-likelihoods need the Gaussian source";
    }

    @Override
    public double[] logLikelihood(Matrix x, SolverSpec solver) {
      return model.logLikelihood(x, solver);
    }
  }

  /** A model fitted to a time course: its times are the observed ones, and it has no source density. */
  interface OnCourse extends PushModel {
    /** The fitted flow. */
    CourseFlow flow();

    @Override
    default int dim() {
      return flow().dim();
    }

    @Override
    default double tStart() {
      return flow().times()[0];
    }

    @Override
    default double tEnd() {
      double[] t = flow().times();
      return t[t.length - 1];
    }

    @Override
    default String noLikelihood() {
      return "a model of a time course carries cells between observed times and has no source density";
    }

    @Override
    default double[] logLikelihood(Matrix x, SolverSpec solver) {
      throw new IllegalStateException(noLikelihood());
    }
  }

  /** A trajectory flow. */
  record Course(TrajectoryFlow flow) implements OnCourse {
    @Override
    public Pushed push(Matrix x, double from, double to, SolverSpec solver) {
      return new Pushed(flow.predict(x, from, to, solver), null);
    }
  }

  /** A growth flow. */
  record Growing(GrowthFlow flow) implements OnCourse {
    @Override
    public Pushed push(Matrix x, double from, double to, SolverSpec solver) {
      double[] w = new double[x.rows];
      Arrays.fill(w, 1.0);
      GrowthModel.Particles p = flow.push(x, w, from, to, solver);
      return new Pushed(p.x(), p.w());
    }

    @Override
    public boolean grows() {
      return true;
    }
  }
}

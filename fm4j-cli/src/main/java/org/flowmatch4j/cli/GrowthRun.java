package org.flowmatch4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.tasks.trajectory.DemoProcess;
import org.flowmatch4j.tasks.trajectory.GrowthDemo;
import org.flowmatch4j.tasks.trajectory.GrowthFlow;
import org.flowmatch4j.tasks.trajectory.GrowthModel;
import org.flowmatch4j.tasks.trajectory.GrowthProtocols;
import org.flowmatch4j.tasks.trajectory.GrowthResult;
import org.flowmatch4j.tasks.trajectory.GrowthSettings;
import org.flowmatch4j.tasks.trajectory.TimeCourse;
import org.flowmatch4j.tasks.trajectory.TrajectoryConfig;
import org.flowmatch4j.train.CheckpointPolicy;
import org.flowmatch4j.train.TrainListener;

/**
 * The growth branch of {@code fm4j trajectory} ({@code --matcher wfr|uotcfm}): runs the fit-all
 * and leave-one-out protocols with weighted predictions, prints a line per time point, writes the
 * growth outputs and returns the results as a {@link GrowthSummary}.
 */
final class GrowthRun {
  private final TrajectoryConfig cfg;
  private final GrowthSettings gs;
  private final long[] seeds;
  private final TrainListener listener;
  private final CheckpointPolicy models;
  private Path modelOut;
  private final PrintWriter console;
  private final String massKey;

  /**
   * @param massKey the column the masses were summed from ({@code --masses KEY}), or null
   * @param console where per-time lines go, or null for none (--json)
   */
  GrowthRun(TrajectoryConfig cfg, GrowthSettings gs, String massKey, long[] seeds, TrainListener listener,
      CheckpointPolicy models, PrintWriter console) {
    this.cfg = cfg;
    this.gs = gs;
    this.seeds = seeds;
    this.listener = listener;
    this.models = models;
    this.console = console;
    this.massKey = massKey;
  }

  /** Also writes the fit-all model of the first seed to {@code file} as a {@link GrowthFlow} (null: not). */
  GrowthRun withModelOut(Path file) {
    this.modelOut = file;
    return this;
  }

  /**
   * Runs leave-one-out at each of {@code holdouts} (none when empty) and fit-all when asked, and
   * writes the outputs of the last model.
   */
  GrowthSummary run(TimeCourse tc, int[] holdouts, boolean fitAll, TrajectoryOutputs outputs, Path out, String format)
      throws IOException {
    GrowthOutputs go = new GrowthOutputs(outputs, out, tc);
    List<GrowthResult> held = new ArrayList<>();
    for (int k : holdouts) {
      GrowthResult r = GrowthProtocols.holdout(tc, k, cfg, gs, seeds, listener, models);
      print(r, "held out");
      held.add(r);
    }
    GrowthResult all = null;
    if (fitAll) {
      all = GrowthProtocols.fitAll(tc, cfg, gs, seeds, listener, models);
      if (modelOut != null) {
        GrowthFlow.of(all.model(), tc, cfg, all.seeds()[0]).save(modelOut);
      }
      print(all, "fit-all");
      go.mass(all, "mass");
    }
    GrowthSummary s = summary(tc, held, all, null, Double.NaN);
    finish(s.shown(), go, outputs, format);
    return s;
  }

  /**
   * Runs the built-in growth demo (fit-all on the course {@code process} simulates) and writes its
   * outputs into those {@code outputsOf} makes for the simulated course.
   */
  GrowthSummary demo(DemoProcess process, Path out,
      java.util.function.Function<TimeCourse, TrajectoryOutputs> outputsOf) throws IOException {
    GrowthDemo.Result d = GrowthDemo.run(process, cfg, gs, seeds, listener, models);
    TimeCourse tc = d.course();
    TrajectoryOutputs outputs = outputsOf.apply(tc);
    GrowthResult r = d.fit();
    print(r, "fit-all");
    if (console != null) {
      console.printf("growth correlation with the true rate at the observed cells: %.4f%n", d.growthCorrelation());
    }
    GrowthOutputs go = new GrowthOutputs(outputs, out, tc);
    go.mass(r, "mass");
    finish(r, go, outputs, "csv");
    return summary(tc, List.of(), r, d.w1True(), d.growthCorrelation());
  }

  private void finish(GrowthResult shown, GrowthOutputs go, TrajectoryOutputs outputs, String format)
      throws IOException {
    GrowthModel model = shown.model();
    go.growth(model, shown.seeds()[0], format);
    go.trajectories(model, cfg.solver());
    outputs.loss("growth", new org.flowmatch4j.tasks.trajectory.TrajectoryModel(model.velocity(), model.training()));
    outputs.velocities(model::velocities);
  }

  private GrowthSummary summary(TimeCourse tc, List<GrowthResult> held, GrowthResult all, double[] w1True,
      double growthCorrelation) {
    boolean wfr = cfg.matcher() == Matcher.WFR;
    return new GrowthSummary(cfg.matcher(), cfg.optim().lr(),
        gs.masses() == null ? "cell counts N_t / N_0"
            : massKey != null ? "obs column " + massKey + ", summed per time point" : "--masses",
        counts(tc), wfr ? gs.plan().toString() : null,
        !wfr ? null : Double.isNaN(gs.delta()) ? "data default: largest nearest-neighbour distance between"
            + " consecutive training time points" : "--wfr-delta",
        held, all, w1True, growthCorrelation);
  }

  private static int[] counts(TimeCourse tc) {
    int[] n = new int[tc.size()];
    for (int k = 0; k < n.length; k++) {
      n[k] = tc.snapshot(k).rows;
    }
    return n;
  }

  /** A line per time point of {@code r} on the console, if any. */
  private void print(GrowthResult r, String label) {
    if (console == null) {
      return;
    }
    for (int i = 0; i < r.ks().length; i++) {
      console.printf("%s t=%s: W1 %.4f +- %.4f | mass %.4f (observed %.4f, error %.4f) | no motion %.4f%n", label,
          TrajectoryCommand.fmt(r.times()[i]), r.w1Mean(i), r.w1Std(i), r.predictedMassMean(i), r.observedMass()[i],
          r.massErrorMean(i), r.noMotion()[i]);
    }
  }
}

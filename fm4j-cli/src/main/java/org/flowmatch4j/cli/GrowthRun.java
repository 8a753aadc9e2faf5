package org.flowmatch4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.tasks.trajectory.GrowthDemo;
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
 * and leave-one-out protocols with weighted predictions, fills the {@code growth} section of
 * metrics.json and writes the growth outputs.
 */
final class GrowthRun {
  private final TrajectoryConfig cfg;
  private final GrowthSettings gs;
  private final long[] seeds;
  private final TrainListener listener;
  private final CheckpointPolicy models;
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

  /**
   * Runs leave-one-out at each of {@code holdouts} (none when empty) and fit-all when asked, puts
   * the {@code growth} section into {@code json} and writes the outputs of the last model.
   */
  void run(TimeCourse tc, int[] holdouts, boolean fitAll, TrajectoryOutputs outputs, Path out, String format,
      Map<String, Object> json) throws IOException {
    Map<String, Object> g = header(tc);
    GrowthResult shown = null;
    GrowthOutputs go = new GrowthOutputs(outputs, out, tc);
    if (holdouts.length > 0) {
      List<Map<String, Object>> rows = new ArrayList<>();
      double w1 = 0;
      double err = 0;
      for (int k : holdouts) {
        GrowthResult r = GrowthProtocols.holdout(tc, k, cfg, gs, seeds, listener, models);
        rows.addAll(rows(r, "held out"));
        w1 += r.w1Mean(0);
        err += r.massErrorMean(0);
        shown = r;
        intervals(g, r);
      }
      g.put("holdout", rows);
      g.put("holdout_w1_mean", w1 / holdouts.length);
      g.put("holdout_mass_error_mean", err / holdouts.length);
    }
    if (fitAll) {
      GrowthResult r = GrowthProtocols.fitAll(tc, cfg, gs, seeds, listener, models);
      g.put("fit_all", rows(r, "fit-all"));
      g.put("fit_all_w1_mean", r.w1MeanOverTimes());
      g.put("fit_all_mass_error_mean", r.massErrorMeanOverTimes());
      g.put("ms_per_step", TrajectoryCommand.mean(r.msPerStep()));
      g.put("cpu_ms_per_step", TrajectoryCommand.mean(r.cpuMsPerStep()));
      intervals(g, r);
      go.mass(r, "mass");
      shown = r;
    }
    finish(shown, go, outputs, format, g, json);
  }

  /** Runs the built-in growth demo (fit-all on {@link org.flowmatch4j.tasks.trajectory.GrowingBifurcation}). */
  TimeCourse demo(Path out, Map<String, Object> json, java.util.function.Function<TimeCourse, TrajectoryOutputs> outputsOf)
      throws IOException {
    GrowthDemo.Result d = GrowthDemo.run(cfg, gs, seeds, listener, models);
    TimeCourse tc = d.course();
    TrajectoryOutputs outputs = outputsOf.apply(tc);
    Map<String, Object> g = header(tc);
    GrowthResult r = d.fit();
    List<Map<String, Object>> rows = rows(r, "fit-all");
    for (int i = 0; i < rows.size(); i++) {
      rows.get(i).put("w1_true_marginal", d.w1True()[i]);
    }
    g.put("fit_all", rows);
    g.put("fit_all_w1_mean", r.w1MeanOverTimes());
    g.put("fit_all_mass_error_mean", r.massErrorMeanOverTimes());
    g.put("growth_correlation", d.growthCorrelation());
    g.put("ms_per_step", TrajectoryCommand.mean(r.msPerStep()));
    g.put("cpu_ms_per_step", TrajectoryCommand.mean(r.cpuMsPerStep()));
    intervals(g, r);
    if (console != null) {
      console.printf("growth correlation with the true rate at the observed cells: %.4f%n", d.growthCorrelation());
    }
    GrowthOutputs go = new GrowthOutputs(outputs, out, tc);
    go.mass(r, "mass");
    finish(r, go, outputs, "csv", g, json);
    return tc;
  }

  private void finish(GrowthResult shown, GrowthOutputs go, TrajectoryOutputs outputs, String format,
      Map<String, Object> g, Map<String, Object> json) throws IOException {
    GrowthModel model = shown.model();
    go.growth(model, shown.seeds()[0], format);
    go.trajectories(model, cfg.solver());
    outputs.loss("growth", new org.flowmatch4j.tasks.trajectory.TrajectoryModel(model.velocity(), model.training()));
    outputs.velocities(model::velocities);
    json.put("growth", g);
  }

  private Map<String, Object> header(TimeCourse tc) {
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("matcher", cfg.matcher().cliName());
    g.put("lr_schedule", "cosine from " + cfg.lr() + " to " + GrowthModel.MIN_LR);
    g.put("masses_source", gs.masses() == null ? "cell counts N_t / N_0"
        : massKey != null ? "obs column " + massKey + ", summed per time point" : "--masses");
    g.put("cells", counts(tc));
    if (cfg.matcher() == Matcher.WFR) {
      g.put("wfr_plan", gs.plan().toString());
      g.put("wfr_delta_source", Double.isNaN(gs.delta()) ? "data default: largest nearest-neighbour distance between"
          + " consecutive training time points" : "--wfr-delta");
    }
    return g;
  }

  private static void intervals(Map<String, Object> g, GrowthResult r) {
    g.put("masses", r.intervals().masses());
    if (!Double.isNaN(r.intervals().delta())) {
      g.put("wfr_delta", r.intervals().delta());
      g.put("plan_groups", r.intervals().planGroups());
    }
    g.put("plan_seconds", r.intervals().planSeconds());
    g.put("plan_cpu_seconds", r.intervals().planCpuSeconds());
  }

  private static int[] counts(TimeCourse tc) {
    int[] n = new int[tc.size()];
    for (int k = 0; k < n.length; k++) {
      n[k] = tc.snapshot(k).rows;
    }
    return n;
  }

  private List<Map<String, Object>> rows(GrowthResult r, String label) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < r.ks().length; i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("k", r.ks()[i]);
      m.put("time", r.times()[i]);
      m.put("w1", r.w1Mean(i));
      m.put("w1_std", r.w1Std(i));
      m.put("w1_seeds", GrowthResult.column(r.w1(), i));
      m.put("mass_error", r.massErrorMean(i));
      m.put("mass_error_seeds", GrowthResult.column(r.massError(), i));
      m.put("observed_mass", r.observedMass()[i]);
      m.put("predicted_mass", r.predictedMassMean(i));
      m.put("no_motion", r.noMotion()[i]);
      m.put("ms_per_step", TrajectoryCommand.mean(r.msPerStep()));
      m.put("cpu_ms_per_step", TrajectoryCommand.mean(r.cpuMsPerStep()));
      rows.add(m);
      if (console != null) {
        console.printf("%s t=%s: W1 %.4f +- %.4f | mass %.4f (observed %.4f, error %.4f) | no motion %.4f%n", label,
            TrajectoryCommand.fmt(r.times()[i]), r.w1Mean(i), r.w1Std(i), r.predictedMassMean(i), r.observedMass()[i],
            r.massErrorMean(i), r.noMotion()[i]);
      }
    }
    return rows;
  }
}

package org.flowmatch4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.nn.MlpConfig;
import org.flowmatch4j.tasks.trajectory.FitAllResult;
import org.flowmatch4j.tasks.trajectory.GrowthModel;
import org.flowmatch4j.tasks.trajectory.GrowthResult;
import org.flowmatch4j.tasks.trajectory.HoldoutResult;
import org.flowmatch4j.tasks.trajectory.SolverSweep;
import org.flowmatch4j.tasks.trajectory.TrajectoryConfig;
import org.flowmatch4j.tasks.trajectory.TrajectoryModel;
import org.flowmatch4j.tensor.Parallel;
import org.flowmatch4j.train.GeodesicFit;
import org.flowmatch4j.train.NetworkSpec;

/** metrics.json of {@code fm4j trajectory}: one JSON object made from a {@link TrajectoryRun}. */
final class TrajectoryJson {
  private TrajectoryJson() {}

  /** The run's object; {@code outputs} names the files written, by kind. */
  static Map<String, Object> of(TrajectoryRun run, Map<String, String> outputs) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("task", "trajectory");
    json.put("data", run.data());
    if (run.description() != null) {
      json.put("description", run.description());
      json.put("times", run.times());
    }
    putConfig(json, run.cfg(), run.seeds());
    if (run.holdouts() != null) {
      json.put("holdout", run.holdouts().stream().map(TrajectoryJson::heldOut).toList());
    }
    if (run.fitAll() != null) {
      json.put("fit_all", fitAll(run.fitAll(), run.times()));
    }
    if (run.growth() != null) {
      json.put("growth", growth(run.growth()));
    }
    json.put("outputs", outputs);
    return json;
  }

  private static void putConfig(Map<String, Object> json, TrajectoryConfig cfg, long[] seeds) {
    SettingsJson.putMethod(json, cfg.matcher(), cfg.coupling(), cfg.sigma(), cfg.optim());
    json.put("network", cfg.network().label());
    json.put("optimizer", OptimiserOptions.label(cfg.optim()));
    json.put("solver", cfg.solver().label());
    if (cfg.metric() != null) {
      json.put("metric", cfg.metric().toString());
      json.put("geodesic_steps", cfg.geodesicSteps());
    }
    json.put("seeds", seeds);
    json.put("threads", Parallel.threads());
  }

  private static Map<String, Object> heldOut(TrajectoryRun.HeldOut held) {
    HoldoutResult h = held.result();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("k", h.k());
    m.put("time", h.time());
    m.put("w1_mean", h.w1Mean());
    m.put("w1_std", h.w1Std());
    m.put("w1", h.w1());
    m.put("no_motion", h.noMotion());
    m.put("ot_interpolation", h.otInterpolation());
    m.put("gap_to_ot_interpolation", h.w1Mean() - h.otInterpolation());
    m.put("ms_per_step", TrajectoryCommand.mean(h.msPerStep()));
    m.put("ms_per_step_seeds", h.msPerStep());
    m.put("cpu_ms_per_step", TrajectoryCommand.mean(h.cpuMsPerStep()));
    Map<String, Object> g = putGeodesic(m, h.model());
    if (g != null) {
      g.put("geodesic_interpolation", held.geodesicInterpolation());
    }
    if (held.sweep() != null) {
      m.put("nfe_sweep", held.sweep().stream().map(TrajectoryJson::sweepRow).toList());
    }
    if (held.truth() != null) {
      m.put("w1_true_marginal", held.truth().w1());
      m.put("w1_true_marginal_floor", held.truth().w1Floor());
      m.put("velocity_error", held.truth().velocityError());
    }
    return m;
  }

  /** A row of {@link SolverSweep} as {@code solver}, {@code nfe}, {@code w1}. */
  private static Map<String, Object> sweepRow(SolverSweep.Row row) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("solver", row.solver().name().toLowerCase());
    r.put("nfe", row.nfe());
    r.put("w1", row.w1());
    return r;
  }

  /** Fit-all's W1 at each later time point, {@code times} the observed times. */
  private static Map<String, Object> fitAll(FitAllResult f, double[] times) {
    Map<String, Object> m = new LinkedHashMap<>();
    List<Map<String, Object>> perTime = new ArrayList<>();
    for (int k = 1; k < times.length; k++) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("k", k);
      p.put("time", times[k]);
      p.put("w1_mean", f.w1Mean(k));
      p.put("w1_std", f.w1Std(k));
      p.put("w1", f.column(k));
      p.put("no_motion", f.noMotion()[k - 1]);
      perTime.add(p);
    }
    m.put("per_time", perTime);
    m.put("ms_per_step", TrajectoryCommand.mean(f.msPerStep()));
    putGeodesic(m, f.model());
    return m;
  }

  /**
   * The learned path of a metric flow matching model (first seed): metrics, length and energy
   * against the straight line, put into m as {@code geodesic}; returns that object (null for a
   * model without a learned path).
   */
  private static Map<String, Object> putGeodesic(Map<String, Object> m, TrajectoryModel model) {
    GeodesicFit g = model.geodesic();
    if (g == null) {
      return null;
    }
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("metrics", g.metrics().stream().map(Object::toString).toList());
    SettingsJson.putPaths(j, g);
    j.put("stage2_seconds", model.training().seconds() - g.stage1().seconds());
    m.put("geodesic", j);
    return j;
  }

  /**
   * The {@code growth} section: the setup, then per protocol a row per time point and the means,
   * then the plans of the intervals of the result shown.
   */
  private static Map<String, Object> growth(GrowthSummary s) {
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("matcher", s.matcher().cliName());
    g.put("lr_schedule", "cosine from " + s.lr() + " to " + GrowthModel.MIN_LR);
    g.put("masses_source", s.massesSource());
    g.put("cells", s.cells());
    if (s.matcher() == Matcher.WFR) {
      g.put("wfr_plan", s.wfrPlan());
      g.put("wfr_delta_source", s.wfrDeltaSource());
    }
    if (!s.holdouts().isEmpty()) {
      intervals(g, s.holdouts().get(0));
      List<Map<String, Object>> rows = new ArrayList<>();
      for (GrowthResult r : s.holdouts()) {
        rows.addAll(growthRows(r, null));
      }
      g.put("holdout", rows);
      g.put("holdout_w1_mean", s.holdoutW1Mean());
      g.put("holdout_mass_error_mean", s.holdoutMassErrorMean());
    }
    if (s.fitAll() != null) {
      GrowthResult r = s.fitAll();
      g.put("fit_all", growthRows(r, s.w1True()));
      g.put("fit_all_w1_mean", r.w1MeanOverTimes());
      g.put("fit_all_mass_error_mean", r.massErrorMeanOverTimes());
      if (!Double.isNaN(s.growthCorrelation())) {
        g.put("growth_correlation", s.growthCorrelation());
      }
      g.put("ms_per_step", TrajectoryCommand.mean(r.msPerStep()));
      g.put("cpu_ms_per_step", TrajectoryCommand.mean(r.cpuMsPerStep()));
    }
    intervals(g, s.shown());
    return g;
  }

  private static void intervals(Map<String, Object> g, GrowthResult r) {
    MlpConfig growth = r.model().growth().config();
    g.put("growth_network", new NetworkSpec(growth.width(), growth.depth(), growth.activation()).label());
    g.put("masses", r.intervals().masses());
    if (!Double.isNaN(r.intervals().delta())) {
      g.put("wfr_delta", r.intervals().delta());
      g.put("plan_groups", r.intervals().planGroups());
    }
    g.put("plan_seconds", r.intervals().planSeconds());
    g.put("plan_cpu_seconds", r.intervals().planCpuSeconds());
  }

  /** A row per time point of {@code r}; with {@code w1True} (the demo) also the W1 to the true marginal. */
  private static List<Map<String, Object>> growthRows(GrowthResult r, double[] w1True) {
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
      if (w1True != null) {
        m.put("w1_true_marginal", w1True[i]);
      }
      rows.add(m);
    }
    return rows;
  }
}

package org.flowmatch4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.metric.MetricSpec;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.io.AtomicFile;
import org.flowmatch4j.tasks.trajectory.Baselines;
import org.flowmatch4j.tasks.trajectory.FitAll;
import org.flowmatch4j.tasks.trajectory.FitAllResult;
import org.flowmatch4j.tasks.trajectory.GrowthSettings;
import org.flowmatch4j.tasks.trajectory.HoldoutResult;
import org.flowmatch4j.tasks.trajectory.LeaveOneOut;
import org.flowmatch4j.tasks.trajectory.ObsMasses;
import org.flowmatch4j.tasks.trajectory.SolverSweep;
import org.flowmatch4j.tasks.trajectory.TimeCourse;
import org.flowmatch4j.tasks.trajectory.TimeCourseLoader;
import org.flowmatch4j.tasks.trajectory.TrajectoryConfig;
import org.flowmatch4j.tasks.trajectory.TrajectoryDemo;
import org.flowmatch4j.tasks.trajectory.TrajectoryModel;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.train.CheckpointPolicy;
import org.flowmatch4j.train.ConfigChecks;
import org.flowmatch4j.train.GeodesicFit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fm4j trajectory}: trajectory inference from time-course snapshots. */
@Command(
    name = "trajectory",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    defaultValueProvider = TrajectoryCommand.Defaults.class,
    header = "Learn cell dynamics from time-course snapshots and score held-out time points.",
    description = {
      "Learn continuous dynamics v(x, t) that carry the cells of each time point to the next,",
      "with the leave-one-time-point-out protocol of Tong et al. (2024) (--holdout) or the",
      "fit-all protocol (--fit-all), next to the no-motion and OT-interpolation baselines.",
      "Writes metrics.json, predictions, trajectories, velocities, plots, report.html and",
      "the model checkpoints to --out. --demo runs on a built-in simulated time course.",
      "--matcher wfr|uotcfm also learns cell growth and death (docs/growth.md): weighted",
      "predictions scored by weighted W1 and mass error, growth.csv, mass.csv/png, growth.png."
    })
final class TrajectoryCommand implements Callable<Integer> {
  /** Width, learning rate and EMA decay of wfr and uotcfm unless given (the published WFR-FM recipe). */
  static final int GROWTH_WIDTH = 256;
  static final double GROWTH_LR = 5e-3;
  static final double GROWTH_EMA = 0.995;
  /** Hidden layers of the velocity network of wfr and uotcfm unless given (WFR-FM's). */
  static final int GROWTH_DEPTH = 5;

  /** The trajectory task's network: 64 units, SELU (Tong et al.'s). */
  static final class Defaults extends OptionDefaults {
    Defaults() {
      super(Map.of("--width", "64", "--activation", "selu"));
    }
  }

  @Spec CommandSpec spec;
  @Mixin RunOptions run;
  @Mixin CouplingOptions couplingOptions;
  @Mixin MetricOptions metricOptions;

  @Option(names = "--demo", description = "Run on the built-in simulated bifurcation (known true dynamics); with "
      + "--matcher wfr|uotcfm, the bifurcation with a state-dependent birth rate in one fate, fitted with --fit-all.")
  boolean demo;

  @Option(names = "--data", paramLabel = "FILE", description = "Time course: .csv/.tsv or .h5ad.")
  Path data;

  @Option(names = "--time-key", paramLabel = "KEY",
      description = "Time column (CSV header or obs column; default for CSV: the first column).")
  String timeKey;

  @Option(names = "--many-time-points",
      description = "Accept a time column with more than 100 distinct values, or mostly one cell per value, which is otherwise refused as a continuous measurement.")
  boolean manyTimePoints;

  @Option(names = "--embedding", paramLabel = "E",
      description = "columns | an obsm key (e.g. X_pca) | pca:K (default: columns for CSV, X_pca or pca:50 for h5ad).")
  String embedding;

  @Option(names = "--whiten", description = "Standardise every dimension over all cells first.")
  boolean whiten;

  @Option(names = "--matcher", defaultValue = "otcfm", completionCandidates = CellMatchers.Candidates.class,
      converter = CellMatchers.Converter.class,
      description = "Method: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). otmfm and imfm are metric flow"
          + " matching, a path learned along the data first (see --metric). wfr (WFR-FM, whole-population"
          + " unbalanced WFR plans) and uotcfm (unbalanced minibatch OT-CFM) learn a growth rate next to the"
          + " velocity and predict weighted cells; unless given, these use --width 256 --depth 5 --activation leaky_relu"
          + " --lr 5e-3 --weight-decay 0 --ema 0.995 (the WFR-FM recipe; the growth network has 3 hidden layers).")
  Matcher matcher;

  @Option(names = "--masses", paramLabel = "M|KEY",
      description = "wfr/uotcfm: population mass of each time point, e.g. 1,1.8,2.4 (rescaled so the first is 1), or"
          + " a per-cell column (obs key of an .h5ad, column of a CSV) summed per time point, e.g. each cell's share"
          + " population size / cells sampled. Default: the cell counts N_t / N_0, which assumes sampling depth"
          + " follows population size; give masses when it does not (e.g. sorted or subsampled time points).")
  String masses;

  @Option(names = "--wfr-delta", paramLabel = "D",
      description = "wfr: length scale delta of the WFR cost; pairs farther than pi delta are never transported. "
          + "Default: the largest distance from a cell to its nearest neighbour at the adjacent time point.")
  Double wfrDelta;

  @Option(names = "--wfr-plan", defaultValue = "mm",
      description = "wfr: solver of the whole-population plans: mm (majorisation-minimisation, as published) or "
          + "sinkhorn (entropic, with --epsilon in units of the WFR cost) (default: ${DEFAULT-VALUE}).")
  WfrPlan wfrPlan;

  @Option(names = "--holdout", paramLabel = "K|all",
      description = "Held-out interior time point (index from 0), or 'all' (default: all).")
  String holdout;

  @Option(names = "--fit-all", description = "Train on every time point and push the first one through all the others.")
  boolean fitAll;

  @Option(names = {"--seeds", "--seed"}, split = ",", defaultValue = "1,2,3",
      description = "Seeds (default: ${DEFAULT-VALUE}).")
  List<Long> seeds;

  @Option(names = "--steps", defaultValue = "3000", description = "Training steps (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--batch", defaultValue = "256", description = "Cells per time point and pair (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--sigma", description = "Path width (default: the matcher's: 0.1 for otcfm/icfm, 1 for sbcfm).")
  Double sigma;

  @Mixin NetworkOptions network;

  @Mixin OptimiserOptions optimiser;

  @Option(names = "--solver", defaultValue = "euler",
      description = "Solver pushing cells between time points: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  SolverKind solver;

  @Option(names = "--nfe", defaultValue = "100",
      description = "Evaluations per interval of a fixed-step solver (default: ${DEFAULT-VALUE}).")
  int nfe;

  @Option(names = "--tol", defaultValue = "1e-5", description = "atol = rtol of dopri5 (default: ${DEFAULT-VALUE}).")
  double tol;

  @Option(names = "--nfe-sweep", split = ",", paramLabel = "K",
      description = "Also report W1 at each held-out point for euler, midpoint, heun, rk4 at these NFE, and dopri5.")
  List<Integer> sweep;

  @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default with --demo: trajectory-demo).")
  Path out;

  @Option(names = "--resume", description = "Continue each training run from its checkpoint in DIR/models when it"
      + " exists; a checkpoint of other data or options is refused, naming what differs. Removes the temporary files"
      + " of a killed run first.")
  boolean resume;

  @Override
  public Integer call() throws Exception {
    run.apply();
    if (demo == (data != null)) {
      throw new IllegalArgumentException("give either --data FILE or --demo");
    }
    if (out == null) {
      if (!demo) {
        throw new IllegalArgumentException("--out DIR is required");
      }
      out = Path.of("trajectory-demo");
    }
    if (fitAll && holdout != null) {
      throw new IllegalArgumentException("--fit-all and --holdout " + holdout + " are two protocols; give one of them");
    }
    if (data != null) {
      InputFiles.requireFile(data, "--data");
    }
    if (sweep != null) {
      ConfigChecks.allAtLeast("--nfe-sweep", sweep, 1);
    }
    SolverSpec sampler = SolverSpec.of(solver, nfe, tol);
    TrajectoryConfig cfg = new TrajectoryConfig(matcher, sigma != null ? sigma : matcher.defaultSigma(),
        couplingOptions.spec(), steps, batch, network.width, network.depth, network.activation, optimiser.lr,
        optimiser.weightDecay, couplingOptions.gradClip,
        couplingOptions.ema, sampler);
    if (data != null && timeKey == null && data.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".h5ad")) {
      throw new IllegalArgumentException(data + ": --time-key is required for an AnnData file (an obs column)");
    }
    MetricSpec metric = metricOptions.specFor(matcher);
    if (metric != null) {
      cfg = cfg.withMetric(metric, metricOptions.geodesicSteps(steps));
    }
    OutputDirectory dir = OutputDirectory.create(out, "--out");
    TrajectoryConfig config = cfg;
    return dir.run(() -> execute(config, dir));
  }

  private int execute(TrajectoryConfig cfg, OutputDirectory dir) throws Exception {
    long[] seedArray = seeds.stream().mapToLong(Long::longValue).toArray();
    Path modelDir = dir.subdirectory("models");
    if (resume) {
      AtomicFile.removeLeftovers(out);
      AtomicFile.removeLeftovers(modelDir);
    }
    CheckpointPolicy models = new CheckpointPolicy(modelDir, resume);

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("task", "trajectory");
    if (matcher.learnsGrowth()) {
      var pr = spec.commandLine().getParseResult();
      for (String option : List.of("--coupling", "--epsilon", "--cost-scaling", "--tau-a", "--tau-b")) {
        if (pr.hasMatchedOption(option)) {
          throw new IllegalArgumentException(option + " does not apply to --matcher " + matcher.cliName()
              + ": it builds its own coupling (wfr: whole-population WFR plans, see --wfr-plan; uotcfm: unbalanced"
              + " minibatch Sinkhorn at epsilon 0.05 of the largest cost, tau 0.9)");
        }
      }
      return growth(growthRecipe(cfg), seedArray, models, json);
    }
    if (masses != null || wfrDelta != null) {
      throw new IllegalArgumentException((masses != null ? "--masses" : "--wfr-delta")
          + " applies to --matcher wfr or uotcfm, not " + matcher.cliName());
    }
    TrajectoryOutputs outputs;
    TimeCourse tc;
    if (demo) {
      json.put("data", "built-in bifurcation simulation (times 0-4, " + TrajectoryDemo.CELLS + " cells each)");
      putConfig(json, cfg, seedArray);
      TrajectoryDemo.Result r = TrajectoryDemo.run(cfg, seedArray, run.progress(), models);
      tc = r.course();
      outputs = new TrajectoryOutputs(out, tc, null, "bifurcation demo", "csv");
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < r.rows().size(); i++) {
        TrajectoryDemo.Row row = r.rows().get(i);
        Map<String, Object> m = holdoutJson(row.holdout(), tc);
        m.put("w1_true_marginal", row.w1True());
        m.put("w1_true_marginal_floor", row.w1TrueFloor());
        m.put("velocity_error", r.velocityError()[i]);
        rows.add(m);
        outputs.holdout(row.holdout());
      }
      json.put("holdout", rows);
      HoldoutResult first = r.rows().get(0).holdout();
      outputs.trajectories(first.model(), cfg.solver(), modelLabel(first.seeds()[0], tc, first.k()));
    } else {
      TimeCourseLoader.Loaded loaded = TimeCourseLoader.load(data, timeKey, embedding, whiten, manyTimePoints);
      tc = loaded.course();
      int[] ks = fitAll ? new int[0] : holdouts(tc);
      String kind = data.getFileName().toString().toLowerCase().endsWith(".h5ad") ? "h5ad" : "csv";
      outputs = new TrajectoryOutputs(out, tc, loaded.features(), loaded.description(), kind);
      json.put("data", data.toString());
      json.put("description", loaded.description());
      json.put("times", tc.times());
      putConfig(json, cfg, seedArray);
      TrajectoryModel shown = null;
      String shownLabel = null;
      if (!fitAll) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int k : ks) {
          HoldoutResult h = LeaveOneOut.run(tc, k, cfg, seedArray, run.progress(), models);
          Map<String, Object> m = holdoutJson(h, tc);
          if (sweep != null) {
            m.put("nfe_sweep", sweep(h, tc));
          }
          rows.add(m);
          outputs.holdout(h);
          if (shown == null) {
            shown = h.model();
            shownLabel = modelLabel(h.seeds()[0], tc, h.k());
          }
          report(h);
        }
        json.put("holdout", rows);
      }
      if (fitAll) {
        FitAllResult f = FitAll.run(tc, cfg, seedArray, run.progress(), models);
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> perTime = new ArrayList<>();
        for (int k = 1; k < tc.size(); k++) {
          Map<String, Object> p = new LinkedHashMap<>();
          p.put("k", k);
          p.put("time", tc.time(k));
          p.put("w1_mean", f.w1Mean(k));
          p.put("w1_std", f.w1Std(k));
          p.put("w1", f.column(k));
          p.put("no_motion", f.noMotion()[k - 1]);
          perTime.add(p);
          if (!run.json) {
            spec.commandLine().getOut().printf("fit-all t=%s: W1 %.4f +- %.4f (no motion %.4f)%n",
                fmt(tc.time(k)), f.w1Mean(k), f.w1Std(k), f.noMotion()[k - 1]);
          }
        }
        m.put("per_time", perTime);
        m.put("ms_per_step", mean(f.msPerStep()));
        putGeodesic(m, f.model());
        json.put("fit_all", m);
        shown = f.model();
        shownLabel = modelLabel(f.seeds()[0], tc, -1);
        outputs.loss("all", f.model());
      }
      outputs.trajectories(shown, cfg.solver(), shownLabel);
    }
    outputs.velocities(lastModel(outputs)::velocities);
    return finish(outputs, json);
  }

  /**
   * {@code cfg} with the published WFR-FM training recipe where the command line leaves the value
   * open: width 256, 5 hidden layers (the growth network has 3), leaky ReLU, learning rate 5e-3, no
   * weight decay, EMA 0.995.
   */
  private TrajectoryConfig growthRecipe(TrajectoryConfig cfg) {
    var pr = spec.commandLine().getParseResult();
    return new TrajectoryConfig(cfg.matcher(), cfg.sigma(), cfg.coupling(), cfg.steps(), cfg.batch(),
        pr.hasMatchedOption("--width") ? cfg.width() : GROWTH_WIDTH,
        pr.hasMatchedOption("--depth") ? cfg.depth() : GROWTH_DEPTH,
        pr.hasMatchedOption("--activation") ? cfg.activation() : Activation.LEAKY_RELU,
        pr.hasMatchedOption("--lr") ? cfg.lr() : GROWTH_LR,
        pr.hasMatchedOption("--weight-decay") ? cfg.weightDecay() : 0, cfg.gradClip(),
        pr.hasMatchedOption("--ema") ? cfg.emaDecay() : GROWTH_EMA, cfg.solver());
  }

  /** The growth branch: wfr or uotcfm on --data or the growth demo. */
  private int growth(TrajectoryConfig cfg, long[] seedArray, CheckpointPolicy models, Map<String, Object> json)
      throws java.io.IOException {
    MassesOption mo = MassesOption.parse(masses);
    GrowthSettings gs = GrowthSettings.defaults().withMasses(mo == null ? null : mo.values())
        .withPlan(wfrPlan.create(couplingOptions.epsilon));
    if (wfrDelta != null) {
      if (matcher != Matcher.WFR) {
        throw new IllegalArgumentException("--wfr-delta applies to --matcher wfr, not " + matcher.cliName());
      }
      gs = gs.withDelta(wfrDelta);
    }
    String massKey = mo == null ? null : mo.key();
    TrajectoryOutputs[] outputs = new TrajectoryOutputs[1];
    if (demo) {
      if (massKey != null) {
        throw new IllegalArgumentException("--masses " + massKey + ": a column of masses needs --data");
      }
      json.put("data", "built-in bifurcation with state-dependent growth (times 0-4)");
      putConfig(json, cfg, seedArray);
      growthRun(cfg, gs, null, seedArray, models).demo(out, json,
          tc -> outputs[0] = new TrajectoryOutputs(out, tc, null, "bifurcation demo with growth", "csv"));
    } else {
      TimeCourseLoader.Loaded loaded = TimeCourseLoader.load(data, timeKey, embedding, whiten, manyTimePoints,
          mo == null ? new String[0] : mo.obsKeys());
      TimeCourse tc = loaded.course();
      if (massKey != null) {
        gs = gs.withMasses(ObsMasses.read(data, timeKey, massKey, tc));
      }
      String kind = data.getFileName().toString().toLowerCase().endsWith(".h5ad") ? "h5ad" : "csv";
      outputs[0] = new TrajectoryOutputs(out, tc, loaded.features(), loaded.description(), kind);
      json.put("data", data.toString());
      json.put("description", loaded.description());
      json.put("times", tc.times());
      putConfig(json, cfg, seedArray);
      int[] ks = !fitAll || holdout != null ? holdouts(tc) : new int[0];
      growthRun(cfg, gs, massKey, seedArray, models).run(tc, ks, fitAll, outputs[0], out, kind, json);
    }
    return finish(outputs[0], json);
  }

  private GrowthRun growthRun(TrajectoryConfig cfg, GrowthSettings gs, String massKey, long[] seedArray,
      CheckpointPolicy models) {
    return new GrowthRun(cfg, gs, massKey, seedArray, run.progress(), models,
        run.json ? null : spec.commandLine().getOut());
  }

  private int finish(TrajectoryOutputs outputs, Map<String, Object> json) throws java.io.IOException {
    json.put("outputs", outputs.written());
    outputs.report(json);
    JsonOutput.write(out.resolve("metrics.json"), json);
    if (run.json) {
      JsonOutput.print(spec.commandLine().getOut(), json);
    } else {
      printSummary(json);
    }
    return 0;
  }

  private static TrajectoryModel lastModel(TrajectoryOutputs o) {
    return o.shownModel();
  }

  private int[] holdouts(TimeCourse tc) {
    if (tc.size() < 3) {
      throw new IllegalArgumentException(
          "leave-one-out needs at least 3 time points, the data has " + tc.size() + "; use --fit-all");
    }
    if (holdout == null || holdout.equals("all")) {
      int[] ks = new int[tc.size() - 2];
      for (int i = 0; i < ks.length; i++) {
        ks[i] = i + 1;
      }
      return ks;
    }
    int k;
    try {
      k = Integer.parseInt(holdout);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--holdout takes an interior time point index or 'all', got " + holdout);
    }
    if (k < 1 || k > tc.size() - 2) {
      throw new IllegalArgumentException(
          "--holdout must name an interior time point (1.." + (tc.size() - 2) + "), got " + k);
    }
    return new int[] {k};
  }

  /** The rows of {@link SolverSweep} as JSON objects {@code solver}, {@code nfe}, {@code w1}. */
  private List<Map<String, Object>> sweep(HoldoutResult h, TimeCourse tc) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (SolverSweep.Row row : SolverSweep.run(h, tc, sweep, tol)) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("solver", row.solver().name().toLowerCase());
      r.put("nfe", row.nfe());
      r.put("w1", row.w1());
      rows.add(r);
    }
    return rows;
  }

  private void putConfig(Map<String, Object> json, TrajectoryConfig cfg, long[] seedArray) {
    json.put("matcher", cfg.matcher().cliName());
    if (cfg.coupling() != null) {
      json.put("coupling", cfg.coupling().toString());
    }
    json.put("sigma", cfg.sigma());
    json.put("steps", cfg.steps());
    json.put("batch", cfg.batch());
    json.put("network", cfg.depth() + "x" + cfg.width() + " " + cfg.activation().name().toLowerCase());
    json.put("optimizer", "adamw lr " + cfg.lr() + " wd " + cfg.weightDecay());
    json.put("solver", cfg.solver().label());
    if (cfg.metric() != null) {
      json.put("metric", cfg.metric().toString());
      json.put("geodesic_steps", cfg.geodesicSteps());
    }
    json.put("seeds", seedArray);
    json.put("threads", org.flowmatch4j.tensor.Parallel.threads());
  }

  private static Map<String, Object> holdoutJson(HoldoutResult h, TimeCourse tc) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("k", h.k());
    m.put("time", h.time());
    m.put("w1_mean", h.w1Mean());
    m.put("w1_std", h.w1Std());
    m.put("w1", h.w1());
    m.put("no_motion", h.noMotion());
    m.put("ot_interpolation", h.otInterpolation());
    m.put("gap_to_ot_interpolation", h.w1Mean() - h.otInterpolation());
    m.put("ms_per_step", mean(h.msPerStep()));
    m.put("ms_per_step_seeds", h.msPerStep());
    Map<String, Object> g = putGeodesic(m, h.model());
    if (g != null) {
      g.put("geodesic_interpolation", Baselines.geodesicInterpolation(tc, h.k(), h.model().geodesic().phi()));
    }
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
    j.put("length_straight", g.straight().length());
    j.put("length_learned", g.learned().length());
    j.put("energy_straight", g.straight().energy());
    j.put("energy_learned", g.learned().energy());
    j.put("stage1_steps", g.stage1().stepsTaken());
    j.put("stage1_seconds", g.stage1().seconds());
    j.put("stage2_seconds", model.training().seconds() - g.stage1().seconds());
    m.put("geodesic", j);
    return j;
  }

  private void report(HoldoutResult h) {
    if (!run.json) {
      spec.commandLine().getOut().printf(
          "held out k=%d (t=%s): W1 %.4f +- %.4f | no motion %.4f | OT interpolation %.4f | %.2f ms/step%n",
          h.k(), fmt(h.time()), h.w1Mean(), h.w1Std(), h.noMotion(), h.otInterpolation(), mean(h.msPerStep()));
    }
  }

  @SuppressWarnings("unchecked")
  private void printSummary(Map<String, Object> json) {
    if (demo && json.containsKey("holdout")) {
      for (Map<String, Object> m : (List<Map<String, Object>>) json.get("holdout")) {
        spec.commandLine().getOut().printf(
            "held out t=%s: W1 %.4f (observed cells), %.4f (true marginal; floor %.4f) | no motion %.4f | OT interpolation %.4f | velocity error %.1f%%%n",
            fmt((Double) m.get("time")), (Double) m.get("w1_mean"), (Double) m.get("w1_true_marginal"),
            (Double) m.get("w1_true_marginal_floor"), (Double) m.get("no_motion"), (Double) m.get("ot_interpolation"),
            100 * (Double) m.get("velocity_error"));
      }
    }
    spec.commandLine().getOut().println("report: " + out.resolve("report.html"));
  }

  /** Which model a figure shows: its seed and the time point left out ({@code k < 0}: none). */
  private static String modelLabel(long seed, TimeCourse tc, int k) {
    return "model of seed " + seed + ", " + (k < 0 ? "trained on every time point" : "trained without t=" + fmt(tc.time(k)));
  }

  static String fmt(double t) {
    return t == Math.rint(t) ? Long.toString((long) t) : Double.toString(t);
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }
}

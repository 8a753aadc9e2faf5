package org.flowmatch4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.coupling.CouplingKind;
import org.flowmatch4j.fm.coupling.CouplingSpec;
import org.flowmatch4j.fm.metric.MetricSpec;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.io.AtomicFile;
import org.flowmatch4j.tasks.trajectory.DemoProcess;
import org.flowmatch4j.tasks.trajectory.FitAll;
import org.flowmatch4j.tasks.trajectory.FitAllResult;
import org.flowmatch4j.tasks.trajectory.TrajectoryFlow;
import org.flowmatch4j.tasks.trajectory.GrowthSettings;
import org.flowmatch4j.tasks.trajectory.GrowthTarget;
import org.flowmatch4j.tasks.trajectory.HoldoutResult;
import org.flowmatch4j.tasks.trajectory.LeaveOneOut;
import org.flowmatch4j.tasks.trajectory.ObsMasses;
import org.flowmatch4j.tasks.trajectory.SolverSweep;
import org.flowmatch4j.tasks.trajectory.TimeCourse;
import org.flowmatch4j.tasks.trajectory.TimeCourseLoader;
import org.flowmatch4j.tasks.trajectory.TrajectoryConfig;
import org.flowmatch4j.tasks.trajectory.TrajectoryDemo;
import org.flowmatch4j.tasks.trajectory.TrajectoryModel;
import org.flowmatch4j.train.CheckpointPolicy;
import org.flowmatch4j.train.ConfigChecks;
import org.flowmatch4j.train.NetworkSpec;
import org.flowmatch4j.train.OptimSpec;
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
  /**
   * The trajectory task's network: 64 units, SELU (Tong et al.'s); predictions from the weight
   * average (see docs/metric-flow-matching.md, "Why the flows trailed the interpolations").
   */
  static final class Defaults extends OptionDefaults {
    Defaults() {
      super(Map.of("--width", "64", "--activation", "selu", "--ema", AVERAGED_EMA));
    }
  }

  @Spec CommandSpec spec;
  @Mixin RunOptions run;
  @Mixin CouplingOptions couplingOptions;
  @Mixin MetricOptions metricOptions;

  @Option(names = "--demo", description = "Run on the built-in simulated bifurcation (known true dynamics); with "
      + "--matcher wfr|uotcfm, a simulated course with state-dependent growth (--demo-process), fitted with --fit-all.")
  boolean demo;

  @Option(names = "--demo-process", paramLabel = "P",
      description = "With --demo and --matcher wfr|uotcfm: circuit (WFR-FM's two-gene circuit, cells dividing at the"
          + " rate 0.5 x2^2 / (1 + x2^2)) or bifurcation (a birth rate in one fate, a constant death rate)"
          + " (default: circuit).")
  DemoProcess demoProcess;

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
          + " velocity and predict weighted cells; unless given, these use --width 128 --depth 5 --activation leaky_relu"
          + " --lr 5e-3 --weight-decay 0 --ema 0.995 --steps 10000 --batch 64 --solver dopri5 (the WFR-FM recipe with the"
          + " velocity network at half its width, 256, and more steps of fewer pairs, 3000 of 256; the growth network"
          + " has 3 hidden layers of --growth-width 64).")
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

  @Option(names = "--wfr-growth", paramLabel = "G",
      description = "wfr: masses of each training pair's geodesic: pair (its own semi-coupling masses, as published)"
          + " or smoothed (the source's row and the target's column of the plan, relative to the cell's mass,"
          + " averaged in log over the ceil(sqrt(N)) nearest cells of their time point) (default: pair).")
  GrowthTarget wfrGrowth;

  @Option(names = "--growth-width", paramLabel = "N",
      description = "wfr/uotcfm: hidden units per layer of the growth network g(x, t), which has 3 layers"
          + " (default: 64; the velocity network's is --width).")
  Integer growthWidth;

  @Option(names = "--holdout", paramLabel = "K|all",
      description = "Held-out interior time point (index from 0), or 'all' (default: all).")
  String holdout;

  @Option(names = "--fit-all", description = "Train on every time point and push the first one through all the others.")
  boolean fitAll;

  @Option(names = "--sigma", description = "Path width (default: the matcher's: 0.1 for otcfm, icfm, otmfm, imfm and"
      + " uotcfm, 1 for sbcfm; rf and wfr take none).")
  Double sigma;

  @Mixin NetworkOptions network;

  @Mixin OptimiserOptions optimiser;

  @Mixin SeedsOption seedsOption;

  @Option(names = "--solver", defaultValue = "euler",
      description = "Solver pushing cells between time points, --nfe evaluations per interval: ${COMPLETION-CANDIDATES}"
          + " (default: ${DEFAULT-VALUE}; dopri5 for --matcher wfr and uotcfm).")
  SolverKind solver;

  @Mixin SolverOptions solverOptions;

  @Option(names = "--nfe-sweep", split = ",", paramLabel = "K",
      description = "Also report W1 at each held-out point for euler, midpoint, heun, rk4 at these NFE, and dopri5.")
  List<Integer> sweep;

  @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default with --demo: trajectory-demo).")
  Path out;

  @Option(names = "--model-out", paramLabel = "FILE", description = "With --fit-all and --data: also write the model of the"
      + " first seed, fitted to every time point, as the file fm4j spark predict reads (a trajectory flow; a growth flow"
      + " for --matcher wfr or uotcfm).")
  Path modelOut;

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
    if (modelOut != null) {
      if (!fitAll || data == null) {
        throw new IllegalArgumentException("--model-out writes the model fitted to every time point of --data: give --fit-all and --data");
      }
      if (whiten) {
        throw new IllegalArgumentException("--model-out with --whiten: the model would take whitened cells, not those of --data");
      }
      OutputFile.check(modelOut, "--model-out");
    }
    if (sweep != null) {
      ConfigChecks.allAtLeast("--nfe-sweep", sweep, 1);
    }
    SolverSpec sampler = solverOptions.spec(solver);
    SigmaOption.check(matcher, sigma != null);
    double width = sigma != null ? sigma : matcher.defaultSigma();
    TrajectoryConfig cfg = new TrajectoryConfig(matcher, width, courseCoupling(width), network.spec(), optimiser.spec(),
        sampler);
    if (data != null && timeKey == null && data.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".h5ad")) {
      throw new IllegalArgumentException(data + ": --time-key is required for an AnnData file (an obs column)");
    }
    MetricSpec metric = metricOptions.specFor(matcher);
    if (metric != null) {
      cfg = cfg.withMetric(metric, metricOptions.geodesicSteps(optimiser.steps));
    }
    OutputDirectory dir = OutputDirectory.create(out, "--out");
    TrajectoryConfig config = cfg;
    return dir.run(() -> execute(config, dir));
  }

  /**
   * The coupling given, else for the methods whose own coupling is exact minibatch OT (otcfm, otmfm)
   * exact OT between the whole populations of two time points, else null (the method's own).
   */
  private CouplingSpec courseCoupling(double width) {
    CouplingSpec given = couplingOptions.courseSpec();
    if (given != null || matcher.learnsGrowth() || matcher.coupling(width).kind() != CouplingKind.EXACT) {
      return given;
    }
    return CouplingSpec.of(CouplingKind.POPULATION);
  }

  private int execute(TrajectoryConfig cfg, OutputDirectory dir) throws Exception {
    long[] seedArray = seedsOption.array();
    Path modelDir = dir.subdirectory("models");
    if (resume) {
      AtomicFile.removeLeftovers(out);
      AtomicFile.removeLeftovers(modelDir);
    }
    CheckpointPolicy models = new CheckpointPolicy(modelDir, resume);
    if (wfrGrowth != null && matcher != Matcher.WFR) {
      throw new IllegalArgumentException("--wfr-growth applies to --matcher wfr, not " + matcher.cliName());
    }
    if (matcher.learnsGrowth()) {
      var pr = spec.commandLine().getParseResult();
      for (String option : List.of("--coupling", "--epsilon", "--cost-scaling", "--tau-a", "--tau-b")) {
        if (pr.hasMatchedOption(option)) {
          throw new IllegalArgumentException(option + " does not apply to --matcher " + matcher.cliName()
              + ": it builds its own coupling (wfr: whole-population WFR plans, see --wfr-plan; uotcfm: unbalanced"
              + " minibatch Sinkhorn at epsilon 0.05 of the largest cost, tau 0.9)");
        }
      }
      return growth(growthRecipe(cfg), seedArray, models);
    }
    if (masses != null || wfrDelta != null || growthWidth != null || demoProcess != null) {
      throw new IllegalArgumentException((masses != null ? "--masses" : wfrDelta != null ? "--wfr-delta"
          : growthWidth != null ? "--growth-width" : "--demo-process") + " applies to --matcher wfr or uotcfm, not "
          + matcher.cliName());
    }
    if (demo) {
      return demo(cfg, seedArray, models);
    }
    TimeCourseLoader.Loaded loaded = TimeCourseLoader.load(data, timeKey, embedding, whiten, manyTimePoints);
    TimeCourse tc = loaded.course();
    int[] ks = fitAll ? new int[0] : holdouts(tc);
    TrajectoryOutputs outputs = new TrajectoryOutputs(out, tc, loaded.features(), loaded.description(), format());
    TrajectoryModel shown = null;
    String shownLabel = null;
    List<TrajectoryRun.HeldOut> held = null;
    if (!fitAll) {
      held = new ArrayList<>();
      for (int k : ks) {
        HoldoutResult h = LeaveOneOut.run(tc, k, cfg, seedArray, run.progress(), models);
        held.add(TrajectoryRun.HeldOut.of(h, tc, sweep == null ? null : SolverSweep.run(h, tc, sweep, solverOptions.tol), null));
        outputs.holdout(h);
        if (shown == null) {
          shown = h.model();
          shownLabel = modelLabel(h.seeds()[0], tc, h.k());
        }
        print(h);
      }
    }
    FitAllResult f = null;
    if (fitAll) {
      f = FitAll.run(tc, cfg, seedArray, run.progress(), models);
      if (modelOut != null) {
        TrajectoryFlow.of(f.model(), tc, cfg, f.seeds()[0]).save(modelOut);
      }
      print(f, tc);
      shown = f.model();
      shownLabel = modelLabel(f.seeds()[0], tc, -1);
      outputs.loss("all", f.model());
    }
    outputs.trajectories(shown, cfg.solver(), shownLabel);
    outputs.velocities(outputs.shownModel()::velocities);
    return finish(outputs, new TrajectoryRun(data.toString(), loaded.description(), tc.times(), cfg, seedArray, held, f,
        null));
  }

  /** The built-in bifurcation: every interior time point held out, scored also against the true process. */
  private int demo(TrajectoryConfig cfg, long[] seedArray, CheckpointPolicy models) throws Exception {
    TrajectoryDemo.Result r = TrajectoryDemo.run(cfg, seedArray, run.progress(), models);
    TimeCourse tc = r.course();
    TrajectoryOutputs outputs = new TrajectoryOutputs(out, tc, null, "bifurcation demo", "csv");
    List<TrajectoryRun.HeldOut> held = new ArrayList<>();
    for (int i = 0; i < r.rows().size(); i++) {
      TrajectoryDemo.Row row = r.rows().get(i);
      held.add(TrajectoryRun.HeldOut.of(row.holdout(), tc, null,
          new TrajectoryRun.Truth(row.w1True(), row.w1TrueFloor(), r.velocityError()[i])));
      outputs.holdout(row.holdout());
    }
    HoldoutResult first = r.rows().get(0).holdout();
    outputs.trajectories(first.model(), cfg.solver(), modelLabel(first.seeds()[0], tc, first.k()));
    outputs.velocities(outputs.shownModel()::velocities);
    String what = "built-in bifurcation simulation (times 0-4, " + TrajectoryDemo.CELLS + " cells each)";
    return finish(outputs, new TrajectoryRun(what, null, null, cfg, seedArray, held, null, null));
  }

  /**
   * {@code cfg} with the growth recipe ({@link TrajectoryConfig#growth()}: networks, optimiser and
   * solver) where the command line leaves the value open; {@code --tol} sets the recipe's dopri5.
   * {@code --nfe} without {@code --solver} is refused: it would be ignored by dopri5.
   */
  private TrajectoryConfig growthRecipe(TrajectoryConfig cfg) {
    var pr = spec.commandLine().getParseResult();
    TrajectoryConfig r = TrajectoryConfig.growth();
    NetworkSpec n = cfg.network();
    OptimSpec o = cfg.optim();
    if (!pr.hasMatchedOption("--solver") && pr.hasMatchedOption("--nfe")) {
      throw new IllegalArgumentException("--nfe sets the steps of a fixed-step solver, and --matcher " + matcher.cliName()
          + " pushes cells with dopri5 unless --solver names one: add --solver euler (or midpoint, heun, rk4)");
    }
    return new TrajectoryConfig(cfg.matcher(), cfg.sigma(), cfg.coupling(),
        new NetworkSpec(given(pr, "--width", n.width(), r.network().width()),
            given(pr, "--depth", n.depth(), r.network().depth()),
            pr.hasMatchedOption("--activation") ? n.activation() : r.network().activation()),
        new OptimSpec(given(pr, "--steps", o.steps(), r.optim().steps()), given(pr, "--batch", o.batch(), r.optim().batch()),
            given(pr, "--lr", o.lr(), r.optim().lr()), given(pr, "--weight-decay", o.weightDecay(), r.optim().weightDecay()),
            o.gradClip(), given(pr, "--ema", o.emaDecay(), r.optim().emaDecay())),
        pr.hasMatchedOption("--solver") ? cfg.solver() : SolverSpec.adaptive(solverOptions.tol));
  }

  private static int given(picocli.CommandLine.ParseResult pr, String option, int value, int recipe) {
    return pr.hasMatchedOption(option) ? value : recipe;
  }

  private static double given(picocli.CommandLine.ParseResult pr, String option, double value, double recipe) {
    return pr.hasMatchedOption(option) ? value : recipe;
  }

  /** The growth branch: wfr or uotcfm on --data or the growth demo. */
  private int growth(TrajectoryConfig cfg, long[] seedArray, CheckpointPolicy models) throws java.io.IOException {
    MassesOption mo = MassesOption.parse(masses);
    GrowthSettings gs = GrowthSettings.defaults().withMasses(mo == null ? null : mo.values())
        .withPlan(wfrPlan.create(couplingOptions.epsilon));
    if (growthWidth != null) {
      gs = gs.withGrowthWidth(growthWidth);
    }
    if (wfrDelta != null) {
      if (matcher != Matcher.WFR) {
        throw new IllegalArgumentException("--wfr-delta applies to --matcher wfr, not " + matcher.cliName());
      }
      gs = gs.withDelta(wfrDelta);
    }
    if (wfrGrowth != null) {
      gs = gs.withTarget(wfrGrowth);
    }
    String massKey = mo == null ? null : mo.key();
    if (demoProcess != null && !demo) {
      throw new IllegalArgumentException("--demo-process chooses the simulated course of --demo, not --data");
    }
    if (demo) {
      if (massKey != null) {
        throw new IllegalArgumentException("--masses " + massKey + ": a column of masses needs --data");
      }
      DemoProcess process = demoProcess == null ? DemoProcess.CIRCUIT : demoProcess;
      TrajectoryOutputs[] outputs = new TrajectoryOutputs[1];
      GrowthSummary g = growthRun(cfg, gs, null, seedArray, models).demo(process, out,
          tc -> outputs[0] = new TrajectoryOutputs(out, tc, null, process.title(), "csv"));
      return finish(outputs[0], new TrajectoryRun(process.description(), null, null, cfg, seedArray, null, null, g));
    }
    TimeCourseLoader.Loaded loaded = TimeCourseLoader.load(data, timeKey, embedding, whiten, manyTimePoints,
        mo == null ? new String[0] : mo.obsKeys());
    TimeCourse tc = loaded.course();
    if (massKey != null) {
      gs = gs.withMasses(ObsMasses.read(data, timeKey, massKey, tc));
    }
    TrajectoryOutputs outputs = new TrajectoryOutputs(out, tc, loaded.features(), loaded.description(), format());
    int[] ks = !fitAll || holdout != null ? holdouts(tc) : new int[0];
    GrowthSummary g = growthRun(cfg, gs, massKey, seedArray, models).run(tc, ks, fitAll, outputs, out, format());
    return finish(outputs, new TrajectoryRun(data.toString(), loaded.description(), tc.times(), cfg, seedArray, null,
        null, g));
  }

  private GrowthRun growthRun(TrajectoryConfig cfg, GrowthSettings gs, String massKey, long[] seedArray,
      CheckpointPolicy models) {
    return new GrowthRun(cfg, gs, massKey, seedArray, run.progress(), models,
        run.json ? null : spec.commandLine().getOut()).withModelOut(modelOut);
  }

  /** Writes the report and metrics.json of {@code r} and prints the JSON or the demo's summary. */
  private int finish(TrajectoryOutputs outputs, TrajectoryRun r) throws java.io.IOException {
    TrajectoryReport.write(r, outputs);
    Map<String, Object> json = TrajectoryJson.of(r, outputs.written());
    JsonOutput.write(out.resolve("metrics.json"), json);
    if (run.json) {
      JsonOutput.print(spec.commandLine().getOut(), json);
    } else {
      printSummary(r);
    }
    return 0;
  }

  /** The file format of the predictions: that of --data. */
  private String format() {
    return data.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".h5ad") ? "h5ad" : "csv";
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

  private void print(HoldoutResult h) {
    if (!run.json) {
      spec.commandLine().getOut().printf(
          "held out k=%d (t=%s): W1 %.4f +- %.4f | no motion %.4f | OT interpolation %.4f | %.2f ms/step%n",
          h.k(), fmt(h.time()), h.w1Mean(), h.w1Std(), h.noMotion(), h.otInterpolation(), mean(h.msPerStep()));
    }
  }

  private void print(FitAllResult f, TimeCourse tc) {
    if (!run.json) {
      for (int k = 1; k < tc.size(); k++) {
        spec.commandLine().getOut().printf("fit-all t=%s: W1 %.4f +- %.4f (no motion %.4f)%n",
            fmt(tc.time(k)), f.w1Mean(k), f.w1Std(k), f.noMotion()[k - 1]);
      }
    }
  }

  private void printSummary(TrajectoryRun r) {
    if (demo && r.holdouts() != null) {
      for (TrajectoryRun.HeldOut ho : r.holdouts()) {
        HoldoutResult h = ho.result();
        spec.commandLine().getOut().printf(
            "held out t=%s: W1 %.4f (observed cells), %.4f (true marginal; floor %.4f) | no motion %.4f | OT interpolation %.4f | velocity error %.1f%%%n",
            fmt(h.time()), h.w1Mean(), ho.truth().w1(), ho.truth().w1Floor(), h.noMotion(), h.otInterpolation(),
            100 * ho.truth().velocityError());
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

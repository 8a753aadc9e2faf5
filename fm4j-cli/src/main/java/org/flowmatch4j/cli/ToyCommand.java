package org.flowmatch4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowmatch4j.cli.report.Chart;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.coupling.CoupledPairs;
import org.flowmatch4j.fm.coupling.CouplingSpec;
import org.flowmatch4j.fm.coupling.ExactOtCoupling;
import org.flowmatch4j.fm.coupling.PlanUse;
import org.flowmatch4j.fm.metric.MetricSpec;
import org.flowmatch4j.fm.path.Prediction;
import org.flowmatch4j.fm.solver.SamplerKind;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.fm.source.EmpiricalSource;
import org.flowmatch4j.tasks.toy.ToyBenchmark;
import org.flowmatch4j.tasks.toy.ToyConfig;
import org.flowmatch4j.tasks.toy.ToyDistribution;
import org.flowmatch4j.tasks.toy.ToyResult;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.ConfigChecks;
import org.flowmatch4j.train.GeodesicFit;
import org.flowmatch4j.train.NetworkSpec;
import org.flowmatch4j.train.OptimSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fm4j toy}: the 2-D flow-matching benchmark. */
@Command(
    name = "toy",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    defaultValueProvider = AveragedWeightsDefault.class,
    header = "Train a flow-matching method on built-in 2-D distributions and score it by exact W2.",
    description = {
      "Train a flow-matching method on built-in 2-D distributions, sample 2,000 points and report",
      "the exact W2 to 2,000 fresh target points next to the floor W2 between two fresh target",
      "samples. With --out, writes toy.png (samples and trajectories), toy.json, report.html, model.ckpt (the",
      "trained model of the first seed, for fm4j likelihood), target.csv and generated.csv (its fresh",
      "target and generated points), loss.csv (the training loss of every step) and, with --nfe-sweep, the quality of",
      "every sampler against its number of function evaluations (nfe_sweep.png).",
      "Diffusion is the vp method: --prediction eps trains DDPM's noise prediction, --prediction",
      "velocity flow matching on the same path; sample with --sampler ode, sde or ddim.",
      "Metric flow matching (--matcher otmfm or imfm, with the --metric options) first learns paths",
      "along the data, e.g. --source arch-start --target arch-end (the two ends of a half circle),",
      "and also reports the length and metric energy of the learned paths against the straight",
      "lines and draws both (paths.png)."
    })
final class ToyCommand implements Callable<Integer> {
  /** Pairs drawn in the figure of straight and learned paths (metric flow matching). */
  static final int PATHS = 40;

  @Spec CommandSpec spec;
  @Mixin RunOptions run;
  @Mixin CouplingOptions couplingOptions;
  @Mixin MetricOptions metricOptions;

  @Option(names = "--source", paramLabel = "DIST", defaultValue = "gaussian",
      description = "Source: gaussian, 8gaussians, moons, scurve, checkerboard, arch-start, arch-end (the ends of a half"
          + " circle), zinb-fixed (STFlow's ZINB prior in log1p space; the fitted count sources need counts: see fm4j"
          + " generate) (default: ${DEFAULT-VALUE}).")
  ToyDistribution source;

  @Option(names = "--target", paramLabel = "DIST", defaultValue = "moons",
      description = "Target distribution (default: ${DEFAULT-VALUE}).")
  ToyDistribution target;

  @Option(names = "--matcher", paramLabel = "M", defaultValue = "otcfm", completionCandidates = ToyMatchers.class,
      description = "Method: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Matcher matcher;

  @Option(names = "--prediction", paramLabel = "P", defaultValue = "velocity", converter = PredictionConverter.class,
      description = "What the network predicts: velocity, or on the vp path also eps (noise) or x1 (default: ${DEFAULT-VALUE}).")
  Prediction prediction;

  @Option(names = "--sigma", paramLabel = "S",
      description = "Width of the method's path (default: 0.1 for icfm/otcfm/otmfm/imfm, 1 for sbcfm, 1e-4 for fm).")
  Double sigma;

  @Option(names = "--steps", defaultValue = "20000", description = "Training steps (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--batch", defaultValue = "256", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--width", defaultValue = "64", description = "Hidden units (default: ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--depth", defaultValue = "3", description = "Hidden layers (default: ${DEFAULT-VALUE}).")
  int depth;

  @Option(names = "--activation", defaultValue = "selu",
      description = "Hidden activation: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Activation activation;

  @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--solver", defaultValue = "dopri5",
      description = "Sampler: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  SolverKind solver;

  @Mixin SolverOptions solverOptions;

  @Option(names = "--sampler", paramLabel = "S", defaultValue = "ode",
      description = {"Sampler: ode (--solver), sde (reverse-time SDE by Euler-Maruyama, --nfe steps; sbcfm's learned",
          "score or vp's implied score), ddim (--nfe steps; vp, fm, rf from gaussian) (default: ${DEFAULT-VALUE})."})
  SamplerKind sampler;

  @Option(names = "--sde", description = "Same as --sampler sde.")
  boolean sde;

  @Option(names = "--reflow", defaultValue = "0",
      description = "Reflow rounds: retrain on (x0, flow(x0)) pairs (default: ${DEFAULT-VALUE}).")
  int reflow;

  @Option(names = "--samples", defaultValue = "2000", description = "Generated and target points (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = {"--seed", "--seeds"}, split = ",", paramLabel = "S", defaultValue = "0",
      description = "Seed, or comma-separated seeds for mean and std (default: ${DEFAULT-VALUE}).")
  List<Long> seeds;

  @Option(names = "--nfe-sweep", split = ",", paramLabel = "K",
      description = {"Also report W2 for euler, midpoint, heun and rk4 at these NFE (e.g. 1,2,4,8,16,32,64) and dopri5;",
          "for vp also the SDE and DDIM samplers, for sbcfm the SDE."})
  List<Integer> sweep;

  @Option(names = "--out", paramLabel = "DIR", description = "Directory for figures and JSON.")
  Path out;

  @Override
  public Integer call() throws Exception {
    run.apply();
    SamplerKind how = sde ? SamplerKind.SDE : sampler;
    if (sde && sampler != SamplerKind.ODE && sampler != SamplerKind.SDE) {
      throw new IllegalArgumentException("--sde contradicts --sampler " + sampler.name().toLowerCase());
    }
    SolverKind kind = solver;
    if (how != SamplerKind.ODE && !spec.commandLine().getParseResult().hasMatchedOption("--solver")) {
      kind = SolverKind.EULER; // the SDE and DDIM samplers take --nfe steps
    }
    SolverSpec sampler = solverOptions.spec(kind);
    double s = sigma != null ? sigma : matcher.defaultSigma();
    if (sweep != null) {
      ConfigChecks.allAtLeast("--nfe-sweep", sweep, 1);
    }
    config(source, target, s, sampler, how, seeds.get(0));
    OutputDirectory dir = out == null ? null : OutputDirectory.create(out, "--out");
    return dir == null ? train(source, target, s, sampler, how) : dir.run(() -> train(source, target, s, sampler, how));
  }

  private int train(ToyDistribution src, ToyDistribution tgt, double s, SolverSpec sampler, SamplerKind how)
      throws Exception {
    List<Map<String, Object>> runs = new ArrayList<>();
    List<Map<String, Object>> sweeps = new ArrayList<>();
    ToyResult firstResult = null;
    for (long seed : seeds) {
      ToyConfig cfg = config(src, tgt, s, sampler, how, seed);
      ToyResult r = ToyBenchmark.run(cfg, run.progress());
      if (firstResult == null) {
        firstResult = r;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("seed", seed);
      m.put("w2", r.w2());
      m.put("w2_floor", r.w2Floor());
      m.put("ratio", r.w2() / r.w2Floor());
      m.put("nfe", r.nfe());
      m.put("train_seconds", r.trainSeconds());
      m.put("steps_per_second", r.stepsPerSecond());
      m.put("final_loss", r.finalLoss());
      if (r.geodesic() != null) {
        m.put("geodesic", geodesicJson(r.geodesic()));
      }
      runs.add(m);
      if (!run.json) {
        spec.commandLine().getOut().printf("seed %d: W2 %.4f (floor %.4f, ratio %.2f), NFE %d, %.1f s training, %.0f steps/s%n",
            seed, r.w2(), r.w2Floor(), r.w2() / r.w2Floor(), r.nfe(), r.trainSeconds(), r.stepsPerSecond());
      }
      if (!run.json && r.geodesic() != null) {
        GeodesicFit g = r.geodesic();
        spec.commandLine().getOut().printf("seed %d path: metric energy %.4g (straight) -> %.4g (learned), length %.3f -> %.3f,"
            + " %d path steps in %.1f s%n", seed, g.straight().energy(), g.learned().energy(), g.straight().length(),
            g.learned().length(), g.stage1().stepsTaken(), g.stage1().seconds());
      }
      if (sweep != null) {
        List<ToyBenchmark.Sampling> samplers = ToyBenchmark.sweepSamplers(r.model(), sweep, solverOptions.tol);
        for (ToyBenchmark.SweepPoint p : ToyBenchmark.nfeSweep(r.model(), cfg, samplers)) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("seed", seed);
          row.put("solver", p.sampling().name());
          row.put("nfe", p.nfe());
          row.put("w2", p.w2());
          row.put("w2_floor", p.w2Floor());
          sweeps.add(row);
        }
      }
    }
    Map<String, Object> result = summary(src, tgt, s, sampler, how, runs);
    if (sweep != null) {
      result.put("nfe_sweep", sweeps);
      if (!run.json) {
        for (Map<String, Object> row : sweeps) {
          spec.commandLine().getOut().printf("sweep seed %s %-8s NFE %3s  W2 %.4f%n", row.get("seed"), row.get("solver"), row.get("nfe"), (Double) row.get("w2"));
        }
      }
    }
    if (out != null) {
      writeFigures(firstResult, sweeps);
      Map<String, String> provenance = new LinkedHashMap<>();
      provenance.put("toy.target", tgt.cliName());
      provenance.put("toy.method", matcher.cliName());
      provenance.put("toy.reflow", Integer.toString(reflow));
      provenance.put("toy.steps", Integer.toString(steps));
      provenance.put("toy.seed", Long.toString(seeds.get(0)));
      firstResult.model().save(out.resolve("model.ckpt"), provenance);
      writePoints(out.resolve("target.csv"), firstResult.target());
      writePoints(out.resolve("generated.csv"), firstResult.generated());
      LossCsv.write(out.resolve("loss.csv"), firstResult.losses());
      result.put("model", out.resolve("model.ckpt").toString());
      JsonOutput.write(out.resolve("toy.json"), result);
      ToyReport.write(out, result, seeds.get(0));
    }
    if (run.json) {
      JsonOutput.print(spec.commandLine().getOut(), result);
    } else {
      spec.commandLine().getOut().printf("%s %s -> %s: W2 %.4f +- %.4f, floor %.4f, ratio %.2f%n", matcher.cliName(),
          src.cliName(), tgt.cliName(), (Double) result.get("w2"), (Double) result.get("w2_std"),
          (Double) result.get("w2_floor"), (Double) result.get("ratio"));
    }
    return 0;
  }

  /** The configuration of the run of one seed (throws on an invalid option before any training). */
  private ToyConfig config(ToyDistribution src, ToyDistribution tgt, double s, SolverSpec sampler, SamplerKind how,
      long seed) {
    MetricSpec metric = metricOptions.specFor(matcher);
    CouplingSpec coupling = couplingOptions.spec();
    return new ToyConfig(src, tgt, matcher, s, prediction, new NetworkSpec(width, depth, activation),
        new OptimSpec(steps, batch, lr, 0, couplingOptions.gradClip, couplingOptions.ema), coupling, sampler, how,
        samples, 40, reflow, 10_000, seed, metric, metric == null ? 0 : metricOptions.geodesicSteps(steps));
  }

  private Map<String, Object> summary(ToyDistribution src, ToyDistribution tgt, double s, SolverSpec sampler,
      SamplerKind how, List<Map<String, Object>> runs) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("task", "toy");
    r.put("source", src.cliName());
    r.put("target", tgt.cliName());
    r.put("matcher", matcher.cliName());
    r.put("sigma", s);
    r.put("prediction", prediction.name().toLowerCase());
    r.put("reflow", reflow);
    r.put("coupling", couplingOptions.coupling == null ? "default" : couplingOptions.spec().create().toString());
    r.put("grad_clip", couplingOptions.gradClip);
    r.put("ema", couplingOptions.ema);
    r.put("sampler", how.name().toLowerCase());
    r.put("solver", sampler.label());
    r.put("steps", steps);
    r.put("batch", batch);
    r.put("w2", mean(runs, "w2"));
    r.put("w2_std", std(runs, "w2"));
    r.put("w2_floor", mean(runs, "w2_floor"));
    r.put("ratio", mean(runs, "w2") / mean(runs, "w2_floor"));
    r.put("nfe", mean(runs, "nfe"));
    r.put("train_seconds", mean(runs, "train_seconds"));
    r.put("steps_per_second", mean(runs, "steps_per_second"));
    r.put("seed", runs.get(0).get("seed"));
    r.put("seeds", seeds);
    r.put("threads", org.flowmatch4j.tensor.Parallel.threads());
    r.put("runs", runs);
    return r;
  }

  private void writeFigures(ToyResult r, List<Map<String, Object>> sweeps) throws java.io.IOException {
    Chart c = new Chart(matcher.cliName() + ": " + source.cliName() + " -> " + target.cliName()
        + String.format(Locale.ROOT, ", seed %d (W2 %.3f, floor %.3f)", seeds.get(0), r.w2(), r.w2Floor()), "x1", "x2");
    c.points("target", r.target(), Chart.withAlpha(java.awt.Color.GRAY, 0.35), 3, 2000)
        .points("generated", r.generated(), Chart.withAlpha(Chart.color(0), 0.6), 3, 2000)
        .paths("trajectories", r.trajectories(), Chart.withAlpha(Chart.color(1), 0.8), 1f);
    c.writePng(out.resolve("toy.png"), 800, 800);
    if (r.geodesic() != null) {
      writePaths(r);
    }
    if (!sweeps.isEmpty()) {
      Chart s = new Chart("W2 against function evaluations (" + matcher.cliName() + ", seed " + seeds.get(0) + ")",
          "NFE", "W2").logX();
      int k = 0;
      for (String name : List.of("euler", "midpoint", "heun", "rk4", "sde", "ddim")) {
        List<double[]> pts = new ArrayList<>();
        for (Map<String, Object> row : sweeps) {
          if (row.get("solver").equals(name) && row.get("seed").equals(seeds.get(0))) {
            pts.add(new double[] {((Number) row.get("nfe")).doubleValue(), (Double) row.get("w2")});
          }
        }
        if (pts.isEmpty()) {
          continue;
        }
        double[] x = new double[pts.size()];
        double[] y = new double[pts.size()];
        for (int i = 0; i < x.length; i++) {
          x[i] = pts.get(i)[0];
          y[i] = pts.get(i)[1];
        }
        s.line(name, x, y, Chart.color(k++));
      }
      s.line("floor", new double[] {1, 1024}, new double[] {r.w2Floor(), r.w2Floor()}, java.awt.Color.GRAY);
      s.writePng(out.resolve("nfe_sweep.png"), 800, 600);
    }
  }

  /** Metric flow matching: the fields of {@code geodesic} in toy.json (the first seed's run in outputs). */
  private static Map<String, Object> geodesicJson(GeodesicFit g) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("metric", g.metrics().get(0).toString());
    j.put("length_straight", g.straight().length());
    j.put("length_learned", g.learned().length());
    j.put("energy_straight", g.straight().energy());
    j.put("energy_learned", g.learned().energy());
    j.put("stage1_steps", g.stage1().stepsTaken());
    j.put("stage1_seconds", g.stage1().seconds());
    return j;
  }

  /**
   * paths.png: the straight (grey) and learned (black) paths between {@value #PATHS} exact-OT pairs
   * of source and target points, over the target and fresh source points.
   */
  private void writePaths(ToyResult r) throws java.io.IOException {
    GeodesicFit g = r.geodesic();
    java.util.SplittableRandom rng = new java.util.SplittableRandom(seeds.get(0) + 2);
    Matrix from = source.sample(rng, r.target().rows);
    Matrix x0 = new Matrix(PATHS, 2);
    Matrix x1 = new Matrix(PATHS, 2);
    new CoupledPairs(new EmpiricalSource(from), new EmpiricalSource(r.target()), new ExactOtCoupling(PlanUse.RESAMPLE))
        .sample(rng, x0, x1);
    Chart c = new Chart(String.format(Locale.ROOT,
        "%s: %s -> %s, seed %d: straight vs learned paths (metric energy %.4g -> %.4g, length %.3f -> %.3f)",
        matcher.cliName(), source, target, seeds.get(0), g.straight().energy(), g.learned().energy(),
        g.straight().length(), g.learned().length()), "x1", "x2");
    c.points("source", from, Chart.withAlpha(Chart.color(2), 0.3), 3, 2000)
        .points("target", r.target(), Chart.withAlpha(java.awt.Color.GRAY, 0.3), 3, 2000)
        .paths("straight", g.paths(x0, x1, 2), new java.awt.Color(120, 120, 120, 160), 1f)
        .paths("learned", g.paths(x0, x1, 21), new java.awt.Color(0, 0, 0, 200), 1.5f);
    c.writePng(out.resolve("paths.png"), 800, 800);
  }

  /** Writes 2-D points as CSV with the header x1,x2, atomically. */
  private static void writePoints(Path file, Matrix p) throws java.io.IOException {
    StringBuilder sb = new StringBuilder("x1,x2\n");
    for (int i = 0; i < p.rows; i++) {
      sb.append(p.get(i, 0)).append(',').append(p.get(i, 1)).append('\n');
    }
    org.flowmatch4j.io.AtomicFile.writeString(file, sb.toString());
  }

  static double mean(List<Map<String, Object>> rows, String key) {
    double s = 0;
    for (Map<String, Object> r : rows) {
      s += ((Number) r.get(key)).doubleValue();
    }
    return s / rows.size();
  }

  static double std(List<Map<String, Object>> rows, String key) {
    if (rows.size() < 2) {
      return 0;
    }
    double m = mean(rows, key);
    double s = 0;
    for (Map<String, Object> r : rows) {
      double d = ((Number) r.get(key)).doubleValue() - m;
      s += d * d;
    }
    return Math.sqrt(s / (rows.size() - 1));
  }

  /** Reads velocity, eps (or epsilon) and x1, in any case. */
  static final class PredictionConverter implements ITypeConverter<Prediction> {
    @Override
    public Prediction convert(String value) {
      return switch (value.toLowerCase(java.util.Locale.ROOT)) {
        case "velocity", "v" -> Prediction.VELOCITY;
        case "eps", "epsilon", "noise" -> Prediction.EPSILON;
        case "x1", "data" -> Prediction.X1;
        default -> throw new IllegalArgumentException(
            "--prediction: expected velocity, eps or x1, got '" + value + "'");
      };
    }
  }

  /** The matchers of the toy benchmarks: all but those that learn growth over a time course. */
  static final class ToyMatchers implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.Arrays.stream(Matcher.values()).filter(m -> !m.learnsGrowth()).map(Matcher::cliName).iterator();
    }
  }
}

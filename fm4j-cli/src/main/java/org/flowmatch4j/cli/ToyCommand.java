package org.flowmatch4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.coupling.CouplingSpec;
import org.flowmatch4j.fm.metric.MetricSpec;
import org.flowmatch4j.fm.path.Prediction;
import org.flowmatch4j.fm.solver.SamplerKind;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.tasks.toy.ToyBenchmark;
import org.flowmatch4j.tasks.toy.ToyConfig;
import org.flowmatch4j.tasks.toy.ToyDistribution;
import org.flowmatch4j.tasks.toy.ToyResult;
import org.flowmatch4j.train.ConfigChecks;
import org.flowmatch4j.train.GeodesicFit;
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
    defaultValueProvider = ToyCommand.Defaults.class,
    header = "Train a flow-matching method on built-in 2-D distributions and score it by exact W2.",
    description = {
      "Train a flow-matching method on built-in 2-D distributions, sample 2,000 points and report",
      "the exact W2 to 2,000 fresh target points next to the floor W2 between two fresh target",
      "samples. With --out, writes toy.png (samples and trajectories), toy.json, report.html,",
      "model.ckpt (the trained model of the first seed, for fm4j likelihood), target.csv and",
      "generated.csv (its fresh target and generated points), loss.csv (the training loss of every",
      "step) and, with --nfe-sweep, the quality of every sampler against its number of function",
      "evaluations (nfe_sweep.png).",
      "Diffusion is the vp method: --prediction eps trains DDPM's noise prediction, --prediction",
      "velocity flow matching on the same path; sample with --sampler ode, sde or ddim.",
      "Metric flow matching (--matcher otmfm or imfm, with the --metric options) first learns paths",
      "along the data, e.g. --source arch-start --target arch-end (the two ends of a half circle),",
      "and also reports the length and metric energy of the learned paths against the straight",
      "lines and draws both (paths.png)."
    })
final class ToyCommand implements Callable<Integer> {
  /** The benchmark's training: 20,000 steps of Adam without weight decay, a 64 x 3 SELU network, the weight average. */
  static final class Defaults extends OptionDefaults {
    Defaults() {
      super(Map.of("--steps", "20000", "--width", "64", "--activation", "selu", "--weight-decay", "0", "--ema",
          AVERAGED_EMA, "--seeds", "0"));
    }
  }
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
      description = "Width of the method's path (default: 0.1 for icfm/otcfm/otmfm/imfm, 1 for sbcfm, 1e-4 for fm;"
          + " rf and vp take none).")
  Double sigma;

  @Mixin NetworkOptions network;

  @Mixin OptimiserOptions optimiser;

  @Option(names = "--solver", defaultValue = "dopri5",
      description = "Sampler: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  SolverKind solver;

  @Mixin SolverOptions solverOptions;

  @Option(names = "--sampler", paramLabel = "S", defaultValue = "ode",
      description = "Sampler: ode (--solver), sde (reverse-time SDE by Euler-Maruyama, --nfe steps; sbcfm's learned"
          + " score or vp's implied score), ddim (--nfe steps; vp, fm, rf from gaussian) (default: ${DEFAULT-VALUE}).")
  SamplerKind sampler;

  @Option(names = "--sde", description = "Same as --sampler sde.")
  boolean sde;

  @Option(names = "--reflow", defaultValue = "0",
      description = "Reflow rounds: retrain on (x0, flow(x0)) pairs (default: ${DEFAULT-VALUE}).")
  int reflow;

  @Option(names = "--samples", defaultValue = "2000", description = "Generated and target points (default: ${DEFAULT-VALUE}).")
  int samples;

  @Mixin SeedsOption seedsOption;

  @Option(names = "--nfe-sweep", split = ",", paramLabel = "K",
      description = "Also report W2 for euler, midpoint, heun and rk4 at these NFE (e.g. 1,2,4,8,16,32,64) and dopri5;"
          + " for vp also the SDE and DDIM samplers, for sbcfm the SDE.")
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
    SigmaOption.check(matcher, sigma != null);
    double s = sigma != null ? sigma : matcher.defaultSigma();
    if (sweep != null) {
      ConfigChecks.allAtLeast("--nfe-sweep", sweep, 1);
    }
    config(source, target, s, sampler, how, seedsOption.seeds.get(0));
    OutputDirectory dir = out == null ? null : OutputDirectory.create(out, "--out");
    return dir == null ? train(source, target, s, sampler, how) : dir.run(() -> train(source, target, s, sampler, how));
  }

  private int train(ToyDistribution src, ToyDistribution tgt, double s, SolverSpec sampler, SamplerKind how)
      throws Exception {
    List<ToyRuns.SeedRun> runs = new ArrayList<>();
    ToyConfig firstConfig = null;
    for (long seed : seedsOption.seeds) {
      ToyConfig cfg = config(src, tgt, s, sampler, how, seed);
      firstConfig = firstConfig == null ? cfg : firstConfig;
      ToyResult r = ToyBenchmark.run(cfg, run.progress());
      ToyRuns.SeedRun seedRun = new ToyRuns.SeedRun(seed, r, sweep == null ? List.of()
          : ToyBenchmark.nfeSweep(r.model(), cfg, ToyBenchmark.sweepSamplers(r.model(), sweep, solverOptions.tol)));
      print(seedRun);
      runs.add(seedRun);
    }
    ToyRuns all = new ToyRuns(firstConfig, runs, sweep != null);
    if (!run.json) {
      for (ToyRuns.SeedRun r : runs) {
        for (ToyBenchmark.SweepPoint p : r.sweep()) {
          spec.commandLine().getOut().printf("sweep seed %s %-8s NFE %3s  W2 %.4f%n", r.seed(), p.sampling().name(),
              p.nfe(), p.w2());
        }
      }
    }
    Path model = out == null ? null : ToyOutputs.write(out, all);
    Map<String, Object> result = ToyJson.of(all, model == null ? null : model.toString());
    if (out != null) {
      JsonOutput.write(out.resolve("toy.json"), result);
      ToyReport.write(out, all);
    }
    if (run.json) {
      JsonOutput.print(spec.commandLine().getOut(), result);
    } else {
      spec.commandLine().getOut().printf("%s %s -> %s: W2 %.4f +- %.4f, floor %.4f, ratio %.2f%n", matcher.cliName(),
          src.cliName(), tgt.cliName(), all.w2(), all.w2Std(), all.w2Floor(), all.ratio());
    }
    return 0;
  }

  /** The lines of one seed's run: its W2 and, for metric flow matching, its learned paths. */
  private void print(ToyRuns.SeedRun seedRun) {
    if (run.json) {
      return;
    }
    ToyResult r = seedRun.result();
    spec.commandLine().getOut().printf("seed %d: W2 %.4f (floor %.4f, ratio %.2f), NFE %d, %.1f s training, %.0f steps/s%n",
        seedRun.seed(), r.w2(), r.w2Floor(), seedRun.ratio(), r.nfe(), r.trainSeconds(), r.stepsPerSecond());
    if (r.geodesic() != null) {
      GeodesicFit g = r.geodesic();
      spec.commandLine().getOut().printf("seed %d path: metric energy %.4g (straight) -> %.4g (learned), length %.3f -> %.3f,"
          + " %d path steps in %.1f s%n", seedRun.seed(), g.straight().energy(), g.learned().energy(),
          g.straight().length(), g.learned().length(), g.stage1().stepsTaken(), g.stage1().seconds());
    }
  }

  /** The configuration of the run of one seed (throws on an invalid option before any training). */
  private ToyConfig config(ToyDistribution src, ToyDistribution tgt, double s, SolverSpec sampler, SamplerKind how,
      long seed) {
    MetricSpec metric = metricOptions.specFor(matcher);
    CouplingSpec coupling = couplingOptions.spec();
    return new ToyConfig(src, tgt, matcher, s, prediction, network.spec(), optimiser.spec(), coupling, sampler, how,
        samples, 40, reflow, 10_000, seed, metric, metric == null ? 0 : metricOptions.geodesicSteps(optimiser.steps));
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

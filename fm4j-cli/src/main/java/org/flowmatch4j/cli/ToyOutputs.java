package org.flowmatch4j.cli;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.flowmatch4j.cli.report.Chart;
import org.flowmatch4j.fm.coupling.CoupledPairs;
import org.flowmatch4j.fm.coupling.ExactOtCoupling;
import org.flowmatch4j.fm.coupling.PlanUse;
import org.flowmatch4j.fm.source.EmpiricalSource;
import org.flowmatch4j.io.AtomicFile;
import org.flowmatch4j.tasks.toy.ToyBenchmark;
import org.flowmatch4j.tasks.toy.ToyConfig;
import org.flowmatch4j.tasks.toy.ToyResult;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.GeodesicFit;

/**
 * The files of {@code fm4j toy --out DIR}, all of the first seed's run: toy.png (samples and
 * trajectories), paths.png (metric flow matching), nfe_sweep.png, model.ckpt, target.csv,
 * generated.csv and loss.csv.
 */
final class ToyOutputs {
  /** Pairs drawn in paths.png. */
  static final int PATHS = 40;

  /** The samplers of nfe_sweep.png, one line each. */
  private static final List<String> SWEEP_LINES = List.of("euler", "midpoint", "heun", "rk4", "sde", "ddim");

  private ToyOutputs() {}

  /** Writes the files of {@code runs} into {@code out}; returns the path of the checkpoint. */
  static Path write(Path out, ToyRuns runs) throws IOException {
    ToyRuns.SeedRun first = runs.first();
    ToyResult r = first.result();
    writeFigures(out, runs.cfg(), first);
    Map<String, String> provenance = new LinkedHashMap<>();
    provenance.put("toy.target", runs.cfg().target().cliName());
    provenance.put("toy.method", runs.cfg().matcher().cliName());
    provenance.put("toy.reflow", Integer.toString(runs.cfg().reflow()));
    provenance.put("toy.steps", Integer.toString(runs.cfg().optim().steps()));
    provenance.put("toy.seed", Long.toString(first.seed()));
    Path model = out.resolve("model.ckpt");
    r.model().save(model, provenance);
    writePoints(out.resolve("target.csv"), r.target());
    writePoints(out.resolve("generated.csv"), r.generated());
    LossCsv.write(out.resolve("loss.csv"), r.losses());
    return model;
  }

  private static void writeFigures(Path out, ToyConfig cfg, ToyRuns.SeedRun run) throws IOException {
    ToyResult r = run.result();
    String method = cfg.matcher().cliName();
    Chart c = new Chart(method + ": " + cfg.source().cliName() + " -> " + cfg.target().cliName()
        + String.format(Locale.ROOT, ", seed %d (W2 %.3f, floor %.3f)", run.seed(), r.w2(), r.w2Floor()), "x1", "x2");
    c.points("target", r.target(), Chart.withAlpha(Color.GRAY, 0.35), 3, 2000)
        .points("generated", r.generated(), Chart.withAlpha(Chart.color(0), 0.6), 3, 2000)
        .paths("trajectories", r.trajectories(), Chart.withAlpha(Chart.color(1), 0.8), 1f);
    c.writePng(out.resolve("toy.png"), 800, 800);
    if (r.geodesic() != null) {
      writePaths(out, cfg, run);
    }
    if (!run.sweep().isEmpty()) {
      writeSweep(out, method, run);
    }
  }

  /** nfe_sweep.png: W2 against function evaluations, a line per sampler, and the floor. */
  private static void writeSweep(Path out, String method, ToyRuns.SeedRun run) throws IOException {
    Chart s = new Chart("W2 against function evaluations (" + method + ", seed " + run.seed() + ")", "NFE", "W2")
        .logX();
    int k = 0;
    for (String name : SWEEP_LINES) {
      List<ToyBenchmark.SweepPoint> pts = new ArrayList<>();
      for (ToyBenchmark.SweepPoint p : run.sweep()) {
        if (p.sampling().name().equals(name)) {
          pts.add(p);
        }
      }
      if (pts.isEmpty()) {
        continue;
      }
      double[] x = new double[pts.size()];
      double[] y = new double[pts.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = pts.get(i).nfe();
        y[i] = pts.get(i).w2();
      }
      s.line(name, x, y, Chart.color(k++));
    }
    double floor = run.result().w2Floor();
    s.line("floor", new double[] {1, 1024}, new double[] {floor, floor}, Color.GRAY);
    s.writePng(out.resolve("nfe_sweep.png"), 800, 600);
  }

  /**
   * paths.png: the straight (grey) and learned (black) paths between {@value #PATHS} exact-OT pairs
   * of source and target points, over the target and fresh source points.
   */
  private static void writePaths(Path out, ToyConfig cfg, ToyRuns.SeedRun run) throws IOException {
    ToyResult r = run.result();
    GeodesicFit g = r.geodesic();
    SplittableRandom rng = new SplittableRandom(run.seed() + 2);
    Matrix from = cfg.source().sample(rng, r.target().rows);
    Matrix x0 = new Matrix(PATHS, 2);
    Matrix x1 = new Matrix(PATHS, 2);
    new CoupledPairs(new EmpiricalSource(from), new EmpiricalSource(r.target()), new ExactOtCoupling(PlanUse.RESAMPLE))
        .sample(rng, x0, x1);
    Chart c = new Chart(String.format(Locale.ROOT,
        "%s: %s -> %s, seed %d: straight vs learned paths (metric energy %.4g -> %.4g, length %.3f -> %.3f)",
        cfg.matcher().cliName(), cfg.source(), cfg.target(), run.seed(), g.straight().energy(), g.learned().energy(),
        g.straight().length(), g.learned().length()), "x1", "x2");
    c.points("source", from, Chart.withAlpha(Chart.color(2), 0.3), 3, 2000)
        .points("target", r.target(), Chart.withAlpha(Color.GRAY, 0.3), 3, 2000)
        .paths("straight", g.paths(x0, x1, 2), new Color(120, 120, 120, 160), 1f)
        .paths("learned", g.paths(x0, x1, 21), new Color(0, 0, 0, 200), 1.5f);
    c.writePng(out.resolve("paths.png"), 800, 800);
  }

  /** Writes 2-D points as CSV with the header x1,x2, atomically. */
  private static void writePoints(Path file, Matrix p) throws IOException {
    StringBuilder sb = new StringBuilder("x1,x2\n");
    for (int i = 0; i < p.rows; i++) {
      sb.append(p.get(i, 0)).append(',').append(p.get(i, 1)).append('\n');
    }
    AtomicFile.writeString(file, sb.toString());
  }
}

package org.flowmatch4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flowmatch4j.cli.report.HtmlReport;
import org.flowmatch4j.tasks.toy.ToyConfig;
import org.flowmatch4j.tasks.toy.ToyResult;

/**
 * The one-page report of {@code fm4j toy}: the settings, the W2 of every seed next to its floor
 * (the W2 between two independent target samples of the same size), and the figures with captions.
 */
final class ToyReport {
  private ToyReport() {}

  /**
   * Writes {@code out/report.html} from {@code runs} and the figures {@link ToyOutputs} wrote into
   * {@code out}: toy.png and, where written, paths.png (metric flow matching) and nfe_sweep.png.
   */
  static void write(Path out, ToyRuns runs) throws IOException {
    ToyConfig cfg = runs.cfg();
    long firstSeed = runs.first().seed();
    HtmlReport r = new HtmlReport("FlowMatch4J toy benchmark");
    r.paragraph("Method " + cfg.matcher().cliName() + " (sigma " + cfg.sigma() + ", prediction "
        + cfg.prediction().name().toLowerCase(Locale.ROOT) + ", coupling " + ToyJson.coupling(cfg) + ") from "
        + cfg.source().cliName() + " to " + cfg.target().cliName() + ", " + cfg.optim().steps() + " steps of "
        + cfg.optim().batch() + " pairs, sampled by " + cfg.sampler().name().toLowerCase(Locale.ROOT) + " with "
        + cfg.solver().label() + ", seeds " + runs.runs().stream().map(ToyRuns.SeedRun::seed).toList() + ".");
    r.heading("Exact W2 of the generated samples to a target sample (lower is better)");
    List<List<String>> rows = new ArrayList<>();
    for (ToyRuns.SeedRun run : runs.runs()) {
      ToyResult t = run.result();
      rows.add(List.of(String.valueOf(run.seed()), String.format(Locale.ROOT, "%.4f", t.w2()),
          String.format(Locale.ROOT, "%.4f", t.w2Floor()), String.format(Locale.ROOT, "%.2f", run.ratio()),
          String.valueOf(t.nfe()), String.format(Locale.ROOT, "%.1f", t.trainSeconds())));
    }
    rows.add(List.of("mean", String.format(Locale.ROOT, "%.4f ± %.4f", runs.w2(), runs.w2Std()),
        String.format(Locale.ROOT, "%.4f", runs.w2Floor()), String.format(Locale.ROOT, "%.2f", runs.ratio()),
        String.format(Locale.ROOT, "%.0f", runs.nfe()), String.format(Locale.ROOT, "%.1f", runs.trainSeconds())));
    r.table(List.of("seed", "W2", "floor", "W2 / floor", "NFE", "training s"), rows);
    r.heading("Figures");
    r.image(out.resolve("toy.png"), "Seed " + firstSeed + ": target samples (grey), generated samples (blue) and the"
        + " sampling trajectories from source to target (orange).");
    if (Files.isRegularFile(out.resolve("paths.png"))) {
      r.image(out.resolve("paths.png"), "Seed " + firstSeed + ": " + ToyOutputs.PATHS + " exact-OT pairs of source and"
          + " target points joined by the straight line (grey) and by the path learned along the data (black), over"
          + " fresh source points (green) and the target samples (grey).");
    }
    if (Files.isRegularFile(out.resolve("nfe_sweep.png"))) {
      r.image(out.resolve("nfe_sweep.png"), "Seed " + firstSeed + ": W2 of the generated samples against the number"
          + " of function evaluations for each sampler (log scale), with the floor of two target samples as a grey line.");
    }
    r.write(out.resolve("report.html"));
  }
}

package org.flowmatch4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowmatch4j.cli.report.HtmlReport;

/**
 * The one-page report of {@code fm4j toy}: the settings, the W2 of every seed next to its floor
 * (the W2 between two independent target samples of the same size), and the figures with captions.
 */
final class ToyReport {
  private ToyReport() {}

  /**
   * Writes {@code out/report.html} from the run's summary (as {@code toy.json} holds it) and the
   * figures {@code toy.png} and, after a sweep, {@code nfe_sweep.png} of {@code out}.
   */
  @SuppressWarnings("unchecked")
  static void write(Path out, Map<String, Object> summary, long firstSeed) throws IOException {
    HtmlReport r = new HtmlReport("FlowMatch4J toy benchmark");
    r.paragraph("Method " + summary.get("matcher") + " (sigma " + summary.get("sigma") + ", prediction "
        + summary.get("prediction") + ", coupling " + summary.get("coupling") + ") from " + summary.get("source")
        + " to " + summary.get("target") + ", " + summary.get("steps") + " steps of " + summary.get("batch")
        + " pairs, sampled by " + summary.get("sampler") + " with " + summary.get("solver") + ", seeds "
        + summary.get("seeds") + ".");
    r.heading("Exact W2 of the generated samples to a target sample (lower is better)");
    List<List<String>> rows = new ArrayList<>();
    for (Map<String, Object> run : (List<Map<String, Object>>) summary.get("runs")) {
      rows.add(List.of(String.valueOf(run.get("seed")), String.format(Locale.ROOT, "%.4f", run.get("w2")),
          String.format(Locale.ROOT, "%.4f", run.get("w2_floor")), String.format(Locale.ROOT, "%.2f", run.get("ratio")),
          String.valueOf(run.get("nfe")), String.format(Locale.ROOT, "%.1f", run.get("train_seconds"))));
    }
    rows.add(List.of("mean", String.format(Locale.ROOT, "%.4f ± %.4f", summary.get("w2"), summary.get("w2_std")),
        String.format(Locale.ROOT, "%.4f", summary.get("w2_floor")), String.format(Locale.ROOT, "%.2f", summary.get("ratio")),
        String.format(Locale.ROOT, "%.0f", summary.get("nfe")), String.format(Locale.ROOT, "%.1f", summary.get("train_seconds"))));
    r.table(List.of("seed", "W2", "floor", "W2 / floor", "NFE", "training s"), rows);
    r.heading("Figures");
    r.image(out.resolve("toy.png"), "Seed " + firstSeed + ": target samples (grey), generated samples (blue) and the"
        + " sampling trajectories from source to target (orange).");
    if (Files.isRegularFile(out.resolve("nfe_sweep.png"))) {
      r.image(out.resolve("nfe_sweep.png"), "Seed " + firstSeed + ": W2 of the generated samples against the number"
          + " of function evaluations for each sampler (log scale), with the floor of two target samples as a grey line.");
    }
    r.write(out.resolve("report.html"));
  }
}

package org.flowmatch4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowmatch4j.cli.report.HtmlReport;
import org.flowmatch4j.tasks.spatial.Method;
import org.flowmatch4j.tasks.spatial.SpatialResult;
import org.flowmatch4j.tasks.spatial.SpatialScores;
import org.flowmatch4j.tasks.spatial.Space;

/**
 * The one-page report of {@code fm4j spatial}: the run, every method's mean Pearson and MSE in both
 * spaces, each gene's correlation for the flow and ridge, and the maps of the best and worst genes.
 */
final class SpatialReport {
  private SpatialReport() {}

  /**
   * What the run was given, as the report names it.
   *
   * @param train the training sections
   * @param genes the gene selection ({@code --genes})
   * @param features where the spot features came from
   * @param source the flow's source, by its option value
   * @param seed the seed of the flow
   */
  record Setup(List<String> train, String genes, Object features, String source, long seed) {}

  /** Writes {@code report.html} into {@code dir}; returns it. */
  static Path write(SpatialResult r, Setup setup, List<Path> maps, Path dir) throws IOException {
    HtmlReport h = new HtmlReport("FlowMatch4J spatial expression from histology");
    h.paragraph("Held-out section " + r.test().name() + " (" + r.test().spots() + " spots), trained on "
        + setup.train() + "; " + r.genes().length + " genes (" + setup.genes() + "); features: "
        + setup.features() + "; source " + setup.source() + ", seed " + setup.seed() + ".");
    h.heading("Mean over genes of the Pearson correlation across the held-out spots, and MSE");
    List<List<String>> rows = new ArrayList<>();
    for (Method m : Method.values()) {
      Map<Space, SpatialScores> s = r.scores().get(m);
      rows.add(List.of(m == Method.FLOW ? setup.source() + " flow" : m.key, fmt(s.get(Space.RAW).meanPearson()),
          fmt(s.get(Space.NORM).meanPearson()), fmt(s.get(Space.RAW).mse()), fmt(s.get(Space.NORM).mse())));
    }
    h.table(List.of("method", "Pearson raw log1p", "Pearson normalised log1p", "MSE raw", "MSE normalised"), rows);
    h.paragraph("The training mean is a constant: its correlations are undefined (nan). Ridge's penalty alpha (raw, normalised"
        + " log1p): " + r.ridgeAlpha().get(Space.RAW) + ", " + r.ridgeAlpha().get(Space.NORM) + "; kNN's k: "
        + r.knnK().get(Space.RAW) + ", " + r.knnK().get(Space.NORM) + "; kernel ridge's setting: "
        + r.kernelRidge().get(Space.RAW) + ", " + r.kernelRidge().get(Space.NORM) + " (given, or chosen among several by"
        + " predicting each training section from the others).");
    h.heading("Per gene (normalised log1p, then raw)");
    List<List<String>> genes = new ArrayList<>();
    for (int g = 0; g < r.genes().length; g++) {
      genes.add(List.of(r.genes()[g], fmt(pearson(r, Method.FLOW, Space.NORM, g)), fmt(pearson(r, Method.RIDGE, Space.NORM, g)),
          fmt(pearson(r, Method.FLOW, Space.RAW, g)), fmt(pearson(r, Method.RIDGE, Space.RAW, g))));
    }
    h.table(List.of("gene", "flow norm", "ridge norm", "flow raw", "ridge raw"), genes);
    if (!maps.isEmpty()) {
      h.heading("Maps");
      for (Path m : maps) {
        String name = m.getFileName().toString();
        h.image(m, (name.startsWith("map_best") ? "Best" : "Worst") + " gene of the flow of seed " + setup.seed()
            + " on normalised log1p: measured (left) and predicted (right), coloured by quintile of the measured values");
      }
    }
    if (!r.notes().isEmpty()) {
      h.heading("Notes");
      for (String n : r.notes()) {
        h.paragraph(n);
      }
    }
    Path file = dir.resolve("report.html");
    h.write(file);
    return file;
  }

  private static double pearson(SpatialResult r, Method m, Space s, int g) {
    return r.scores().get(m).get(s).pearson()[g];
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}

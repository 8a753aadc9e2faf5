package org.flowmatch4j.cli;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowmatch4j.cli.report.Chart;
import org.flowmatch4j.cli.report.HtmlReport;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Column;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.Dtype;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.data.preprocess.Pca;
import org.flowmatch4j.tasks.perturbation.GroupResult;
import org.flowmatch4j.tasks.perturbation.PerturbationConfig;
import org.flowmatch4j.tasks.perturbation.PerturbationData;
import org.flowmatch4j.tasks.perturbation.PerturbationResult;
import org.flowmatch4j.tasks.perturbation.Prediction;
import org.flowmatch4j.tasks.perturbation.Space;
import org.flowmatch4j.tensor.Matrix;

/** The files of a perturbation run: predictions, figures, loss history and the report. */
final class PerturbOutputs {
  private final Path out;
  private final PerturbationData data;
  private final PerturbationResult result;
  private final PerturbationConfig cfg;
  private final Map<String, String> written = new LinkedHashMap<>();
  private final List<Path> figures = new ArrayList<>();
  private final List<String> captions = new ArrayList<>();

  PerturbOutputs(Path out, PerturbationData data, PerturbationResult result, PerturbationConfig cfg) {
    this.out = out;
    this.data = data;
    this.result = result;
    this.cfg = cfg;
  }

  Map<String, String> written() {
    return written;
  }

  /** Predictions (.h5ad), the two figures per held-out group and the first seed's loss. */
  void write() throws IOException {
    predictions();
    int q = 0;
    for (GroupResult g : result.groups()) {
      String suffix = result.groups().size() == 1 ? "" : "_" + q;
      cellsFigure(g, "predicted_vs_real_cells" + suffix);
      meansFigure(g, "mean_expression" + suffix);
      q++;
    }
    LossCsv.write(out.resolve("loss.csv"), result.firstLosses());
    written.put("loss", "loss.csv");
  }

  /**
   * Every predicted cell of the first seed, all held-out groups stacked: X = genes, obsm
   * {@code X_<space>} = the embedding coordinates, obs = source control cell (name and row index),
   * sample number, and the condition, context (and dose) columns.
   */
  private void predictions() throws IOException {
    int rows = 0;
    for (GroupResult g : result.groups()) {
      rows += g.prediction().genes().rows;
    }
    int p = data.geneNames().length;
    int k = result.groups().get(0).prediction().z().cols;
    Matrix x = new Matrix(rows, p);
    Matrix z = new Matrix(rows, k);
    String[] names = new String[rows];
    String[] sourceName = new String[rows];
    double[] sourceIndex = new double[rows];
    double[] sample = new double[rows];
    String[] condition = new String[rows];
    String[] context = new String[rows];
    double[] dose = new double[rows];
    int o = 0;
    for (GroupResult g : result.groups()) {
      Prediction pr = g.prediction();
      int n = pr.genes().rows;
      System.arraycopy(pr.genes().data, 0, x.data, o * p, n * p);
      System.arraycopy(pr.z().data, 0, z.data, o * k, n * k);
      for (int i = 0; i < n; i++) {
        int src = pr.source()[i];
        names[o + i] = "pred_" + (o + i);
        sourceName[o + i] = data.cellNames()[src];
        sourceIndex[o + i] = src;
        sample[o + i] = pr.sample()[i];
        condition[o + i] = g.group().condition();
        context[o + i] = g.group().context();
        dose[o + i] = g.group().dose();
      }
      o += n;
    }
    AnnData a = new AnnData(DenseMatrix.of(x), new DataFrame("_index", names), new DataFrame("_index", data.geneNames()));
    a.obs().put("source_cell", new Column.Strings(sourceName));
    a.obs().put("source_index", new Column.Numeric(sourceIndex, Dtype.INT64));
    a.obs().put("sample", new Column.Numeric(sample, Dtype.INT64));
    a.obs().put(data.conditionKey(), Column.Categorical.of(condition, false));
    if (data.contextKey() != null) {
      a.obs().put(data.contextKey(), Column.Categorical.of(context, false));
    }
    if (data.hasDose()) {
      a.obs().put("dose", new Column.Numeric(dose, Dtype.FLOAT64));
    }
    a.obsm().put(result.embeddingKey(), DenseMatrix.of(z));
    a.uns().put("fm4j_prediction", "cells predicted by fm4j perturb (seed " + result.seeds()[0] + ") from the control"
        + " cells named in obs['source_cell'] (row obs['source_index'] of " + "the input)");
    H5ad.write(out.resolve("predictions.h5ad"), a);
    written.put("predictions", "predictions.h5ad");
  }

  /** Control, real perturbed and predicted cells on the first two principal axes of the real cells. */
  private void cellsFigure(GroupResult g, String name) throws IOException {
    Matrix both = stack(g.realZ(), g.controlZ());
    Pca pca = Pca.fit(DenseMatrix.of(both), 2, Pca.Solver.EXACT, 0);
    Matrix predicted = g.prediction().z().rows(g.prediction().rowsOfSample(0));
    Chart c = new Chart("held out " + g.group().label() + ": predicted (seed " + result.seeds()[0] + ") vs real cells",
        "PC 1 of real cells", "PC 2 of real cells");
    c.points("control (" + g.controls().length + ")", pca.transform(DenseMatrix.of(g.controlZ())),
            Chart.withAlpha(Color.GRAY, 0.45), 5, 5000)
        .points("real perturbed (" + g.realZ().rows + ")", pca.transform(DenseMatrix.of(g.realZ())),
            Chart.withAlpha(Chart.color(0), 0.55), 5, 5000)
        .points("predicted (" + predicted.rows + ")", pca.transform(DenseMatrix.of(predicted)),
            Chart.withAlpha(Chart.color(1), 0.55), 5, 5000);
    Path png = out.resolve(name + ".png");
    c.writePng(png, 800, 700);
    figures.add(png);
    captions.add("Held out " + g.group().label() + ": control, real perturbed and predicted cells (first seed) in the "
        + "embedding, projected on the first two principal axes of the real cells.");
    written.put(name, name + ".png");
  }

  /** Predicted against real mean expression per gene, top DEGs highlighted. */
  private void meansFigure(GroupResult g, String name) throws IOException {
    Prediction pr = g.prediction();
    Matrix genes = pr.genes().rows(pr.rowsOfSample(0));
    int p = genes.cols;
    double[] mp = new double[p];
    for (int i = 0; i < genes.rows; i++) {
      for (int j = 0; j < p; j++) {
        mp[j] += genes.data[i * p + j];
      }
    }
    Matrix all = new Matrix(p, 2);
    Matrix ctrl = new Matrix(p, 2);
    for (int j = 0; j < p; j++) {
      mp[j] /= genes.rows;
      all.data[2 * j] = (float) g.realMean()[j];
      all.data[2 * j + 1] = (float) mp[j];
      ctrl.data[2 * j] = (float) g.realMean()[j];
      ctrl.data[2 * j + 1] = (float) g.controlMean()[j];
    }
    int[] deg = g.deg();
    Matrix top = new Matrix(deg.length, 2);
    for (int q = 0; q < deg.length; q++) {
      top.data[2 * q] = (float) g.realMean()[deg[q]];
      top.data[2 * q + 1] = (float) mp[deg[q]];
    }
    Chart c = new Chart(String.format(Locale.ROOT,
        "held out %s: mean expression per gene, seed %d (R² %.3f all, %.3f top-%d DEGs)",
        g.group().label(), result.seeds()[0], g.model().get(0).get(Space.GENES,
            org.flowmatch4j.tasks.perturbation.Metric.R2),
        g.model().get(0).get(Space.DEG, org.flowmatch4j.tasks.perturbation.Metric.R2),
        deg.length), "real mean", "predicted mean");
    c.points("control unchanged (identity)", ctrl, Chart.withAlpha(Color.GRAY, 0.35), 3, p)
        .points("predicted, all genes", all, Chart.withAlpha(Chart.color(0), 0.5), 3, p)
        .points("predicted, top DEGs", top, Chart.withAlpha(Chart.color(1), 0.9), 6, p)
        .diagonal();
    Path png = out.resolve(name + ".png");
    c.writePng(png, 800, 700);
    figures.add(png);
    captions.add("Held out " + g.group().label() + ": mean expression of every gene, predicted (first seed) against "
        + "real; the top " + deg.length + " DEGs highlighted; grey: the control means (identity baseline).");
    written.put(name, name + ".png");
  }

  /** One page: settings, metric tables and figures. */
  void report(Path data, double wallSecondsBeforeOutputs) throws IOException {
    HtmlReport r = new HtmlReport("FlowMatch4J perturbation response");
    r.paragraph(String.format(Locale.ROOT,
        "Model R² (scGen definition, mean over seeds %s): %.4f over all genes, %.4f over the top DEGs. Wall time "
            + "%.1f s (training %s s per seed).",
        java.util.Arrays.toString(result.seeds()), PerturbSummary.r2(result, Space.GENES),
        PerturbSummary.r2(result, Space.DEG), wallSecondsBeforeOutputs,
        java.util.Arrays.toString(round(result.trainSeconds()))));
    r.paragraph("Data: " + data + ". Embedding: " + result.embedding() + ". Condition: " + result.encoder()
        + ". " + result.tasks() + " training tasks.");
    r.code("matcher " + cfg.matcher().cliName() + ", sigma " + cfg.sigma() + ", " + cfg.optim().steps() + " steps, batch "
        + cfg.optim().batch() + ", network " + PerturbSummary.network(cfg) + ", " + OptimiserOptions.label(cfg.optim())
        + ", condition dropout "
        + cfg.conditionDropout() + ", guidance " + cfg.guidance() + ", " + cfg.samples() + " sample(s) per cell, "
        + cfg.solver().label() + ", decoding " + PerturbSummary.name(cfg.decoding()) + ", zeros "
        + PerturbSummary.name(cfg.zeros()) + ", start " + PerturbSummary.name(cfg.start())
        + ", mean response " + PerturbSummary.name(cfg.meanResponse()));
    for (GroupResult g : result.groups()) {
      r.heading("Held out " + g.group().label());
      List<List<String>> rows = PerturbTable.tableRows(g);
      r.table(rows.get(0), rows.subList(1, rows.size()));
      StringBuilder notes = new StringBuilder();
      g.baselineNotes().forEach((b, s) -> notes.append(b.key).append(": ").append(s).append(". "));
      r.paragraph(notes.toString() + "Top DEGs: Wilcoxon rank-sum z of real perturbed against real control cells of the"
          + " context, highest z first (up-regulated genes first).");
      if (g.noiseBound() != null) {
        r.paragraph(PerturbTable.noiseBound(g) + ": the sampling noise of the real cells' means alone keeps R^2 below"
            + " this.");
      }
    }
    for (int i = 0; i < figures.size(); i++) {
      r.image(figures.get(i), captions.get(i));
    }
    if (!result.notes().isEmpty()) {
      r.heading("Notes");
      for (String n : result.notes()) {
        r.paragraph(n);
      }
    }
    r.write(out.resolve("report.html"));
    written.put("report", "report.html");
  }

  private static double[] round(double[] v) {
    double[] o = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      o[i] = Math.round(v[i] * 10) / 10.0;
    }
    return o;
  }

  private static Matrix stack(Matrix a, Matrix b) {
    Matrix m = new Matrix(a.rows + b.rows, a.cols);
    System.arraycopy(a.data, 0, m.data, 0, a.data.length);
    System.arraycopy(b.data, 0, m.data, a.data.length, b.data.length);
    return m;
  }
}

package org.flowmatch4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Column;
import org.flowmatch4j.data.h5ad.H5ad;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fm4j perturb} end to end on a tiny screen written by the project's h5ad writer. */
class PerturbCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private String[] args(Path data, String... extra) {
    List<String> a = new ArrayList<>(List.of("perturb", "--data", data.toString(), "--condition-key", "condition",
        "--control", "control", "--context-key", "cell_type", "--holdout-context", "T", "--holdout-condition",
        "stimulated", "--embedding", "pca:4", "--steps", "150", "--batch", "32", "--width", "32", "--nfe", "10",
        "--top-deg", "3", "--seeds", "1,2", "--out", dir.resolve("out").toString(), "--quiet"));
    a.addAll(List.of(extra));
    return a.toArray(new String[0]);
  }

  @Test
  void predictsWritesAndReports() throws IOException {
    Path data = CommandTestData.screen(dir);
    assertEquals(0, run(args(data, "--json")), err.toString());
    List<String> lines = out.toString().strip().lines().toList();
    JsonObject j = JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
    assertTrue(out.toString().contains("genes r2"), "metric table printed");
    assertTrue(out.toString().contains("mean_shift  mean_shift_per_context"), "header cells apart: " + out);
    double r2 = j.get("r2_all").getAsDouble();
    double r2Deg = j.get("r2_deg").getAsDouble();
    assertEquals(2, j.getAsJsonArray("r2_all_seeds").size());
    assertEquals((j.getAsJsonArray("r2_all_seeds").get(0).getAsDouble()
        + j.getAsJsonArray("r2_all_seeds").get(1).getAsDouble()) / 2, r2, 1e-12);
    JsonObject table = j.getAsJsonArray("groups").get(0).getAsJsonObject().getAsJsonObject("table");
    double identity = table.getAsJsonObject("identity").getAsJsonObject("genes").get("r2").getAsDouble();
    assertTrue(r2 > identity, r2 + " vs identity " + identity);
    // The three DEGs of this screen are shifted alike, so an R² across them measures only noise; on
    // them the model must instead come closer to the real cells than the identity does.
    assertTrue(Double.isFinite(r2Deg));
    // What an exact mean would score against the 30 real cells: in [0, 1], and over all genes, where the
    // stimulated genes stand apart from the rest, above 0.
    JsonObject bound = j.getAsJsonArray("groups").get(0).getAsJsonObject().getAsJsonObject("r2_noise_bound");
    assertTrue(bound.get("genes").getAsDouble() > 0 && bound.get("genes").getAsDouble() <= 1, bound.toString());
    assertTrue(bound.get("deg").getAsDouble() >= 0 && bound.get("deg").getAsDouble() <= 1, bound.toString());
    assertTrue(out.toString().contains("R^2 noise bound (an exact mean against these 30 real cells): genes "),
        out.toString());
    double eDeg = table.getAsJsonObject("model").getAsJsonObject("deg").get("e_distance").getAsDouble();
    double eDegIdentity = table.getAsJsonObject("identity").getAsJsonObject("deg").get("e_distance").getAsDouble();
    assertTrue(eDeg < eDegIdentity / 4, "DEG e_distance " + eDeg + " vs identity " + eDegIdentity);
    assertTrue(table.has("mean_shift") && table.has("mean_shift_per_context") && table.has("ceiling"));
    assertEquals(9, table.getAsJsonObject("model").getAsJsonObject("embedding").size());
    assertEquals("matched", j.get("zeros").getAsString());
    assertEquals("centred", j.get("decoding").getAsString());
    assertEquals("control", j.get("start").getAsString());
    assertEquals("ensemble", j.get("mean_response").getAsString());
    assertTrue(j.getAsJsonArray("notes").toString().contains("averages the flow's shift with the shift weighted"),
        j.getAsJsonArray("notes").toString());
    JsonObject genes = table.getAsJsonObject("model").getAsJsonObject("genes");
    assertEquals(0.0, genes.get("negative_fraction").getAsDouble(), j.toString());
    assertTrue(genes.has("zero_fraction_mae"));
    assertTrue(table.getAsJsonObject("identity").getAsJsonObject("genes").get("pearson_delta").isJsonNull(),
        "the identity's predicted change is zero, so its correlation is undefined: null");
    Path o = dir.resolve("out");
    String metrics = Files.readString(o.resolve("metrics.json"));
    assertTrue(!metrics.contains("NaN") && !metrics.contains("Infinity"), "standard JSON only");
    assertTrue(Files.readString(o.resolve("report.html")).contains("R^2 noise bound"), "the report gives the bound");
    for (String f : List.of("predictions.h5ad", "predicted_vs_real_cells.png", "mean_expression.png", "metrics.json",
        "report.html", "loss.csv")) {
      assertTrue(Files.size(o.resolve(f)) > 0, f);
    }
    AnnData p = H5ad.read(o.resolve("predictions.h5ad"));
    assertEquals(30, p.nObs());
    assertEquals(10, p.nVars());
    assertEquals("stimulated", p.obsLabels("condition")[0]);
    assertEquals("T", p.obsLabels("cell_type")[0]);
    String src = p.obsLabels("source_cell")[0];
    int idx = (int) p.obsTime("source_index")[0];
    assertEquals("cell" + idx, src);
    assertTrue(idx < 30, "a control cell of T");
    assertEquals(4, p.obsmDense("X_pca").cols);
    for (float v : p.x().toDense().data) {
      assertTrue(v >= 0, "written predictions are non-negative: " + v);
    }
  }

  private void assertBadInput(String expected, String... args) {
    assertEquals(Main.EXIT_BAD_INPUT, run(args), err.toString());
    String e = err.toString().strip();
    assertEquals(1, e.lines().count(), "one line: " + e);
    assertTrue(e.contains(expected), e);
  }

  /** One seed with the options {@code extra}: exit 0, and the model beats the identity on R² of genes. */
  private JsonObject runBeatingIdentity(String... extra) throws IOException {
    Path data = CommandTestData.screen(dir);
    List<String> a = new ArrayList<>(List.of("--json", "--seeds", "1"));
    a.addAll(List.of(extra));
    assertEquals(0, run(args(data, a.toArray(new String[0]))), err.toString());
    List<String> lines = out.toString().strip().lines().toList();
    JsonObject j = JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
    JsonObject table = j.getAsJsonArray("groups").get(0).getAsJsonObject().getAsJsonObject("table");
    double identity = table.getAsJsonObject("identity").getAsJsonObject("genes").get("r2").getAsDouble();
    assertTrue(j.get("r2_all").getAsDouble() > identity, j.get("r2_all") + " vs identity " + identity);
    return j;
  }

  @Test
  void filmConditioningRunsAndIsRecorded() throws IOException {
    JsonObject j = runBeatingIdentity("--conditioning", "film");
    assertEquals("film", j.get("conditioning").getAsString(), j.toString());
  }

  @Test
  void attentionPoolingRunsAndIsRecorded() throws IOException {
    JsonObject j = runBeatingIdentity("--pooling", "attention");
    assertEquals("attention", j.get("pooling").getAsString(), j.toString());
  }

  @Test
  void populationPairingRunsAndIsRecorded() throws IOException {
    JsonObject j = runBeatingIdentity("--coupling", "population");
    assertTrue(j.get("coupling").getAsString().contains("POPULATION"), j.toString());
  }

  @Test
  void badInputNamesTheOptionOrKey() throws IOException {
    Path data = CommandTestData.screen(dir);
    String[] a = args(data);
    assertBadInput("condition_x", replace(a, "--condition-key", "condition_x"));
    assertBadInput("celltype", replace(a, "--context-key", "celltype"));
    assertBadInput("--holdout-context 'Mono'", replace(a, "--holdout-context", "Mono"));
    assertBadInput("'IFN'", replace(a, "--holdout-condition", "IFN"));
    assertBadInput("--control 'ctrl'", replace(a, "--control", "ctrl"));
    assertBadInput("X_umap", replace(a, "--embedding", "X_umap"));
    assertBadInput("missing.h5ad", replace(a, "--data", dir.resolve("missing.h5ad").toString()));
    assertBadInput("--guidance", args(data, "--guidance", "2", "--condition-dropout", "0"));
    assertBadInput("'--conditioning': expected one of concat, film, both, got 'sideways'",
        args(data, "--conditioning", "sideways"));
    assertBadInput("'--pooling': expected one of mean, attention, got 'max'", args(data, "--pooling", "max"));
    assertBadInput("'--zeros': expected one of none, clip, threshold, matched, got 'round'", args(data, "--zeros", "round"));
    assertBadInput("'--start': expected one of control, mean-shift, nearest-shift, got 'noise'",
        args(data, "--start", "noise"));
    assertBadInput("'--mean-response': expected one of flow, ensemble, got 'median'",
        args(data, "--mean-response", "median"));
    assertBadInput("'--decoding': expected one of residual, centred, inverse, got 'exact'",
        args(data, "--decoding", "exact"));
    assertBadInput("'--context-condition': expected one of none, control-mean, got 'donor'",
        args(data, "--context-condition", "donor"));
  }

  @Test
  void heldOutContextWithoutControlCellsIsNamed() throws IOException {
    Path data = CommandTestData.screen(dir);
    AnnData a = H5ad.read(data);
    String[] cond = a.obsLabels("condition");
    String[] type = a.obsLabels("cell_type");
    for (int i = 0; i < cond.length; i++) {
      if (type[i].equals("T") && cond[i].equals("control")) {
        cond[i] = "other";
      }
    }
    a.obs().put("condition", Column.Categorical.of(cond, false));
    Path f = dir.resolve("noctrl.h5ad");
    H5ad.write(f, a);
    assertBadInput("no control cells", args(f));
  }

  private static String[] replace(String[] args, String option, String value) {
    String[] a = args.clone();
    for (int i = 0; i < a.length - 1; i++) {
      if (a[i].equals(option)) {
        a[i + 1] = value;
      }
    }
    return a;
  }
}

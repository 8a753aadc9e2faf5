package org.flowmatch4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Column;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.Dtype;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.fm.source.CountSampler;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fm4j generate} end to end on small simulated counts written by the project's h5ad writer. */
class GenerateCommandTest {
  @TempDir Path dir;
  private final CliRun cli = new CliRun();

  private int run(String... args) {
    return cli.run(args);
  }

  /** Two labels of 40 and 30 cells over 12 genes; label B expresses genes 0-3 five times higher. */
  private Path counts(float[] override) throws IOException {
    SplittableRandom r = new SplittableRandom(9);
    int n = 70;
    int genes = 12;
    Matrix x = new Matrix(n, genes);
    String[] label = new String[n];
    String[] cells = new String[n];
    for (int i = 0; i < n; i++) {
      boolean b = i >= 40;
      double lib = Math.exp(0.4 * r.nextGaussian());
      for (int g = 0; g < genes; g++) {
        double mu = (1 + g % 4) * (b && g < 4 ? 5 : 1) * lib;
        x.data[i * genes + g] = r.nextDouble() < 0.3 ? 0 : CountSampler.negativeBinomial(r, mu, 2);
      }
      label[i] = b ? "B" : "A";
      cells[i] = "cell" + i;
    }
    if (override != null) {
      x.data[override.length] = override[0];
    }
    String[] gn = new String[genes];
    for (int g = 0; g < genes; g++) {
      gn[g] = "gene" + g;
    }
    AnnData a = new AnnData(new DenseMatrix(x, override == null ? Dtype.INT32 : Dtype.FLOAT32), new DataFrame("_index", cells), new DataFrame("_index", gn));
    a.obs().put("cell_type", Column.Categorical.of(label, false));
    Path f = dir.resolve(override == null ? "counts.h5ad" : "bad.h5ad");
    H5ad.write(f, a);
    return f;
  }

  /** The command with small settings; an option in {@code extra} (name, value) replaces its default. */
  private String[] args(Path data, String... extra) {
    java.util.Map<String, String> o = new java.util.LinkedHashMap<>();
    String[] defaults = {"--data", data.toString(), "--genes", "hvg:8", "--condition-key", "cell_type", "--steps", "60",
        "--batch", "16", "--width", "16", "--nfe", "5", "--source-pool", "64", "--pca", "4", "--out",
        dir.resolve("out").toString()};
    for (int k = 0; k < defaults.length; k += 2) {
      o.put(defaults[k], defaults[k + 1]);
    }
    List<String> flags = new ArrayList<>(List.of("--quiet"));
    for (int k = 0; k < extra.length; k++) {
      if (extra[k].equals("--json")) {
        flags.add(extra[k]);
      } else {
        o.put(extra[k], extra[++k]);
      }
    }
    List<String> a = new ArrayList<>(List.of("generate"));
    o.forEach((k, v) -> {
      a.add(k);
      a.add(v);
    });
    a.addAll(flags);
    return a.toArray(new String[0]);
  }

  @Test
  void generatesScoresAndWritesCountsPerLabel() throws IOException {
    Path data = counts(null);
    assertEquals(0, run(args(data, "--source", "zinb,gaussian,zinb-fixed,nb", "--seeds", "1,2", "--json")), cli.err());
    String[] lines = cli.out().strip().split("\n");
    JsonObject j = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
    assertEquals("zinb", j.get("source").getAsString());
    for (String k : List.of("mmd", "energy", "zero_fraction_mae", "mean_correlation", "variance_correlation")) {
      assertTrue(Double.isFinite(j.get(k).getAsDouble()), k);
      assertEquals(2, j.getAsJsonArray(k + "_seeds").size(), k);
      for (String b : List.of("zinb_independent", "gaussian_source", "zinb_fixed_source", "nb_source")) {
        assertTrue(j.getAsJsonObject("baselines").getAsJsonObject(b).has(k), b + " " + k);
      }
    }
    assertTrue(j.get("zero_fraction_mae").getAsDouble() < 1);
    assertEquals(8, j.get("n_genes").getAsInt());
    // 20% of 40 and of 30 cells held out
    assertEquals(14, j.get("test_cells").getAsInt());
    for (String f : List.of("generated.h5ad", "generated_gaussian.h5ad", "generated_zinb-fixed.h5ad", "generated_nb.h5ad",
        "metrics.json")) {
      assertTrue(Files.isRegularFile(dir.resolve("out").resolve(f)), f);
    }
    AnnData g = H5ad.read(dir.resolve("out/generated.h5ad"));
    assertEquals(70, g.nObs());
    assertEquals(8, g.nVars());
    String[] labels = g.obsLabels("cell_type");
    assertEquals(40, java.util.Arrays.stream(labels).filter("A"::equals).count());
    assertEquals(30, java.util.Arrays.stream(labels).filter("B"::equals).count());
    Matrix c = g.layers().get("counts").toDense();
    for (float v : c.data) {
      assertTrue(v >= 0 && v == Math.rint(v), "count " + v);
    }
    assertTrue(g.var().has("theta"));
    Matrix x = g.requireX().toDense();
    double first = 0;
    for (int col = 0; col < x.cols; col++) {
      first += Math.expm1(Math.max(0, x.get(0, col)));
    }
    assertEquals(first, Double.parseDouble(g.obs().column("library_size").label(0)), 1e-3 * Math.max(1, first));
  }

  @Test
  void generatesWithoutALabel() throws IOException {
    Path data = counts(null);
    String[] a = args(data, "--source", "gaussian");
    List<String> noLabel = new ArrayList<>();
    for (int k = 0; k < a.length; k++) {
      if (a[k].equals("--condition-key")) {
        k++;
      } else {
        noLabel.add(a[k]);
      }
    }
    assertEquals(0, run(noLabel.toArray(new String[0])), cli.err());
    AnnData g = H5ad.read(dir.resolve("out/generated.h5ad"));
    assertEquals(70, g.nObs());
    assertFalse(g.obs().has("cell_type"));
  }

  @Test
  void badInputIsOneSentenceExitTwoAndWritesNothing() throws IOException {
    Path bad = counts(new float[] {2.5f});
    assertEquals(2, run(args(bad)));
    assertTrue(cli.err().contains("cell 'cell0' (row 0), gene 'gene1' (column 1) holds 2.5; counts must be integers"),
        cli.err());
    assertEquals(1, cli.err().strip().split("\n").length, cli.err());
    assertFalse(Files.exists(dir.resolve("out")));

    Path negative = counts(new float[] {-3f});
    assertEquals(2, run(args(negative)));
    assertTrue(cli.err().contains("holds -3.0; counts must be non-negative"), cli.err());

    Path data = counts(null);
    assertEquals(2, run(args(data, "--genes", "gene1,nope")));
    assertTrue(cli.err().contains("no gene 'nope'"), cli.err());
    assertEquals(2, run(args(data, "--source", "poisson")));
    assertTrue(cli.err().contains("'--source' (SRC): expected one of gaussian, zinb, zinb-fixed, nb"), cli.err());
    assertEquals(2, run(args(data, "--counts-layer", "obs")));
    assertTrue(cli.err().contains("'--counts-layer': count layer: expected auto, X, layers/counts or raw/X, got 'obs'"),
        cli.err());
    assertEquals(2, run(args(data, "--condition-key", "batch")));
    assertTrue(cli.err().contains("no obs column 'batch'"), cli.err());
    assertEquals(2, run(args(data, "--holdout", "1")));
    assertFalse(Files.exists(dir.resolve("out")));
  }
}

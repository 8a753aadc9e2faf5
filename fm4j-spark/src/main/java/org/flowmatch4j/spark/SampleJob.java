package org.flowmatch4j.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.flowmatch4j.cli.OutputFile;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Column;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.tensor.Matrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fm4j spark sample INPUT --key K --per-group N --out SAMPLE.h5ad}: a stratified sample of an
 * atlas ({@link Subsample}) written as the small .h5ad the single-machine trainer reads
 * ({@code fm4j trajectory --data SAMPLE.h5ad --time-key K --embedding E}).
 */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    header = "A stratified sample per time point or condition, for the single-machine trainer.",
    description = {
      "Draw at most --per-group cells of every value of --key (time point or condition), uniformly",
      "without replacement, and write them as an .h5ad for the single-machine trainer: obs --key",
      "(categorical), X and obsm --embedding both the cells' vectors. The draw depends on --seed and the",
      "cell ids only."
    })
public final class SampleJob implements Callable<Integer> {
  @Mixin CellsInput in;

  @Option(names = "--key", required = true, paramLabel = "COL", description = "obs column of the strata (e.g. day or condition).")
  String key;

  @Option(names = "--per-group", required = true, paramLabel = "N", description = "Cells drawn from each stratum (all of a smaller one).")
  int perGroup;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the draw (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "SAMPLE.h5ad", description = "Output .h5ad (written atomically).")
  Path out;

  @Mixin SparkOptions spark;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (perGroup < 1) {
      throw new IllegalArgumentException("--per-group must be at least 1, got " + perGroup);
    }
    if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".h5ad")) {
      throw new IllegalArgumentException("--out " + out + ": expected a file name ending in .h5ad");
    }
    OutputFile.check(out, "--out");
    SparkSession s = spark.session("sample");
    Dataset<Row> cells = in.read(s, spark, key);
    List<Row> rows = Subsample.stratified(cells.select(SparkRows.ID, key, in.embedding), key, perGroup, seed).collectAsList();
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(in.name() + ": has no cells");
    }
    String[] ids = new String[rows.size()];
    String[] groups = new String[rows.size()];
    List<Vector> v = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      ids[i] = rows.get(i).getString(0);
      groups[i] = String.valueOf(rows.get(i).get(1));
      v.add(rows.get(i).getAs(2));
    }
    Matrix x = SparkRows.matrix(v, v.get(0).size());
    DataFrame obs = new DataFrame(SparkRows.ID, ids);
    obs.put(key, Column.Categorical.of(groups, false));
    AnnData a = new AnnData(DenseMatrix.of(x), obs, DataFrame.ofSize(x.cols));
    a.obsm().put(in.embedding, DenseMatrix.of(x));
    H5ad.write(out, a);
    spec.commandLine().getOut().println("wrote " + out + ": " + rows.size() + " cells in "
        + java.util.Arrays.stream(groups).distinct().count() + " groups of " + key);
    return 0;
  }
}

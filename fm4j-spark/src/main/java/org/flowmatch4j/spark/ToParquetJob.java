package org.flowmatch4j.spark;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fm4j spark to-parquet FILE --out DIR}: the cells of an {@code .h5ad} file or a 10x folder
 * as a Parquet dataset for repeated use.
 */
@Command(
    name = "to-parquet",
    mixinStandardHelpOptions = true,
    header = "Convert an .h5ad file or a 10x folder to a Parquet dataset, one row per cell.",
    description = {
      "Convert an .h5ad file or a 10x Matrix Market folder to a Parquet dataset: one row per cell with",
      "obs_names, the obs columns and X (an ML vector, sparse where X is sparse) or one obsm matrix. Each",
      "task reads only its rows (a 10x matrix must list its entries sorted by cell, as Cell Ranger does)."
    })
public final class ToParquetJob implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "Input .h5ad, or 10x folder (matrix.mtx[.gz], features.tsv[.gz] or genes.tsv[.gz], barcodes.tsv[.gz]); a path every executor can read.")
  Path file;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output Parquet directory (must not exist; written to a temporary name, then renamed).")
  Path out;

  @Option(names = "--obsm", paramLabel = "KEY", description = "Write obsm KEY (e.g. X_pca) as the vector column instead of X.")
  String obsm;

  @Mixin SparkOptions spark;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    AtlasFile atlas = AtlasFile.of(file, "FILE");
    AtomicDirectory.check(out, "--out");
    int n = atlas.cells();
    SparkSession s = spark.session("to-parquet");
    RowRanges ranges = spark.ranges(s, n);
    Dataset<Row> frame = Atlas.frame(s, atlas, ranges, obsm);
    AtomicDirectory.parquet(s, out, frame);
    spec.commandLine().getOut().println("wrote " + out + ": " + n + " cells in " + ranges.size() + " partitions");
    return 0;
  }
}

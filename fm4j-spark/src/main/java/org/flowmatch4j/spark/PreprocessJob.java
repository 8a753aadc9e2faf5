package org.flowmatch4j.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.flowmatch4j.cli.OutputFile;
import org.flowmatch4j.cli.PreprocessSteps;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.data.preprocess.Annotations;
import org.flowmatch4j.data.preprocess.Pca;
import org.flowmatch4j.tensor.Matrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fm4j spark preprocess FILE --out OUT}: {@code fm4j preprocess} over row-range
 * partitions ({@link Preprocessing}) of an {@code .h5ad} file or a 10x folder ({@link AtlasFile}). OUT ending in {@code .h5ad} is the same file that
 * {@code fm4j preprocess} writes (gathered on the driver, so it must fit there); any other OUT is
 * a Parquet directory of obs_names, the obs columns and X_pca (X when there is no PCA). Without
 * OUT the same rows are handed, not yet computed, to the next job of the chain ({@link Chain}).
 */
@Command(
    name = "preprocess",
    mixinStandardHelpOptions = true,
    header = "Normalise, log-transform, select genes, scale and run PCA as fm4j preprocess does, distributed.",
    description = {
      "Normalise, log-transform, select highly variable genes, scale and run PCA as fm4j preprocess does,",
      "over row-range partitions. --out *.h5ad writes the same file as fm4j preprocess (gathered on the",
      "driver); any other --out is a Parquet directory with obs_names, the obs columns and X_pca",
      "(or X without --pcs). PCA is always solved exactly from the covariance of the selected genes.",
      "Without --out the cells go, in memory, to the next job after --then (predict, distance or sample",
      "without INPUT): e.g. the projection and the push then run in one task per partition."
    })
public final class PreprocessJob implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "Input .h5ad, or 10x folder (matrix.mtx[.gz], features.tsv[.gz] or genes.tsv[.gz], barcodes.tsv[.gz]); a path every executor can read.")
  Path file;

  @Option(names = "--out", paramLabel = "OUT", description = "Output .h5ad file, or Parquet directory (must not exist); written atomically. Left out when the next job (after --then) takes the cells in memory.")
  Path out;

  @Mixin PreprocessSteps pre;

  @Option(names = "--solver", defaultValue = "auto", description = "PCA solver: auto or exact (both the exact covariance solver here; randomized is refused).")
  Pca.Solver solver;

  @Mixin SparkOptions spark;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Preprocessing.Settings settings = settings();
    AtlasFile whole = AtlasFile.of(file, "FILE");
    boolean h5ad = out != null && out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".h5ad");
    if (h5ad) {
      OutputFile.check(out, "--out");
    } else if (out != null) {
      AtomicDirectory.check(out, "--out");
    }
    AnnData meta = whole.metadata();
    if (pre.log1p && meta.uns().containsKey("log1p")) {
      throw new IllegalArgumentException(file + ": uns/log1p says X is already log-transformed; --log1p would take the log twice");
    }
    SparkSession s = spark.session("preprocess");
    RowRanges ranges = spark.ranges(s, meta.nObs());
    AtlasFile atlas = whole.split(ranges);
    Preprocessing.Fit fit = Preprocessing.fit(s, atlas, ranges, settings);
    Preprocessing.Transform t = fit.transform();
    boolean kept = false;
    try {
      if (h5ad) {
        writeH5ad(atlas, fit);
      } else {
        StructType schema = SparkRows.schema(meta.obs(), t.pca() != null ? "X_pca" : Atlas.X);
        JavaRDD<Row> rows = fit.normalised().flatMap(b -> {
          AnnData a = t.apply(atlas, b);
          return SparkRows.rows(schema, a.obs(), t.pca() != null ? a.obsm().get("X_pca") : a.requireX());
        });
        if (out == null) {
          // computed by the next job's tasks: the blocks stay kept until it ends
          Chain.offer(new Chain.Cells(rows, schema), fit::release);
          kept = true;
        } else {
          AtomicDirectory.parquet(s, out, s.createDataFrame(rows, schema));
        }
      }
    } finally {
      if (!kept) {
        fit.release();
      }
    }
    PrintWriter o = spec.commandLine().getOut();
    o.println((out == null ? "kept in memory for the next job" : "wrote " + out) + ": " + meta.nObs() + " cells x " + meta.nVars() + " genes in " + ranges.size() + " partitions"
        + (t.genes() == null ? "" : ", " + t.genes().length + " highly variable genes")
        + (t.pca() == null ? "" : ", " + t.pca().k() + " principal components"));
    o.flush();
    return 0;
  }

  private Preprocessing.Settings settings() {
    pre.check();
    if (solver == Pca.Solver.RANDOMIZED) {
      throw new IllegalArgumentException("--solver randomized: the distributed PCA is exact (auto or exact)");
    }
    return new Preprocessing.Settings(pre.targetSum(), pre.log1p, pre.hvg == null ? 0 : pre.hvg, pre.scale,
        pre.maxValue == null ? Double.NaN : pre.maxValue, pre.pcs == null ? 0 : pre.pcs);
  }

  /** Gathers the blocks on the driver and writes the file {@code fm4j preprocess} writes. */
  private void writeH5ad(AtlasFile atlas, Preprocessing.Fit fit) throws IOException {
    Preprocessing.Transform t = fit.transform();
    List<Block[]> blocks = fit.normalised().map(b -> {
      AnnData a = t.apply(atlas, b);
      Block scores = t.pca() == null ? null : Block.of(b.from(), a.obsm().get("X_pca").toDense());
      return new Block[] {Block.of(b.from(), a.requireX()), scores};
    }).collect();
    AnnData a = atlas.annotations();
    a.setX(Block.stack(blocks.stream().map(b -> b[0]).toList(), a.nVars()));
    if (pre.log1p) {
      a.uns().put("log1p", new LinkedHashMap<String, Object>());
    }
    if (fit.hvg() != null) {
      Annotations.highlyVariableGenes(a, fit.hvg(), pre.hvgFlavor.name());
    }
    if (t.scaleMean() != null) {
      Annotations.scale(a, t.scaleMean(), t.scaleStd());
    }
    if (t.pca() != null) {
      DataMatrix scores = Block.stack(blocks.stream().map(b -> b[1]).toList(), t.pca().k());
      Matrix m = ((DenseMatrix) scores).values();
      Annotations.pca(a, t.pca(), t.genes(), m);
    }
    H5ad.write(out, a);
  }
}

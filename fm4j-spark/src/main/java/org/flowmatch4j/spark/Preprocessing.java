package org.flowmatch4j.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.Dtype;
import org.flowmatch4j.data.preprocess.HighlyVariableGenes;
import org.flowmatch4j.data.preprocess.Normalize;
import org.flowmatch4j.data.preprocess.Pca;
import org.flowmatch4j.data.preprocess.Scale;

/**
 * scanpy's preprocessing steps (normalize_total, log1p, highly variable genes, scale, PCA) over
 * row-range partitions, with the single-machine code of {@code fm4j preprocess} on each block:
 *
 * <ol>
 *   <li>the median total count (for {@code --target-sum median}): the cells' totals collected;
 *   <li>highly variable genes: Σ expm1(x) and Σ expm1(x)² per gene (summed on the driver in local
 *       mode, by tree aggregation on a cluster), then
 *       {@link HighlyVariableGenes#fromSums} on the driver;
 *   <li>scale: Σ x and Σ x² per gene, μ and σ (ddof 1) on the driver;
 *   <li>PCA: Σ x and the Gram matrix Xᵀ X of the (scaled) selected genes aggregated over the
 *       partitions, the eigen-decomposition on the driver ({@link Pca#fromMoments}), and the
 *       projection of each block on its executor.
 * </ol>
 *
 * X is read and normalised (and log-transformed) once per block; the blocks are kept, as objects,
 * for these passes and the projection ({@link Fit#normalised}). Normalisation, log1p and scaling act on each cell alone, so a block gives exactly the rows of the
 * whole; sums differ from the single machine's only in the order of additions. PCA is always
 * solved exactly (the covariance of the p selected genes), which is the single machine's solver
 * {@code auto} when min(n, p) ≤ 1000.
 */
public final class Preprocessing {
  /** The largest gene count of the PCA input: its p x p Gram matrix is sent from every task. */
  public static final int MAX_PCA_GENES = 8192;

  /**
   * What to do.
   *
   * @param targetSum counts per cell after normalisation; NaN: the median of the non-zero totals;
   *     null: no normalisation
   * @param hvg the number of highly variable genes (0: no selection)
   * @param maxValue clip scaled values to [−V, V]; NaN: no clipping
   * @param pcs principal components (0: no PCA)
   */
  public record Settings(Double targetSum, boolean log1p, int hvg, boolean scale, double maxValue, int pcs)
      implements Serializable {}

  /**
   * The statistics every block is transformed with, learned by the driver from the data.
   *
   * @param target the counts per cell used (NaN: no normalisation)
   * @param genes the selected genes (null: all)
   * @param scaleMean per-gene means of all genes (null without scale)
   * @param scaleStd per-gene standard deviations of all genes (null without scale)
   * @param pca the fitted PCA (null without)
   */
  public record Transform(Settings settings, double target, int[] genes, double[] scaleMean, double[] scaleStd, Pca pca)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    /** X after normalisation and log1p (the input of gene selection and scaling). */
    DataMatrix normalised(DataMatrix x) {
      DataMatrix out = x;
      if (!Double.isNaN(target)) {
        out = Normalize.normalizeTotal(out, target);
      }
      return settings.log1p() ? Normalize.log1p(out) : out;
    }

    /** The final X as {@code fm4j preprocess} writes it: scaled (dense) if asked, else normalised. */
    DataMatrix finalX(DataMatrix normalised) {
      return scaleMean == null ? normalised
          : new DenseMatrix(Scale.apply(normalised, scaleMean, scaleStd, true, settings.maxValue()), Dtype.FLOAT32);
    }

    /** The PCA input of a block: the selected genes of the final X. */
    DataMatrix pcaInput(DataMatrix normalised) {
      DataMatrix sel = genes == null ? normalised : normalised.selectCols(genes);
      if (scaleMean == null) {
        return sel;
      }
      double[] mu = genes == null ? scaleMean : pick(scaleMean, genes);
      double[] sd = genes == null ? scaleStd : pick(scaleStd, genes);
      return new DenseMatrix(Scale.apply(sel, mu, sd, true, settings.maxValue()), Dtype.FLOAT32);
    }

    /**
     * The cells of a block of normalised X ({@link Fit#normalised}) with their obs read from the
     * file, after the remaining steps: the final X, and the PCA scores as obsm X_pca.
     */
    AnnData apply(AtlasFile file, Block normalised) {
      AnnData a = file.read(normalised.range(), false, null);
      DataMatrix norm = normalised.matrix();
      a.setX(finalX(norm));
      if (pca != null) {
        a.obsm().put("X_pca", DenseMatrix.of(pca.transform(pcaInput(norm))));
      }
      return a;
    }

    private static double[] pick(double[] v, int[] idx) {
      double[] out = new double[idx.length];
      for (int k = 0; k < idx.length; k++) {
        out[k] = v[idx[k]];
      }
      return out;
    }
  }

  /**
   * The transform of every block, the gene selection's per-gene results for var (null without),
   * and X after normalisation and log1p, one block per partition: read and normalised once, kept
   * (in memory as they are, spilling to disk serialized) for the passes that learn the statistics and the one
   * that applies them; {@link #release} when done.
   */
  public record Fit(Transform transform, HighlyVariableGenes.Result hvg, JavaRDD<Block> normalised) {
    /** Drops the kept blocks. */
    public void release() {
      normalised.unpersist(false);
    }
  }

  private Preprocessing() {}

  /** Runs the passes that learn the statistics (each one job over the partitions). */
  public static Fit fit(SparkSession spark, AtlasFile file, RowRanges ranges, Settings s) {
    JavaRDD<int[]> parts = Atlas.ranges(spark, ranges);
    int p = file.genes();
    long n = ranges.rows();
    double target = Double.NaN;
    if (s.targetSum() != null) {
      target = Double.isNaN(s.targetSum()) ? medianTotal(parts, file) : s.targetSum();
    }
    Transform t0 = new Transform(s, target, null, null, null, null);
    JavaRDD<Block> normalised = parts.map(range -> Block.of(range[0], t0.normalised(file.readX(range))));
    if (s.hvg() > 0 || s.scale() || s.pcs() > 0) {
      // read by the passes below and by the projection: computed once
      // kept as objects: no pass changes a block, and serializing them cost a few percent of the job
      normalised = normalised.persist(StorageLevel.MEMORY_AND_DISK());
    }
    // local mode: every task's sums go straight to the driver, which is the executors' JVM (no shuffle
    // stage); on a cluster the tasks' sums are merged on the executors first, as Spark does by default
    int depth = spark.sparkContext().isLocal() ? 1 : 2;
    HighlyVariableGenes.Result hvg = null;
    int[] genes = null;
    if (s.hvg() > 0) {
      Moments m = normalised.treeAggregate(new Moments(p, false), (acc, b) -> {
        HighlyVariableGenes.accumulate(b.matrix(), acc.sum, acc.sumSq);
        return acc;
      }, Moments::merge, depth);
      hvg = HighlyVariableGenes.fromSums(m.sum, m.sumSq, n, s.hvg(), 20);
      genes = hvg.selected();
    }
    double[] mean = null;
    double[] std = null;
    if (s.scale()) {
      if (n < 2) {
        throw new IllegalArgumentException("scaling needs at least 2 cells, got " + n);
      }
      Moments m = normalised.treeAggregate(new Moments(p, false), (acc, b) -> acc.add(b.matrix()), Moments::merge, depth);
      mean = m.mean();
      double[] var = m.variance();
      std = new double[p];
      for (int j = 0; j < p; j++) {
        std[j] = var[j] == 0 ? 1 : Math.sqrt(var[j]);
      }
    }
    Transform t1 = new Transform(s, target, genes, mean, std, null);
    if (s.pcs() == 0) {
      return new Fit(t1, hvg, normalised);
    }
    int q = genes == null ? p : genes.length;
    if (q > MAX_PCA_GENES) {
      throw new IllegalArgumentException("PCA of " + q + " genes: the distributed PCA takes at most " + MAX_PCA_GENES
          + " (its Gram matrix is q x q); select genes with --hvg");
    }
    Moments m = normalised.treeAggregate(new Moments(q, true), (acc, b) -> acc.add(t1.pcaInput(b.matrix())),
        Moments::merge, depth);
    return new Fit(new Transform(s, target, genes, mean, std, Pca.fromMoments(m.sum, m.gram, n, s.pcs())), hvg,
        normalised);
  }

  /** The median of the cells' non-zero total counts (scanpy's default target), from the totals of every block. */
  private static double medianTotal(JavaRDD<int[]> parts, AtlasFile file) {
    List<double[]> totals = parts.map(range -> Normalize.totalCounts(file.readX(range))).collect();
    return Normalize.medianNonZero(totals.stream().flatMapToDouble(Arrays::stream).toArray());
  }
}

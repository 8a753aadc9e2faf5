package org.flowmatch4j.data.counts;

import java.nio.file.Files;
import java.nio.file.Path;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.SparseMatrix;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.data.h5ad.H5adSummary;
import org.flowmatch4j.data.h5ad.ReadOptions;
import org.flowmatch4j.data.preprocess.Normalize;

/**
 * Raw counts of a data set as an {@link AnnData} whose X is the count matrix in CSR (cells x
 * genes) and whose var holds that matrix's genes (raw/var for {@code raw/X}). Every stored value is
 * checked to be an integer in [0, 2^24], the range a float32 holds exactly; the first one that is
 * not is named by cell, gene and value.
 *
 * <pre>{@code
 * AnnData a = Counts.read(Path.of("counts.h5ad"), CountLayer.AUTO);   // or a 10x mtx folder
 * double[] library = Counts.librarySize(a);
 * }</pre>
 */
public final class Counts {
  /** The largest count kept exactly (float32 has a 24-bit significand). */
  public static final double MAX_EXACT = 1 << 24;

  private Counts() {}

  /**
   * Reads an {@code .h5ad} file's counts from {@code layer}, a 10x HDF5 matrix ({@code .h5}, {@link
   * TenxH5}) or a 10x Matrix Market folder (layer ignored for the last two).
   */
  public static AnnData read(Path path, CountLayer layer) {
    if (Files.isDirectory(path)) {
      return MatrixMarket.readTenX(path);
    }
    if (path.getFileName().toString().endsWith(".h5") && Files.isRegularFile(path)) {
      return TenxH5.read(path);
    }
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(path + ": no such file or folder");
    }
    CountLayer from = layer == CountLayer.AUTO
        ? (hasCountsLayer(path) ? CountLayer.LAYER_COUNTS : CountLayer.X)
        : layer;
    AnnData a;
    DataMatrix m;
    switch (from) {
      case LAYER_COUNTS -> {
        a = H5ad.read(path, ReadOptions.metadata().withUns(false).withLayers("counts"));
        m = a.layers().get("counts");
      }
      case RAW_X -> {
        AnnData full = H5ad.read(path, ReadOptions.metadata().withUns(false).withRaw(true));
        if (full.raw() == null || full.raw().x() == null) {
          throw new IllegalArgumentException(path + ": has no raw/X");
        }
        a = new AnnData(null, full.obs(), full.raw().var());
        a.setSource(path);
        m = full.raw().x();
      }
      default -> {
        a = H5ad.read(path, ReadOptions.metadata().withUns(false).withX(true));
        m = a.requireX();
      }
    }
    SparseMatrix csr = m instanceof SparseMatrix s ? s.toCsr() : SparseMatrix.fromDense(((DenseMatrix) m).values());
    requireCounts(csr, path + ": " + from.key, a.obs().index(), a.var().index());
    AnnData out = new AnnData(csr, a.obs(), a.var());
    out.setSource(path);
    return out;
  }

  private static boolean hasCountsLayer(Path path) {
    java.util.Map<String, H5adSummary.MatrixInfo> layers = H5ad.summarize(path).matrices().get("layers");
    return layers != null && layers.containsKey("counts");
  }

  /**
   * Throws unless every stored value of {@code m} (CSR, cells x genes) is an integer in [0, 2^24],
   * naming {@code what}, the cell and the gene of the first that is not.
   */
  public static void requireCounts(SparseMatrix m, String what, String[] cells, String[] genes) {
    for (int i = 0; i < m.rows; i++) {
      for (int k = m.indptr[i]; k < m.indptr[i + 1]; k++) {
        float v = m.data[k];
        if (v >= 0 && v <= MAX_EXACT && v == Math.rint(v)) {
          continue;
        }
        String reason = !(v >= 0) ? "counts must be non-negative integers"
            : v > MAX_EXACT ? "counts above 2^24 cannot be held exactly" : "counts must be integers";
        throw new IllegalArgumentException(what + " is not a count matrix: cell '" + cells[i] + "' (row " + i
            + "), gene '" + genes[m.indices[k]] + "' (column " + m.indices[k] + ") holds " + v + "; " + reason);
      }
    }
  }

  /** Library size (total counts) of every cell of a count AnnData. */
  public static double[] librarySize(AnnData counts) {
    return Normalize.totalCounts(counts.requireX());
  }

  /** Size factors s_i = L_i / mean(L) of library sizes L_i &ge; 0 (0 for a cell without counts). */
  public static double[] sizeFactors(double[] library) {
    double mean = 0;
    for (double l : library) {
      mean += l;
    }
    if (!(mean > 0)) {
      throw new IllegalArgumentException("no cell has any count");
    }
    mean /= library.length;
    double[] s = new double[library.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = library[i] / mean;
    }
    return s;
  }
}

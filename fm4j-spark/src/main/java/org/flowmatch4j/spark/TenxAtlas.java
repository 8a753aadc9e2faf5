package org.flowmatch4j.spark;

import java.nio.file.Path;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.SparseMatrix;
import org.flowmatch4j.data.counts.MatrixMarket;
import org.flowmatch4j.data.counts.MtxIndex;
import org.flowmatch4j.data.counts.TenxFolder;

/**
 * A 10x Matrix Market folder ({@link TenxFolder}) read by cell ranges. Cell Ranger's {@code
 * matrix.mtx} lists the genes x cells entries sorted by cell, so a range of cells is a run of
 * consecutive lines: {@link #split} reads the matrix once on the driver to find the byte offset and
 * line number where each range starts ({@link MtxIndex}, which also checks the entry count and
 * the order), and the byte offset of each range's first barcode; a task then reads its lines alone
 * (seeking in a plain file; in a gzipped one decompressing from the start and dropping the bytes
 * before its range). obs is the barcodes alone, var the genes ({@link TenxFolder#var}), as {@link
 * MatrixMarket#readTenX} gives them on one machine.
 *
 * @param bounds the cell ranges' bounds (null before {@link #split})
 * @param offsets where the ranges start in the matrix, {@link MtxIndex#offsets} (null before {@link #split})
 * @param lines the line numbers of those starts, {@link MtxIndex#lines} (null before {@link #split})
 * @param barcodeOffsets where the ranges start in the barcodes file (null before {@link #split})
 */
public record TenxAtlas(String path, String matrix, String features, String barcodes, int genes, int cells,
    int[] bounds, long[] offsets, long[] lines, long[] barcodeOffsets) implements AtlasFile {
  private static final long serialVersionUID = 1L;

  /** The folder, its genes and cells counted from features and barcodes. */
  static TenxAtlas of(Path dir) {
    TenxFolder f = TenxFolder.of(dir);
    return new TenxAtlas(dir.toString(), f.matrixFile().toString(), f.featuresFile().toString(), f.barcodesFile().toString(),
        f.var().size(), f.barcodes().length, null, null, null, null);
  }

  private TenxFolder folder() {
    return new TenxFolder(Path.of(path), Path.of(matrix), Path.of(features), Path.of(barcodes));
  }

  @Override
  public DataFrame obs() {
    return new DataFrame("_index", folder().barcodes());
  }

  @Override
  public AnnData metadata() {
    AnnData a = new AnnData(null, obs(), folder().var());
    a.setSource(Path.of(path));
    return a;
  }

  @Override
  public AnnData annotations() {
    return metadata();
  }

  @Override
  public void requireVectors(String obsm) {
    if (obsm != null) {
      throw new IllegalArgumentException(path + ": a 10x folder has no obsm matrix '" + obsm + "', only X");
    }
  }

  @Override
  public TenxAtlas split(RowRanges ranges) {
    int[] b = ranges.bounds();
    if (b[b.length - 1] != cells) {
      throw new IllegalArgumentException(path + " has " + cells + " cells, the row ranges " + b[b.length - 1]);
    }
    TenxFolder f = folder();
    MtxIndex index = MtxIndex.of(f.matrixFile(), genes, cells, b);
    return new TenxAtlas(path, matrix, features, barcodes, genes, cells, index.bounds(), index.offsets(), index.lines(),
        f.barcodeOffsets(b));
  }

  private MtxIndex index() {
    if (bounds == null) {
      throw new IllegalStateException(path + ": read before it was split into ranges");
    }
    return new MtxIndex(bounds, offsets, lines);
  }

  @Override
  public DataMatrix readX(int[] range) {
    MtxIndex index = index();
    int i = index.range(range[0], range[1]);
    return MatrixMarket.readCells(Path.of(matrix), genes, range[0], range[1], index.offsets()[i], index.lines()[i],
        index.entries(i));
  }

  @Override
  public AnnData read(int[] range, boolean x, String obsm) {
    requireVectors(obsm);
    int i = index().range(range[0], range[1]);
    DataFrame obs = new DataFrame("_index", folder().barcodes(barcodeOffsets[i], range[1] - range[0]));
    SparseMatrix m = x ? (SparseMatrix) readX(range) : null;
    return new AnnData(m, obs, DataFrame.ofSize(genes));
  }
}

package org.flowmatch4j.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Locale;
import org.flowmatch4j.cli.InputFiles;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.counts.TenxFolder;

/**
 * A file of cells at a path that every executor can read (local disk, NFS, a mounted HDFS), which
 * tasks read by row ranges with the project's own readers: an {@code .h5ad} file ({@link
 * H5adAtlas}) or a 10x Matrix Market folder ({@link TenxAtlas}).
 */
public sealed interface AtlasFile extends Serializable permits H5adAtlas, TenxAtlas {
  /**
   * The file at {@code path}: a 10x folder when it is a folder holding {@code matrix.mtx[.gz]},
   * else an {@code .h5ad} file.
   *
   * @param option the option or parameter that named it, for the message when it is neither
   */
  static AtlasFile of(Path path, String option) {
    if (TenxFolder.is(path)) {
      return TenxAtlas.of(path);
    }
    if (!path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".h5ad")) {
      throw new IllegalArgumentException(option + " " + path + ": expected an .h5ad file or a 10x folder (matrix.mtx[.gz], features.tsv or genes.tsv, barcodes.tsv)");
    }
    InputFiles.requireFile(path, option);
    return new H5adAtlas(path.toString());
  }

  /** The file or folder, as a string (paths are not serializable). */
  String path();

  /** The number of cells n. */
  int cells();

  /** The number of genes (X's columns). */
  int genes();

  /** obs of every cell, read on the driver. */
  DataFrame obs();

  /** obs, var and uns without any matrix: what a job checks and copies. */
  AnnData metadata();

  /** Everything but X (obs, var, uns, obsm, ...): the frame around a preprocessed X. */
  AnnData annotations();

  /**
   * Checks that there is X ({@code obsm} null) or the obsm matrix {@code obsm}.
   *
   * @throws IllegalArgumentException naming the file and the matrix it lacks
   */
  void requireVectors(String obsm);

  /**
   * The file as its tasks read it when split into {@code ranges}: a 10x folder finds where each
   * range starts in its files; an {@code .h5ad} is read by any rows as it is.
   */
  AtlasFile split(RowRanges ranges);

  /** X's rows [from, to) alone (no obs, no var): the input of the passes that learn statistics. */
  DataMatrix readX(int[] range);

  /**
   * Cells [from, to) with obs and var, and X ({@code x}) and the obsm matrix {@code obsm} (null:
   * none); uns, layers and the pairwise matrices are not read.
   */
  AnnData read(int[] range, boolean x, String obsm);
}

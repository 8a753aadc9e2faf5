package org.flowmatch4j.data.h5ad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.Fixtures;
import org.flowmatch4j.data.SparseMatrix;
import org.flowmatch4j.tensor.Parallel;
import org.junit.jupiter.api.Test;

/**
 * Datasets in many deflate-only chunks (file written by
 * src/test/python/gen_gzip_chunks_fixture.py), whose chunks are decoded on several threads into
 * the output: the read on three threads equals the read on one bit for bit, and both equal the
 * values written.
 */
class H5adGzipChunksTest {
  static final int N = 300;
  static final int G = 50;
  static final int D = 5;

  /** The generator's value(k). */
  static double value(long k) {
    return ((k * 2654435761L) & 0xffffffffL) / (double) (1 << 24);
  }

  private static AnnData readOn(int threads, Path f) {
    int before = Parallel.threads();
    try {
      Parallel.setThreads(threads);
      return H5ad.read(f);
    } finally {
      Parallel.setThreads(before);
    }
  }

  @Test
  void readOnSeveralThreadsEqualsTheReadOnOneAndTheWrittenValues() {
    Path f = Fixtures.path("h5ad/gzip_chunks.h5ad");
    AnnData parallel = readOn(3, f);
    AnnData sequential = readOn(1, f);
    SparseMatrix xp = (SparseMatrix) parallel.requireX();
    SparseMatrix xs = (SparseMatrix) sequential.requireX();
    assertArrayEquals(xs.indptr, xp.indptr);
    assertArrayEquals(xs.indices, xp.indices);
    assertArrayEquals(xs.data, xp.data);
    double[] pcaP = ((DenseMatrix) parallel.obsm().get("X_pca")).exact();
    double[] pcaS = ((DenseMatrix) sequential.obsm().get("X_pca")).exact();
    assertArrayEquals(pcaS, pcaP);

    List<Integer> indices = new ArrayList<>();
    int[] indptr = new int[N + 1];
    for (int i = 0; i < N; i++) {
      TreeSet<Integer> row = new TreeSet<>();
      for (int t = 0; t < i % 9; t++) {
        row.add((7 * i + 3 * t) % G);
      }
      indices.addAll(row);
      indptr[i + 1] = indices.size();
    }
    float[] data = new float[indices.size()];
    for (int k = 0; k < data.length; k++) {
      data[k] = (float) value(k);
    }
    assertEquals(33, (data.length + 36) / 37, "X/data spans this many chunks of 37");
    assertArrayEquals(indptr, xp.indptr);
    assertArrayEquals(indices.stream().mapToInt(Integer::intValue).toArray(), xp.indices);
    assertArrayEquals(data, xp.data);
    double[] pca = new double[N * D];
    for (int k = 0; k < pca.length; k++) {
      pca[k] = value(k);
    }
    assertArrayEquals(pca, pcaP);
  }
}

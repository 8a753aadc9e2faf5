package org.flowmatch4j.tensor;

import java.util.Arrays;

/**
 * A dense float matrix stored as one flat row-major array: element (i, j) lives at
 * {@code data[i * cols + j]}. Rows are samples (cells), columns are features.
 *
 * <p>The array is exposed on purpose: kernels work on it directly, and callers that need speed
 * reuse matrices instead of allocating new ones. A matrix with zero rows or zero columns is
 * allowed.
 */
public final class Matrix {
  /** Number of rows (samples). */
  public final int rows;
  /** Number of columns (features). */
  public final int cols;
  /** Row-major storage of length {@code rows * cols}. */
  public final float[] data;

  /** Wraps {@code data} (not copied) as a {@code rows x cols} matrix. */
  public Matrix(int rows, int cols, float[] data) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException("negative shape " + rows + "x" + cols);
    }
    if (data.length != (long) rows * cols) {
      throw new IllegalArgumentException(
          "array of length " + data.length + " cannot hold a " + rows + "x" + cols + " matrix");
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data;
  }

  /** A new {@code rows x cols} matrix of zeros. */
  public Matrix(int rows, int cols) {
    this(rows, cols, new float[checkedSize(rows, cols)]);
  }

  private static int checkedSize(int rows, int cols) {
    long n = (long) rows * cols;
    if (rows < 0 || cols < 0 || n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("cannot allocate a " + rows + "x" + cols + " matrix");
    }
    return (int) n;
  }

  /** Copies a rectangular {@code double[rows][cols]} array into a new matrix. */
  public static Matrix of(double[][] rowsArray) {
    int r = rowsArray.length;
    int c = columns(r, i -> rowsArray[i].length);
    Matrix m = new Matrix(r, c);
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < c; j++) {
        m.data[i * c + j] = (float) rowsArray[i][j];
      }
    }
    return m;
  }

  /**
   * Copies a rectangular {@code float[rows][cols]} array into a new matrix.
   *
   * @throws IllegalArgumentException naming the first row whose length differs from row 0's
   */
  public static Matrix of(float[][] rowsArray) {
    int r = rowsArray.length;
    int c = columns(r, i -> rowsArray[i].length);
    Matrix m = new Matrix(r, c);
    for (int i = 0; i < r; i++) {
      System.arraycopy(rowsArray[i], 0, m.data, i * c, c);
    }
    return m;
  }

  /** The common length of rows 0..r-1 (0 for no rows); throws naming the first row that differs. */
  private static int columns(int r, java.util.function.IntUnaryOperator length) {
    int c = r == 0 ? 0 : length.applyAsInt(0);
    for (int i = 1; i < r; i++) {
      if (length.applyAsInt(i) != c) {
        throw new IllegalArgumentException(
            "ragged array: row 0 has " + c + " columns, row " + i + " has " + length.applyAsInt(i));
      }
    }
    return c;
  }

  /** A copy of the elements as a new {@code float[rows][cols]} array. */
  public float[][] toArray() {
    float[][] out = new float[rows][];
    for (int i = 0; i < rows; i++) {
      out[i] = Arrays.copyOfRange(data, i * cols, (i + 1) * cols);
    }
    return out;
  }

  /** Element (i, j). */
  public float get(int i, int j) {
    return data[i * cols + j];
  }

  /** Sets element (i, j). */
  public void set(int i, int j, float v) {
    data[i * cols + j] = v;
  }

  /** Number of elements, {@code rows * cols}. */
  public int size() {
    return data.length;
  }

  /** A deep copy. */
  public Matrix copy() {
    return new Matrix(rows, cols, data.clone());
  }

  /** A new matrix holding rows {@code idx[0], idx[1], ...} of this one, in that order. */
  public Matrix rows(int[] idx) {
    Matrix out = new Matrix(idx.length, cols);
    for (int k = 0; k < idx.length; k++) {
      System.arraycopy(data, idx[k] * cols, out.data, k * cols, cols);
    }
    return out;
  }

  /** Row i as a new double array. */
  public double[] rowAsDouble(int i) {
    double[] r = new double[cols];
    for (int j = 0; j < cols; j++) {
      r[j] = data[i * cols + j];
    }
    return r;
  }

  /** Throws {@link IllegalArgumentException} naming both shapes unless this has shape r x c. */
  public void requireShape(int r, int c, String what) {
    if (rows != r || cols != c) {
      throw new IllegalArgumentException(
          what + ": expected a " + r + "x" + c + " matrix, got " + rows + "x" + cols);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Matrix m && m.rows == rows && m.cols == cols && Arrays.equals(m.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * rows + cols) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Matrix[" + rows + "x" + cols + "]";
  }
}

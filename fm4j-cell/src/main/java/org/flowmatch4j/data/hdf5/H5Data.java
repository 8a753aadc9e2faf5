package org.flowmatch4j.data.hdf5;

import java.util.Arrays;

/**
 * An array to write: its element type, its shape (empty for a scalar) and the Java array that
 * holds it in row-major order ({@code float[]}, {@code double[]}, {@code byte[]}, {@code short[]},
 * {@code int[]}, {@code long[]}, {@code boolean[]} or {@code String[]}). The array is not copied;
 * elements are converted to bytes while they are written.
 */
public record H5Data(H5Type type, long[] shape, Object array) {

  /**
   * Checks that the shape is non-negative, its product is the array's length, and the array's class
   * is the type's.
   */
  public H5Data {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      n *= d;
    }
    int len = java.lang.reflect.Array.getLength(array);
    if (len != n) {
      throw new IllegalArgumentException(
          "array of length " + len + " does not match shape " + Arrays.toString(shape));
    }
    Class<?> want =
        switch (type) {
          case FLOAT32 -> float[].class;
          case FLOAT64 -> double[].class;
          case INT8, UINT8 -> byte[].class;
          case INT16 -> short[].class;
          case INT32 -> int[].class;
          case INT64 -> long[].class;
          case BOOL -> boolean[].class;
          case STRING -> String[].class;
        };
    if (array.getClass() != want) {
      throw new IllegalArgumentException(
          type + " needs a " + want.getSimpleName() + ", got " + array.getClass().getSimpleName());
    }
  }

  /** Number of elements. */
  public long count() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** {@code a} as FLOAT32, of the given shape (one-dimensional if none is given). */
  public static H5Data of(float[] a, long... shape) {
    return new H5Data(H5Type.FLOAT32, shape.length == 0 ? new long[] {a.length} : shape, a);
  }

  /** {@code a} as FLOAT64, of the given shape (one-dimensional if none is given). */
  public static H5Data of(double[] a, long... shape) {
    return new H5Data(H5Type.FLOAT64, shape.length == 0 ? new long[] {a.length} : shape, a);
  }

  /** {@code a} as INT32, of the given shape (one-dimensional if none is given). */
  public static H5Data of(int[] a, long... shape) {
    return new H5Data(H5Type.INT32, shape.length == 0 ? new long[] {a.length} : shape, a);
  }

  /** {@code a} as INT64, of the given shape (one-dimensional if none is given). */
  public static H5Data of(long[] a, long... shape) {
    return new H5Data(H5Type.INT64, shape.length == 0 ? new long[] {a.length} : shape, a);
  }

  /** {@code a} as a one-dimensional INT8 array. */
  public static H5Data of(byte[] a) {
    return new H5Data(H5Type.INT8, new long[] {a.length}, a);
  }

  /** {@code a} as a one-dimensional INT16 array. */
  public static H5Data of(short[] a) {
    return new H5Data(H5Type.INT16, new long[] {a.length}, a);
  }

  /** {@code a} as a one-dimensional BOOL array. */
  public static H5Data of(boolean[] a) {
    return new H5Data(H5Type.BOOL, new long[] {a.length}, a);
  }

  /** {@code a} as a one-dimensional STRING array. */
  public static H5Data of(String[] a) {
    return new H5Data(H5Type.STRING, new long[] {a.length}, a);
  }

  /** A scalar string. */
  public static H5Data scalar(String s) {
    return new H5Data(H5Type.STRING, new long[0], new String[] {s});
  }

  /** A scalar float64. */
  public static H5Data scalar(double v) {
    return new H5Data(H5Type.FLOAT64, new long[0], new double[] {v});
  }

  /** A scalar int64. */
  public static H5Data scalar(long v) {
    return new H5Data(H5Type.INT64, new long[0], new long[] {v});
  }

  /** A scalar boolean. */
  public static H5Data scalar(boolean v) {
    return new H5Data(H5Type.BOOL, new long[0], new boolean[] {v});
  }
}

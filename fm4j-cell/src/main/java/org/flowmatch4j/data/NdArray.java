package org.flowmatch4j.data;

import java.util.Arrays;

/**
 * An n-dimensional array from {@code uns} (or to be written there): row-major data in a Java array
 * ({@code double[]}, {@code long[]}, {@code boolean[]} or {@code String[]}), its shape and the
 * element type it came from.
 */
public record NdArray(Object data, long[] shape, Dtype dtype) {
  /** Checks that the array's length is the product of the shape. */
  public NdArray {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (java.lang.reflect.Array.getLength(data) != n) {
      throw new IllegalArgumentException("data does not match shape " + Arrays.toString(shape));
    }
  }

  /** A one-dimensional float64 array around {@code v} (not copied). */
  public static NdArray of(double[] v) {
    return new NdArray(v, new long[] {v.length}, Dtype.FLOAT64);
  }

  /** A one-dimensional int64 array around {@code v} (not copied). */
  public static NdArray of(long[] v) {
    return new NdArray(v, new long[] {v.length}, Dtype.INT64);
  }

  /** A one-dimensional string array around {@code v} (not copied). */
  public static NdArray of(String[] v) {
    return new NdArray(v, new long[] {v.length}, Dtype.STRING);
  }

  /** A one-dimensional bool array around {@code v} (not copied). */
  public static NdArray of(boolean[] v) {
    return new NdArray(v, new long[] {v.length}, Dtype.BOOL);
  }

  /** The values as doubles (numeric and boolean arrays). */
  public double[] asDoubles() {
    if (data instanceof double[] d) {
      return d;
    }
    if (data instanceof long[] l) {
      return Arrays.stream(l).asDoubleStream().toArray();
    }
    if (data instanceof boolean[] b) {
      double[] out = new double[b.length];
      for (int i = 0; i < b.length; i++) {
        out[i] = b[i] ? 1 : 0;
      }
      return out;
    }
    throw new IllegalArgumentException("a " + dtype + " array has no numeric values");
  }

  @Override
  public String toString() {
    return "NdArray[" + dtype + " " + Arrays.toString(shape) + "]";
  }
}

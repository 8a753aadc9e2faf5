package org.flowmatch4j.data.h5ad;

import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.exceptions.HdfException;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.stream.IntStream;
import org.flowmatch4j.data.Dtype;

/**
 * Reads numeric HDF5 datasets (or a range of their elements) straight into Java arrays of the
 * wanted type, with one copy: a contiguous dataset is decoded from jhdf's memory-mapped buffer; a
 * chunked one chunk by chunk (decompressed in parallel, each chunk decoded into its place in the
 * output). Only an element range of a 1-D dataset or whole rows of a 2-D dataset are read.
 */
final class Hdf5Arrays {
  private Hdf5Arrays() {}

  /** Where decoded elements go. */
  private interface Target {
    /** Decodes {@code n} elements of {@code type} from {@code src} (at its position) to {@code dst[off..]}. */
    void put(ByteBuffer src, Dtype type, int n, int off);
  }

  /** The element type of a numeric dataset; throws for anything else. */
  static Dtype dtype(DataType t, String key) {
    if (t instanceof FloatingPoint) {
      if (t.getSize() == 4) {
        return Dtype.FLOAT32;
      }
      if (t.getSize() == 8) {
        return Dtype.FLOAT64;
      }
      throw new IllegalArgumentException("'" + key + "' holds " + (8 * t.getSize()) + "-bit floats; only 32 and 64 bits are supported");
    }
    if (t instanceof FixedPoint f) {
      return Dtype.integer(f.isSigned(), f.getSize());
    }
    throw new IllegalArgumentException("'" + key + "' is not numeric (HDF5 type " + t.getClass().getSimpleName() + ")");
  }

  static float[] floats(Dataset d, long start, int count, String key) {
    float[] out = new float[count];
    read(d, start, count, key, (src, type, n, off) -> {
      if (type == Dtype.FLOAT32) {
        src.asFloatBuffer().get(out, off, n);
      } else {
        for (int i = 0; i < n; i++) {
          out[off + i] = (float) element(src, type, i);
        }
      }
    });
    return out;
  }

  static double[] doubles(Dataset d, long start, int count, String key) {
    double[] out = new double[count];
    read(d, start, count, key, (src, type, n, off) -> {
      if (type == Dtype.FLOAT64) {
        src.asDoubleBuffer().get(out, off, n);
      } else {
        for (int i = 0; i < n; i++) {
          out[off + i] = element(src, type, i);
        }
      }
    });
    return out;
  }

  static long[] longs(Dataset d, long start, int count, String key) {
    long[] out = new long[count];
    read(d, start, count, key, (src, type, n, off) -> {
      if (!type.isInteger()) {
        throw new IllegalArgumentException("'" + key + "' holds " + type + ", expected integers");
      }
      for (int i = 0; i < n; i++) {
        out[off + i] = integer(src, type, i);
      }
    });
    return out;
  }

  /** Integers that must fit in 32 bits (sparse indices and index pointers, codes). */
  static int[] ints(Dataset d, long start, int count, String key) {
    int[] out = new int[count];
    read(d, start, count, key, (src, type, n, off) -> {
      if (type == Dtype.INT32) {
        src.asIntBuffer().get(out, off, n);
        return;
      }
      if (!type.isInteger()) {
        throw new IllegalArgumentException("'" + key + "' holds " + type + ", expected integers");
      }
      for (int i = 0; i < n; i++) {
        long v = integer(src, type, i);
        if (v != (int) v) {
          throw new IllegalArgumentException("'" + key + "' holds " + v + ", which does not fit in 32 bits");
        }
        out[off + i] = (int) v;
      }
    });
    return out;
  }

  private static double element(ByteBuffer b, Dtype type, int i) {
    int p = b.position();
    return switch (type) {
      case FLOAT32 -> b.getFloat(p + 4 * i);
      case FLOAT64 -> b.getDouble(p + 8 * i);
      default -> integer(b, type, i);
    };
  }

  private static long integer(ByteBuffer b, Dtype type, int i) {
    int p = b.position();
    return switch (type) {
      case INT8 -> b.get(p + i);
      case UINT8 -> b.get(p + i) & 0xffL;
      case INT16 -> b.getShort(p + 2 * i);
      case UINT16 -> b.getShort(p + 2 * i) & 0xffffL;
      case INT32 -> b.getInt(p + 4 * i);
      case UINT32 -> b.getInt(p + 4 * i) & 0xffffffffL;
      case INT64 -> b.getLong(p + 8 * i);
      case UINT64 -> {
        long v = b.getLong(p + 8 * i);
        if (v < 0) {
          throw new IllegalArgumentException("uint64 value above 2^63");
        }
        yield v;
      }
      default -> throw new IllegalArgumentException("not an integer type: " + type);
    };
  }

  private static ByteOrder order(DataType t) {
    if (t instanceof FloatingPoint f) {
      return f.getByteOrder();
    }
    if (t instanceof FixedPoint f) {
      return f.getByteOrder();
    }
    return ByteOrder.LITTLE_ENDIAN;
  }

  /** Reads elements [start, start + count) in row-major order; for rank 2, whole rows only. */
  private static void read(Dataset d, long start, int count, String key, Target target) {
    Dtype type = dtype(d.getDataType(), key);
    int size = d.getDataType().getSize();
    ByteOrder order = order(d.getDataType());
    long total = d.getSize();
    if (start < 0 || count < 0 || start + count > total) {
      throw new IllegalArgumentException(
          "'" + key + "' has " + total + " elements; cannot read [" + start + ", " + (start + count) + ")");
    }
    if (count == 0) {
      return;
    }
    int[] dims = d.getDimensions();
    if (d instanceof ContiguousDataset c) {
      if (d.isEmpty()) {
        return; // never written: fill value zero
      }
      ByteBuffer all = c.getBuffer();
      ByteBuffer src = all.duplicate();
      src.position(Math.toIntExact(start * size));
      src = src.slice().order(order);
      if ((long) src.remaining() < (long) count * size) {
        throw new IllegalArgumentException("'" + key + "' is truncated");
      }
      target.put(src, type, count, 0);
    } else if (d instanceof ChunkedDataset c && dims.length == 1) {
      int chunk = c.getChunkDimensions()[0];
      long first = start / chunk;
      long last = (start + count - 1) / chunk;
      IntStream.rangeClosed(0, (int) (last - first)).parallel().forEach(k -> {
        long c0 = (first + k) * chunk;
        byte[] raw = chunk(c, new int[] {(int) c0});
        long lo = Math.max(start, c0);
        long hi = Math.min(start + count, c0 + chunk);
        if (raw == null) {
          return;
        }
        ByteBuffer src = ByteBuffer.wrap(raw);
        src.position(Math.toIntExact((lo - c0) * size));
        src = src.slice().order(order);
        if ((long) src.remaining() < (hi - lo) * size) {
          throw new IllegalArgumentException("'" + key + "' has a short chunk");
        }
        target.put(src, type, (int) (hi - lo), (int) (lo - start));
      });
    } else if (d instanceof ChunkedDataset c && dims.length == 2) {
      int cols = dims[1];
      if (cols == 0) {
        return;
      }
      if (start % cols != 0 || count % cols != 0) {
        throw new AssertionError("partial rows of a 2-D dataset");
      }
      int r0 = (int) (start / cols);
      int r1 = r0 + count / cols;
      int[] cd = c.getChunkDimensions();
      int colChunks = (cols + cd[1] - 1) / cd[1];
      int firstRow = r0 / cd[0];
      int lastRow = (r1 - 1) / cd[0];
      int jobs = (lastRow - firstRow + 1) * colChunks;
      IntStream.range(0, jobs).parallel().forEach(job -> {
        int bi = firstRow + job / colChunks;
        int bj = job % colChunks;
        byte[] raw = chunk(c, new int[] {bi * cd[0], bj * cd[1]});
        if (raw == null) {
          return;
        }
        ByteBuffer buf = ByteBuffer.wrap(raw);
        int width = Math.min(cd[1], cols - bj * cd[1]);
        int from = Math.max(r0, bi * cd[0]);
        int to = Math.min(r1, (bi + 1) * cd[0]);
        for (int r = from; r < to; r++) {
          int at = ((r - bi * cd[0]) * cd[1]) * size;
          if (at + width * size > raw.length) {
            throw new IllegalArgumentException("'" + key + "' has a short chunk");
          }
          buf.position(at);
          target.put(buf.slice().order(order), type, width, (r - r0) * cols + bj * cd[1]);
        }
      });
    } else {
      // compact storage or higher rank: let jhdf decode, then convert
      Object flat = d.getDataFlat();
      ByteBuffer b = toBuffer(flat, type);
      b.position(Math.toIntExact(start * size));
      target.put(b.slice().order(ByteOrder.LITTLE_ENDIAN), type, count, 0);
    }
  }

  /** A decompressed chunk, or null where the chunk was never written (it reads as zeros). */
  private static byte[] chunk(ChunkedDataset c, int[] offset) {
    try {
      return c.getDecompressedChunk(offset);
    } catch (HdfException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("No chunk with offset")) {
        return null;
      }
      throw e;
    }
  }

  private static ByteBuffer toBuffer(Object flat, Dtype type) {
    int n = java.lang.reflect.Array.getLength(flat);
    int size = switch (type) {
      case INT8, UINT8 -> 1;
      case INT16, UINT16 -> 2;
      case INT32, UINT32, FLOAT32 -> 4;
      default -> 8;
    };
    ByteBuffer b = ByteBuffer.allocate(n * size).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      Object v = java.lang.reflect.Array.get(flat, i);
      switch (type) {
        case INT8, UINT8 -> b.put(((Number) v).byteValue());
        case INT16, UINT16 -> b.putShort(((Number) v).shortValue());
        case INT32, UINT32 -> b.putInt(((Number) v).intValue());
        case FLOAT32 -> b.putFloat(((Number) v).floatValue());
        case FLOAT64 -> b.putDouble(((Number) v).doubleValue());
        default -> b.putLong(v instanceof java.math.BigInteger big ? big.longValueExact() : ((Number) v).longValue());
      }
    }
    b.flip();
    return b;
  }
}

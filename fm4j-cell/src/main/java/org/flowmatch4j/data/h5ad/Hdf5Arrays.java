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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.nio.charset.Charset;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import io.jhdf.filter.PipelineFilterWithData;
import java.util.stream.IntStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flowmatch4j.data.Dtype;
import org.flowmatch4j.data.SparseMatrix;
import org.flowmatch4j.data.hdf5.Fletcher32;
import org.flowmatch4j.tensor.Parallel;

/**
 * Reads numeric HDF5 datasets (or a range of their elements) straight into Java arrays of the
 * wanted type, and variable-length string arrays into {@code String[]}. Everything is read from
 * the file's memory map ({@link MappedFile}), so bytes are copied once, page cache to array: a
 * contiguous dataset in a few large pieces split between the cores, a chunked one chunk by chunk
 * in parallel (on the threads of {@link Parallel}), each chunk decoded into its place in the output.
 * Chunks filtered by deflate, shuffle and Fletcher-32 are decoded here, deflate reading the stored
 * bytes in place from the map, with both checksums verified (jhdf's own filter pipeline is used for any other filter). Only an element range of a 1-D dataset or whole rows of a 2-D
 * dataset are read. Instances are not shared between threads except through these parallel loops.
 */
final class Hdf5Arrays {
  private static final int DEFLATE = 1;
  /** Elements worth a copying task of their own. */
  private static final int ELEMENTS_PER_TASK = 1 << 18;
  /** Strings worth a task of their own: below this, decoding on one thread is cheaper than splitting. */
  private static final int STRINGS_PER_TASK = 1 << 14;
  private static final int SHUFFLE = 2;
  private static final int FLETCHER32 = 3;

  private final MappedFile channel;
  private final long userBlock;

  /** Arrays of the file that {@code channel} reads (and jhdf reads through it). */
  Hdf5Arrays(MappedFile channel, long userBlock) {
    this.channel = channel;
    this.userBlock = userBlock;
  }

  /** Where decoded elements go. */
  private interface Target {
    /**
     * Decodes {@code n} elements of {@code type} from {@code src}, starting at element
     * {@code from} (absolute, the buffer's position is ignored), to {@code dst[off..]}.
     */
    void put(ByteBuffer src, int from, Dtype type, int n, int off);
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

  float[] floats(Dataset d, long start, int count, String key) {
    float[] out = new float[count];
    read(d, start, count, key, (src, from, type, n, off) -> {
      if (type == Dtype.FLOAT32) {
        src.asFloatBuffer().get(from, out, off, n);
      } else if (type == Dtype.FLOAT64) {
        java.nio.DoubleBuffer v = src.asDoubleBuffer();
        for (int i = 0; i < n; i++) {
          out[off + i] = (float) v.get(from + i);
        }
      } else {
        for (int i = 0; i < n; i++) {
          out[off + i] = (float) element(src, type, from + i);
        }
      }
    });
    return out;
  }

  double[] doubles(Dataset d, long start, int count, String key) {
    double[] out = new double[count];
    read(d, start, count, key, (src, from, type, n, off) -> {
      if (type == Dtype.FLOAT64) {
        src.asDoubleBuffer().get(from, out, off, n);
      } else if (type == Dtype.FLOAT32) {
        java.nio.FloatBuffer v = src.asFloatBuffer();
        for (int i = 0; i < n; i++) {
          out[off + i] = v.get(from + i);
        }
      } else {
        for (int i = 0; i < n; i++) {
          out[off + i] = element(src, type, from + i);
        }
      }
    });
    return out;
  }

  long[] longs(Dataset d, long start, int count, String key) {
    long[] out = new long[count];
    read(d, start, count, key, (src, from, type, n, off) -> {
      if (type == Dtype.INT64) {
        src.asLongBuffer().get(from, out, off, n);
        return;
      }
      if (!type.isInteger()) {
        throw new IllegalArgumentException("'" + key + "' holds " + type + ", expected integers");
      }
      for (int i = 0; i < n; i++) {
        out[off + i] = integer(src, type, from + i);
      }
    });
    return out;
  }

  /** Integers that must fit in 32 bits (sparse indices and index pointers, codes). */
  int[] ints(Dataset d, long start, int count, String key) {
    int[] out = new int[count];
    read(d, start, count, key, intsInto(out, key));
    return out;
  }

  /**
   * Sparse indices, which must lie in [0, bound): {@link #ints}, each decoded piece checked with
   * {@link SparseMatrix#indicesBelow} while it is still in cache; throws naming the first index
   * outside, as the matrix's constructor would.
   */
  int[] indices(Dataset d, long start, int count, int bound, String key) {
    int[] out = new int[count];
    Target ints = intsInto(out, key);
    AtomicBoolean inside = new AtomicBoolean(true);
    read(d, start, count, key, (src, from, type, n, off) -> {
      ints.put(src, from, type, n, off);
      if (!SparseMatrix.indicesBelow(out, off, off + n, bound)) {
        inside.set(false);
      }
    });
    if (!inside.get()) {
      throw SparseMatrix.outside(out, bound);
    }
    return out;
  }

  /** Decodes integers that must fit in 32 bits into {@code out}. */
  private static Target intsInto(int[] out, String key) {
    return (src, from, type, n, off) -> {
      if (type == Dtype.INT32) {
        src.asIntBuffer().get(from, out, off, n);
        return;
      }
      if (type == Dtype.INT64) {
        // one pass: narrow, and stop at the first value that does not fit
        java.nio.LongBuffer v = src.asLongBuffer();
        for (int i = 0; i < n; i++) {
          long x = v.get(from + i);
          if (x != (int) x) {
            throw new IllegalArgumentException("'" + key + "' holds " + x + ", which does not fit in 32 bits");
          }
          out[off + i] = (int) x;
        }
        return;
      }
      if (!type.isInteger()) {
        throw new IllegalArgumentException("'" + key + "' holds " + type + ", expected integers");
      }
      for (int i = 0; i < n; i++) {
        long v = integer(src, type, from + i);
        if (v != (int) v) {
          throw new IllegalArgumentException("'" + key + "' holds " + v + ", which does not fit in 32 bits");
        }
        out[off + i] = (int) v;
      }
    };
  }

  private static double element(ByteBuffer b, Dtype type, int i) {
    return switch (type) {
      case FLOAT32 -> b.getFloat(4 * i);
      case FLOAT64 -> b.getDouble(8 * i);
      default -> integer(b, type, i);
    };
  }

  private static long integer(ByteBuffer b, Dtype type, int i) {
    int p = 0;
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
  private void read(Dataset d, long start, int count, String key, Target target) {
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
      long address = userBlock + c.getDataAddress() + start * size;
      // large reads are split between the cores: copying from the page cache is bound by one core's bandwidth
      int piece = Math.min(MappedFile.STRIDE / size, Math.max(ELEMENTS_PER_TASK, count / Runtime.getRuntime().availableProcessors() + 1));
      Parallel.run((count + piece - 1) / piece, t -> {
        int done = t * piece;
        int n = Math.min(count - done, piece);
        target.put(bytes(address + (long) done * size, (long) n * size, key).order(order), 0, type, n, done);
      });
    } else if (d instanceof ChunkedDataset c && dims.length == 1) {
      int chunk = c.getChunkDimensions()[0];
      long first = start / chunk;
      long last = (start + count - 1) / chunk;
      Decoder dec = new Decoder(c, size);
      Parallel.run((int) (last - first) + 1, k -> {
        long c0 = (first + k) * chunk;
        ByteBuffer raw = dec.chunk(new int[] {(int) c0}, (long) chunk * size, key);
        if (raw == null) {
          return;
        }
        raw.order(order);
        long lo = Math.max(start, c0);
        long hi = Math.min(start + count, c0 + chunk);
        target.put(raw, (int) (lo - c0), type, (int) (hi - lo), (int) (lo - start));
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
      Decoder dec = new Decoder(c, size);
      Parallel.run(jobs, job -> {
        int bi = firstRow + job / colChunks;
        int bj = job % colChunks;
        ByteBuffer raw = dec.chunk(new int[] {bi * cd[0], bj * cd[1]}, (long) cd[0] * cd[1] * size, key);
        if (raw == null) {
          return;
        }
        raw.order(order);
        int width = Math.min(cd[1], cols - bj * cd[1]);
        int from = Math.max(r0, bi * cd[0]);
        int to = Math.min(r1, (bi + 1) * cd[0]);
        for (int r = from; r < to; r++) {
          target.put(raw, (r - bi * cd[0]) * cd[1], type, width, (r - r0) * cols + bj * cd[1]);
        }
      });
    } else {
      // compact storage or higher rank: let jhdf decode, then convert
      Object flat = d.getDataFlat();
      ByteBuffer b = toBuffer(flat, type);
      target.put(b.order(ByteOrder.LITTLE_ENDIAN), (int) start, type, count, 0);
    }
  }

  /** Bytes {@code [position, position + length)} of the file (little endian); at most {@link MappedFile#STRIDE}. */
  private ByteBuffer bytes(long position, long length, String key) {
    try {
      ByteBuffer b = channel.bytes(position, length);
      if (b == null) {
        throw new IllegalArgumentException("'" + key + "' is truncated: the file ends inside its data");
      }
      return b;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Fetches and decodes chunks. Pipelines made of shuffle, deflate and Fletcher-32 (each at most
   * once, in any order) are undone here, checking both checksums: deflate inflates the whole zlib
   * stream, so zlib verifies its Adler-32 of the uncompressed bytes, and the stream must end exactly
   * at the chunk's size and at the end of the stored bytes; Fletcher-32 is verified where the
   * pipeline has it ({@link Fletcher32}). Other filters are undone by jhdf.
   */
  private static final class Decoder {
    private final ChunkedDataset dataset;
    private final int elementSize;
    private final boolean own;
    /** The filter ids, in the order they were applied when writing. */
    private final int[] filters;
    private final boolean shuffle;
    private final boolean unfiltered;
    private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(Inflater::new);
    private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(0));

    Decoder(ChunkedDataset d, int elementSize) {
      this.dataset = d;
      this.elementSize = elementSize;
      List<PipelineFilterWithData> f = d.getFilters();
      this.filters = f.stream().mapToInt(PipelineFilterWithData::getId).toArray();
      long known = IntStream.of(filters).filter(id -> id == DEFLATE || id == SHUFFLE || id == FLETCHER32).distinct().count();
      this.own = filters.length > 0 && known == filters.length
          && IntStream.of(filters).anyMatch(id -> id == DEFLATE || id == FLETCHER32);
      // HDF5's shuffle cannot run without its element-size parameter; a shuffle stored without one
      // (h5py on variable-length strings) was skipped on every chunk, as the optional filter it is
      this.shuffle = f.stream().anyMatch(x -> x.getId() == SHUFFLE && x.getFilterData().length > 0);
      this.unfiltered = f.isEmpty();
    }

    private ByteBuffer rawChunk(int[] offset) {
      try {
        return dataset.getRawChunkBuffer(offset);
      } catch (HdfException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("No chunk with offset")) {
          return null;
        }
        throw e;
      }
    }

    /** The chunk at {@code offset} decoded (a buffer of {@code bytes} bytes), or null if never written. */
    ByteBuffer chunk(int[] offset, long bytes, String key) {
      if (unfiltered) {
        ByteBuffer raw = rawChunk(offset);
        if (raw != null && raw.remaining() < bytes) {
          throw new IllegalArgumentException("'" + key + "' has a short chunk");
        }
        return raw == null ? null : raw.slice();
      }
      if (!own) {
        byte[] b = Hdf5Arrays.chunk(dataset, offset);
        if (b == null) {
          return null;
        }
        if (b.length < bytes) {
          throw new IllegalArgumentException("'" + key + "' has a short chunk");
        }
        return ByteBuffer.wrap(b);
      }
      ByteBuffer raw = rawChunk(offset);
      if (raw == null) {
        return null;
      }
      int size = Math.toIntExact(bytes);
      int i = filters.length - 1;
      if (filters[i] == DEFLATE && i == 0) {
        // deflate alone: inflate from the file's bytes into this thread's buffer outside the heap
        // (zlib then works on native memory only: no array pinned against the collector)
        ByteBuffer out = buffer(size);
        inflate(raw, out, size, key);
        return out.flip();
      }
      byte[] data;
      if (filters[i] == DEFLATE) {
        data = new byte[inflatedSize(i, size)];
        inflate(raw, ByteBuffer.wrap(data), data.length, key);
        i--;
      } else {
        data = new byte[raw.remaining()];
        raw.get(data);
      }
      for (; i >= 0; i--) {
        switch (filters[i]) {
          case FLETCHER32 -> data = Fletcher32.verify(data, key);
          case DEFLATE -> {
            byte[] in = data;
            data = new byte[inflatedSize(i, size)];
            inflate(ByteBuffer.wrap(in), ByteBuffer.wrap(data), data.length, key);
          }
          default -> data = shuffle && elementSize > 1 ? unshuffle(data, elementSize) : data;
        }
      }
      if (data.length != size) {
        throw new IllegalArgumentException("'" + key + "' has a chunk of " + data.length + " bytes, expected " + size);
      }
      return ByteBuffer.wrap(data);
    }

    /** The size deflate (filter {@code i}) inflates to: the chunk's plus the checksums of any Fletcher-32 applied before it. */
    private int inflatedSize(int i, int size) {
      return size + 4 * (int) IntStream.of(filters).limit(i).filter(id -> id == FLETCHER32).count();
    }

    /**
     * A view of {@code size} bytes (position 0) of this thread's reusable direct buffer: what a
     * decoded chunk is returned in when deflate is its only filter; the caller copies it out
     * before its thread decodes the next chunk.
     */
    private static ByteBuffer buffer(int size) {
      ByteBuffer b = BUFFER.get();
      if (b.capacity() < size) {
        b = ByteBuffer.allocateDirect(size);
        BUFFER.set(b);
      }
      return b.duplicate().clear().limit(size);
    }

    /**
     * Inflates the whole zlib stream {@code in} (its remaining bytes) into {@code out} from its
     * position: it must give exactly {@code size} bytes and end with the stored bytes (zlib then has
     * checked its Adler-32). A chunk of exactly {@code size} bytes that is not a zlib stream was
     * stored as it is (HDF5 skips the optional filter where it would not shrink the chunk) and is
     * copied unchanged.
     */
    private static void inflate(ByteBuffer in, ByteBuffer out, int size, String key) {
      Inflater inf = INFLATER.get();
      inf.reset();
      try {
        inflate(inf, in, out, size, key);
      } finally {
        inf.reset(); // let go of the file's bytes
      }
    }

    private static void inflate(Inflater inf, ByteBuffer in, ByteBuffer out, int size, String key) {
      int stored = in.remaining();
      int start = out.position();
      out.limit(start + size);
      inf.setInput(in.duplicate());
      int n = 0;
      try {
        while (!inf.finished()) {
          // past the chunk's size, one more byte tells a longer stream from the end of this one
          int k = n < size ? inf.inflate(out) : inf.inflate(new byte[1]);
          if (n == size && k > 0) {
            throw new IllegalArgumentException("'" + key + "' has a corrupt compressed chunk: it inflates to more than " + size + " bytes");
          }
          if (k == 0 && (inf.needsInput() || inf.needsDictionary() || n == size)) {
            break;
          }
          n += k;
        }
      } catch (DataFormatException e) {
        if (stored == size) {
          out.position(start).put(in.duplicate()); // stored unfiltered: the optional deflate filter was skipped for this chunk
          return;
        }
        throw new IllegalArgumentException("'" + key + "' has a corrupt compressed chunk: " + e.getMessage(), e);
      }
      if (n != size) {
        throw new IllegalArgumentException("'" + key + "' has a short chunk (" + n + " of " + size + " bytes)");
      }
      if (!inf.finished()) {
        throw new IllegalArgumentException("'" + key + "' has a corrupt compressed chunk: the stream ends before its checksum");
      }
      if (inf.getRemaining() != 0) {
        throw new IllegalArgumentException("'" + key + "' has a corrupt compressed chunk: " + inf.getRemaining()
            + " bytes follow the end of its stream");
      }
    }

    private static byte[] unshuffle(byte[] data, int size) {
      int elements = data.length / size;
      byte[] out = new byte[data.length];
      int pos = 0;
      for (int b = 0; b < size; b++) {
        for (int e = 0; e < elements; e++) {
          out[e * size + b] = data[pos++];
        }
      }
      System.arraycopy(data, pos, out, pos, data.length - pos);
      return out;
    }
  }

  /**
   * The strings of a 1-D variable-length string dataset stored contiguously or in deflate chunks,
   * read here (heap collections parsed once each); null for any other storage, which jhdf reads.
   */
  String[] vlenStrings(Dataset d, int sizeOfOffsets, String key) {
    if (!(d.getDataType() instanceof io.jhdf.object.datatype.VariableLength v) || !v.isVariableLengthString()
        || d.getDimensions().length != 1) {
      return null;
    }
    int n = d.getDimensions()[0];
    int elem = 4 + sizeOfOffsets + 4;
    if (d.getDataType().getSize() != elem) {
      return null;
    }
    String[] out = new String[n];
    Charset cs = v.getEncoding();
    if (d instanceof ContiguousDataset c) {
      if (d.isEmpty()) {
        return n == 0 ? out : null;
      }
      long address = userBlock + c.getDataAddress();
      int piece = Math.min(MappedFile.STRIDE / elem, Math.max(STRINGS_PER_TASK, n / Runtime.getRuntime().availableProcessors() + 1));
      Parallel.run((n + piece - 1) / piece, t -> {
        int from = t * piece;
        int k = Math.min(piece, n - from);
        new HeapStrings(cs, sizeOfOffsets, key).decode(bytes(address + (long) from * elem, (long) k * elem, key), from, k, out);
      });
    } else if (d instanceof ChunkedDataset c) {
      Decoder dec = new Decoder(c, elem);
      if (!dec.own && !dec.unfiltered) {
        return null;
      }
      int chunk = c.getChunkDimensions()[0];
      int chunks = (n + chunk - 1) / chunk;
      int perTask = Math.max(1, Math.min(STRINGS_PER_TASK / chunk, chunks / Runtime.getRuntime().availableProcessors()));
      // each task decodes a run of chunks with its own parsed collections (a run usually shares them)
      Parallel.run((chunks + perTask - 1) / perTask, t -> {
        HeapStrings heaps = new HeapStrings(cs, sizeOfOffsets, key);
        for (int q = t * perTask; q < Math.min(chunks, (t + 1) * perTask); q++) {
          int c0 = q * chunk;
          int k = Math.min(chunk, n - c0);
          ByteBuffer raw = dec.chunk(new int[] {c0}, (long) chunk * elem, key);
          if (raw == null) {
            java.util.Arrays.fill(out, c0, c0 + k, ""); // never written: zero records, empty strings
          } else {
            heaps.decode(raw.order(ByteOrder.LITTLE_ENDIAN), c0, k, out);
          }
        }
      });
    } else {
      return null;
    }
    return out;
  }

  /**
   * Turns variable-length string records (length, global heap collection address, object index)
   * into strings. Records are copied a block at a time into a reused array and read with plain
   * little-endian arithmetic; the collection in use is copied whole into another reused array,
   * parsed once (a table of its objects) and the strings are made straight from it. A task decoding
   * a run of records thus makes no garbage but the strings.
   */
  private final class HeapStrings {
    private static final int RECORDS_PER_BLOCK = 4096;
    private final Charset cs;
    private final int sizeOfOffsets;
    private final int elem;
    private final String key;
    private final Map<Long, Heap> heaps = new HashMap<>();
    private final byte[] records;
    private Heap loaded;
    private byte[] bytes = new byte[1 << 16];

    HeapStrings(Charset cs, int sizeOfOffsets, String key) {
      this.cs = cs;
      this.sizeOfOffsets = sizeOfOffsets;
      this.elem = 4 + sizeOfOffsets + 4;
      this.key = key;
      this.records = new byte[RECORDS_PER_BLOCK * elem];
    }

    /** Decodes the {@code count} records in {@code b} into {@code out[first..]}. */
    void decode(ByteBuffer b, int first, int count, String[] out) {
      for (int s = 0; s < count; s += RECORDS_PER_BLOCK) {
        int m = Math.min(RECORDS_PER_BLOCK, count - s);
        b.get(s * elem, records, 0, m * elem);
        for (int i = 0, at = 0; i < m; i++, at += elem) {
          int len = le32(records, at);
          long address = sizeOfOffsets == 8 ? le64(records, at + 4) : le32(records, at + 4) & 0xffffffffL;
          int index = le32(records, at + 4 + sizeOfOffsets);
          out[first + s + i] = index == 0 || len == 0 ? "" : string(address, index, len);
        }
      }
    }

    private String string(long address, int index, int len) {
      Heap h = loaded;
      if (h == null || h.address != address) {
        h = heaps.get(address);
        if (h == null) {
          h = new Heap(address, key);
          heaps.put(address, h);
        }
        if (h.total > bytes.length) {
          bytes = new byte[Math.max(h.total, 2 * bytes.length)];
        }
        bytes(userBlock + address, h.total, key).get(0, bytes, 0, h.total);
        h.parse(bytes, key);
        loaded = h;
      }
      int[] t = h.table;
      if (index < 0 || 2 * index >= t.length || t[2 * index] == 0 || len < 0 || len > t[2 * index + 1]) {
        throw new IllegalArgumentException("'" + key + "' refers to a missing global heap object " + index);
      }
      return new String(bytes, t[2 * index], len, cs);
    }
  }

  private static int le32(byte[] b, int i) {
    return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
  }

  private static long le64(byte[] b, int i) {
    return (le32(b, i) & 0xffffffffL) | (long) le32(b, i + 4) << 32;
  }

  /**
   * One global heap collection of {@code total} bytes at {@code address}; once parsed, {@code table}
   * holds each object's (offset, size) at {@code [2 index, 2 index + 1]} (offset 0: no such object).
   */
  private final class Heap {
    private final long address;
    private final int total;
    private int[] table;

    Heap(long address, String key) {
      this.address = address;
      ByteBuffer head = bytes(userBlock + address, 16, key);
      if (head.get(0) != 'G' || head.get(1) != 'C' || head.get(2) != 'O' || head.get(3) != 'L') {
        throw new IllegalArgumentException("'" + key + "' points to a corrupt global heap at " + address);
      }
      long t = head.getLong(8);
      if (t < 16 || t > MappedFile.STRIDE || userBlock + address + t > channel.size()) {
        throw new IllegalArgumentException("'" + key + "' has a global heap of impossible size " + t);
      }
      total = (int) t;
    }

    /** Builds the table from the collection's bytes {@code b[0, total)}, the first time only. */
    void parse(byte[] b, String key) {
      if (table != null) {
        return;
      }
      // one pass over the objects (16-byte headers: index, references, reserved, size); index 0
      // marks the free space that ends the list
      int[] t = new int[2 * Math.min(1 << 16, total / 32 + 1)];
      int p = 16;
      while (p + 16 <= total) {
        int idx = (b[p] & 0xff) | (b[p + 1] & 0xff) << 8;
        if (idx == 0) {
          break;
        }
        long n = le64(b, p + 8);
        if (n < 0 || p + 16 + n > total) {
          throw new IllegalArgumentException("'" + key + "' has a corrupt global heap object at " + (address + p));
        }
        if (2 * idx + 1 >= t.length) {
          t = java.util.Arrays.copyOf(t, Math.max(2 * idx + 2, 2 * t.length));
        }
        t[2 * idx] = p + 16;
        t[2 * idx + 1] = (int) n;
        p += 16 + (int) ((n + 7) & ~7L);
      }
      table = t;
    }
  }

  /** A decompressed chunk (jhdf's pipeline), or null where the chunk was never written (it reads as zeros). */
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

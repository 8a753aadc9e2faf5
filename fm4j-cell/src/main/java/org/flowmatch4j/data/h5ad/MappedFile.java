package org.flowmatch4j.data.h5ad;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A read-only file channel that serves reads and maps from a few large memory maps of the file,
 * made once each, instead of one system call (and, for a map, one mapping and a later unmapping)
 * per request. jhdf reads through it: every object header and B-tree node it reads and every chunk
 * it maps becomes a slice of a window, so reading a chunked dataset costs no system call per chunk,
 * and the bytes are copied once, from the page cache straight into the destination array.
 *
 * <p>Window {@code k} maps bytes {@code [k S, k S + 2S)} of the file with {@code S = 2^29} (the
 * stride), so any
 * region of at most {@code S} bytes lies inside one window: the one with {@code k = floor(pos / S)}.
 * Windows are mapped when first touched and released by the garbage collector. Larger regions,
 * and regions past the end of the file (a truncated file), go to the underlying channel, which
 * then fails as it would without this class. The file size is fixed when the channel is opened.
 */
final class MappedFile extends FileChannel {
  /** The window stride S (windows are 2S long), and so the longest region served from the map. */
  static final int STRIDE = 1 << 29;

  private final FileChannel file;
  private final int stride;
  private final long size;
  private final MappedByteBuffer[] windows;
  private long position;

  MappedFile(FileChannel file) throws IOException {
    this(file, STRIDE);
  }

  /** With another stride, so that tests can cross windows in small files. */
  MappedFile(FileChannel file, int stride) throws IOException {
    this.file = file;
    this.stride = stride;
    this.size = file.size();
    this.windows = new MappedByteBuffer[Math.toIntExact((size + stride - 1) / stride)];
  }

  /**
   * Bytes {@code [pos, pos + len)} of the file as a little-endian view, or null when the region
   * does not lie inside the file or is longer than the stride.
   */
  ByteBuffer bytes(long pos, long len) throws IOException {
    MappedByteBuffer b = slice(pos, len);
    return b == null ? null : b.order(ByteOrder.LITTLE_ENDIAN);
  }

  /** As {@link #bytes}, in the big-endian order of a fresh map. */
  private MappedByteBuffer slice(long pos, long len) throws IOException {
    if (!isOpen()) {
      throw new ClosedChannelException();
    }
    if (pos < 0 || len < 0 || len > stride || pos > size - len) {
      return null;
    }
    int k = (int) (pos / stride);
    long start = (long) k * stride;
    return window(k).slice((int) (pos - start), (int) len);
  }

  private MappedByteBuffer window(int k) throws IOException {
    MappedByteBuffer w;
    synchronized (windows) {
      w = windows[k];
      if (w == null) {
        long start = (long) k * stride;
        w = file.map(MapMode.READ_ONLY, start, Math.min(2L * stride, size - start));
        windows[k] = w;
      }
    }
    return w;
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long pos, long len) throws IOException {
    if (mode == MapMode.READ_ONLY) {
      MappedByteBuffer b = slice(pos, len);
      if (b != null) {
        return b;
      }
    }
    return file.map(mode, pos, len);
  }

  @Override
  public int read(ByteBuffer dst, long pos) throws IOException {
    if (pos < 0) {
      throw new IllegalArgumentException("negative position " + pos);
    }
    if (pos >= size) {
      return -1;
    }
    int n = (int) Math.min(dst.remaining(), size - pos);
    ByteBuffer b = slice(pos, n);
    if (b == null) {
      return file.read(dst, pos);
    }
    dst.put(b);
    return n;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    int n = read(dst, position);
    if (n > 0) {
      position += n;
    }
    return n;
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    long total = 0;
    for (int i = offset; i < offset + length; i++) {
      int n = read(dsts[i]);
      if (n < 0) {
        return total == 0 ? -1 : total;
      }
      total += n;
      if (dsts[i].hasRemaining()) {
        break;
      }
    }
    return total;
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public FileChannel position(long newPosition) {
    if (newPosition < 0) {
      throw new IllegalArgumentException("negative position " + newPosition);
    }
    position = newPosition;
    return this;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public long transferTo(long pos, long count, WritableByteChannel target) throws IOException {
    return file.transferTo(pos, count, target);
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) {
    throw new NonWritableChannelException();
  }

  @Override
  public int write(ByteBuffer src, long pos) {
    throw new NonWritableChannelException();
  }

  @Override
  public FileChannel truncate(long newSize) {
    throw new NonWritableChannelException();
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long pos, long count) {
    throw new NonWritableChannelException();
  }

  @Override
  public void force(boolean metaData) {
    // read-only: nothing to flush
  }

  @Override
  public FileLock lock(long pos, long len, boolean shared) throws IOException {
    return file.lock(pos, len, shared);
  }

  @Override
  public FileLock tryLock(long pos, long len, boolean shared) throws IOException {
    return file.tryLock(pos, len, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    file.close();
  }
}

package org.flowmatch4j.data.counts;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of a byte stream with the byte offset of each, for indexing a text file: {@link
 * #position} is the offset of the next unread byte, so read before {@link #next} it is where the
 * next line starts. A line ends at {@code \n}; a {@code \r} before it is dropped.
 */
final class ByteLines implements Closeable {
  private final InputStream in;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int lim;
  private long consumed;
  private byte[] line = new byte[128];
  private int length;

  ByteLines(InputStream in) {
    this.in = in;
  }

  /** The offset from the stream's start of the next byte {@link #next} reads. */
  long position() {
    return consumed + pos;
  }

  /** Reads the next line into {@link #bytes}; false at the end of the stream (nothing read). */
  boolean next() throws IOException {
    length = 0;
    boolean any = false;
    while (true) {
      if (pos == lim && !fill()) {
        break;
      }
      any = true;
      int start = pos;
      while (pos < lim && buf[pos] != '\n') {
        pos++;
      }
      append(start, pos);
      if (pos < lim) {
        pos++;
        break;
      }
    }
    if (length > 0 && line[length - 1] == '\r') {
      length--;
    }
    return any;
  }

  /** The bytes of the line {@link #next} read: indices 0 to {@link #length} − 1. */
  byte[] bytes() {
    return line;
  }

  /** The length of the line {@link #next} read. */
  int length() {
    return length;
  }

  /** The line {@link #next} read, as UTF-8 text. */
  String text() {
    return new String(line, 0, length, StandardCharsets.UTF_8);
  }

  /** The next line as text, null at the end of the stream. */
  String readLine() throws IOException {
    return next() ? text() : null;
  }

  private void append(int from, int to) {
    int n = to - from;
    if (length + n > line.length) {
      line = Arrays.copyOf(line, Math.max(2 * line.length, length + n));
    }
    System.arraycopy(buf, from, line, length, n);
    length += n;
  }

  private boolean fill() throws IOException {
    consumed += lim;
    pos = 0;
    lim = 0;
    int n = in.read(buf);
    if (n <= 0) {
      return false;
    }
    lim = n;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}

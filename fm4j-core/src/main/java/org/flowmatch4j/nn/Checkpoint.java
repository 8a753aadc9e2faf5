package org.flowmatch4j.nn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.flowmatch4j.io.AtomicFile;
import org.flowmatch4j.tensor.Matrix;

/**
 * A versioned file of named float tensors with a text header: network parameters, optimiser state
 * and EMA weights of one or more networks, plus the architecture, training configuration and any
 * provenance the caller adds.
 *
 * <h2>Format</h2>
 *
 * All integers are little-endian int32, tensors are little-endian IEEE float32, row-major.
 *
 * <pre>
 *   magic        8 bytes  "FM4JCKPT" (ASCII)
 *   version      int32    1 or 2
 *   header size  int32    H
 *   header       H bytes  UTF-8 lines "key=value\n"; in keys and values a backslash, a newline
 *                         and (in keys) '=' are written as \\ , \n and \=
 *   version 1:
 *     count      int32    T, then T tensors (below), then end of file
 *   version 2:
 *     sections   int32    S, then S times: name (string), int32 T, then T tensors
 *     crc        int32    CRC-32 of every byte before it, then end of file
 *   string                int32 byte length, UTF-8 bytes
 *   tensor                name (string), int32 rows, int32 cols, rows * cols float32
 * </pre>
 *
 * Version 1 held the parameters of a single network and no checksum; its tensors load into the
 * section {@value #V1_SECTION}. Version 2 ({@link #VERSION}, the one written) adds named sections,
 * so that one file holds several networks, their optimiser moments and their EMA weights, and a
 * CRC-32 that detects corruption.
 *
 * <p>Writes are atomic: the file is written to a temporary file in the same directory, forced to
 * disk and renamed over the target. Reading a truncated or corrupt file, or one of an unknown
 * version, throws an {@link IllegalArgumentException} that names the file.
 */
public final class Checkpoint {
  /** The format version this build writes. */
  public static final int VERSION = 2;
  /** The section that version-1 tensors are loaded into. */
  public static final String V1_SECTION = "model";

  private static final byte[] MAGIC = "FM4JCKPT".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_NAME_BYTES = 1 << 16;

  private final Map<String, String> header = new LinkedHashMap<>();
  private final Map<String, Map<String, Matrix>> sections = new LinkedHashMap<>();
  private int formatVersion = VERSION;

  /** An empty checkpoint. */
  public Checkpoint() {}

  /** The version of the file this was read from ({@link #VERSION} for a new checkpoint). */
  public int formatVersion() {
    return formatVersion;
  }

  /** Sets a header entry (keys must not be empty). */
  public void put(String key, String value) {
    if (key == null || key.isEmpty() || value == null) {
      throw new IllegalArgumentException("checkpoint header keys and values must be non-empty");
    }
    header.put(key, value);
  }

  /** Adds all entries. */
  public void putAll(Map<String, String> entries) {
    entries.forEach(this::put);
  }

  /** A header value, or null. */
  public String get(String key) {
    return header.get(key);
  }

  /** The header, in insertion order (read-only). */
  public Map<String, String> header() {
    return Collections.unmodifiableMap(header);
  }

  /** Stores a copy of {@code m} as tensor {@code name} of {@code section}. */
  public void putTensor(String section, String name, Matrix m) {
    if (section == null || section.isEmpty() || name == null || name.isEmpty()) {
      throw new IllegalArgumentException("section and tensor names must be non-empty");
    }
    sections.computeIfAbsent(section, s -> new LinkedHashMap<>()).put(name, m.copy());
  }

  /** The section names, in insertion order. */
  public java.util.Set<String> sections() {
    return Collections.unmodifiableSet(sections.keySet());
  }

  /** The tensors of a section (read-only map), empty if absent. */
  public Map<String, Matrix> section(String section) {
    return Collections.unmodifiableMap(sections.getOrDefault(section, Map.of()));
  }

  /**
   * Tensor {@code name} of {@code section}.
   *
   * @throws IllegalArgumentException if it is absent
   */
  public Matrix tensor(String section, String name) {
    Matrix m = sections.getOrDefault(section, Map.of()).get(name);
    if (m == null) {
      throw new IllegalArgumentException(
          "checkpoint has no tensor '" + name + "' in section '" + section + "'");
    }
    return m;
  }

  /** Copies tensor {@code name} of {@code section} into {@code dst}, which must have its shape. */
  public void copyTensor(String section, String name, Matrix dst) {
    Matrix m = tensor(section, name);
    if (m.rows != dst.rows || m.cols != dst.cols) {
      throw new IllegalArgumentException(
          "checkpoint tensor '" + name + "' in section '" + section + "' is " + m.rows + "x"
              + m.cols + ", expected " + dst.rows + "x" + dst.cols);
    }
    System.arraycopy(m.data, 0, dst.data, 0, m.data.length);
  }

  // ------------------------------------------------------------------ writing

  /** Writes the checkpoint (format {@link #VERSION}) atomically to {@code file}. */
  public void write(Path file) throws IOException {
    byte[] bytes = encode();
    AtomicFile.write(file, tmp -> {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
    });
  }

  byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(MAGIC);
    writeInt(out, VERSION);
    byte[] h = encodeHeader();
    writeInt(out, h.length);
    out.writeBytes(h);
    writeInt(out, sections.size());
    for (Map.Entry<String, Map<String, Matrix>> s : sections.entrySet()) {
      writeString(out, s.getKey());
      writeInt(out, s.getValue().size());
      for (Map.Entry<String, Matrix> t : s.getValue().entrySet()) {
        writeTensor(out, t.getKey(), t.getValue());
      }
    }
    CRC32 crc = new CRC32();
    byte[] body = out.toByteArray();
    crc.update(body);
    writeInt(out, (int) crc.getValue());
    return out.toByteArray();
  }

  private byte[] encodeHeader() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : header.entrySet()) {
      sb.append(escape(e.getKey(), true)).append('=').append(escape(e.getValue(), false))
          .append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String escape(String s, boolean key) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        sb.append("\\\\");
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '=' && key) {
        sb.append("\\=");
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
  }

  private static void writeString(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    writeInt(out, b.length);
    out.writeBytes(b);
  }

  private static void writeTensor(ByteArrayOutputStream out, String name, Matrix m) {
    writeString(out, name);
    writeInt(out, m.rows);
    writeInt(out, m.cols);
    ByteBuffer buf = ByteBuffer.allocate(4 * m.data.length).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(m.data);
    out.writeBytes(buf.array());
  }

  // ------------------------------------------------------------------ reading

  /**
   * Reads a checkpoint of format version 1 or 2.
   *
   * @throws IllegalArgumentException naming the file if it is not a checkpoint, is truncated or
   *     corrupt, or has a version this build does not read
   * @throws IOException if the file cannot be read
   */
  public static Checkpoint read(Path file) throws IOException {
    return read(Files.readAllBytes(file), file.toString());
  }

  /**
   * Reads a checkpoint from the bytes of a file (e.g. sent once to many machines); {@code name}
   * names it in errors, as {@link #read(Path)} does.
   */
  public static Checkpoint read(byte[] bytes, String name) {
    try {
      return decode(bytes);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException(
          "checkpoint " + name + " is truncated (" + bytes.length + " bytes)");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("checkpoint " + name + ": " + e.getMessage());
    }
  }

  static Checkpoint decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[MAGIC.length];
    if (bytes.length < MAGIC.length) {
      throw new IllegalArgumentException("not an FM4J checkpoint (file too short)");
    }
    in.get(magic);
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw new IllegalArgumentException("not an FM4J checkpoint (bad magic bytes)");
    }
    int version = in.getInt();
    if (version > VERSION) {
      throw new IllegalArgumentException(
          "format version " + version + " is newer than this build reads (1 to " + VERSION
              + "); update FlowMatch4J");
    }
    if (version < 1) {
      throw new IllegalArgumentException("corrupt: invalid format version " + version);
    }
    if (version >= 2) {
      if (bytes.length < MAGIC.length + 8) {
        throw new BufferUnderflowException();
      }
      CRC32 crc = new CRC32();
      crc.update(bytes, 0, bytes.length - 4);
      int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN)
          .getInt();
      if (stored != (int) crc.getValue()) {
        throw new IllegalArgumentException("corrupt or truncated: checksum mismatch");
      }
    }
    Checkpoint ck = new Checkpoint();
    ck.formatVersion = version;
    int headerBytes = length(in, "header size");
    byte[] h = new byte[headerBytes];
    in.get(h);
    ck.parseHeader(utf8(h, "header"));
    if (version == 1) {
      int count = length(in, "tensor count");
      for (int t = 0; t < count; t++) {
        ck.readTensor(in, V1_SECTION);
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(
            "corrupt: " + in.remaining() + " unexpected bytes after the last tensor");
      }
    } else {
      int count = length(in, "section count");
      for (int s = 0; s < count; s++) {
        String section = readString(in, "section name");
        int tensors = length(in, "tensor count");
        ck.sections.computeIfAbsent(section, k -> new LinkedHashMap<>());
        for (int t = 0; t < tensors; t++) {
          ck.readTensor(in, section);
        }
      }
      if (in.remaining() != 4) {
        throw new IllegalArgumentException(
            "corrupt: " + (in.remaining() - 4) + " unexpected bytes after the last tensor");
      }
    }
    return ck;
  }

  private void readTensor(ByteBuffer in, String section) {
    String name = readString(in, "tensor name");
    int rows = in.getInt();
    int cols = in.getInt();
    if (rows < 0 || cols < 0 || (long) rows * cols * 4 > in.remaining()) {
      if (rows >= 0 && cols >= 0) {
        throw new BufferUnderflowException();
      }
      throw new IllegalArgumentException(
          "corrupt: tensor '" + name + "' has shape " + rows + "x" + cols);
    }
    Matrix m = new Matrix(rows, cols);
    in.asFloatBuffer().get(m.data);
    in.position(in.position() + 4 * m.data.length);
    Map<String, Matrix> sec = sections.computeIfAbsent(section, k -> new LinkedHashMap<>());
    if (sec.put(name, m) != null) {
      throw new IllegalArgumentException(
          "corrupt: tensor '" + name + "' appears twice in section '" + section + "'");
    }
  }

  private static int length(ByteBuffer in, String what) {
    int n = in.getInt();
    if (n < 0) {
      throw new IllegalArgumentException("corrupt: negative " + what + " " + n);
    }
    if (n > in.remaining() && !what.endsWith("count")) {
      throw new BufferUnderflowException();
    }
    return n;
  }

  private static String readString(ByteBuffer in, String what) {
    int n = length(in, what + " length");
    if (n > MAX_NAME_BYTES) {
      throw new IllegalArgumentException("corrupt: " + what + " of " + n + " bytes");
    }
    byte[] b = new byte[n];
    in.get(b);
    return utf8(b, what);
  }

  private static String utf8(byte[] b, String what) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("corrupt: " + what + " is not valid UTF-8");
    }
  }

  private void parseHeader(String text) {
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        throw new IllegalArgumentException("corrupt: header does not end with a newline");
      }
      String line = text.substring(start, end);
      start = end + 1;
      StringBuilder key = new StringBuilder();
      StringBuilder value = new StringBuilder();
      StringBuilder cur = key;
      boolean sawEquals = false;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (c == '\\') {
          if (i + 1 >= line.length()) {
            throw new IllegalArgumentException("corrupt: header line ends with a backslash");
          }
          char e = line.charAt(++i);
          cur.append(e == 'n' ? '\n' : e);
        } else if (c == '=' && !sawEquals) {
          sawEquals = true;
          cur = value;
        } else {
          cur.append(c);
        }
      }
      if (!sawEquals || key.length() == 0) {
        throw new IllegalArgumentException("corrupt: header line '" + line + "' is not key=value");
      }
      header.put(key.toString(), value.toString());
    }
  }
}

package org.flowmatch4j.data.hdf5;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A minimal HDF5 writer: groups, contiguous datasets and attributes, enough for AnnData files.
 *
 * <p>The file is written front to back in one pass. Each dataset's raw data goes out when the
 * dataset is added, followed by its object header; a group's object header goes out when the group
 * is closed, after all its children, so every link points backwards. The superblock (version 2,
 * 8-byte offsets and lengths) is written last at offset 0. Objects use version 2 object headers
 * with compact link storage (link info, group info and link messages) and compact attributes;
 * variable-length strings live in global heap collections written just before their user.
 * Files written this way need HDF5 1.8 or newer (h5py, anndata, h5dump, jhdf all read them).
 *
 * <p>Not thread-safe. Use {@link org.flowmatch4j.io.AtomicFile} around it so that an interrupted
 * write leaves nothing behind.
 *
 * <pre>{@code
 * try (Hdf5Writer w = Hdf5Writer.create(path)) {
 *   Hdf5Writer.Group obsm = w.root().group("obsm");
 *   obsm.dataset("X_pca", H5Data.of(scores, n, k), Map.of());
 *   obsm.close();
 * }
 * }</pre>
 */
public final class Hdf5Writer implements Closeable {
  static final long UNDEFINED = -1L;
  private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  private static final int SUPERBLOCK_SIZE = 48;
  private static final int MAX_HEAP_OBJECTS = 65_535;
  private static final int HEAP_TARGET_BYTES = 1 << 20;
  private static final int MIN_HEAP_BYTES = 4096;

  private final FileChannel channel;
  private final ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
  private long bufStart;
  private final Group root;
  private long rootAddress = UNDEFINED;
  private boolean closed;

  private Hdf5Writer(FileChannel channel) {
    this.channel = channel;
    this.root = new Group(null, "/");
    buf.put(new byte[SUPERBLOCK_SIZE]);
  }

  /** Creates (or truncates) {@code path} and starts a file with an empty root group. */
  public static Hdf5Writer create(Path path) throws IOException {
    return new Hdf5Writer(
        FileChannel.open(
            path,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE));
  }

  /** The root group; closed by {@link #close()}. */
  public Group root() {
    return root;
  }

  /** Closes the root group if still open, writes the superblock and closes the file. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    try {
      if (!root.closed) {
        root.close();
      }
      closed = true;
      flush();
      long eof = bufStart;
      ByteBuffer sb = ByteBuffer.allocate(SUPERBLOCK_SIZE).order(ByteOrder.LITTLE_ENDIAN);
      sb.put(SIGNATURE).put((byte) 2).put((byte) 8).put((byte) 8).put((byte) 0);
      sb.putLong(0).putLong(UNDEFINED).putLong(eof).putLong(rootAddress);
      sb.putInt(Lookup3.hash(sb.array(), 0, SUPERBLOCK_SIZE - 4));
      sb.flip();
      long at = 0;
      while (sb.hasRemaining()) {
        at += channel.write(sb, at);
      }
      channel.truncate(eof);
    } finally {
      closed = true;
      channel.close();
    }
  }

  // ---- low-level output -------------------------------------------------------------------

  private long position() {
    return bufStart + buf.position();
  }

  private void flush() throws IOException {
    buf.flip();
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
    bufStart += buf.limit();
    buf.clear();
  }

  private void ensure(int n) throws IOException {
    if (buf.remaining() < n) {
      flush();
    }
  }

  private void put(byte[] b) throws IOException {
    int off = 0;
    while (off < b.length) {
      if (!buf.hasRemaining()) {
        flush();
      }
      int n = Math.min(buf.remaining(), b.length - off);
      buf.put(b, off, n);
      off += n;
    }
  }

  private void align8() throws IOException {
    int pad = (int) ((8 - (position() & 7)) & 7);
    ensure(pad);
    for (int i = 0; i < pad; i++) {
      buf.put((byte) 0);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the HDF5 file is closed");
    }
  }

  // ---- raw data ---------------------------------------------------------------------------

  /** Writes the raw data of a non-string array; returns its address or UNDEFINED if empty. */
  private long writeRaw(H5Data d) throws IOException {
    if (d.count() == 0) {
      return UNDEFINED;
    }
    align8();
    long address = position();
    Object a = d.array();
    switch (d.type()) {
      case FLOAT32 -> {
        float[] v = (float[]) a;
        for (int i = 0; i < v.length; ) {
          ensure(4);
          int n = Math.min(v.length - i, buf.remaining() / 4);
          buf.asFloatBuffer().put(v, i, n);
          buf.position(buf.position() + 4 * n);
          i += n;
        }
      }
      case FLOAT64 -> {
        double[] v = (double[]) a;
        for (int i = 0; i < v.length; ) {
          ensure(8);
          int n = Math.min(v.length - i, buf.remaining() / 8);
          buf.asDoubleBuffer().put(v, i, n);
          buf.position(buf.position() + 8 * n);
          i += n;
        }
      }
      case INT32 -> {
        int[] v = (int[]) a;
        for (int i = 0; i < v.length; ) {
          ensure(4);
          int n = Math.min(v.length - i, buf.remaining() / 4);
          buf.asIntBuffer().put(v, i, n);
          buf.position(buf.position() + 4 * n);
          i += n;
        }
      }
      case INT64 -> {
        long[] v = (long[]) a;
        for (int i = 0; i < v.length; ) {
          ensure(8);
          int n = Math.min(v.length - i, buf.remaining() / 8);
          buf.asLongBuffer().put(v, i, n);
          buf.position(buf.position() + 8 * n);
          i += n;
        }
      }
      case INT16 -> {
        short[] v = (short[]) a;
        for (short x : v) {
          ensure(2);
          buf.putShort(x);
        }
      }
      case INT8, UINT8 -> put((byte[]) a);
      case BOOL -> {
        boolean[] v = (boolean[]) a;
        for (boolean x : v) {
          ensure(1);
          buf.put((byte) (x ? 1 : 0));
        }
      }
      case STRING -> throw new AssertionError("strings go through the global heap");
    }
    return address;
  }

  /** Heap ids of a string array: per element, the collection address and object index. */
  private record HeapIds(byte[][] utf8, long[] collection, int[] index) {}

  /** Writes the strings into global heap collections and returns where each one went. */
  private HeapIds writeHeap(String[] strings) throws IOException {
    int n = strings.length;
    byte[][] utf8 = new byte[n][];
    for (int i = 0; i < n; i++) {
      if (strings[i] == null) {
        throw new IllegalArgumentException("null string at position " + i);
      }
      utf8[i] = strings[i].getBytes(StandardCharsets.UTF_8);
    }
    long[] collection = new long[n];
    int[] index = new int[n];
    int start = 0;
    while (start < n) {
      // choose the objects of this collection
      long used = 16;
      int end = start;
      while (end < n && end - start < MAX_HEAP_OBJECTS) {
        long need = 16 + pad8(utf8[end].length);
        if (end > start && used + need > HEAP_TARGET_BYTES) {
          break;
        }
        used += need;
        end++;
      }
      long size = Math.max(used, MIN_HEAP_BYTES);
      align8();
      long address = position();
      ByteArrayOutputStream head = new ByteArrayOutputStream(16);
      head.writeBytes("GCOL".getBytes(StandardCharsets.US_ASCII));
      head.write(1);
      head.write(0);
      head.write(0);
      head.write(0);
      writeLong(head, size);
      put(head.toByteArray());
      for (int i = start; i < end; i++) {
        int id = i - start + 1;
        ensure(16);
        buf.putShort((short) id).putShort((short) 0).putInt(0).putLong(utf8[i].length);
        put(utf8[i]);
        int pad = pad8(utf8[i].length) - utf8[i].length;
        ensure(pad);
        for (int p = 0; p < pad; p++) {
          buf.put((byte) 0);
        }
        collection[i] = address;
        index[i] = id;
      }
      long free = size - used;
      if (free >= 16) {
        ensure(16);
        buf.putShort((short) 0).putShort((short) 0).putInt(0).putLong(free);
        free -= 16;
      }
      while (free > 0) {
        ensure(1);
        buf.put((byte) 0);
        free--;
      }
      start = end;
    }
    return new HeapIds(utf8, collection, index);
  }

  private static int pad8(int n) {
    return (n + 7) & ~7;
  }

  private static void writeVlen(ByteBuffer b, HeapIds ids, int i) {
    b.putInt(ids.utf8[i].length).putLong(ids.collection[i]).putInt(ids.index[i]);
  }

  private long writeVlenRaw(HeapIds ids) throws IOException {
    int n = ids.utf8.length;
    if (n == 0) {
      return UNDEFINED;
    }
    align8();
    long address = position();
    for (int i = 0; i < n; i++) {
      ensure(16);
      writeVlen(buf, ids, i);
    }
    return address;
  }

  // ---- object headers ---------------------------------------------------------------------

  private record Message(int type, int flags, byte[] body) {}

  private long writeObjectHeader(List<Message> messages) throws IOException {
    int total = 0;
    for (Message m : messages) {
      if (m.body.length > 0xffff) {
        throw new IllegalArgumentException("HDF5 header message of " + m.body.length + " bytes is too large");
      }
      total += 4 + m.body.length;
    }
    ByteBuffer h = ByteBuffer.allocate(4 + 1 + 1 + 4 + total + 4).order(ByteOrder.LITTLE_ENDIAN);
    h.put("OHDR".getBytes(StandardCharsets.US_ASCII)).put((byte) 2).put((byte) 0x02).putInt(total);
    for (Message m : messages) {
      h.put((byte) m.type).putShort((short) m.body.length).put((byte) m.flags).put(m.body);
    }
    h.putInt(Lookup3.hash(h.array(), 0, h.capacity() - 4));
    align8();
    long address = position();
    put(h.array());
    return address;
  }

  private static byte[] dataspace(long[] shape) {
    ByteBuffer b = ByteBuffer.allocate(4 + 8 * shape.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 2).put((byte) shape.length).put((byte) 0).put((byte) (shape.length == 0 ? 0 : 1));
    for (long d : shape) {
      b.putLong(d);
    }
    return b.array();
  }

  private static byte[] layout(long address, long size) {
    ByteBuffer b = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 3).put((byte) 1).putLong(address).putLong(size);
    return b.array();
  }

  private static void writeLong(ByteArrayOutputStream b, long v) {
    for (int i = 0; i < 8; i++) {
      b.write((int) (v >>> (8 * i)));
    }
  }

  private static boolean ascii(byte[] b) {
    for (byte x : b) {
      if (x < 0) {
        return false;
      }
    }
    return true;
  }

  /** Encodes one attribute message; string values must already be in the heap. */
  private static Message attributeMessage(String name, H5Data value, HeapIds ids) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    byte[] type = value.type().message();
    byte[] space = dataspace(value.shape());
    int dataSize = (int) (value.count() * value.type().size);
    int size = 9 + nameBytes.length + 1 + type.length + space.length + dataSize;
    if (size > 0xffff) {
      throw new IllegalArgumentException(
          "attribute '" + name + "' needs " + size + " bytes; at most 65535 fit in an object header");
    }
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 3).put((byte) 0).putShort((short) (nameBytes.length + 1));
    b.putShort((short) type.length).putShort((short) space.length).put((byte) (ascii(nameBytes) ? 0 : 1));
    b.put(nameBytes).put((byte) 0).put(type).put(space);
    Object a = value.array();
    int n = (int) value.count();
    for (int i = 0; i < n; i++) {
      switch (value.type()) {
        case FLOAT32 -> b.putFloat(((float[]) a)[i]);
        case FLOAT64 -> b.putDouble(((double[]) a)[i]);
        case INT8, UINT8 -> b.put(((byte[]) a)[i]);
        case INT16 -> b.putShort(((short[]) a)[i]);
        case INT32 -> b.putInt(((int[]) a)[i]);
        case INT64 -> b.putLong(((long[]) a)[i]);
        case BOOL -> b.put((byte) (((boolean[]) a)[i] ? 1 : 0));
        case STRING -> writeVlen(b, ids, i);
      }
    }
    return new Message(12, 0, b.array());
  }

  private List<Message> attributeMessages(Map<String, H5Data> attributes) throws IOException {
    List<Message> out = new ArrayList<>();
    for (Map.Entry<String, H5Data> e : attributes.entrySet()) {
      H5Data v = e.getValue();
      HeapIds ids = v.type() == H5Type.STRING ? writeHeap((String[]) v.array()) : null;
      out.add(attributeMessage(e.getKey(), v, ids));
    }
    return out;
  }

  private static byte[] link(String name, long address) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    boolean utf8 = !ascii(n);
    boolean wide = n.length > 255;
    ByteBuffer b =
        ByteBuffer.allocate(2 + (utf8 ? 1 : 0) + (wide ? 2 : 1) + n.length + 8).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 1).put((byte) ((wide ? 1 : 0) | (utf8 ? 0x10 : 0)));
    if (utf8) {
      b.put((byte) 1);
    }
    if (wide) {
      b.putShort((short) n.length);
    } else {
      b.put((byte) n.length);
    }
    b.put(n).putLong(address);
    return b.array();
  }

  /**
   * A group being written. Children are written as they are added; the group's own header is
   * written by {@link #close()}, which must come after all its children are closed.
   */
  public final class Group implements Closeable {
    private final Group parent;
    private final String name;
    private final Map<String, Long> links = new LinkedHashMap<>();
    private final Map<String, H5Data> attributes = new LinkedHashMap<>();
    private final Set<String> names = new HashSet<>();
    private int openChildren;
    private boolean closed;

    private Group(Group parent, String name) {
      this.parent = parent;
      this.name = name;
    }

    private void checkChildName(String child) {
      checkOpen();
      if (closed) {
        throw new IllegalStateException("group '" + name + "' is closed");
      }
      if (child.isEmpty() || child.contains("/") || child.equals(".")) {
        throw new IllegalArgumentException("invalid HDF5 name '" + child + "' in group '" + name + "'");
      }
      if (!names.add(child)) {
        throw new IllegalArgumentException("group '" + name + "' already has a member '" + child + "'");
      }
    }

    /** Starts a child group; close it before closing this group. */
    public Group group(String child) {
      checkChildName(child);
      openChildren++;
      return new Group(this, child);
    }

    /** Sets an attribute of this group (written when the group is closed). */
    public Group attribute(String key, H5Data value) {
      if (closed) {
        throw new IllegalStateException("group '" + name + "' is closed");
      }
      attributes.put(key, value);
      return this;
    }

    /** Writes a dataset with its attributes now. */
    public void dataset(String child, H5Data data, Map<String, H5Data> attrs) throws IOException {
      checkChildName(child);
      long address;
      long size = data.count() * data.type().size;
      if (data.type() == H5Type.STRING) {
        HeapIds ids = writeHeap((String[]) data.array());
        address = writeVlenRaw(ids);
      } else {
        address = writeRaw(data);
      }
      List<Message> msgs = new ArrayList<>();
      msgs.add(new Message(1, 0, dataspace(data.shape())));
      msgs.add(new Message(3, 1, data.type().message()));
      msgs.add(new Message(5, 1, new byte[] {3, 0x0a})); // fill: late allocation, fill if set
      msgs.add(new Message(8, 0, layout(address, address == UNDEFINED ? 0 : size)));
      msgs.addAll(attributeMessages(attrs));
      links.put(child, writeObjectHeader(msgs));
    }

    /**
     * Writes a 1-D compound dataset (a NumPy record array): one member per field, in order, each
     * field a 1-D array of the same length (numeric, boolean or string).
     */
    public void compoundDataset(String child, String[] names, H5Data[] fields, Map<String, H5Data> attrs) throws IOException {
      checkChildName(child);
      if (names.length != fields.length || names.length == 0) {
        throw new IllegalArgumentException("compound '" + child + "' needs one name per field and at least one field");
      }
      long n = fields[0].count();
      int rowSize = 0;
      int[] offsets = new int[fields.length];
      HeapIds[] ids = new HeapIds[fields.length];
      for (int f = 0; f < fields.length; f++) {
        if (fields[f].shape().length != 1 || fields[f].count() != n) {
          throw new IllegalArgumentException("compound '" + child + "' field '" + names[f] + "' must be 1-D of length " + n);
        }
        offsets[f] = rowSize;
        rowSize += fields[f].type().size;
        if (fields[f].type() == H5Type.STRING) {
          ids[f] = writeHeap((String[]) fields[f].array());
        }
      }
      // datatype message: class 6, version 3
      int offsetBytes = rowSize < (1 << 8) ? 1 : rowSize < (1 << 16) ? 2 : rowSize < (1 << 24) ? 3 : 4;
      ByteArrayOutputStream t = new ByteArrayOutputStream();
      t.write(0x36);
      t.write(fields.length & 0xff);
      t.write(fields.length >>> 8);
      t.write(0);
      H5Type.le32(t, rowSize);
      for (int f = 0; f < fields.length; f++) {
        t.writeBytes(names[f].getBytes(StandardCharsets.UTF_8));
        t.write(0);
        for (int b = 0; b < offsetBytes; b++) {
          t.write(offsets[f] >>> (8 * b));
        }
        t.writeBytes(fields[f].type().message());
      }
      long address = UNDEFINED;
      if (n > 0) {
        align8();
        address = position();
        ByteBuffer row = ByteBuffer.allocate(rowSize).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
          row.clear();
          for (int f = 0; f < fields.length; f++) {
            Object a = fields[f].array();
            switch (fields[f].type()) {
              case FLOAT32 -> row.putFloat(((float[]) a)[i]);
              case FLOAT64 -> row.putDouble(((double[]) a)[i]);
              case INT8, UINT8 -> row.put(((byte[]) a)[i]);
              case INT16 -> row.putShort(((short[]) a)[i]);
              case INT32 -> row.putInt(((int[]) a)[i]);
              case INT64 -> row.putLong(((long[]) a)[i]);
              case BOOL -> row.put((byte) (((boolean[]) a)[i] ? 1 : 0));
              case STRING -> writeVlen(row, ids[f], i);
            }
          }
          put(row.array());
        }
      }
      List<Message> msgs = new ArrayList<>();
      msgs.add(new Message(1, 0, dataspace(new long[] {n})));
      msgs.add(new Message(3, 1, t.toByteArray()));
      msgs.add(new Message(5, 1, new byte[] {3, 0x0a}));
      msgs.add(new Message(8, 0, layout(address, address == UNDEFINED ? 0 : n * rowSize)));
      msgs.addAll(attributeMessages(attrs));
      links.put(child, writeObjectHeader(msgs));
    }

    /** Writes this group's header and links it into its parent. */
    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      checkOpen();
      if (openChildren > 0) {
        throw new IllegalStateException("group '" + name + "' has " + openChildren + " open child group(s)");
      }
      List<Message> msgs = new ArrayList<>();
      ByteBuffer linkInfo = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN);
      linkInfo.put((byte) 0).put((byte) 0).putLong(UNDEFINED).putLong(UNDEFINED);
      msgs.add(new Message(2, 0, linkInfo.array()));
      msgs.add(new Message(10, 0, new byte[] {0, 0}));
      for (Map.Entry<String, Long> e : links.entrySet()) {
        msgs.add(new Message(6, 0, link(e.getKey(), e.getValue())));
      }
      msgs.addAll(attributeMessages(attributes));
      long address = writeObjectHeader(msgs);
      closed = true;
      if (parent == null) {
        rootAddress = address;
      } else {
        parent.links.put(name, address);
        parent.openChildren--;
      }
    }
  }
}

package org.flowmatch4j.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.flowmatch4j.tensor.Matrix;

/**
 * NumPy {@code .npy} arrays and {@code .npz} archives (a zip of {@code .npy} members, stored or
 * deflated). Supported: format versions 1–3; little- and big-endian float32/float64, signed and
 * unsigned 8–64-bit integers and booleans; C or Fortran order (Fortran is reordered to row-major).
 * Object arrays and structured dtypes would need Python's pickle and are rejected.
 *
 * <pre>{@code
 * Matrix x = Npy.readMatrix(Path.of("cells.npy"));
 * Map<String, NdArray> z = Npy.readNpz(Path.of("data.npz"));
 * }</pre>
 */
public final class Npy {
  private Npy() {}

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*('([^']*)'|\\[)");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  /** Reads a {@code .npy} file. */
  public static NdArray read(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new java.nio.file.NoSuchFileException(path.toString());
    }
    return parse(Files.readAllBytes(path), path.toString());
  }

  /** Reads a 2-D (or 1-D, as a column) numeric {@code .npy} array as a float32 matrix. */
  public static Matrix readMatrix(Path path) throws IOException {
    return toMatrix(read(path), path.toString());
  }

  /** Reads every member of a {@code .npz} archive, keyed by name without {@code .npy}. */
  public static Map<String, NdArray> readNpz(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new java.nio.file.NoSuchFileException(path.toString());
    }
    Map<String, NdArray> out = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(path.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (e.isDirectory()) {
          continue;
        }
        String key = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
        try (InputStream in = zip.getInputStream(e)) {
          ByteArrayOutputStream b = new ByteArrayOutputStream();
          in.transferTo(b);
          out.put(key, parse(b.toByteArray(), path + ":" + e.getName()));
        }
      }
    } catch (ZipException e) {
      throw new IllegalArgumentException(path + ": not a valid .npz (zip) archive: " + e.getMessage());
    }
    return out;
  }

  /** A numeric array of rank 1 (n x 1) or 2 as a float32 matrix; values must be finite. */
  public static Matrix toMatrix(NdArray a, String what) {
    if (a.shape().length == 0 || a.shape().length > 2) {
      throw new IllegalArgumentException(what + ": expected a 1-D or 2-D array, got shape " + java.util.Arrays.toString(a.shape()));
    }
    if (a.dtype() == Dtype.STRING) {
      throw new IllegalArgumentException(what + ": expected numbers, got strings");
    }
    int rows = Math.toIntExact(a.shape()[0]);
    int cols = a.shape().length == 2 ? Math.toIntExact(a.shape()[1]) : 1;
    double[] v = a.asDoubles();
    Matrix m = new Matrix(rows, cols);
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw new IllegalArgumentException(what + ": non-finite value at row " + (i / Math.max(cols, 1)) + ", column " + (i % Math.max(cols, 1)));
      }
      m.data[i] = (float) v[i];
    }
    return m;
  }

  /** Parses the bytes of one {@code .npy} array; {@code what} names it in messages. */
  static NdArray parse(byte[] b, String what) {
    if (b.length < 10 || !java.util.Arrays.equals(java.util.Arrays.copyOf(b, 6), MAGIC)) {
      throw new IllegalArgumentException(what + ": not a .npy file (bad magic)");
    }
    int major = b[6] & 0xff;
    int headerLen;
    int start;
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    if (major == 1) {
      headerLen = bb.getShort(8) & 0xffff;
      start = 10;
    } else if (major == 2 || major == 3) {
      if (b.length < 12) {
        throw new IllegalArgumentException(what + ": truncated .npy header");
      }
      headerLen = bb.getInt(8);
      start = 12;
    } else {
      throw new IllegalArgumentException(what + ": unsupported .npy format version " + major);
    }
    if (headerLen < 0 || start + headerLen > b.length) {
      throw new IllegalArgumentException(what + ": truncated .npy header");
    }
    String header = new String(b, start, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Matcher d = DESCR.matcher(header);
    Matcher f = FORTRAN.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!d.find() || !f.find() || !s.find()) {
      throw new IllegalArgumentException(what + ": malformed .npy header: " + header.strip());
    }
    if (d.group(2) == null) {
      throw new IllegalArgumentException(what + ": structured dtypes are not supported");
    }
    String descr = d.group(2);
    boolean fortran = f.group(1).equals("True");
    long[] shape = shape(s.group(1), what);
    char order = descr.charAt(0);
    String code = (order == '<' || order == '>' || order == '|' || order == '=') ? descr.substring(1) : descr;
    ByteOrder bo = order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    if (code.startsWith("O")) {
      throw new IllegalArgumentException(
          what + ": object arrays (dtype " + descr + ") need Python's pickle and are not supported; save numbers or use .h5ad");
    }
    if (code.isEmpty()) {
      throw new IllegalArgumentException(what + ": empty dtype");
    }
    char kind = code.charAt(0);
    int size;
    try {
      size = Integer.parseInt(code.substring(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + ": unsupported dtype '" + descr + "'");
    }
    long n = 1;
    for (long x : shape) {
      n = Math.multiplyExact(n, x);
    }
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(what + ": array of " + n + " elements is too large");
    }
    int count = (int) n;
    int dataStart = start + headerLen;
    if ((long) count * size > b.length - dataStart) {
      throw new IllegalArgumentException(
          what + ": truncated data: " + count + " elements of " + size + " bytes need " + ((long) count * size)
              + " bytes, the file has " + (b.length - dataStart));
    }
    ByteBuffer data = ByteBuffer.wrap(b, dataStart, b.length - dataStart).slice().order(bo);
    NdArray out;
    switch (kind) {
      case 'f' -> {
        double[] v = new double[count];
        if (size == 4) {
          for (int i = 0; i < count; i++) {
            v[i] = data.getFloat(4 * i);
          }
        } else if (size == 8) {
          for (int i = 0; i < count; i++) {
            v[i] = data.getDouble(8 * i);
          }
        } else {
          throw new IllegalArgumentException(what + ": unsupported float size " + size + " (dtype " + descr + ")");
        }
        out = new NdArray(v, shape, size == 4 ? Dtype.FLOAT32 : Dtype.FLOAT64);
      }
      case 'i', 'u' -> {
        long[] v = new long[count];
        boolean signed = kind == 'i';
        for (int i = 0; i < count; i++) {
          v[i] = switch (size) {
            case 1 -> signed ? data.get(i) : data.get(i) & 0xffL;
            case 2 -> signed ? data.getShort(2 * i) : data.getShort(2 * i) & 0xffffL;
            case 4 -> signed ? data.getInt(4 * i) : data.getInt(4 * i) & 0xffffffffL;
            case 8 -> {
              long x = data.getLong(8 * i);
              if (!signed && x < 0) {
                throw new IllegalArgumentException(what + ": uint64 value above 2^63 at element " + i);
              }
              yield x;
            }
            default -> throw new IllegalArgumentException(what + ": unsupported integer size " + size + " (dtype " + descr + ")");
          };
        }
        out = new NdArray(v, shape, Dtype.integer(signed, size));
      }
      case 'b' -> {
        if (size != 1) {
          throw new IllegalArgumentException(what + ": unsupported bool size " + size);
        }
        boolean[] v = new boolean[count];
        for (int i = 0; i < count; i++) {
          v[i] = data.get(i) != 0;
        }
        out = new NdArray(v, shape, Dtype.BOOL);
      }
      default -> throw new IllegalArgumentException(what + ": unsupported dtype '" + descr + "'");
    }
    return fortran && shape.length > 1 ? toRowMajor(out) : out;
  }

  private static long[] shape(String s, String what) {
    String[] parts = s.split(",");
    int k = 0;
    long[] out = new long[parts.length];
    for (String p : parts) {
      String t = p.strip();
      if (t.isEmpty()) {
        continue;
      }
      try {
        out[k] = Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(what + ": malformed shape (" + s + ")");
      }
      if (out[k] < 0) {
        throw new IllegalArgumentException(what + ": negative dimension in shape (" + s + ")");
      }
      k++;
    }
    return java.util.Arrays.copyOf(out, k);
  }

  /** Reorders a column-major (Fortran) array to row-major. */
  private static NdArray toRowMajor(NdArray a) {
    long[] shape = a.shape();
    int rank = shape.length;
    int n = java.lang.reflect.Array.getLength(a.data());
    Object dst = java.lang.reflect.Array.newInstance(a.data().getClass().getComponentType(), n);
    int[] idx = new int[rank];
    for (int f = 0; f < n; f++) {
      // f is the Fortran linear index of idx; compute the C linear index
      int c = 0;
      for (int d = 0; d < rank; d++) {
        c = c * (int) shape[d] + idx[d];
      }
      System.arraycopy(a.data(), f, dst, c, 1);
      for (int d = 0; d < rank; d++) {
        if (++idx[d] < shape[d]) {
          break;
        }
        idx[d] = 0;
      }
    }
    return new NdArray(dst, shape, a.dtype());
  }
}

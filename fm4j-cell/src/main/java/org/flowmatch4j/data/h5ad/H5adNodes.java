package org.flowmatch4j.data.h5ad;

import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * Reading the HDF5 nodes of an {@code .h5ad} file: the attributes that tell its format era
 * ({@code encoding-type}, {@code h5sparse_format}, {@code _index}, shapes) and the small 1-D
 * arrays (labels, codes, booleans) of every era.
 */
final class H5adNodes {
  private H5adNodes() {}

  /** The child {@code name} of {@code g}; null if absent and not {@code required}. */
  static Node child(Group g, String name, boolean required) {
    Node n = g.getChildren().get(name);
    if (n == null && required) {
      throw new IllegalArgumentException("missing (the file has " + g.getChildren().keySet() + ")");
    }
    return n;
  }

  static String encoding(Node n) {
    Attribute a = n.getAttributes().get("encoding-type");
    if (a == null) {
      return "";
    }
    Object v = a.getData();
    return v instanceof String s ? s : String.valueOf(v);
  }

  static String stringAttr(Node n, String name) {
    Attribute a = n.getAttributes().get(name);
    if (a == null) {
      return null;
    }
    Object v = a.getData();
    if (v instanceof String s) {
      return s;
    }
    if (v != null && v.getClass().isArray() && Array.getLength(v) == 1) {
      return String.valueOf(Array.get(v, 0));
    }
    throw new IllegalArgumentException("attribute '" + name + "' is not a string");
  }

  static String[] stringArrayAttr(Node n, String name) {
    Attribute a = n.getAttributes().get(name);
    if (a == null) {
      return null;
    }
    Object v = a.getData();
    if (v == null) {
      return new String[0]; // an empty (float64) array, as anndata writes no columns
    }
    if (v instanceof String s) {
      return new String[] {s};
    }
    if (v instanceof String[] s) {
      return s;
    }
    if (v.getClass().isArray() && Array.getLength(v) == 0) {
      return new String[0];
    }
    throw new IllegalArgumentException("attribute '" + name + "' is not a list of strings");
  }

  static boolean boolValue(Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s) {
      return s.equalsIgnoreCase("TRUE");
    }
    if (v instanceof Number x) {
      return x.longValue() != 0;
    }
    if (v != null && v.getClass().isArray() && Array.getLength(v) == 1) {
      return boolValue(Array.get(v, 0));
    }
    throw new IllegalArgumentException("expected a boolean, got " + v);
  }

  static long[] shapeAttr(Node n, String name) {
    Attribute a = n.getAttributes().get(name);
    if (a == null) {
      throw new IllegalArgumentException("missing attribute '" + name + "'");
    }
    Object v = a.getData();
    if (v == null || !v.getClass().isArray() || Array.getLength(v) != 2) {
      throw new IllegalArgumentException("attribute '" + name + "' is not a 2-element shape");
    }
    long[] s = {((Number) Array.get(v, 0)).longValue(), ((Number) Array.get(v, 1)).longValue()};
    if (s[0] < 0 || s[1] < 0 || s[0] > Integer.MAX_VALUE || s[1] > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("invalid shape " + Arrays.toString(s));
    }
    return s;
  }

  static Dataset dataset(Node n) {
    if (n instanceof Dataset d) {
      return d;
    }
    throw new IllegalArgumentException("'" + n.getName() + "' is a group, expected a dataset");
  }

  static int size1d(Dataset d) {
    int[] dims = d.getDimensions();
    if (dims.length > 1) {
      throw new IllegalArgumentException("expected a 1-D array, shape is " + Arrays.toString(dims));
    }
    return dims.length == 0 ? 1 : dims[0];
  }

  static boolean[] bools(Dataset d) {
    if (d.isEmpty()) {
      return new boolean[0];
    }
    Object flat = d.getDataFlat();
    int n = Array.getLength(flat);
    boolean[] out = new boolean[n];
    for (int i = 0; i < n; i++) {
      out[i] = boolValue(Array.get(flat, i));
    }
    return out;
  }

  static String[] toStrings(Object v) {
    int n = Array.getLength(v);
    String[] s = new String[n];
    for (int i = 0; i < n; i++) {
      s[i] = String.valueOf(Array.get(v, i));
    }
    return s;
  }

  static int[] toInts(Object v, String key) {
    int n = Array.getLength(v);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      Object x = Array.get(v, i);
      if (!(x instanceof Byte || x instanceof Short || x instanceof Integer || x instanceof Long)) {
        throw new IllegalArgumentException("'" + key + "' codes are not integers");
      }
      out[i] = ((Number) x).intValue();
    }
    return out;
  }

  static long[] toLong(int[] dims) {
    long[] out = new long[dims.length];
    for (int i = 0; i < dims.length; i++) {
      out[i] = dims[i];
    }
    return out;
  }
}

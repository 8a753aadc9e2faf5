package org.flowmatch4j.data.h5ad;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Column;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.Dtype;
import org.flowmatch4j.data.NdArray;
import org.flowmatch4j.data.RecArray;
import org.flowmatch4j.data.SparseMatrix;
import org.flowmatch4j.data.hdf5.H5Data;
import org.flowmatch4j.data.hdf5.H5Type;
import org.flowmatch4j.data.hdf5.Hdf5Writer;
import org.flowmatch4j.io.AtomicFile;
import org.flowmatch4j.tensor.Matrix;

/**
 * Writes AnnData in the modern encoding that anndata ≥ 0.8 reads ({@code encoding-type} and
 * {@code encoding-version} on every element): X and layers dense or CSR/CSC, obs/var
 * dataframes with numeric, boolean, string, categorical and nullable columns, obsm/varm/obsp/varp,
 * raw and uns (strings, numbers, booleans, arrays, nested dicts, dataframes, sparse matrices,
 * record arrays). Matrices and numeric columns keep their dtype (float64 matrices their exact
 * values; see {@link DataMatrix}) except uint16/32/64, which are widened to int64. Datasets are uncompressed and contiguous.
 */
final class H5adWriter {
  private final Hdf5Writer w;

  private H5adWriter(Hdf5Writer w) {
    this.w = w;
  }

  static void write(Path path, AnnData a) throws IOException {
    a.validate();
    AtomicFile.write(path, tmp -> {
      try (Hdf5Writer hw = Hdf5Writer.create(tmp)) {
        new H5adWriter(hw).anndata(a);
      }
    });
  }

  private static Map<String, H5Data> enc(String type, String version) {
    Map<String, H5Data> m = new LinkedHashMap<>();
    m.put("encoding-type", H5Data.scalar(type));
    m.put("encoding-version", H5Data.scalar(version));
    return m;
  }

  private static void attrs(Hdf5Writer.Group g, Map<String, H5Data> attrs) {
    attrs.forEach(g::attribute);
  }

  private void anndata(AnnData a) throws IOException {
    Hdf5Writer.Group root = w.root();
    attrs(root, enc("anndata", "0.1.0"));
    if (a.x() != null) {
      matrix(root, "X", a.x());
    }
    frame(root, "obs", a.obs());
    frame(root, "var", a.var());
    matrices(root, "obsm", a.obsm());
    matrices(root, "varm", a.varm());
    matrices(root, "obsp", a.obsp());
    matrices(root, "varp", a.varp());
    matrices(root, "layers", a.layers());
    dict(root, "uns", a.uns(), "uns");
    if (a.raw() != null) {
      Hdf5Writer.Group raw = root.group("raw");
      attrs(raw, enc("raw", "0.1.0"));
      if (a.raw().x() != null) {
        matrix(raw, "X", a.raw().x());
      }
      frame(raw, "var", a.raw().var());
      matrices(raw, "varm", a.raw().varm());
      raw.close();
    }
    root.close();
  }

  private void matrices(Hdf5Writer.Group parent, String name, Map<String, DataMatrix> m) throws IOException {
    Hdf5Writer.Group g = parent.group(name);
    attrs(g, enc("dict", "0.1.0"));
    for (Map.Entry<String, DataMatrix> e : m.entrySet()) {
      matrix(g, e.getKey(), e.getValue());
    }
    g.close();
  }

  private void matrix(Hdf5Writer.Group parent, String name, DataMatrix m) throws IOException {
    if (m instanceof DenseMatrix d) {
      Matrix v = d.values();
      parent.dataset(name, stored(v.data, d.exact(), d.dtype(), v.rows, v.cols), enc("array", "0.2.0"));
    } else {
      SparseMatrix s = (SparseMatrix) m;
      Hdf5Writer.Group g = parent.group(name);
      attrs(g, enc(s.format == SparseMatrix.Format.CSR ? "csr_matrix" : "csc_matrix", "0.1.0"));
      g.attribute("shape", H5Data.of(new long[] {s.rows, s.cols}));
      g.dataset("data", stored(s.data, s.exact, s.dtype(), s.data.length), Map.of());
      g.dataset("indices", H5Data.of(s.indices), Map.of());
      g.dataset("indptr", H5Data.of(s.indptr), Map.of());
      g.close();
    }
  }

  /**
   * A matrix's values in its element type: float32 as they are, float64 from the exact values where
   * kept, integers (exact in float32 up to 2^24) converted back.
   */
  private static H5Data stored(float[] values, double[] exact, Dtype t, long... shape) {
    if (t == Dtype.FLOAT32) {
      return H5Data.of(values, shape);
    }
    double[] v = exact;
    if (v == null) {
      v = new double[values.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = values[i];
      }
    }
    if (t.isInteger()) {
      for (int i = 0; i < v.length; i++) {
        if (v[i] != Math.rint(v[i])) {
          throw new IllegalStateException("a matrix of element type " + t + " holds " + v[i] + " at stored entry " + i
              + ", which that type cannot keep; give the matrix a float element type");
        }
      }
    }
    H5Data flat = numeric(v, t);
    return new H5Data(flat.type(), shape, flat.array());
  }

  private void frame(Hdf5Writer.Group parent, String name, DataFrame df) throws IOException {
    Hdf5Writer.Group g = parent.group(name);
    g.attribute("_index", H5Data.scalar(df.indexName()));
    String[] order = df.columns().keySet().toArray(String[]::new);
    // anndata writes an empty column list as an empty float64 array
    g.attribute("column-order", order.length == 0 ? H5Data.of(new double[0]) : H5Data.of(order));
    attrs(g, enc("dataframe", "0.2.0"));
    strings(g, df.indexName(), df.index(), name + " index");
    for (Map.Entry<String, Column> e : df.columns().entrySet()) {
      column(g, e.getKey(), e.getValue(), name + "/" + e.getKey());
    }
    g.close();
  }

  private static void strings(Hdf5Writer.Group g, String name, String[] values, String what) throws IOException {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        throw new IllegalArgumentException(what + " has a missing string at row " + i + "; use a categorical for missing values");
      }
    }
    g.dataset(name, H5Data.of(values), enc("string-array", "0.2.0"));
  }

  private void column(Hdf5Writer.Group g, String name, Column c, String key) throws IOException {
    if (c instanceof Column.Numeric n) {
      g.dataset(name, numeric(n.values(), n.type()), enc("array", "0.2.0"));
    } else if (c instanceof Column.Bool b) {
      g.dataset(name, H5Data.of(b.values()), enc("array", "0.2.0"));
    } else if (c instanceof Column.Strings s) {
      strings(g, name, s.values(), key);
    } else if (c instanceof Column.Categorical cat) {
      Hdf5Writer.Group cg = g.group(name);
      attrs(cg, enc("categorical", "0.2.0"));
      cg.attribute("ordered", H5Data.scalar(cat.ordered()));
      int k = cat.categories().size();
      int[] codes = cat.codes();
      H5Data codeData;
      if (k < 128) {
        byte[] b = new byte[codes.length];
        for (int i = 0; i < b.length; i++) {
          b[i] = (byte) codes[i];
        }
        codeData = H5Data.of(b);
      } else if (k < 32768) {
        short[] s = new short[codes.length];
        for (int i = 0; i < s.length; i++) {
          s[i] = (short) codes[i];
        }
        codeData = H5Data.of(s);
      } else {
        codeData = H5Data.of(codes);
      }
      cg.dataset("codes", codeData, enc("array", "0.2.0"));
      if (cat.numericCategories() != null) {
        cg.dataset("categories", H5Data.of(cat.numericCategories()), enc("array", "0.2.0"));
      } else {
        strings(cg, "categories", cat.categories().toArray(String[]::new), key + " categories");
      }
      cg.close();
    } else if (c instanceof Column.NullableInt ni) {
      Hdf5Writer.Group ng = g.group(name);
      attrs(ng, enc("nullable-integer", "0.1.0"));
      ng.dataset("values", H5Data.of(ni.values()), enc("array", "0.2.0"));
      ng.dataset("mask", H5Data.of(ni.mask()), enc("array", "0.2.0"));
      ng.close();
    } else if (c instanceof Column.NullableBool nb) {
      Hdf5Writer.Group ng = g.group(name);
      attrs(ng, enc("nullable-boolean", "0.1.0"));
      ng.dataset("values", H5Data.of(nb.values()), enc("array", "0.2.0"));
      ng.dataset("mask", H5Data.of(nb.mask()), enc("array", "0.2.0"));
      ng.close();
    }
  }

  private static H5Data numeric(double[] v, Dtype t) {
    switch (t) {
      case FLOAT32 -> {
        float[] f = new float[v.length];
        for (int i = 0; i < f.length; i++) {
          f[i] = (float) v[i];
        }
        return H5Data.of(f);
      }
      case INT8 -> {
        byte[] b = new byte[v.length];
        for (int i = 0; i < b.length; i++) {
          b[i] = (byte) v[i];
        }
        return H5Data.of(b);
      }
      case UINT8 -> {
        byte[] b = new byte[v.length];
        for (int i = 0; i < b.length; i++) {
          b[i] = (byte) v[i];
        }
        return new H5Data(H5Type.UINT8, new long[] {b.length}, b);
      }
      case INT16 -> {
        short[] s = new short[v.length];
        for (int i = 0; i < s.length; i++) {
          s[i] = (short) v[i];
        }
        return H5Data.of(s);
      }
      case INT32 -> {
        int[] n = new int[v.length];
        for (int i = 0; i < n.length; i++) {
          n[i] = (int) v[i];
        }
        return H5Data.of(n);
      }
      case INT64, UINT16, UINT32, UINT64 -> {
        long[] n = new long[v.length];
        for (int i = 0; i < n.length; i++) {
          n[i] = (long) v[i];
        }
        return H5Data.of(n);
      }
      default -> {
        return H5Data.of(v);
      }
    }
  }

  private static H5Data field(Object a, String key) {
    if (a instanceof float[] f) {
      return H5Data.of(f);
    } else if (a instanceof double[] d) {
      return H5Data.of(d);
    } else if (a instanceof byte[] b) {
      return H5Data.of(b);
    } else if (a instanceof short[] s) {
      return H5Data.of(s);
    } else if (a instanceof int[] i) {
      return H5Data.of(i);
    } else if (a instanceof long[] l) {
      return H5Data.of(l);
    } else if (a instanceof boolean[] b) {
      return H5Data.of(b);
    } else if (a instanceof String[] s) {
      return H5Data.of(s);
    }
    throw new IllegalArgumentException(key + ": cannot write a record field of type " + a.getClass().getSimpleName());
  }

  private void dict(Hdf5Writer.Group parent, String name, Map<String, ?> m, String key) throws IOException {
    Hdf5Writer.Group g = parent.group(name);
    attrs(g, enc("dict", "0.1.0"));
    for (Map.Entry<String, ?> e : m.entrySet()) {
      unsValue(g, e.getKey(), e.getValue(), key + "/" + e.getKey());
    }
    g.close();
  }

  private void unsValue(Hdf5Writer.Group g, String name, Object v, String key) throws IOException {
    if (v instanceof String s) {
      g.dataset(name, H5Data.scalar(s), enc("string", "0.2.0"));
    } else if (v instanceof Boolean b) {
      g.dataset(name, H5Data.scalar(b), enc("numeric-scalar", "0.2.0"));
    } else if (v instanceof Double || v instanceof Float) {
      g.dataset(name, H5Data.scalar(((Number) v).doubleValue()), enc("numeric-scalar", "0.2.0"));
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      g.dataset(name, H5Data.scalar(((Number) v).longValue()), enc("numeric-scalar", "0.2.0"));
    } else if (v instanceof NdArray nd) {
      if (nd.data() instanceof String[] s) {
        g.dataset(name, new H5Data(H5Type.STRING, nd.shape(), s), enc("string-array", "0.2.0"));
      } else if (nd.data() instanceof boolean[] b) {
        g.dataset(name, new H5Data(H5Type.BOOL, nd.shape(), b), enc("array", "0.2.0"));
      } else if (nd.data() instanceof long[] l) {
        g.dataset(name, new H5Data(H5Type.INT64, nd.shape(), l), enc("array", "0.2.0"));
      } else if (nd.data() instanceof double[] d) {
        H5Data data = nd.dtype() == Dtype.FLOAT32
            ? new H5Data(H5Type.FLOAT32, nd.shape(), numeric(d, Dtype.FLOAT32).array())
            : new H5Data(H5Type.FLOAT64, nd.shape(), d);
        g.dataset(name, data, enc("array", "0.2.0"));
      } else {
        throw new IllegalArgumentException(key + ": unsupported array data " + nd.data().getClass().getSimpleName());
      }
    } else if (v instanceof double[] d) {
      g.dataset(name, H5Data.of(d), enc("array", "0.2.0"));
    } else if (v instanceof float[] f) {
      g.dataset(name, H5Data.of(f), enc("array", "0.2.0"));
    } else if (v instanceof long[] l) {
      g.dataset(name, H5Data.of(l), enc("array", "0.2.0"));
    } else if (v instanceof int[] i) {
      g.dataset(name, H5Data.of(i), enc("array", "0.2.0"));
    } else if (v instanceof boolean[] b) {
      g.dataset(name, H5Data.of(b), enc("array", "0.2.0"));
    } else if (v instanceof String[] s) {
      strings(g, name, s, key);
    } else if (v instanceof Matrix m) {
      g.dataset(name, H5Data.of(m.data, m.rows, m.cols), enc("array", "0.2.0"));
    } else if (v instanceof DataMatrix m) {
      matrix(g, name, m);
    } else if (v instanceof DataFrame df) {
      frame(g, name, df);
    } else if (v instanceof RecArray rec) {
      String[] names = rec.fields().keySet().toArray(String[]::new);
      H5Data[] cols = new H5Data[names.length];
      for (int f = 0; f < names.length; f++) {
        cols[f] = field(rec.fields().get(names[f]), key + "/" + names[f]);
      }
      g.compoundDataset(name, names, cols, enc("rec-array", "0.2.0"));
    } else if (v instanceof Column c) {
      column(g, name, c, key);
    } else if (v instanceof Map<?, ?> m) {
      Map<String, Object> sm = new LinkedHashMap<>();
      m.forEach((k, x) -> sm.put(String.valueOf(k), x));
      dict(g, name, sm, key);
    } else {
      throw new IllegalArgumentException(
          key + ": cannot write a " + (v == null ? "null" : v.getClass().getSimpleName()) + " to uns");
    }
  }
}

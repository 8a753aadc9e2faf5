package org.flowmatch4j.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowmatch4j.tensor.Matrix;

/**
 * An annotated data matrix, as Python's AnnData holds it: {@code X} (n_obs x n_vars, dense or
 * sparse; may be absent when a reader was told to skip it), the {@code obs} and {@code var}
 * annotation frames, the per-cell and per-gene matrices {@code obsm}/{@code varm}, the
 * {@code layers} (same shape as X), the pairwise {@code obsp}/{@code varp}, an optional
 * {@link Raw} and the unstructured {@code uns} (strings, numbers, booleans, {@link NdArray}s,
 * nested {@code Map}s, {@link DataFrame}s, sparse matrices and categoricals).
 *
 * <p>The maps are mutable and keep insertion order. {@link #validate()} checks that every shape
 * agrees; readers and writers call it.
 */
public final class AnnData {
  private DataMatrix x;
  private final DataFrame obs;
  private final DataFrame var;
  private final Map<String, DataMatrix> obsm = new LinkedHashMap<>();
  private final Map<String, DataMatrix> varm = new LinkedHashMap<>();
  private final Map<String, DataMatrix> layers = new LinkedHashMap<>();
  private final Map<String, DataMatrix> obsp = new LinkedHashMap<>();
  private final Map<String, DataMatrix> varp = new LinkedHashMap<>();
  private final Map<String, Object> uns = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private Raw raw;
  private Path source;

  /** {@code raw}: an earlier X with its own var (e.g. all genes before HVG selection) and varm. */
  public record Raw(DataMatrix x, DataFrame var, Map<String, DataMatrix> varm) {}

  /** An AnnData with the given X (may be null) and annotation frames. */
  public AnnData(DataMatrix x, DataFrame obs, DataFrame var) {
    this.x = x;
    this.obs = obs;
    this.var = var;
  }

  /** An AnnData around a dense float32 X with index "0", "1", ... for cells and genes. */
  public static AnnData of(Matrix x) {
    return new AnnData(DenseMatrix.of(x), DataFrame.ofSize(x.rows), DataFrame.ofSize(x.cols));
  }

  /** Number of cells, n_obs (the length of {@code obs}). */
  public int nObs() {
    return obs.size();
  }

  /** Number of genes, n_vars (the length of {@code var}). */
  public int nVars() {
    return var.size();
  }

  /** X, or null where it was not read. */
  public DataMatrix x() {
    return x;
  }

  /** Replaces X (n_obs x n_vars, or null for none). */
  public void setX(DataMatrix x) {
    this.x = x;
  }

  /** X, failing with a clear message where it was not read. */
  public DataMatrix requireX() {
    if (x == null) {
      throw new IllegalArgumentException(where() + "has no X (or it was not read)");
    }
    return x;
  }

  /** The cell annotations (n_obs rows). */
  public DataFrame obs() {
    return obs;
  }

  /** The gene annotations (n_vars rows). */
  public DataFrame var() {
    return var;
  }

  /** Per-cell matrices (n_obs rows each), e.g. {@code X_pca}; mutable. */
  public Map<String, DataMatrix> obsm() {
    return obsm;
  }

  /** Per-gene matrices (n_vars rows each), e.g. {@code PCs}; mutable. */
  public Map<String, DataMatrix> varm() {
    return varm;
  }

  /** Alternative versions of X (n_obs x n_vars each), e.g. {@code counts}; mutable. */
  public Map<String, DataMatrix> layers() {
    return layers;
  }

  /** Cell x cell matrices (n_obs x n_obs), e.g. {@code distances}; mutable. */
  public Map<String, DataMatrix> obsp() {
    return obsp;
  }

  /** Gene x gene matrices (n_vars x n_vars); mutable. */
  public Map<String, DataMatrix> varp() {
    return varp;
  }

  /** The unstructured entries by key; mutable. */
  public Map<String, Object> uns() {
    return uns;
  }

  /** The {@code raw} slot, or null. */
  public Raw raw() {
    return raw;
  }

  /** Replaces the {@code raw} slot (null for none). */
  public void setRaw(Raw raw) {
    this.raw = raw;
  }

  /** The file this was read from, or null. */
  public Path source() {
    return source;
  }

  /** Records the file this was read from (null for none). */
  public void setSource(Path source) {
    this.source = source;
  }

  /** Things a reader skipped or converted (e.g. an unsupported uns element), one sentence each. */
  public List<String> notes() {
    return notes;
  }

  private String where() {
    return source == null ? "" : source + ": ";
  }

  // ---- accessors that the tasks use -----------------------------------------------------------

  /**
   * {@code obsm[key]} as a dense matrix, checked to be non-empty and finite (an embedding is
   * used as points); names the available keys if it is missing.
   */
  public Matrix obsmDense(String key) {
    DataMatrix m = obsm.get(key);
    if (m == null) {
      throw new IllegalArgumentException(where() + "no obsm key '" + key + "'; obsm has " + obsm.keySet());
    }
    Matrix d = m.toDense();
    try {
      Finite.require(d, "obsm/" + key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where() + e.getMessage(), e);
    }
    return d;
  }

  /** The named obs column; names the available columns if it is missing. */
  public Column obsColumn(String name) {
    if (!obs.has(name)) {
      throw new IllegalArgumentException(where() + "no obs column '" + name + "'; obs has " + obs.columns().keySet());
    }
    return obs.column(name);
  }

  /** The obs column's values as text, one per cell (categorical labels, strings, numbers). */
  public String[] obsLabels(String column) {
    Column c = obsColumn(column);
    String[] out = new String[c.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = c.label(i);
    }
    return out;
  }

  /**
   * A numeric time per cell from an obs column: a numeric column as is; a categorical with numeric
   * categories (e.g. days 10, 10.5, 11) by value; a categorical whose labels parse as numbers by
   * value; another ordered categorical by category position 0, 1, 2, ... Missing values and
   * unordered non-numeric categoricals are rejected with the column named.
   */
  public double[] obsTime(String column) {
    Column c = obsColumn(column);
    double[] t = new double[c.size()];
    if (c instanceof Column.Numeric n) {
      System.arraycopy(n.values(), 0, t, 0, t.length);
    } else if (c instanceof Column.NullableInt n) {
      for (int i = 0; i < t.length; i++) {
        if (n.mask()[i]) {
          throw new IllegalArgumentException(where() + "obs column '" + column + "' is missing at row " + i);
        }
        t[i] = n.values()[i];
      }
    } else if (c instanceof Column.Categorical cat) {
      double[] value = cat.numericCategories();
      if (value == null) {
        value = parseAll(cat.categories());
      }
      if (value == null && !cat.ordered()) {
        throw new IllegalArgumentException(
            where() + "obs column '" + column + "' is an unordered categorical with non-numeric categories "
                + cat.categories() + "; a time column must be numeric or ordered");
      }
      for (int i = 0; i < t.length; i++) {
        int code = cat.codes()[i];
        if (code < 0) {
          throw new IllegalArgumentException(where() + "obs column '" + column + "' is missing at row " + i);
        }
        t[i] = value == null ? code : value[code];
      }
    } else {
      double[] parsed = parseAll(List.of(obsLabels(column)));
      if (parsed == null) {
        throw new IllegalArgumentException(
            where() + "obs column '" + column + "' (" + c.dtype() + ") is not numeric; a time column must be numeric or an ordered categorical");
      }
      System.arraycopy(parsed, 0, t, 0, t.length);
    }
    for (int i = 0; i < t.length; i++) {
      if (!Double.isFinite(t[i])) {
        throw new IllegalArgumentException(where() + "obs column '" + column + "' has a non-finite value at row " + i);
      }
    }
    return t;
  }

  private static double[] parseAll(List<String> labels) {
    double[] out = new double[labels.size()];
    for (int i = 0; i < out.length; i++) {
      try {
        out[i] = Double.parseDouble(labels.get(i).strip());
      } catch (NumberFormatException | NullPointerException e) {
        return null;
      }
    }
    return out;
  }

  /**
   * Indices of the cells whose obs column reads {@code value}; names the values present if none
   * does.
   */
  public int[] obsRows(String column, String value) {
    String[] labels = obsLabels(column);
    int[] idx = new int[labels.length];
    int n = 0;
    for (int i = 0; i < labels.length; i++) {
      if (value.equals(labels[i])) {
        idx[n++] = i;
      }
    }
    if (n == 0) {
      Set<String> present = new LinkedHashSet<>(List.of(labels));
      throw new IllegalArgumentException(
          where() + "no cell has obs '" + column + "' = '" + value + "'; values are " + present);
    }
    return java.util.Arrays.copyOf(idx, n);
  }

  /** Indices where {@code mask} is true. */
  public static int[] where(boolean[] mask) {
    int n = 0;
    for (boolean b : mask) {
      if (b) {
        n++;
      }
    }
    int[] idx = new int[n];
    int k = 0;
    for (int i = 0; i < mask.length; i++) {
      if (mask[i]) {
        idx[k++] = i;
      }
    }
    return idx;
  }

  /** Positions of the named genes in var's index; names the first one missing. */
  public int[] varIndices(String... names) {
    Map<String, Integer> pos = new HashMap<>();
    String[] index = var.index();
    for (int j = index.length - 1; j >= 0; j--) {
      pos.put(index[j], j);
    }
    int[] out = new int[names.length];
    for (int k = 0; k < names.length; k++) {
      Integer j = pos.get(names[k]);
      if (j == null) {
        throw new IllegalArgumentException(where() + "no gene '" + names[k] + "' in var");
      }
      out[k] = j;
    }
    return out;
  }

  /** The named genes' columns of X as a dense cells x genes matrix. */
  public Matrix xColumns(String... genes) {
    return requireX().selectCols(varIndices(genes)).toDense();
  }

  /**
   * The cells {@code idx} (in that order): X, obs, obsm, layers, obsp and raw are subset; var,
   * varm, varp and uns are shared.
   */
  public AnnData selectObs(int[] idx) {
    AnnData out = new AnnData(x == null ? null : x.selectRows(idx), obs.select(idx), var);
    obsm.forEach((k, v) -> out.obsm.put(k, v.selectRows(idx)));
    layers.forEach((k, v) -> out.layers.put(k, v.selectRows(idx)));
    obsp.forEach((k, v) -> out.obsp.put(k, v.selectRows(idx).selectCols(idx)));
    out.varm.putAll(varm);
    out.varp.putAll(varp);
    out.uns.putAll(uns);
    if (raw != null) {
      out.raw = new Raw(raw.x() == null ? null : raw.x().selectRows(idx), raw.var(), raw.varm());
    }
    out.source = source;
    return out;
  }

  /**
   * The genes {@code idx} (in that order): X, var, varm, layers and varp are subset; raw keeps all
   * genes.
   */
  public AnnData selectVars(int[] idx) {
    AnnData out = new AnnData(x == null ? null : x.selectCols(idx), obs, var.select(idx));
    varm.forEach((k, v) -> out.varm.put(k, v.selectRows(idx)));
    layers.forEach((k, v) -> out.layers.put(k, v.selectCols(idx)));
    varp.forEach((k, v) -> out.varp.put(k, v.selectRows(idx).selectCols(idx)));
    out.obsm.putAll(obsm);
    out.obsp.putAll(obsp);
    out.uns.putAll(uns);
    out.raw = raw;
    out.source = source;
    return out;
  }

  /** Checks that every element's shape agrees with n_obs and n_vars; throws naming the key. */
  public void validate() {
    int n = nObs();
    int m = nVars();
    if (x != null) {
      need(x, n, m, "X");
    }
    obsm.forEach((k, v) -> needRows(v, n, "obsm/" + k));
    varm.forEach((k, v) -> needRows(v, m, "varm/" + k));
    layers.forEach((k, v) -> need(v, n, m, "layers/" + k));
    obsp.forEach((k, v) -> need(v, n, n, "obsp/" + k));
    varp.forEach((k, v) -> need(v, m, m, "varp/" + k));
    if (raw != null && raw.x() != null) {
      need(raw.x(), n, raw.var().size(), "raw/X");
    }
  }

  private void need(DataMatrix v, int r, int c, String key) {
    if (v.rows() != r || v.cols() != c) {
      throw new IllegalArgumentException(
          where() + key + " has shape " + v.rows() + "x" + v.cols() + ", expected " + r + "x" + c);
    }
  }

  private void needRows(DataMatrix v, int r, String key) {
    if (v.rows() != r) {
      throw new IllegalArgumentException(where() + key + " has " + v.rows() + " rows, expected " + r);
    }
  }

  @Override
  public String toString() {
    return "AnnData object with n_obs × n_vars = " + nObs() + " × " + nVars();
  }
}

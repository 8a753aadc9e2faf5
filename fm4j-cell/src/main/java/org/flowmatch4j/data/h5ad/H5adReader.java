package org.flowmatch4j.data.h5ad;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.EnumDataType;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Column;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.Dtype;
import org.flowmatch4j.data.NdArray;
import org.flowmatch4j.data.RecArray;
import org.flowmatch4j.data.SparseMatrix;
import org.flowmatch4j.tensor.Matrix;

/**
 * Reads AnnData {@code .h5ad} files of every era through jhdf: the modern encoding (anndata ≥ 0.8,
 * {@code encoding-type} attributes), the anndata 0.7 layout (categories referenced from the codes
 * dataset, stored under {@code __categories}) and the legacy scGen-era layout (compound
 * {@code obs}/{@code var}/{@code obsm} datasets, {@code h5sparse_format} groups, category labels
 * in {@code uns/<column>_categories}). Every failure, including jhdf's own exceptions and errors
 * on corrupt input, becomes one {@link IllegalArgumentException} naming the file and the key.
 */
final class H5adReader {
  private final Path path;
  private final HdfFile file;
  private final ReadOptions opt;
  private final List<String> notes = new ArrayList<>();
  /** Legacy {@code uns/<column>_categories} entries turned into categoricals (and so not kept in uns). */
  private final java.util.Set<String> usedCategoryKeys = new java.util.HashSet<>();
  private boolean legacy;

  private final Hdf5Arrays arrays;

  static {
    io.jhdf.filter.FilterManager.addFilter(new Fletcher32Filter());
  }

  private H5adReader(Path path, HdfFile file, ReadOptions opt, MappedFile channel) {
    this.path = path;
    this.file = file;
    this.opt = opt;
    this.arrays = new Hdf5Arrays(channel, file.getUserBlockSize());
  }

  /** Reads the file; see {@link H5ad#read(Path, ReadOptions)}. */
  static AnnData read(Path path, ReadOptions opt) {
    MappedFile ch = channel(path);
    HdfFile file = open(path, ch);
    try {
      return new H5adReader(path, file, opt, ch).readAll();
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError | InternalError | AssertionError e) {
      throw wrap(path, "/", e);
    } finally {
      close(ch);
    }
  }

  /** The file as a channel that jhdf and {@link Hdf5Arrays} read through (one memory map, no per-chunk calls). */
  private static MappedFile channel(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("no such file: " + path);
    }
    java.nio.channels.FileChannel fc = null;
    try {
      fc = java.nio.channels.FileChannel.open(path, java.nio.file.StandardOpenOption.READ);
      return new MappedFile(fc);
    } catch (java.io.IOException | RuntimeException e) {
      if (fc != null) {
        try {
          fc.close();
        } catch (java.io.IOException ignored) {
          // reported below
        }
      }
      throw new H5adException(path + ": cannot open for reading: " + reason(e), e);
    }
  }

  /** jhdf's view of the file open on {@code ch}; closes {@code ch} if the file is not readable HDF5. */
  private static HdfFile open(Path path, MappedFile ch) {
    try {
      return new HdfFile(ch);
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError | InternalError | AssertionError e) {
      close(ch);
      // jhdf words its signature error for remote files; this one is local
      throw new H5adException(path + ": not a readable HDF5 file (" + reason(e).replace(" in remote file", "") + ")", e);
    }
  }

  /**
   * Closes the channel, which is all jhdf holds open: opened from a channel, jhdf resolves no
   * external links (so opens no other file), and its own close would fail on logging the missing path.
   */
  private static void close(MappedFile ch) {
    try {
      ch.close();
    } catch (java.io.IOException ignored) {
      // closing must not hide the first error
    }
  }

  /** An error already naming the file and key; never wrapped twice. */
  static final class H5adException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    H5adException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static IllegalArgumentException wrap(Path path, String key, Throwable e) {
    // a fork-join pool rethrows a worker's exception as a copy of the same class whose cause is the original
    while (e.getCause() != null && e.getCause().getClass() == e.getClass() && e.getCause().toString().equals(e.getMessage())) {
      e = e.getCause();
    }
    if (e instanceof H5adException h) {
      return h;
    }
    return new H5adException(path + ": cannot read '" + key + "': " + reason(e), e);
  }

  private static String reason(Throwable e) {
    String m = e.getMessage();
    if (e instanceof OutOfMemoryError) {
      return "out of memory (a corrupt size field, or a file too large for the Java heap)";
    }
    if (e instanceof InternalError) {
      return "the file could not be read through its memory map (was it truncated while open?)";
    }
    if (e instanceof StackOverflowError) {
      return "structure nested too deeply (corrupt file?)";
    }
    String s = (m == null || m.isBlank()) ? e.getClass().getSimpleName() : m;
    Throwable c = e.getCause();
    if (c != null && c != e && c.getMessage() != null && !s.contains(c.getMessage())) {
      s += " (" + c.getMessage() + ")";
    }
    return s.replace('\n', ' ');
  }

  /** Runs {@code body}, naming {@code key} in any failure. */
  private <T> T at(String key, java.util.function.Supplier<T> body) {
    try {
      return body.get();
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError | InternalError | AssertionError e) {
      throw wrap(path, key, e);
    }
  }

  /** Reads the rows {@code rows} of X only; see {@link H5ad#readXRows}. */
  static DataMatrix readXRows(Path path, int[] rows) {
    MappedFile ch = channel(path);
    HdfFile file = open(path, ch);
    try {
      return new H5adReader(path, file, ReadOptions.metadata(), ch).xRows(rows);
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError | InternalError | AssertionError e) {
      throw wrap(path, "X", e);
    } finally {
      close(ch);
    }
  }

  private DataMatrix xRows(int[] rows) {
    Node xNode = at("X", () -> child(file, "X", true));
    H5adSummary.MatrixInfo info = at("X", () -> info(xNode));
    if (info == null) {
      throw new H5adException(path + ": X is not a dense or sparse matrix", null);
    }
    int n = Math.toIntExact(info.rows());
    int m = Math.toIntExact(info.cols());
    checkSelection(rows, n, "rows");
    return at("X", () -> matrix(xNode, "X", n, m, rows, null));
  }

  /** Describes the file without reading X or the matrices' values. */
  static H5adSummary summarize(Path path) {
    MappedFile ch = channel(path);
    HdfFile file = open(path, ch);
    try {
      return new H5adReader(path, file, ReadOptions.metadata(), ch).summary();
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError | InternalError | AssertionError e) {
      throw wrap(path, "/", e);
    } finally {
      close(ch);
    }
  }

  private H5adSummary summary() {
    Node obsNode = at("obs", () -> child(file, "obs", true));
    Node varNode = at("var", () -> child(file, "var", true));
    legacy = obsNode instanceof Dataset;
    DataFrame obs = at("obs", () -> frame(obsNode, "obs"));
    DataFrame var = at("var", () -> frame(varNode, "var"));
    String layout = legacy ? "legacy" : file.getAttributes().containsKey("encoding-type") ? "anndata>=0.8" : "anndata-0.7";
    Node xNode = file.getChildren().get("X");
    H5adSummary.MatrixInfo x = xNode == null ? null : at("X", () -> info(xNode));
    Map<String, Map<String, H5adSummary.MatrixInfo>> mats = new LinkedHashMap<>();
    for (String g : List.of("obsm", "varm", "layers", "obsp", "varp")) {
      Map<String, H5adSummary.MatrixInfo> m = new LinkedHashMap<>();
      Node node = file.getChildren().get(g);
      if (node instanceof Group grp) {
        for (Map.Entry<String, Node> e : grp.getChildren().entrySet()) {
          H5adSummary.MatrixInfo i = at(g + "/" + e.getKey(), () -> info(e.getValue()));
          if (i != null) {
            m.put(e.getKey(), i);
          }
        }
      } else if (node instanceof Dataset d && d.isCompound()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = at(g, () -> (Map<String, Object>) d.getData());
        for (Map.Entry<String, Object> e : fields.entrySet()) {
          Matrix mm = at(g + "/" + e.getKey(), () -> fieldMatrix(e.getValue(), obs.size(), g));
          m.put(e.getKey(), new H5adSummary.MatrixInfo("dense", "float32", mm.rows, mm.cols, (long) mm.rows * mm.cols));
        }
      }
      mats.put(g, m);
    }
    List<String> uns = new ArrayList<>();
    if (file.getChildren().get("uns") instanceof Group u) {
      uns.addAll(u.getChildren().keySet());
    }
    H5adSummary.MatrixInfo raw = null;
    if (file.getChildren().get("raw") instanceof Group rg && rg.getChildren().get("X") != null) {
      raw = at("raw/X", () -> info(rg.getChildren().get("X")));
    }
    return new H5adSummary(layout, obs, var, x, mats, uns, raw);
  }

  private static H5adSummary.MatrixInfo info(Node n) {
    if (n instanceof Dataset d) {
      int[] dims = d.getDimensions();
      if (d.isCompound() || dims.length == 0 || dims.length > 2) {
        return null;
      }
      long r = dims[0];
      long c = dims.length == 2 ? dims[1] : 1;
      String t = d.getDataType() instanceof EnumDataType ? "bool" : Hdf5Arrays.dtype(d.getDataType(), n.getPath()).numpy;
      return new H5adSummary.MatrixInfo("dense", t, r, c, r * c);
    }
    Group g = (Group) n;
    boolean legacySparse = g.getAttributes().containsKey("h5sparse_format");
    String enc = encoding(g);
    if (!legacySparse && !enc.equals("csr_matrix") && !enc.equals("csc_matrix")) {
      return null;
    }
    long[] shape = shapeAttr(g, legacySparse ? "h5sparse_shape" : "shape");
    Dataset data = dataset(g.getChild("data"));
    String storage = legacySparse ? stringAttr(g, "h5sparse_format") : enc.replace("_matrix", "");
    return new H5adSummary.MatrixInfo(
        storage, Hdf5Arrays.dtype(data.getDataType(), n.getPath()).numpy, shape[0], shape[1], data.getSize());
  }

  // ---- top level --------------------------------------------------------------------------

  /**
   * Reads the matrices before the obs and var frames when the frames' lengths can be told from
   * their metadata: the frames' strings are the many small objects of a read, and made after the
   * large arrays (whose allocations start collections) they are not copied by those collections.
   */
  private AnnData readAll() {
    Node obsNode = at("obs", () -> child(file, "obs", true));
    Node varNode = at("var", () -> child(file, "var", true));
    legacy = obsNode instanceof Dataset;
    int obsRows = at("obs", () -> frameRows(obsNode));
    int varRows = at("var", () -> frameRows(varNode));
    boolean framesFirst = obsRows < 0 || varRows < 0;
    DataFrame obs = framesFirst ? at("obs", () -> frame(obsNode, "obs")) : null;
    DataFrame var = framesFirst ? at("var", () -> frame(varNode, "var")) : null;
    int nObs = framesFirst ? obs.size() : obsRows;
    int nVar = framesFirst ? var.size() : varRows;
    if (opt.rows() != null) {
      checkSelection(opt.rows(), nObs, "rows");
    }
    if (opt.cols() != null) {
      checkSelection(opt.cols(), nVar, "cols");
    }
    Node xNode = opt.x() ? at("X", () -> child(file, "X", false)) : null;
    boolean xLater = xNode != null && at("X", () -> isMatrix(xNode));
    // X is read on a pool thread while the rest is read here, so that its serial parts (index
    // pointers, the index check of a sparse X) overlap with them; its errors still come first
    java.util.function.Supplier<DataMatrix> readX = () -> at("X", () -> matrix(xNode, "X", nObs, nVar, opt.rows(), opt.cols()));
    CompletableFuture<DataMatrix> pendingX = xLater ? CompletableFuture.supplyAsync(readX)
        : CompletableFuture.completedFuture(xNode == null ? null : readX.get());
    try {
      return readRest(obsNode, varNode, obs, var, nObs, nVar, pendingX);
    } catch (RuntimeException | Error e) {
      join(pendingX);
      throw e;
    }
  }

  private AnnData readRest(Node obsNode, Node varNode, DataFrame obsRead, DataFrame varRead, int nObs, int nVar,
      CompletableFuture<DataMatrix> pendingX) {
    DataFrame obs = obsRead;
    DataFrame var = varRead;
    boolean framesFirst = obs != null;
    Map<String, DataMatrix> obsm = new LinkedHashMap<>();
    Map<String, DataMatrix> varm = new LinkedHashMap<>();
    Map<String, DataMatrix> layers = new LinkedHashMap<>();
    Map<String, DataMatrix> obsp = new LinkedHashMap<>();
    Map<String, DataMatrix> varp = new LinkedHashMap<>();
    readMatrices(obsm, "obsm", opt.obsm(), nObs, -1, opt.rows(), null);
    readMatrices(varm, "varm", opt.varm(), nVar, -1, opt.cols(), null);
    readMatrices(layers, "layers", opt.layers(), nObs, nVar, opt.rows(), opt.cols());
    if (opt.obsp()) {
      readMatrices(obsp, "obsp", null, nObs, nObs, opt.rows(), opt.rows());
    }
    if (opt.varp()) {
      readMatrices(varp, "varp", null, nVar, nVar, opt.cols(), opt.cols());
    }
    if (!framesFirst) {
      obs = at("obs", () -> frame(obsNode, "obs"));
      var = at("var", () -> frame(varNode, "var"));
      if (obs.size() != nObs || var.size() != nVar) {
        throw new H5adException(path + ": obs has " + obs.size() + " rows and var " + var.size()
            + ", their indexes " + nObs + " and " + nVar, null);
      }
    }
    DataFrame obsSel = opt.rows() == null ? obs : obs.select(opt.rows());
    DataFrame varSel = opt.cols() == null ? var : var.select(opt.cols());
    AnnData a = new AnnData(join(pendingX), obsSel, varSel);
    a.setSource(path);
    a.obsm().putAll(obsm);
    a.varm().putAll(varm);
    a.layers().putAll(layers);
    a.obsp().putAll(obsp);
    a.varp().putAll(varp);
    if (opt.raw()) {
      a.setRaw(at("raw", () -> raw(nObs)));
    }
    if (opt.uns()) {
      Node uns = at("uns", () -> child(file, "uns", false));
      if (uns instanceof Group g) {
        a.uns().putAll(at("uns", () -> dict(g, "uns")));
        // as anndata does for legacy files: category labels now live in the categoricals
        usedCategoryKeys.forEach(a.uns()::remove);
      }
    }
    a.notes().addAll(notes);
    a.validate();
    return a;
  }

  /**
   * The rows of a data frame as its metadata tells them (the length of its 1-D index dataset, or
   * of a legacy compound dataset), without reading it; -1 where only reading the frame can tell.
   */
  private static int frameRows(Node node) {
    Dataset index = null;
    if (node instanceof Dataset d && d.isCompound()) {
      index = d;
    } else if (node instanceof Group g) {
      Attribute a = g.getAttributes().get("_index");
      if (a != null && a.getData() instanceof String k && g.getChildren().get(k) instanceof Dataset d) {
        index = d;
      }
    }
    if (index == null || index.getDimensions().length != 1) {
      return -1;
    }
    return index.getDimensions()[0];
  }

  private void checkSelection(int[] idx, int n, String what) {
    for (int i : idx) {
      if (i < 0 || i >= n) {
        throw new H5adException(path + ": selected " + what + " index " + i + " is outside [0, " + n + ")", null);
      }
    }
  }

  private Node child(Group g, String name, boolean required) {
    Node n = g.getChildren().get(name);
    if (n == null && required) {
      throw new IllegalArgumentException("missing (the file has " + g.getChildren().keySet() + ")");
    }
    return n;
  }

  private void readMatrices(
      Map<String, DataMatrix> out, String key, java.util.Set<String> wanted, int n, int m, int[] rows, int[] cols) {
    if (wanted != null && wanted.isEmpty()) {
      return;
    }
    Node node = at(key, () -> child(file, key, false));
    if (node == null) {
      if (wanted != null) {
        throw new H5adException(path + ": no " + key + " group, so no " + key + " key " + wanted, null);
      }
      return;
    }
    if (node instanceof Dataset d && d.isCompound()) {
      // legacy: one compound dataset, a field per matrix
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = at(key, () -> (Map<String, Object>) d.getData());
      for (Map.Entry<String, Object> e : fields.entrySet()) {
        String k = key + "/" + e.getKey();
        if (wanted != null && !wanted.contains(e.getKey())) {
          continue;
        }
        Matrix mat = at(k, () -> fieldMatrix(e.getValue(), n, k));
        out.put(e.getKey(), DenseMatrix.of(rows == null ? mat : mat.rows(rows)));
      }
    } else if (node instanceof Group g) {
      Map<String, Node> children = g.getChildren();
      if (wanted != null) {
        for (String w : wanted) {
          if (!children.containsKey(w)) {
            throw new H5adException(path + ": no " + key + " key '" + w + "'; " + key + " has " + children.keySet(), null);
          }
        }
      }
      for (Map.Entry<String, Node> e : children.entrySet()) {
        if (!opt.wants(wanted, e.getKey())) {
          continue;
        }
        String k = key + "/" + e.getKey();
        DataMatrix mat = at(k, () -> matrix(e.getValue(), k, n, m, rows, cols));
        if (mat != null) {
          out.put(e.getKey(), mat);
        }
      }
    } else {
      throw new H5adException(path + ": '" + key + "' is neither a group nor a compound dataset", null);
    }
  }

  private AnnData.Raw raw(int nObs) {
    Node r = child(file, "raw", false);
    Group g;
    if (r instanceof Group rg) {
      g = rg;
    } else {
      return null;
    }
    Node varNode = child(g, "var", true);
    DataFrame var = at("raw/var", () -> frame(varNode, "raw/var"));
    Node xNode = child(g, "X", false);
    DataMatrix x = xNode == null ? null : at("raw/X", () -> matrix(xNode, "raw/X", nObs, var.size(), opt.rows(), null));
    Map<String, DataMatrix> varm = new LinkedHashMap<>();
    Node varmNode = child(g, "varm", false);
    if (varmNode instanceof Group vg) {
      for (Map.Entry<String, Node> e : vg.getChildren().entrySet()) {
        String k = "raw/varm/" + e.getKey();
        DataMatrix mat = at(k, () -> matrix(e.getValue(), k, var.size(), -1, null, null));
        if (mat != null) {
          varm.put(e.getKey(), mat);
        }
      }
    }
    return new AnnData.Raw(x, var, varm);
  }

  // ---- attributes -------------------------------------------------------------------------

  private static String encoding(Node n) {
    Attribute a = n.getAttributes().get("encoding-type");
    if (a == null) {
      return "";
    }
    Object v = a.getData();
    return v instanceof String s ? s : String.valueOf(v);
  }

  private static String stringAttr(Node n, String name) {
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

  private static String[] stringArrayAttr(Node n, String name) {
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

  private static boolean boolValue(Object v) {
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

  private static long[] shapeAttr(Node n, String name) {
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

  // ---- data frames ------------------------------------------------------------------------

  private DataFrame frame(Node node, String key) {
    if (node instanceof Dataset d) {
      if (!d.isCompound()) {
        throw new IllegalArgumentException("a dataframe must be a group or a compound dataset");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = (Map<String, Object>) d.getData();
      return compoundFrame(fields, key);
    }
    Group g = (Group) node;
    String enc = encoding(g);
    if (!enc.isEmpty() && !enc.equals("dataframe")) {
      throw new IllegalArgumentException("encoding-type is '" + enc + "', expected 'dataframe'");
    }
    String indexKey = stringAttr(g, "_index");
    if (indexKey == null) {
      throw new IllegalArgumentException("missing attribute '_index'");
    }
    Node indexNode = child(g, indexKey, true);
    String[] index = at(key + "/" + indexKey, () -> labels(indexNode));
    DataFrame df = new DataFrame(indexKey, index);
    String[] order = stringArrayAttr(g, "column-order");
    if (order == null) {
      order = g.getChildren().keySet().stream()
          .filter(k -> !k.equals(indexKey) && !k.equals("__categories"))
          .toArray(String[]::new);
    }
    for (String col : order) {
      String k = key + "/" + col;
      Node c = at(k, () -> child(g, col, true));
      df.put(col, at(k, () -> column(c, g, col, index.length)));
    }
    return df;
  }

  /** A legacy obs/var frame: a compound dataset with an 'index' field; codes become categoricals. */
  private DataFrame compoundFrame(Map<String, Object> fields, String key) {
    Object idx = fields.getOrDefault("index", fields.get("_index"));
    int n = fields.isEmpty() ? 0 : Array.getLength(fields.values().iterator().next());
    String[] index;
    if (idx != null) {
      index = toStrings(idx);
    } else {
      index = DataFrame.ofSize(n).index();
    }
    DataFrame df = new DataFrame(idx == null ? "_index" : "index", index);
    Group uns = file.getChildren().get("uns") instanceof Group u ? u : null;
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      String name = e.getKey();
      if (e.getValue() == idx) {
        continue;
      }
      String k = key + "/" + name;
      Object v = e.getValue();
      Node cats = uns == null ? null : uns.getChildren().get(name + "_categories");
      if (legacy && cats instanceof Dataset cd && !(v instanceof String[])) {
        String[] labels = at("uns/" + name + "_categories", () -> labels(cd));
        int[] codes = toInts(v, k);
        df.put(name, at(k, () -> new Column.Categorical(codes, List.of(labels), null, false)));
        usedCategoryKeys.add(name + "_categories");
      } else {
        df.put(name, at(k, () -> arrayColumn(v)));
      }
    }
    return df;
  }

  private static Column arrayColumn(Object v) {
    if (v instanceof String[] s) {
      return new Column.Strings(s);
    }
    if (v instanceof boolean[] b) {
      return new Column.Bool(b);
    }
    Dtype t;
    if (v instanceof float[]) {
      t = Dtype.FLOAT32;
    } else if (v instanceof double[]) {
      t = Dtype.FLOAT64;
    } else if (v instanceof byte[]) {
      t = Dtype.INT8;
    } else if (v instanceof short[]) {
      t = Dtype.INT16;
    } else if (v instanceof int[]) {
      t = Dtype.INT32;
    } else if (v instanceof long[]) {
      t = Dtype.INT64;
    } else {
      throw new IllegalArgumentException("unsupported field of type " + v.getClass().getSimpleName());
    }
    int n = Array.getLength(v);
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = ((Number) Array.get(v, i)).doubleValue();
    }
    return new Column.Numeric(d, t);
  }

  private static String[] toStrings(Object v) {
    int n = Array.getLength(v);
    String[] s = new String[n];
    for (int i = 0; i < n; i++) {
      s[i] = String.valueOf(Array.get(v, i));
    }
    return s;
  }

  private static int[] toInts(Object v, String key) {
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

  /** The strings (or numbers as text) of a 1-D dataset. */
  private String[] labels(Node node) {
    if (!(node instanceof Dataset d)) {
      throw new IllegalArgumentException("expected a dataset of labels, found a group");
    }
    if (d.getDimensions().length != 1) {
      throw new IllegalArgumentException("labels must be 1-D, shape is " + Arrays.toString(d.getDimensions()));
    }
    if (d.isEmpty()) {
      return new String[0];
    }
    if (LzfStrings.applies(d)) {
      return LzfStrings.read(d, file);
    }
    String[] fast = arrays.vlenStrings(d, file.getHdfBackingStorage().getSizeOfOffsets(), d.getPath());
    if (fast != null) {
      return fast;
    }
    Object flat = d.getDataFlat();
    if (flat instanceof String[] s) {
      return s;
    }
    return toStrings(flat);
  }

  private Column column(Node node, Group frame, String name, int n) {
    Column c;
    if (node instanceof Group g) {
      String enc = encoding(g);
      switch (enc) {
        case "categorical" -> {
          int[] codes = ints(child(g, "codes", true), "codes");
          Node catNode = child(g, "categories", true);
          c = categorical(codes, catNode, g.getAttributes().containsKey("ordered")
              && boolValue(g.getAttribute("ordered").getData()));
        }
        case "nullable-integer" -> {
          Dataset values = dataset(child(g, "values", true));
          long[] v = arrays.longs(values, 0, size1d(values), name + "/values");
          boolean[] mask = g.getChildren().containsKey("mask") ? bools(dataset(child(g, "mask", true))) : new boolean[v.length];
          c = new Column.NullableInt(v, mask);
        }
        case "nullable-boolean" -> {
          boolean[] v = bools(dataset(child(g, "values", true)));
          boolean[] mask = g.getChildren().containsKey("mask") ? bools(dataset(child(g, "mask", true))) : new boolean[v.length];
          c = new Column.NullableBool(v, mask);
        }
        default -> throw new IllegalArgumentException("unsupported column encoding '" + enc + "'");
      }
    } else {
      Dataset d = (Dataset) node;
      if (d.getAttributes().containsKey("categories")) {
        // anndata 0.7: codes here, categories referenced (stored under __categories)
        Node cats = categoriesOf07(d, frame, name);
        boolean ordered = cats.getAttributes().containsKey("ordered") && boolValue(cats.getAttribute("ordered").getData());
        c = categorical(ints(d, name), cats, ordered);
      } else {
        c = plainColumn(d, name);
      }
    }
    if (c.size() != n) {
      throw new IllegalArgumentException("has " + c.size() + " rows, the index has " + n);
    }
    return c;
  }

  private Node categoriesOf07(Dataset codes, Group frame, String name) {
    Object ref = codes.getAttribute("categories").getData();
    if (ref instanceof Number addr) {
      try {
        return file.getNodeByAddress(addr.longValue());
      } catch (RuntimeException e) {
        // fall back to the conventional location
      }
    } else if (ref instanceof long[] addr && addr.length == 1) {
      try {
        return file.getNodeByAddress(addr[0]);
      } catch (RuntimeException e) {
        // fall back to the conventional location
      }
    }
    Node cats = frame.getChildren().get("__categories");
    if (cats instanceof Group cg && cg.getChildren().get(name) != null) {
      return cg.getChildren().get(name);
    }
    throw new IllegalArgumentException("categories of '" + name + "' not found");
  }

  private Column.Categorical categorical(int[] codes, Node catNode, boolean ordered) {
    Dataset cd = dataset(catNode);
    if (cd.getJavaType() == String.class) {
      return new Column.Categorical(codes, List.of(labels(cd)), null, ordered);
    }
    double[] values = arrays.doubles(cd, 0, size1d(cd), "categories");
    Dtype t = Hdf5Arrays.dtype(cd.getDataType(), "categories");
    List<String> text = new ArrayList<>();
    for (double v : values) {
      text.add(t.isInteger() ? Long.toString((long) v) : Double.toString(v));
    }
    return new Column.Categorical(codes, text, values, ordered);
  }

  private Column plainColumn(Dataset d, String name) {
    if (d.getDimensions().length != 1) {
      throw new IllegalArgumentException("a column must be 1-D, shape is " + Arrays.toString(d.getDimensions()));
    }
    if (d.getDataType() instanceof EnumDataType) {
      return new Column.Bool(bools(d));
    }
    if (d.getJavaType() == String.class) {
      return new Column.Strings(labels(d));
    }
    Dtype t = Hdf5Arrays.dtype(d.getDataType(), name);
    return new Column.Numeric(arrays.doubles(d, 0, size1d(d), name), t);
  }

  private static Dataset dataset(Node n) {
    if (n instanceof Dataset d) {
      return d;
    }
    throw new IllegalArgumentException("'" + n.getName() + "' is a group, expected a dataset");
  }

  private static int size1d(Dataset d) {
    int[] dims = d.getDimensions();
    if (dims.length > 1) {
      throw new IllegalArgumentException("expected a 1-D array, shape is " + Arrays.toString(dims));
    }
    return dims.length == 0 ? 1 : dims[0];
  }

  private int[] ints(Node n, String key) {
    Dataset d = dataset(n);
    return arrays.ints(d, 0, size1d(d), key);
  }

  private static boolean[] bools(Dataset d) {
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

  // ---- matrices ---------------------------------------------------------------------------

  /**
   * A dense or sparse matrix element with {@code n} rows (and {@code m} columns unless m < 0),
   * restricted to the selected rows/columns; null (with a note) for a dataframe stored in obsm.
   */
  private DataMatrix matrix(Node node, String key, int n, int m, int[] rows, int[] cols) {
    if (node instanceof Dataset d) {
      return dense(d, key, n, m, rows, cols);
    }
    Group g = (Group) node;
    String enc = encoding(g);
    boolean legacySparse = g.getAttributes().containsKey("h5sparse_format");
    if (isMatrix(g)) {
      long[] shape = shapeAttr(g, legacySparse ? "h5sparse_shape" : "shape");
      if (shape[0] != n || (m >= 0 && shape[1] != m)) {
        throw new IllegalArgumentException(
            "has shape " + shape[0] + "x" + shape[1] + ", expected " + n + "x" + (m >= 0 ? m : "?"));
      }
      DataMatrix out = sparse(g, key, legacySparse, rows);
      if (cols != null) {
        out = out.selectCols(cols);
      }
      return out;
    }
    notes.add("skipped " + key + " (encoding '" + enc + "' is not a matrix)");
    return null;
  }

  /** Whether {@link #matrix} reads this node as a matrix (rather than skipping it with a note). */
  private static boolean isMatrix(Node node) {
    if (node instanceof Dataset) {
      return true;
    }
    String enc = encoding(node);
    return enc.equals("csr_matrix") || enc.equals("csc_matrix") || node.getAttributes().containsKey("h5sparse_format");
  }

  private DataMatrix dense(Dataset d, String key, int n, int m, int[] rows, int[] cols) {
    int[] dims = d.getDimensions();
    if (dims.length == 0 || dims.length > 2) {
      throw new IllegalArgumentException("expected a 1-D or 2-D array, shape is " + Arrays.toString(dims));
    }
    if (d.isCompound()) {
      throw new IllegalArgumentException("a compound dataset is not a matrix");
    }
    int r = dims[0];
    int c = dims.length == 2 ? dims[1] : 1;
    if (r != n || (m >= 0 && c != m)) {
      throw new IllegalArgumentException("has shape " + Arrays.toString(dims) + ", expected " + n + "x" + (m >= 0 ? m : "?"));
    }
    Dtype t = Hdf5Arrays.dtype(d.getDataType(), key);
    if (t == Dtype.FLOAT64) {
      // float64 is kept exactly, so that writing the matrix back loses nothing
      double[] exact = rows == null ? arrays.doubles(d, 0, Math.multiplyExact(r, c), key) : new double[rows.length * c];
      if (rows != null) {
        forRuns(rows, (k, run) -> System.arraycopy(arrays.doubles(d, (long) rows[k] * c, run * c, key), 0, exact, k * c, run * c));
      }
      DataMatrix dm = DenseMatrix.float64(rows == null ? r : rows.length, c, exact);
      return cols == null ? dm : dm.selectCols(cols);
    }
    Matrix out;
    if (rows == null) {
      out = new Matrix(r, c, arrays.floats(d, 0, Math.multiplyExact(r, c), key));
    } else {
      Matrix o = new Matrix(rows.length, c);
      forRuns(rows, (k, run) -> System.arraycopy(arrays.floats(d, (long) rows[k] * c, run * c, key), 0, o.data, k * c, run * c));
      out = o;
    }
    DataMatrix dm = new DenseMatrix(out, t);
    return cols == null ? dm : dm.selectCols(cols);
  }

  /** Calls {@code run.accept(k, length)} for each run of consecutive indices {@code rows[k..k+length)}. */
  private static void forRuns(int[] rows, java.util.function.BiConsumer<Integer, Integer> run) {
    int k = 0;
    while (k < rows.length) {
      int n = 1;
      while (k + n < rows.length && rows[k + n] == rows[k] + n) {
        n++;
      }
      run.accept(k, n);
      k += n;
    }
  }

  /** Entries [from, from + count) of a sparse matrix's data: float32 values, and the exact ones if stored as float64. */
  private record Values(float[] data, double[] exact) {}

  private Values values(Dataset dataD, Dtype t, int from, int count, String key) {
    if (t != Dtype.FLOAT64) {
      return new Values(arrays.floats(dataD, from, count, key), null);
    }
    double[] exact = arrays.doubles(dataD, from, count, key);
    float[] data = new float[count];
    for (int i = 0; i < count; i++) {
      data[i] = (float) exact[i];
    }
    return new Values(data, exact);
  }

  private SparseMatrix sparse(Group g, String key, boolean legacySparse, int[] rows) {
    String fmt = legacySparse ? stringAttr(g, "h5sparse_format") : encoding(g).replace("_matrix", "");
    SparseMatrix.Format format = switch (fmt) {
      case "csr" -> SparseMatrix.Format.CSR;
      case "csc" -> SparseMatrix.Format.CSC;
      default -> throw new IllegalArgumentException("unknown sparse format '" + fmt + "'");
    };
    long[] shape = shapeAttr(g, legacySparse ? "h5sparse_shape" : "shape");
    int rowsN = (int) shape[0];
    int colsN = (int) shape[1];
    Dataset dataD = dataset(child(g, "data", true));
    Dataset indD = dataset(child(g, "indices", true));
    Dataset ptrD = dataset(child(g, "indptr", true));
    int[] indptr = arrays.ints(ptrD, 0, size1d(ptrD), key + "/indptr");
    int nnz = size1d(dataD);
    if (size1d(indD) != nnz) {
      throw new IllegalArgumentException("data has " + nnz + " entries but indices has " + size1d(indD));
    }
    Dtype t = Hdf5Arrays.dtype(dataD.getDataType(), key + "/data");
    if (format == SparseMatrix.Format.CSR && rows != null) {
      return csrRows(rowsN, colsN, indptr, dataD, indD, t, rows, key);
    }
    // data and indices are independent: read them at the same time
    CompletableFuture<Values> pending =
        CompletableFuture.supplyAsync(() -> values(dataD, t, 0, nnz, key + "/data"));
    int[] indices = arrays.ints(indD, 0, nnz, key + "/indices");
    Values data = join(pending);
    SparseMatrix s = new SparseMatrix(format, rowsN, colsN, indptr, indices, data.data(), t, data.exact());
    return rows == null ? s : (SparseMatrix) s.selectRows(rows);
  }

  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** Reads only the selected rows of a CSR matrix: runs of consecutive rows in one read each. */
  private SparseMatrix csrRows(
      int rowsN, int colsN, int[] indptr, Dataset dataD, Dataset indD, Dtype t, int[] rows, String key) {
    if (indptr.length != rowsN + 1) {
      throw new IllegalArgumentException("indptr has length " + indptr.length + ", expected " + (rowsN + 1));
    }
    int[] ptr = new int[rows.length + 1];
    for (int k = 0; k < rows.length; k++) {
      int len = indptr[rows[k] + 1] - indptr[rows[k]];
      if (len < 0) {
        throw new IllegalArgumentException("indptr decreases at row " + rows[k]);
      }
      ptr[k + 1] = Math.addExact(ptr[k], len);
    }
    float[] data = new float[ptr[rows.length]];
    double[] exact = t == Dtype.FLOAT64 ? new double[data.length] : null;
    int[] indices = new int[ptr[rows.length]];
    forRuns(rows, (k, run) -> {
      int from = indptr[rows[k]];
      int len = indptr[rows[k] + run] - from;
      Values v = values(dataD, t, from, len, key + "/data");
      System.arraycopy(v.data(), 0, data, ptr[k], len);
      if (exact != null) {
        System.arraycopy(v.exact(), 0, exact, ptr[k], len);
      }
      System.arraycopy(arrays.ints(indD, from, len, key + "/indices"), 0, indices, ptr[k], len);
    });
    return new SparseMatrix(SparseMatrix.Format.CSR, rows.length, colsN, ptr, indices, data, t, exact);
  }

  /** A legacy compound field as an n x k matrix (an array member gives k columns). */
  private static Matrix fieldMatrix(Object v, int n, String key) {
    if (Array.getLength(v) != n) {
      throw new IllegalArgumentException("has " + Array.getLength(v) + " rows, expected " + n);
    }
    if (n == 0) {
      return new Matrix(0, 0);
    }
    Object first = Array.get(v, 0);
    if (first != null && first.getClass().isArray()) {
      int k = Array.getLength(first);
      Matrix m = new Matrix(n, k);
      for (int i = 0; i < n; i++) {
        Object row = Array.get(v, i);
        if (Array.getLength(row) != k) {
          throw new IllegalArgumentException("ragged rows");
        }
        for (int j = 0; j < k; j++) {
          m.data[i * k + j] = ((Number) Array.get(row, j)).floatValue();
        }
      }
      return m;
    }
    Matrix m = new Matrix(n, 1);
    for (int i = 0; i < n; i++) {
      m.data[i] = ((Number) Array.get(v, i)).floatValue();
    }
    return m;
  }

  // ---- uns --------------------------------------------------------------------------------

  private Map<String, Object> dict(Group g, String key) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : g.getChildren().entrySet()) {
      String k = key + "/" + e.getKey();
      Object v = at(k, () -> unsValue(e.getValue(), k));
      if (v != null) {
        out.put(e.getKey(), v);
      }
    }
    return out;
  }

  private Object unsValue(Node node, String key) {
    if (node instanceof Group g) {
      String enc = encoding(g);
      if (g.getAttributes().containsKey("h5sparse_format")) {
        return sparse(g, key, true, null);
      }
      switch (enc) {
        case "", "dict" -> {
          return dict(g, key);
        }
        case "dataframe" -> {
          return frame(g, key);
        }
        case "csr_matrix", "csc_matrix" -> {
          return sparse(g, key, false, null);
        }
        case "categorical", "nullable-integer", "nullable-boolean" -> {
          Node first = g.getChildren().containsKey("codes") ? g.getChild("codes") : g.getChild("values");
          int n = size1d(dataset(first));
          return column(g, g, key, n);
        }
        default -> {
          notes.add("skipped " + key + " (unsupported encoding '" + enc + "')");
          return null;
        }
      }
    }
    Dataset d = (Dataset) node;
    if (d.isCompound()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = (Map<String, Object>) d.getData();
      if (d.getDimensions().length != 1) {
        notes.add("skipped " + key + " (a compound array of rank " + d.getDimensions().length + ")");
        return null;
      }
      for (Map.Entry<String, Object> e : fields.entrySet()) {
        Object v = e.getValue();
        if (v == null || !v.getClass().isArray() || v.getClass().getComponentType().isArray()) {
          notes.add("skipped " + key + " (field '" + e.getKey() + "' is not a plain column)");
          return null;
        }
      }
      return new RecArray(fields, d.getDimensions()[0]);
    }
    int[] dims = d.getDimensions();
    if (d.getDataType() instanceof EnumDataType) {
      boolean[] b = bools(d);
      return dims.length == 0 ? (Object) b[0] : new NdArray(b, toLong(dims), Dtype.BOOL);
    }
    if (d.getJavaType() == String.class) {
      if (dims.length == 0) {
        Object v = d.getData();
        return v instanceof String s ? s : String.valueOf(v);
      }
      if (d.isEmpty()) {
        return new NdArray(new String[0], toLong(dims), Dtype.STRING);
      }
      if (dims.length == 1) {
        return new NdArray(labels(d), toLong(dims), Dtype.STRING);
      }
      return new NdArray(d.getDataFlat(), toLong(dims), Dtype.STRING);
    }
    if (d.getDataType() instanceof io.jhdf.object.datatype.FloatingPoint
        || d.getDataType() instanceof io.jhdf.object.datatype.FixedPoint) {
      Dtype t = Hdf5Arrays.dtype(d.getDataType(), key);
      int n = Math.toIntExact(d.getSize());
      if (t.isInteger()) {
        long[] v = arrays.longs(d, 0, n, key);
        return dims.length == 0 ? (Object) v[0] : new NdArray(v, toLong(dims), t);
      }
      double[] v = arrays.doubles(d, 0, n, key);
      return dims.length == 0 ? (Object) v[0] : new NdArray(v, toLong(dims), t);
    }
    notes.add("skipped " + key + " (HDF5 type " + d.getDataType().getClass().getSimpleName() + ")");
    return null;
  }

  private static long[] toLong(int[] dims) {
    long[] out = new long[dims.length];
    for (int i = 0; i < dims.length; i++) {
      out[i] = dims[i];
    }
    return out;
  }
}

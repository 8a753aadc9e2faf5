package org.flowmatch4j.data.h5ad;

import static org.flowmatch4j.data.h5ad.H5adNodes.child;
import static org.flowmatch4j.data.h5ad.H5adNodes.dataset;
import static org.flowmatch4j.data.h5ad.H5adNodes.encoding;
import static org.flowmatch4j.data.h5ad.H5adNodes.shapeAttr;
import static org.flowmatch4j.data.h5ad.H5adNodes.stringAttr;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.EnumDataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.tensor.Matrix;

/**
 * Reads AnnData {@code .h5ad} files of every era through jhdf: the modern encoding (anndata ≥ 0.8,
 * {@code encoding-type} attributes), the anndata 0.7 layout (categories referenced from the codes
 * dataset, stored under {@code __categories}) and the legacy scGen-era layout (compound
 * {@code obs}/{@code var}/{@code obsm} datasets, {@code h5sparse_format} groups, category labels
 * in {@code uns/<column>_categories}). Every failure, including jhdf's own exceptions and errors
 * on corrupt input, becomes one {@link IllegalArgumentException} naming the file and the key.
 *
 * <p>This class opens the file and puts an {@link AnnData} together; the parts are read by {@link
 * H5adFrames} (obs, var), {@link H5adMatrices} (X, layers and the other matrices), {@link H5adUns}
 * and {@link H5adNodes} (attributes and small arrays), which share one {@link H5adSource}.
 */
final class H5adReader {
  private final Path path;
  private final HdfFile file;
  private final ReadOptions opt;
  private final H5adSource src;
  private final H5adMatrices matrices;

  static {
    io.jhdf.filter.FilterManager.addFilter(new Fletcher32Filter());
  }

  private H5adReader(Path path, HdfFile file, ReadOptions opt, MappedFile channel) {
    this.path = path;
    this.file = file;
    this.opt = opt;
    this.src = new H5adSource(path, file, new Hdf5Arrays(channel, file.getUserBlockSize()), new ArrayList<>());
    this.matrices = new H5adMatrices(src);
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
    Node xNode = src.at("X", () -> child(file, "X", true));
    H5adSummary.MatrixInfo info = src.at("X", () -> info(xNode));
    if (info == null) {
      throw new H5adException(path + ": X is not a dense or sparse matrix", null);
    }
    int n = Math.toIntExact(info.rows());
    int m = Math.toIntExact(info.cols());
    checkSelection(rows, n, "rows");
    return src.at("X", () -> matrices.matrix(xNode, "X", n, m, rows, null));
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
    Node obsNode = src.at("obs", () -> child(file, "obs", true));
    Node varNode = src.at("var", () -> child(file, "var", true));
    boolean legacy = obsNode instanceof Dataset;
    H5adFrames frames = new H5adFrames(src, legacy);
    DataFrame obs = src.at("obs", () -> frames.frame(obsNode, "obs"));
    DataFrame var = src.at("var", () -> frames.frame(varNode, "var"));
    String layout = legacy ? "legacy" : file.getAttributes().containsKey("encoding-type") ? "anndata>=0.8" : "anndata-0.7";
    Node xNode = file.getChildren().get("X");
    H5adSummary.MatrixInfo x = xNode == null ? null : src.at("X", () -> info(xNode));
    Map<String, Map<String, H5adSummary.MatrixInfo>> mats = new LinkedHashMap<>();
    for (String g : List.of("obsm", "varm", "layers", "obsp", "varp")) {
      Map<String, H5adSummary.MatrixInfo> m = new LinkedHashMap<>();
      Node node = file.getChildren().get(g);
      if (node instanceof Group grp) {
        for (Map.Entry<String, Node> e : grp.getChildren().entrySet()) {
          H5adSummary.MatrixInfo i = src.at(g + "/" + e.getKey(), () -> info(e.getValue()));
          if (i != null) {
            m.put(e.getKey(), i);
          }
        }
      } else if (node instanceof Dataset d && d.isCompound()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = src.at(g, () -> (Map<String, Object>) d.getData());
        for (Map.Entry<String, Object> e : fields.entrySet()) {
          Matrix mm = src.at(g + "/" + e.getKey(), () -> H5adMatrices.fieldMatrix(e.getValue(), obs.size(), g));
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
      raw = src.at("raw/X", () -> info(rg.getChildren().get("X")));
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
    Node obsNode = src.at("obs", () -> child(file, "obs", true));
    Node varNode = src.at("var", () -> child(file, "var", true));
    H5adFrames frames = new H5adFrames(src, obsNode instanceof Dataset);
    int obsRows = src.at("obs", () -> H5adFrames.frameRows(obsNode));
    int varRows = src.at("var", () -> H5adFrames.frameRows(varNode));
    boolean framesFirst = obsRows < 0 || varRows < 0;
    DataFrame obs = framesFirst ? src.at("obs", () -> frames.frame(obsNode, "obs")) : null;
    DataFrame var = framesFirst ? src.at("var", () -> frames.frame(varNode, "var")) : null;
    int nObs = framesFirst ? obs.size() : obsRows;
    int nVar = framesFirst ? var.size() : varRows;
    if (opt.rows() != null) {
      checkSelection(opt.rows(), nObs, "rows");
    }
    if (opt.cols() != null) {
      checkSelection(opt.cols(), nVar, "cols");
    }
    Node xNode = opt.x() ? src.at("X", () -> child(file, "X", false)) : null;
    // X first, on this thread: each of its arrays is decoded by one parallel loop over its chunks
    // that keeps both cores busy to its end (reading X beside obsm on a thread of its own left the
    // two readers contending for the one pool, so that one of them decoded alone on one core)
    DataMatrix x = xNode == null ? null : src.at("X", () -> matrices.matrix(xNode, "X", nObs, nVar, opt.rows(), opt.cols()));
    return readRest(frames, obsNode, varNode, obs, var, nObs, nVar, x);
  }

  private AnnData readRest(H5adFrames frames, Node obsNode, Node varNode, DataFrame obsRead, DataFrame varRead,
      int nObs, int nVar, DataMatrix x) {
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
      obs = src.at("obs", () -> frames.frame(obsNode, "obs"));
      var = src.at("var", () -> frames.frame(varNode, "var"));
      if (obs.size() != nObs || var.size() != nVar) {
        throw new H5adException(path + ": obs has " + obs.size() + " rows and var " + var.size()
            + ", their indexes " + nObs + " and " + nVar, null);
      }
    }
    DataFrame obsSel = opt.rows() == null ? obs : obs.select(opt.rows());
    DataFrame varSel = opt.cols() == null ? var : var.select(opt.cols());
    AnnData a = new AnnData(x, obsSel, varSel);
    a.setSource(path);
    a.obsm().putAll(obsm);
    a.varm().putAll(varm);
    a.layers().putAll(layers);
    a.obsp().putAll(obsp);
    a.varp().putAll(varp);
    if (opt.raw()) {
      a.setRaw(src.at("raw", () -> raw(frames, nObs)));
    }
    if (opt.uns()) {
      Node uns = src.at("uns", () -> child(file, "uns", false));
      if (uns instanceof Group g) {
        a.uns().putAll(src.at("uns", () -> new H5adUns(src, frames, matrices).dict(g, "uns")));
        // as anndata does for legacy files: category labels now live in the categoricals
        frames.usedCategoryKeys().forEach(a.uns()::remove);
      }
    }
    a.notes().addAll(src.notes());
    a.validate();
    return a;
  }

  private void checkSelection(int[] idx, int n, String what) {
    for (int i : idx) {
      if (i < 0 || i >= n) {
        throw new H5adException(path + ": selected " + what + " index " + i + " is outside [0, " + n + ")", null);
      }
    }
  }


  private void readMatrices(
      Map<String, DataMatrix> out, String key, java.util.Set<String> wanted, int n, int m, int[] rows, int[] cols) {
    if (wanted != null && wanted.isEmpty()) {
      return;
    }
    Node node = src.at(key, () -> child(file, key, false));
    if (node == null) {
      if (wanted != null) {
        throw new H5adException(path + ": no " + key + " group, so no " + key + " key " + wanted, null);
      }
      return;
    }
    if (node instanceof Dataset d && d.isCompound()) {
      // legacy: one compound dataset, a field per matrix
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = src.at(key, () -> (Map<String, Object>) d.getData());
      for (Map.Entry<String, Object> e : fields.entrySet()) {
        String k = key + "/" + e.getKey();
        if (wanted != null && !wanted.contains(e.getKey())) {
          continue;
        }
        Matrix mat = src.at(k, () -> H5adMatrices.fieldMatrix(e.getValue(), n, k));
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
        DataMatrix mat = src.at(k, () -> matrices.matrix(e.getValue(), k, n, m, rows, cols));
        if (mat != null) {
          out.put(e.getKey(), mat);
        }
      }
    } else {
      throw new H5adException(path + ": '" + key + "' is neither a group nor a compound dataset", null);
    }
  }

  private AnnData.Raw raw(H5adFrames frames, int nObs) {
    Node r = child(file, "raw", false);
    Group g;
    if (r instanceof Group rg) {
      g = rg;
    } else {
      return null;
    }
    Node varNode = child(g, "var", true);
    DataFrame var = src.at("raw/var", () -> frames.frame(varNode, "raw/var"));
    Node xNode = child(g, "X", false);
    DataMatrix x = xNode == null ? null : src.at("raw/X", () -> matrices.matrix(xNode, "raw/X", nObs, var.size(), opt.rows(), null));
    Map<String, DataMatrix> varm = new LinkedHashMap<>();
    Node varmNode = child(g, "varm", false);
    if (varmNode instanceof Group vg) {
      for (Map.Entry<String, Node> e : vg.getChildren().entrySet()) {
        String k = "raw/varm/" + e.getKey();
        DataMatrix mat = src.at(k, () -> matrices.matrix(e.getValue(), k, var.size(), -1, null, null));
        if (mat != null) {
          varm.put(e.getKey(), mat);
        }
      }
    }
    return new AnnData.Raw(x, var, varm);
  }





}

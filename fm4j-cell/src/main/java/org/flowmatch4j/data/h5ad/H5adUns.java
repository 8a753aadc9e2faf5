package org.flowmatch4j.data.h5ad;

import static org.flowmatch4j.data.h5ad.H5adNodes.bools;
import static org.flowmatch4j.data.h5ad.H5adNodes.dataset;
import static org.flowmatch4j.data.h5ad.H5adNodes.encoding;
import static org.flowmatch4j.data.h5ad.H5adNodes.size1d;
import static org.flowmatch4j.data.h5ad.H5adNodes.toLong;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.EnumDataType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flowmatch4j.data.Dtype;
import org.flowmatch4j.data.NdArray;
import org.flowmatch4j.data.RecArray;

/**
 * The uns dictionary: nested groups become maps, and their leaves scalars, {@link NdArray}s,
 * {@link RecArray}s, data frames, sparse matrices or columns; what cannot be represented is
 * skipped with a note.
 */
final class H5adUns {
  private final H5adSource src;
  private final H5adFrames frames;
  private final H5adMatrices matrices;

  H5adUns(H5adSource src, H5adFrames frames, H5adMatrices matrices) {
    this.src = src;
    this.frames = frames;
    this.matrices = matrices;
  }

  Map<String, Object> dict(Group g, String key) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : g.getChildren().entrySet()) {
      String k = key + "/" + e.getKey();
      Object v = src.at(k, () -> unsValue(e.getValue(), k));
      if (v != null) {
        out.put(e.getKey(), v);
      }
    }
    return out;
  }

  Object unsValue(Node node, String key) {
    if (node instanceof Group g) {
      String enc = encoding(g);
      if (g.getAttributes().containsKey("h5sparse_format")) {
        return matrices.sparse(g, key, true, null);
      }
      switch (enc) {
        case "", "dict" -> {
          return dict(g, key);
        }
        case "dataframe" -> {
          return frames.frame(g, key);
        }
        case "csr_matrix", "csc_matrix" -> {
          return matrices.sparse(g, key, false, null);
        }
        case "categorical", "nullable-integer", "nullable-boolean" -> {
          Node first = g.getChildren().containsKey("codes") ? g.getChild("codes") : g.getChild("values");
          int n = size1d(dataset(first));
          return frames.column(g, g, key, n);
        }
        default -> {
          src.notes().add("skipped " + key + " (unsupported encoding '" + enc + "')");
          return null;
        }
      }
    }
    Dataset d = (Dataset) node;
    if (d.isCompound()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = (Map<String, Object>) d.getData();
      if (d.getDimensions().length != 1) {
        src.notes().add("skipped " + key + " (a compound array of rank " + d.getDimensions().length + ")");
        return null;
      }
      for (Map.Entry<String, Object> e : fields.entrySet()) {
        Object v = e.getValue();
        if (v == null || !v.getClass().isArray() || v.getClass().getComponentType().isArray()) {
          src.notes().add("skipped " + key + " (field '" + e.getKey() + "' is not a plain column)");
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
        return new NdArray(frames.labels(d), toLong(dims), Dtype.STRING);
      }
      return new NdArray(d.getDataFlat(), toLong(dims), Dtype.STRING);
    }
    if (d.getDataType() instanceof io.jhdf.object.datatype.FloatingPoint
        || d.getDataType() instanceof io.jhdf.object.datatype.FixedPoint) {
      Dtype t = Hdf5Arrays.dtype(d.getDataType(), key);
      int n = Math.toIntExact(d.getSize());
      if (t.isInteger()) {
        long[] v = src.arrays().longs(d, 0, n, key);
        return dims.length == 0 ? (Object) v[0] : new NdArray(v, toLong(dims), t);
      }
      double[] v = src.arrays().doubles(d, 0, n, key);
      return dims.length == 0 ? (Object) v[0] : new NdArray(v, toLong(dims), t);
    }
    src.notes().add("skipped " + key + " (HDF5 type " + d.getDataType().getClass().getSimpleName() + ")");
    return null;
  }
}

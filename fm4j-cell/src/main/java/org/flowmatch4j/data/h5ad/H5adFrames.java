package org.flowmatch4j.data.h5ad;

import static org.flowmatch4j.data.h5ad.H5adNodes.boolValue;
import static org.flowmatch4j.data.h5ad.H5adNodes.bools;
import static org.flowmatch4j.data.h5ad.H5adNodes.child;
import static org.flowmatch4j.data.h5ad.H5adNodes.dataset;
import static org.flowmatch4j.data.h5ad.H5adNodes.encoding;
import static org.flowmatch4j.data.h5ad.H5adNodes.size1d;
import static org.flowmatch4j.data.h5ad.H5adNodes.stringArrayAttr;
import static org.flowmatch4j.data.h5ad.H5adNodes.stringAttr;
import static org.flowmatch4j.data.h5ad.H5adNodes.toInts;
import static org.flowmatch4j.data.h5ad.H5adNodes.toStrings;

import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.EnumDataType;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flowmatch4j.data.Column;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.Dtype;

/**
 * The obs and var data frames (and data frames in uns) of every era: a group with an {@code _index}
 * attribute and a column per child (anndata 0.7 and later: categoricals as encoded groups, or as
 * codes that reference their categories in 0.7), or a legacy compound dataset whose integer fields
 * become categoricals when {@code uns/<column>_categories} holds their labels.
 */
final class H5adFrames {
  private final H5adSource src;
  private final boolean legacy;
  /** Legacy {@code uns/<column>_categories} entries turned into categoricals (and so not kept in uns). */
  private final Set<String> usedCategoryKeys = new HashSet<>();

  /**
   * @param src the file being read
   * @param legacy whether the file has the legacy layout (obs a compound dataset)
   */
  H5adFrames(H5adSource src, boolean legacy) {
    this.src = src;
    this.legacy = legacy;
  }

  /** The uns keys of the category labels that became categoricals of a legacy frame. */
  Set<String> usedCategoryKeys() {
    return usedCategoryKeys;
  }

  DataFrame frame(Node node, String key) {
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
    String[] index = src.at(key + "/" + indexKey, () -> labels(indexNode));
    DataFrame df = new DataFrame(indexKey, index);
    String[] order = stringArrayAttr(g, "column-order");
    if (order == null) {
      order = g.getChildren().keySet().stream()
          .filter(k -> !k.equals(indexKey) && !k.equals("__categories"))
          .toArray(String[]::new);
    }
    for (String col : order) {
      String k = key + "/" + col;
      Node c = src.at(k, () -> child(g, col, true));
      df.put(col, src.at(k, () -> column(c, g, col, index.length)));
    }
    return df;
  }

  /** A legacy obs/var frame: a compound dataset with an 'index' field; codes become categoricals. */
  DataFrame compoundFrame(Map<String, Object> fields, String key) {
    Object idx = fields.getOrDefault("index", fields.get("_index"));
    int n = fields.isEmpty() ? 0 : Array.getLength(fields.values().iterator().next());
    String[] index;
    if (idx != null) {
      index = toStrings(idx);
    } else {
      index = DataFrame.ofSize(n).index();
    }
    DataFrame df = new DataFrame(idx == null ? "_index" : "index", index);
    Group uns = src.file().getChildren().get("uns") instanceof Group u ? u : null;
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      String name = e.getKey();
      if (e.getValue() == idx) {
        continue;
      }
      String k = key + "/" + name;
      Object v = e.getValue();
      Node cats = uns == null ? null : uns.getChildren().get(name + "_categories");
      if (legacy && cats instanceof Dataset cd && !(v instanceof String[])) {
        String[] labels = src.at("uns/" + name + "_categories", () -> labels(cd));
        int[] codes = toInts(v, k);
        df.put(name, src.at(k, () -> new Column.Categorical(codes, List.of(labels), null, false)));
        usedCategoryKeys.add(name + "_categories");
      } else {
        df.put(name, src.at(k, () -> arrayColumn(v)));
      }
    }
    return df;
  }

  static Column arrayColumn(Object v) {
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

  /** The strings (or numbers as text) of a 1-D dataset. */
  String[] labels(Node node) {
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
      return LzfStrings.read(d, src.file());
    }
    String[] fast = src.arrays().vlenStrings(d, src.file().getHdfBackingStorage().getSizeOfOffsets(), d.getPath());
    if (fast != null) {
      return fast;
    }
    Object flat = d.getDataFlat();
    if (flat instanceof String[] s) {
      return s;
    }
    return toStrings(flat);
  }

  Column column(Node node, Group frame, String name, int n) {
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
          long[] v = src.arrays().longs(values, 0, size1d(values), name + "/values");
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

  Node categoriesOf07(Dataset codes, Group frame, String name) {
    Object ref = codes.getAttribute("categories").getData();
    if (ref instanceof Number addr) {
      try {
        return src.file().getNodeByAddress(addr.longValue());
      } catch (RuntimeException e) {
        // fall back to the conventional location
      }
    } else if (ref instanceof long[] addr && addr.length == 1) {
      try {
        return src.file().getNodeByAddress(addr[0]);
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

  Column.Categorical categorical(int[] codes, Node catNode, boolean ordered) {
    Dataset cd = dataset(catNode);
    if (cd.getJavaType() == String.class) {
      return new Column.Categorical(codes, List.of(labels(cd)), null, ordered);
    }
    double[] values = src.arrays().doubles(cd, 0, size1d(cd), "categories");
    Dtype t = Hdf5Arrays.dtype(cd.getDataType(), "categories");
    List<String> text = new ArrayList<>();
    for (double v : values) {
      text.add(t.isInteger() ? Long.toString((long) v) : Double.toString(v));
    }
    return new Column.Categorical(codes, text, values, ordered);
  }

  Column plainColumn(Dataset d, String name) {
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
    return new Column.Numeric(src.arrays().doubles(d, 0, size1d(d), name), t);
  }

  int[] ints(Node n, String key) {
    Dataset d = dataset(n);
    return src.arrays().ints(d, 0, size1d(d), key);
  }

  /**
   * The rows of a data frame as its metadata tells them (the length of its 1-D index dataset, or
   * of a legacy compound dataset), without reading it; -1 where only reading the frame can tell.
   */
  static int frameRows(Node node) {
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
}

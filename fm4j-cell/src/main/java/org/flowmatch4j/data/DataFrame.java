package org.flowmatch4j.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A table of annotations (AnnData's {@code obs} or {@code var}): a string index (cell or gene
 * names) and named, typed {@link Column}s, all of the index's length, in column order.
 */
public final class DataFrame {
  private final String indexName;
  private final String[] index;
  private final LinkedHashMap<String, Column> columns = new LinkedHashMap<>();

  /**
   * A frame with the given index and no columns; {@code indexName} as pandas names it ({@code
   * _index} if unnamed).
   */
  public DataFrame(String indexName, String[] index) {
    this.indexName = Objects.requireNonNull(indexName, "indexName");
    this.index = Objects.requireNonNull(index, "index");
  }

  /** A frame whose index is "0", "1", ... */
  public static DataFrame ofSize(int n) {
    String[] idx = new String[n];
    for (int i = 0; i < n; i++) {
      idx[i] = Integer.toString(i);
    }
    return new DataFrame("_index", idx);
  }

  /** The index's name as pandas stores it ({@code _index} if unnamed). */
  public String indexName() {
    return indexName;
  }

  /** The index (not a copy). */
  public String[] index() {
    return index;
  }

  /** Number of rows. */
  public int size() {
    return index.length;
  }

  /** Adds or replaces a column; its length must equal the index's. */
  public DataFrame put(String name, Column column) {
    if (column.size() != index.length) {
      throw new IllegalArgumentException(
          "column '" + name + "' has " + column.size() + " rows, the frame has " + index.length);
    }
    if (name.equals(indexName) || name.equals("_index")) {
      throw new IllegalArgumentException("'" + name + "' is reserved for the index");
    }
    columns.put(name, column);
    return this;
  }

  /** The columns in order (unmodifiable view). */
  public Map<String, Column> columns() {
    return Collections.unmodifiableMap(columns);
  }

  /** True if a column of that name exists. */
  public boolean has(String name) {
    return columns.containsKey(name);
  }

  /** The named column; throws naming the available columns if it is missing. */
  public Column column(String name) {
    Column c = columns.get(name);
    if (c == null) {
      throw new IllegalArgumentException("no column '" + name + "'; columns are " + columns.keySet());
    }
    return c;
  }

  /** Removes a column if present. */
  public void remove(String name) {
    columns.remove(name);
  }

  /** The rows {@code idx}, in that order. */
  public DataFrame select(int[] idx) {
    String[] ix = new String[idx.length];
    for (int k = 0; k < idx.length; k++) {
      ix[k] = index[idx[k]];
    }
    DataFrame out = new DataFrame(indexName, ix);
    columns.forEach((k, v) -> out.columns.put(k, v.select(idx)));
    return out;
  }

  @Override
  public String toString() {
    return "DataFrame[" + index.length + " rows, columns=" + columns.keySet() + "]";
  }
}

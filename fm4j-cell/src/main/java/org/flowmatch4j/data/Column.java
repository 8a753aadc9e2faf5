package org.flowmatch4j.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One column of a {@link DataFrame} (an {@code obs} or {@code var} annotation). The variants are
 * the column kinds AnnData stores: numeric, boolean, string, categorical and the pandas nullable
 * integer and boolean arrays.
 */
public sealed interface Column
    permits Column.Numeric,
        Column.Bool,
        Column.Strings,
        Column.Categorical,
        Column.NullableInt,
        Column.NullableBool {

  /** Number of rows. */
  int size();

  /**
   * The pandas-style dtype: {@code float32}, {@code int64}, {@code bool}, {@code object}, {@code
   * category}, {@code Int64}, {@code boolean}.
   */
  String dtype();

  /** Row i as text ({@code NA} where missing). */
  String label(int i);

  /** The rows {@code idx}, in that order. */
  Column select(int[] idx);

  /**
   * Numeric values (floats or integers, stored as double, exact for integers up to 2^53; the dtype
   * says which).
   */
  record Numeric(double[] values, Dtype type) implements Column {
    /** Checks that values are given and the dtype is numeric (not bool or string). */
    public Numeric {
      Objects.requireNonNull(values, "values");
      if (type == Dtype.BOOL || type == Dtype.STRING) {
        throw new IllegalArgumentException("a numeric column cannot have dtype " + type);
      }
    }

    public int size() {
      return values.length;
    }

    public String dtype() {
      return type.numpy;
    }

    public String label(int i) {
      double v = values[i];
      return type.isInteger() ? Long.toString((long) v) : Double.toString(v);
    }

    public Column select(int[] idx) {
      double[] v = new double[idx.length];
      for (int k = 0; k < idx.length; k++) {
        v[k] = values[idx[k]];
      }
      return new Numeric(v, type);
    }
  }

  /** Booleans. */
  record Bool(boolean[] values) implements Column {
    public int size() {
      return values.length;
    }

    public String dtype() {
      return "bool";
    }

    public String label(int i) {
      return values[i] ? "True" : "False";
    }

    public Column select(int[] idx) {
      boolean[] v = new boolean[idx.length];
      for (int k = 0; k < idx.length; k++) {
        v[k] = values[idx[k]];
      }
      return new Bool(v);
    }
  }

  /** Strings (pandas object dtype). */
  record Strings(String[] values) implements Column {
    public int size() {
      return values.length;
    }

    public String dtype() {
      return "object";
    }

    public String label(int i) {
      return values[i];
    }

    public Column select(int[] idx) {
      String[] v = new String[idx.length];
      for (int k = 0; k < idx.length; k++) {
        v[k] = values[idx[k]];
      }
      return new Strings(v);
    }
  }

  /**
   * A categorical: row i has category {@code categories.get(codes[i])}, or is missing where the
   * code is -1. {@code numericCategories} holds the categories' numeric values where the file stored
   * them as numbers (e.g. days 10, 10.5, 11), else null.
   */
  record Categorical(int[] codes, List<String> categories, double[] numericCategories, boolean ordered)
      implements Column {
    /**
     * Copies the categories and checks every code lies in [-1, categories) (-1: missing) and that
     * numericCategories, when given, has one value per category.
     */
    public Categorical {
      categories = List.copyOf(categories);
      if (numericCategories != null && numericCategories.length != categories.size()) {
        throw new IllegalArgumentException(
            numericCategories.length + " numeric categories for " + categories.size() + " labels");
      }
      for (int c : codes) {
        if (c < -1 || c >= categories.size()) {
          throw new IllegalArgumentException(
              "categorical code " + c + " outside [-1, " + categories.size() + ")");
        }
      }
    }

    /** A categorical over string labels. */
    public static Categorical of(String[] labels, boolean ordered) {
      List<String> cats = Arrays.stream(labels).filter(Objects::nonNull).distinct().sorted().toList();
      int[] codes = new int[labels.length];
      for (int i = 0; i < labels.length; i++) {
        codes[i] = labels[i] == null ? -1 : java.util.Collections.binarySearch(cats, labels[i]);
      }
      return new Categorical(codes, cats, null, ordered);
    }

    public int size() {
      return codes.length;
    }

    public String dtype() {
      return "category";
    }

    public String label(int i) {
      return codes[i] < 0 ? "NA" : categories.get(codes[i]);
    }

    /** The category labels of all rows (null where missing). */
    public String[] labels() {
      String[] out = new String[codes.length];
      for (int i = 0; i < codes.length; i++) {
        out[i] = codes[i] < 0 ? null : categories.get(codes[i]);
      }
      return out;
    }

    public Column select(int[] idx) {
      int[] c = new int[idx.length];
      for (int k = 0; k < idx.length; k++) {
        c[k] = codes[idx[k]];
      }
      return new Categorical(c, categories, numericCategories, ordered);
    }
  }

  /** A pandas nullable integer array ({@code Int64}); {@code mask[i]} true means missing. */
  record NullableInt(long[] values, boolean[] mask) implements Column {
    /** Checks that values and mask have the same length. */
    public NullableInt {
      if (values.length != mask.length) {
        throw new IllegalArgumentException(values.length + " values but " + mask.length + " mask entries");
      }
    }

    public int size() {
      return values.length;
    }

    public String dtype() {
      return "Int64";
    }

    public String label(int i) {
      return mask[i] ? "NA" : Long.toString(values[i]);
    }

    public Column select(int[] idx) {
      long[] v = new long[idx.length];
      boolean[] m = new boolean[idx.length];
      for (int k = 0; k < idx.length; k++) {
        v[k] = values[idx[k]];
        m[k] = mask[idx[k]];
      }
      return new NullableInt(v, m);
    }
  }

  /** A pandas nullable boolean array; {@code mask[i]} true means missing. */
  record NullableBool(boolean[] values, boolean[] mask) implements Column {
    /** Checks that values and mask have the same length. */
    public NullableBool {
      if (values.length != mask.length) {
        throw new IllegalArgumentException(values.length + " values but " + mask.length + " mask entries");
      }
    }

    public int size() {
      return values.length;
    }

    public String dtype() {
      return "boolean";
    }

    public String label(int i) {
      return mask[i] ? "NA" : (values[i] ? "True" : "False");
    }

    public Column select(int[] idx) {
      boolean[] v = new boolean[idx.length];
      boolean[] m = new boolean[idx.length];
      for (int k = 0; k < idx.length; k++) {
        v[k] = values[idx[k]];
        m[k] = mask[idx[k]];
      }
      return new NullableBool(v, m);
    }
  }
}

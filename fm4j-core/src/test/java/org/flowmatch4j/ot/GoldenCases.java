package org.flowmatch4j.ot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowmatch4j.tensor.Matrix;

/**
 * Reads the golden files written by {@code src/test/python/gen_ot_goldens.py}: cases separated by
 * blank lines, each line a key and its whitespace-separated values, {@code #} comments.
 */
public final class GoldenCases {
  private GoldenCases() {}

  /** One case: its lines by key. */
  public static final class Case {
    private final Map<String, String[]> values = new LinkedHashMap<>();

    /** The case name. */
    public String name() {
      return text("name");
    }

    /** The raw text of a single-valued key. */
    public String text(String key) {
      return get(key)[0];
    }

    /** An integer value. */
    public int integer(String key) {
      return (int) Double.parseDouble(text(key));
    }

    /** A scalar value. */
    public double scalar(String key) {
      return Double.parseDouble(text(key));
    }

    /** A vector value. */
    public double[] vector(String key) {
      String[] s = get(key);
      double[] v = new double[s.length];
      for (int k = 0; k < s.length; k++) {
        v[k] = Double.parseDouble(s[k]);
      }
      return v;
    }

    /** A row-major rows x cols matrix as a float Matrix (the values are float32 exact). */
    public Matrix matrix(String key, int rows, int cols) {
      double[] v = vector(key);
      if (v.length != rows * cols) {
        throw new IllegalStateException(key + ": " + v.length + " values for " + rows + "x" + cols);
      }
      float[] f = new float[v.length];
      for (int k = 0; k < v.length; k++) {
        f[k] = (float) v[k];
        if (f[k] != v[k]) {
          throw new IllegalStateException(key + ": value " + v[k] + " is not a float");
        }
      }
      return new Matrix(rows, cols, f);
    }

    /** Whether the case has this key. */
    public boolean has(String key) {
      return values.containsKey(key);
    }

    private String[] get(String key) {
      String[] v = values.get(key);
      if (v == null) {
        throw new IllegalStateException("golden case " + values.get("name")[0] + " has no " + key);
      }
      return v;
    }

    @Override
    public String toString() {
      return name();
    }
  }

  /** All cases of a classpath resource such as {@code /golden/ot/emd.txt}. */
  public static List<Case> read(String resource) {
    try (InputStream in = GoldenCases.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource
            + " (run src/test/python/gen_ot_goldens.py)");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<Case> cases = new ArrayList<>();
      Case current = null;
      for (String line : text.split("\n")) {
        line = line.strip();
        if (line.startsWith("#")) {
          continue;
        }
        if (line.isEmpty()) {
          if (current != null) {
            cases.add(current);
            current = null;
          }
          continue;
        }
        if (current == null) {
          current = new Case();
        }
        String[] parts = line.split("\\s+");
        String[] vals = new String[parts.length - 1];
        System.arraycopy(parts, 1, vals, 0, vals.length);
        current.values.put(parts[0], vals);
      }
      if (current != null) {
        cases.add(current);
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fails unless |actual - expected| <= rel * |expected| + 1e-14. */
  public static void assertClose(double expected, double actual, double rel, String what) {
    double tol = rel * Math.abs(expected) + 1e-14;
    if (!(Math.abs(actual - expected) <= tol)) {
      throw new AssertionError(
          what + ": expected " + expected + ", got " + actual + " (difference "
              + Math.abs(actual - expected) + " > " + tol + ")");
    }
  }
}

package org.flowmatch4j.tasks.perturbation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.flowmatch4j.data.Csv;
import org.flowmatch4j.data.Dtype;
import org.flowmatch4j.data.NdArray;

/**
 * The vector of each single perturbation (a drug, a cytokine, a gene edit): either a one-hot code
 * over a vocabulary (perturbations seen in training) or vectors supplied by the user (molecular
 * fingerprints, gene embeddings, ...) from a CSV table or an {@code uns} dictionary, which also
 * give vectors for perturbations never seen in training.
 */
public final class PerturbationVectors {
  private final Map<String, float[]> vectors;
  private final int dim;
  private final String source;

  private PerturbationVectors(Map<String, float[]> vectors, int dim, String source) {
    this.vectors = vectors;
    this.dim = dim;
    this.source = source;
  }

  /**
   * One-hot codes over the distinct names, in sorted order: name k of the sorted vocabulary is the
   * k-th unit vector.
   */
  public static PerturbationVectors oneHot(Collection<String> names) {
    List<String> vocab = new ArrayList<>(new TreeSet<>(names));
    if (vocab.isEmpty()) {
      throw new IllegalArgumentException("one-hot encoding needs at least one perturbation");
    }
    Map<String, float[]> m = new LinkedHashMap<>();
    for (int k = 0; k < vocab.size(); k++) {
      float[] v = new float[vocab.size()];
      v[k] = 1f;
      m.put(vocab.get(k), v);
    }
    return new PerturbationVectors(m, vocab.size(), "one-hot");
  }

  /**
   * User-supplied vectors, all of the same length and finite.
   *
   * @param source names the origin in error messages (a file, an uns key)
   */
  public static PerturbationVectors of(Map<String, float[]> table, String source) {
    if (table.isEmpty()) {
      throw new IllegalArgumentException(source + ": no perturbation vectors");
    }
    int dim = -1;
    Map<String, float[]> m = new LinkedHashMap<>();
    for (Map.Entry<String, float[]> e : table.entrySet()) {
      float[] v = e.getValue();
      if (dim < 0) {
        dim = v.length;
      }
      if (v.length != dim || dim == 0) {
        throw new IllegalArgumentException(source + ": the vector of '" + e.getKey() + "' has " + v.length
            + " entries, expected " + Math.max(dim, 1) + " like the others");
      }
      for (float x : v) {
        if (!Float.isFinite(x)) {
          throw new IllegalArgumentException(source + ": the vector of '" + e.getKey() + "' has a non-finite entry");
        }
      }
      m.put(e.getKey(), v.clone());
    }
    return new PerturbationVectors(m, dim, source);
  }

  /**
   * Reads a CSV/TSV table with a header row: the first column names the perturbation, every other
   * column is a numeric feature.
   */
  public static PerturbationVectors readCsv(Path file) throws IOException {
    Csv.Table t = Csv.read(file);
    String[] header = t.header();
    if (header.length < 2 || t.rows() == 0) {
      throw new IllegalArgumentException(
          file + ": expected a header row, a name column and at least one numeric column, with one row per perturbation");
    }
    Map<String, float[]> m = new LinkedHashMap<>();
    String[] names = t.columns().get(0);
    for (int i = 0; i < t.rows(); i++) {
      String name = names[i].strip();
      float[] v = new float[header.length - 1];
      for (int j = 1; j < header.length; j++) {
        String cell = t.columns().get(j)[i].strip();
        try {
          v[j - 1] = Float.parseFloat(cell);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(file + ": row '" + name + "', column '" + header[j]
              + "' is not a number ('" + cell + "')");
        }
      }
      if (m.put(name, v) != null) {
        throw new IllegalArgumentException(file + ": perturbation '" + name + "' appears twice");
      }
    }
    return of(m, file.toString());
  }

  /**
   * Vectors from an {@code uns} dictionary of name to 1-D numeric array.
   *
   * @param value the dictionary as read ({@code Map<String, Object>} of {@link NdArray})
   * @param key its uns key, for messages
   */
  public static PerturbationVectors fromUns(Object value, String key) {
    if (!(value instanceof Map<?, ?> dict)) {
      throw new IllegalArgumentException("uns/" + key + ": expected a dictionary of perturbation name to vector, got "
          + (value == null ? "nothing" : value.getClass().getSimpleName()));
    }
    Map<String, float[]> m = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : dict.entrySet()) {
      if (!(e.getValue() instanceof NdArray a) || a.shape().length != 1 || a.dtype() == Dtype.STRING
          || a.dtype() == Dtype.BOOL) {
        throw new IllegalArgumentException("uns/" + key + "/" + e.getKey() + ": expected a 1-D numeric array");
      }
      double[] d = a.asDoubles();
      float[] v = new float[d.length];
      for (int j = 0; j < d.length; j++) {
        v[j] = (float) d[j];
      }
      m.put(e.getKey().toString(), v);
    }
    return of(m, "uns/" + key);
  }

  /** Length of every vector. */
  public int dim() {
    return dim;
  }

  /** True when {@code name} has a vector. */
  public boolean contains(String name) {
    return vectors.containsKey(name);
  }

  /** The names with a vector, in order. */
  public List<String> names() {
    return List.copyOf(vectors.keySet());
  }

  /** Where the vectors come from: {@code one-hot}, a file or an uns key. */
  public String source() {
    return source;
  }

  /** Adds the vector of {@code name} times {@code weight} to {@code out} (length dim). */
  void addTo(String name, float weight, float[] out, int offset) {
    float[] v = vectors.get(name);
    if (v == null) {
      throw new IllegalArgumentException("perturbation '" + name + "' has no vector in " + source
          + (source.equals("one-hot") ? " (it never occurs in the training cells); known: " + names()
              : "; give it a row there"));
    }
    for (int j = 0; j < dim; j++) {
      out[offset + j] += weight * v[j];
    }
  }
}

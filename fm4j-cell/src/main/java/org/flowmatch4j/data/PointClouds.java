package org.flowmatch4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.data.h5ad.ReadOptions;
import org.flowmatch4j.tensor.Matrix;

/**
 * Reads a cloud of points (rows) from the file kinds the command line accepts: CSV/TSV (the
 * numeric columns), {@code .npy} (a 2-D array), or {@code .h5ad} with a key ({@code X} or
 * {@code obsm/<key>}) and optionally a subset of cells given as {@code column=value} of
 * {@code obs}.
 */
public final class PointClouds {
  private PointClouds() {}

  /**
   * @param file the file
   * @param key for .h5ad: {@code X} (default) or {@code obsm/<key>}; must be null otherwise
   * @param where for .h5ad: {@code column=value} selecting cells, or null for all
   */
  public static Matrix read(Path file, String key, String where) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    Matrix m;
    if (name.endsWith(".h5ad")) {
      String k = key == null ? "X" : key;
      AnnData a;
      if (k.equals("X")) {
        a = H5ad.read(file, ReadOptions.metadata().withX(true));
        m = a.requireX().toDense();
      } else if (k.startsWith("obsm/")) {
        a = H5ad.read(file, ReadOptions.metadata().withObsm(k.substring(5)));
        m = a.obsmDense(k.substring(5));
      } else {
        throw new IllegalArgumentException(file + ": key '" + k + "' must be X or obsm/<name>");
      }
      if (where != null) {
        int eq = where.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("subset '" + where + "' must have the form column=value");
        }
        int[] rows = a.obsRows(where.substring(0, eq), where.substring(eq + 1));
        if (rows.length == 0) {
          throw new IllegalArgumentException(file + ": no cells with obs " + where);
        }
        m = m.rows(rows);
      }
    } else {
      if (key != null || where != null) {
        throw new IllegalArgumentException(file + ": a key or subset applies to .h5ad files only");
      }
      if (name.endsWith(".npy")) {
        m = Npy.readMatrix(file);
      } else {
        m = Csv.read(file).toAnnData().requireX().toDense();
      }
    }
    Finite.require(m, file.toString());
    if (m.rows == 0 || m.cols == 0) {
      throw new IllegalArgumentException(file + ": no points (shape " + m.rows + "x" + m.cols + ")");
    }
    return m;
  }

  /**
   * Weights of n points: a {@code .npy} vector, or a text file with one number per line (an
   * optional header line first). Each must be finite and non-negative.
   */
  public static double[] weights(Path file, int n) throws IOException {
    double[] out;
    if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
      Matrix w = Npy.readMatrix(file);
      out = new double[w.data.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = w.data[i];
      }
    } else {
      java.util.List<String> lines = java.nio.file.Files.readAllLines(file);
      java.util.List<Double> values = new java.util.ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.isEmpty()) {
          continue;
        }
        try {
          values.add(Double.parseDouble(line));
        } catch (NumberFormatException e) {
          if (i == 0) {
            continue;
          }
          throw new IllegalArgumentException(file + ": line " + (i + 1) + " is not a number: '" + line + "'");
        }
      }
      out = values.stream().mapToDouble(Double::doubleValue).toArray();
    }
    if (out.length != n) {
      throw new IllegalArgumentException(file + ": expected " + n + " weights, got " + out.length);
    }
    for (int i = 0; i < n; i++) {
      if (!(out[i] >= 0) || Double.isInfinite(out[i])) {
        throw new IllegalArgumentException(file + ": weight " + (i + 1) + " is " + out[i] + "; weights must be finite and >= 0");
      }
    }
    return out;
  }
}

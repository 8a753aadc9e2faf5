package org.flowmatch4j.tasks.trajectory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Csv;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.data.h5ad.ReadOptions;
import org.flowmatch4j.data.preprocess.Pca;
import org.flowmatch4j.data.preprocess.StandardScaler;
import org.flowmatch4j.fm.InvalidSettingException;
import org.flowmatch4j.tensor.Matrix;

/**
 * Reads a time course from a CSV/TSV (a time column plus numeric feature columns) or an AnnData
 * file (a time column of {@code obs}, numeric or ordered categorical, and an embedding), and
 * optionally whitens it.
 *
 * <p>Embeddings: {@code columns} (the CSV's numeric columns, or X of an AnnData file), an
 * {@code obsm} key (with or without the {@code obsm/} prefix, e.g. {@code X_pca}), or
 * {@code pca:K} (the first K principal components of X over all cells; seed 0). Whitening
 * standardises every dimension over all cells (StandardScaler), as the published protocol's
 * {@code whiten} option does; distances are then reported in whitened units.
 *
 * <p>A time column that looks like a continuous measurement rather than time points is refused
 * ({@link TimePoints}) unless the caller insists.
 */
public final class TimeCourseLoader {
  private TimeCourseLoader() {}

  /**
   * A loaded time course and how it was made.
   *
   * @param course the snapshots
   * @param features names of the dimensions
   * @param whitening the scaler applied, or null
   * @param description a one-line account of the input
   */
  public record Loaded(TimeCourse course, String[] features, StandardScaler whitening, String description) {}

  /**
   * @param file .csv, .tsv or .h5ad
   * @param timeKey the time column (CSV header or obs column); for a CSV, null means the first column
   * @param embedding {@code columns}, an obsm key or {@code pca:K}; null means {@code columns} for a
   *     CSV and {@code X_pca} (if present, else {@code pca:50}) for an AnnData file
   * @param manyTimePoints accept a time column that looks continuous ({@link TimePoints})
   * @param obsKeys further per-cell columns read elsewhere (e.g. {@link ObsMasses}); a CSV's are
   *     left out of its features
   */
  public static Loaded load(Path file, String timeKey, String embedding, boolean whiten, boolean manyTimePoints,
      String... obsKeys) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    AnnData a;
    Matrix x;
    String[] features;
    String how;
    double[] time;
    boolean defaulted = timeKey == null;
    if (name.endsWith(".h5ad")) {
      if (timeKey == null) {
        throw new IllegalArgumentException(file + ": an AnnData file needs a time key (an obs column)");
      }
      String emb = embedding;
      if (emb == null) {
        var obsm = H5ad.summarize(file).matrices().get("obsm");
        emb = obsm != null && obsm.containsKey("X_pca") ? "X_pca" : "pca:50";
      }
      if (emb.equals("columns")) {
        a = H5ad.read(file, ReadOptions.metadata().withX(true));
        x = a.requireX().toDense();
        features = a.var().index();
        how = "X";
      } else if (emb.startsWith("pca:")) {
        int k = parsePcs(emb);
        a = H5ad.read(file, ReadOptions.metadata().withX(true));
        Pca pca = Pca.fit(a.requireX(), k, Pca.Solver.AUTO, 0);
        x = pca.scores();
        features = pcNames(pca.k());
        how = "the first " + pca.k() + " principal components of X";
      } else {
        String key = emb.startsWith("obsm/") ? emb.substring(5) : emb;
        a = H5ad.read(file, ReadOptions.metadata().withObsm(key));
        x = a.obsmDense(key);
        features = new String[x.cols];
        for (int j = 0; j < x.cols; j++) {
          features[j] = key + "_" + (j + 1);
        }
        how = "obsm/" + key;
      }
      time = a.obsTime(timeKey);
    } else if (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt")) {
      if (embedding != null && !embedding.equals("columns")) {
        throw new InvalidSettingException(file + ": a CSV has only the 'columns' embedding, got {embedding} " + embedding);
      }
      Csv.Table t = Csv.read(file);
      String key = timeKey != null ? timeKey : t.header()[0];
      time = t.finiteColumn(key);
      String[] obs = new String[obsKeys.length + 1];
      obs[0] = key;
      System.arraycopy(obsKeys, 0, obs, 1, obsKeys.length);
      a = t.toAnnData(obs);
      timeKey = key;
      x = a.requireX().toDense();
      features = a.var().index();
      how = "the numeric columns";
    } else {
      throw new IllegalArgumentException(file + ": expected a .csv, .tsv or .h5ad file");
    }
    if (!manyTimePoints) {
      TimePoints.requireDiscrete(time, file + ": time column '" + timeKey + "'" + (defaulted ? " (the first column)" : ""));
    }
    long distinct = java.util.Arrays.stream(time).distinct().count();
    if (distinct < 2) {
      throw new IllegalArgumentException(file + ": the time column has " + distinct
          + " distinct time point(s); a time course needs at least 2");
    }
    TimeCourse tc = TimeCourse.group(x, time);
    StandardScaler scaler = null;
    if (whiten) {
      scaler = StandardScaler.fit(x);
      StandardScaler s = scaler;
      tc = tc.map(s::transform);
    }
    String description = file.getFileName() + ": " + tc.cells() + " cells, " + tc.size() + " time points ("
        + timeKey + "), " + tc.dim() + " dimensions from " + how + (whiten ? ", whitened" : "");
    return new Loaded(tc, features, scaler, description);
  }

  private static int parsePcs(String emb) {
    try {
      int k = Integer.parseInt(emb.substring(4));
      if (k < 1) {
        throw new NumberFormatException();
      }
      return k;
    } catch (NumberFormatException e) {
      throw new InvalidSettingException("{embedding} pca:K needs a positive integer K, got " + emb);
    }
  }

  private static String[] pcNames(int k) {
    String[] s = new String[k];
    for (int j = 0; j < k; j++) {
      s[j] = "PC" + (j + 1);
    }
    return s;
  }
}

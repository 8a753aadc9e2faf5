package org.flowmatch4j.tasks.spatial;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.data.h5ad.ReadOptions;
import org.flowmatch4j.fm.InvalidSettingException;
import org.flowmatch4j.tensor.Matrix;

/**
 * Where each spot's own features come from (spots x F); {@link SpotFeatures#withNeighbours} then
 * appends their mean over the nearest spots.
 */
public sealed interface FeatureInput {
  /**
   * The own features of section number {@code index} (training sections first, then the held-out
   * one).
   */
  Matrix own(Section s, int index);

  /** Whether the sections' images are needed. */
  default boolean needsImage() {
    return false;
  }

  /**
   * The {@link DiscStatistics} of the H&amp;E image at the given disc scales ({@link
   * SpotFeatures#discs}).
   */
  record Image(List<Integer> scales) implements FeatureInput {
    /** Copies the scales and checks there is at least one, each &gt;= 1. */
    public Image {
      scales = List.copyOf(scales);
      if (scales.isEmpty()) {
        throw new InvalidSettingException("{scales}: expected at least one scale");
      }
      for (int sc : scales) {
        if (sc < 1) {
          throw new InvalidSettingException("{scales}: each scale must be an integer >= 1, got " + sc);
        }
      }
    }

    @Override
    public Matrix own(Section s, int index) {
      return SpotFeatures.discs(s, scales);
    }

    @Override
    public boolean needsImage() {
      return true;
    }
  }

  /** A matrix stored in each section's {@code .h5ad} under {@code obsm/<key>}, one row per spot. */
  record Obsm(String key) implements FeatureInput {
    @Override
    public Matrix own(Section s, int index) {
      Path file = s.counts().source();
      if (file == null || java.nio.file.Files.isDirectory(file) || !file.toString().endsWith(".h5ad")) {
        throw new InvalidSettingException("{features-obsm} " + key + ": section " + s.name()
            + " is not an .h5ad file, so it has no obsm; give {features-csv}");
      }
      AnnData a = H5ad.read(file, ReadOptions.metadata().withUns(false).withObsm(key));
      if (!a.obsm().containsKey(key)) {
        throw new IllegalArgumentException(file + ": has no obsm/" + key + "; keys are " + a.obsm().keySet());
      }
      Matrix m = a.obsmDense(key);
      return requireFinite(m, file + ": obsm/" + key, s);
    }
  }

  /**
   * One CSV per section, in the order of the sections: a header row, the spot barcode in the first
   * column, numeric features in the others (e.g. embeddings of a pathology foundation model). Every
   * spot of the section needs a row; rows of other barcodes are ignored.
   */
  record Csv(List<Path> files) implements FeatureInput {
    /** Copies the list of files. */
    public Csv {
      files = List.copyOf(files);
    }

    @Override
    public Matrix own(Section s, int index) {
      if (index >= files.size()) {
        throw new InvalidSettingException("{features-csv}: expected one file per section (training sections first), got "
            + files.size());
      }
      Path file = files.get(index);
      org.flowmatch4j.data.Csv.Table t;
      try {
        t = org.flowmatch4j.data.Csv.read(file);
      } catch (IOException e) {
        throw new UncheckedIOException(file + ": " + e.getMessage(), e);
      }
      String first = t.header()[0];
      AnnData a = first.isEmpty() ? t.toAnnData() : t.toAnnData(first);
      String[] barcodes = first.isEmpty() ? a.obs().index() : t.column(first);
      Map<String, Integer> row = new HashMap<>();
      for (int i = 0; i < barcodes.length; i++) {
        if (row.put(barcodes[i], i) != null) {
          throw new IllegalArgumentException(file + ": barcode " + barcodes[i] + " has two rows");
        }
      }
      Matrix x = a.requireX().toDense();
      String[] spots = s.counts().obs().index();
      Matrix out = new Matrix(spots.length, x.cols);
      for (int i = 0; i < spots.length; i++) {
        Integer r = row.get(spots[i]);
        if (r == null) {
          throw new IllegalArgumentException(file + ": has no row for spot " + spots[i] + " of section " + s.name());
        }
        System.arraycopy(x.data, r * x.cols, out.data, i * x.cols, x.cols);
      }
      return out;
    }
  }

  private static Matrix requireFinite(Matrix m, String what, Section s) {
    if (m.rows != s.spots()) {
      throw new IllegalArgumentException(what + " has " + m.rows + " rows, expected one per spot (" + s.spots() + ")");
    }
    for (int q = 0; q < m.data.length; q++) {
      if (!Float.isFinite(m.data[q])) {
        throw new IllegalArgumentException(what + " has a non-finite value at spot " + s.counts().obs().index()[q / m.cols]
            + " (row " + q / m.cols + ")");
      }
    }
    return m;
  }
}

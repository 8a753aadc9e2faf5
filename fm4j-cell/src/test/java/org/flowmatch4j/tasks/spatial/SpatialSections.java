package org.flowmatch4j.tasks.spatial;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.Dtype;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.tensor.Matrix;

/**
 * Small simulated sections: a 160 x 160 PNG (full resolution 320 x 320, so coordinates are halved),
 * 16 spots of diameter 24 full-resolution pixels on a 4 x 4 grid, each disc filled with a grey level
 * d in [0.2, 0.8]; gene0 has Poisson counts of mean 2 + 30 (1 - d) (darker spots express more),
 * gene1..gene5 mean 3 regardless of the image.
 */
public final class SpatialSections {
  public static final int GENES = 6;

  private SpatialSections() {}

  /** Writes {@code <name>.h5ad} and {@code <name>.png} into dir; returns the .h5ad. */
  public static Path write(Path dir, String name, long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    BufferedImage img = new BufferedImage(160, 160, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 160; y++) {
      for (int x = 0; x < 160; x++) {
        img.setRGB(x, y, 0xFFFFFF);
      }
    }
    int n = 16;
    Matrix xy = new Matrix(n, 2);
    Matrix counts = new Matrix(n, GENES);
    String[] spots = new String[n];
    for (int i = 0; i < n; i++) {
      double cx = 40 + 30 * (i % 4);
      double cy = 40 + 30 * (i / 4);
      double d = 0.2 + 0.6 * r.nextDouble();
      int v = (int) Math.round(255 * d);
      int rgb = (v << 16) | ((int) (v * 0.8) << 8) | v;
      for (int y = (int) cy - 7; y <= cy + 7; y++) {
        for (int x = (int) cx - 7; x <= cx + 7; x++) {
          img.setRGB(x, y, rgb);
        }
      }
      xy.data[2 * i] = (float) (2 * cx);
      xy.data[2 * i + 1] = (float) (2 * cy);
      counts.data[i * GENES] = poisson(r, 2 + 30 * (1 - d));
      for (int g = 1; g < GENES; g++) {
        counts.data[i * GENES + g] = poisson(r, 3);
      }
      spots[i] = name + "_spot" + i;
    }
    ImageIO.write(img, "png", dir.resolve(name + ".png").toFile());
    String[] genes = new String[GENES];
    for (int g = 0; g < GENES; g++) {
      genes[g] = "gene" + g;
    }
    AnnData a = new AnnData(new DenseMatrix(counts, Dtype.INT32), new DataFrame("_index", spots),
        new DataFrame("_index", genes));
    a.obsm().put("spatial", DenseMatrix.of(xy));
    Map<String, Object> scale = new LinkedHashMap<>();
    scale.put("spot_diameter_fullres", 24.0);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("image_file", name + ".png");
    meta.put("fullres_width", 320L);
    Map<String, Object> lib = new LinkedHashMap<>();
    lib.put("scalefactors", scale);
    lib.put("metadata", meta);
    a.uns().put("spatial", Map.of(name, lib));
    Path f = dir.resolve(name + ".h5ad");
    H5ad.write(f, a);
    return f;
  }

  private static float poisson(SplittableRandom r, double mu) {
    double l = Math.exp(-mu);
    int k = 0;
    double p = r.nextDouble();
    while (p > l) {
      p *= r.nextDouble();
      k++;
    }
    return k;
  }
}

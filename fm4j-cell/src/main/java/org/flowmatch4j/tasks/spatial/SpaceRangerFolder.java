package org.flowmatch4j.tasks.spatial;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.counts.CountLayer;
import org.flowmatch4j.data.counts.Counts;
import org.flowmatch4j.tensor.Matrix;

/**
 * A 10x Space Ranger output folder (the folder itself or its {@code outs/}) as a {@link Section}:
 *
 * <ul>
 *   <li>counts: {@code filtered_feature_bc_matrix.h5}, else the Matrix Market folder {@code
 *       filtered_feature_bc_matrix/};
 *   <li>spot centres: {@code spatial/tissue_positions.csv} (Space Ranger 2.0 and later, with the
 *       header {@code barcode,in_tissue,array_row,array_col,pxl_row_in_fullres,pxl_col_in_fullres})
 *       or {@code spatial/tissue_positions_list.csv} (the same columns without a header), in
 *       full-resolution pixels, row = y, column = x; every barcode of the matrix needs a row;
 *   <li>{@code spatial/scalefactors_json.json}: {@code spot_diameter_fullres}, {@code
 *       tissue_hires_scalef}, {@code tissue_lowres_scalef};
 *   <li>the image: {@code spatial/tissue_hires_image.png} (centres and diameter scaled by {@code
 *       tissue_hires_scalef}), else {@code tissue_lowres_image.png} ({@code tissue_lowres_scalef}),
 *       or a given full-resolution image (scale 1).
 * </ul>
 */
final class SpaceRangerFolder {
  private SpaceRangerFolder() {}

  static Section read(Path folder, Path image, boolean withImage) {
    Path dir = Files.isDirectory(folder.resolve("outs")) && !Files.isDirectory(folder.resolve("spatial"))
        ? folder.resolve("outs") : folder;
    Path h5 = dir.resolve("filtered_feature_bc_matrix.h5");
    Path mtx = dir.resolve("filtered_feature_bc_matrix");
    if (!Files.isRegularFile(h5) && !Files.isDirectory(mtx)) {
      throw new IllegalArgumentException(folder + ": a Space Ranger folder needs filtered_feature_bc_matrix.h5 or "
          + "filtered_feature_bc_matrix/");
    }
    AnnData counts = Counts.read(Files.isRegularFile(h5) ? h5 : mtx, CountLayer.AUTO);
    Path spatial = dir.resolve("spatial");
    String scale = scalefactors(spatial.resolve("scalefactors_json.json"));
    double diameter = positive(scale, "spot_diameter_fullres", spatial.resolve("scalefactors_json.json"));
    Path imagePath = image;
    double s = 1;
    if (withImage && imagePath == null) {
      Path hires = spatial.resolve("tissue_hires_image.png");
      Path lowres = spatial.resolve("tissue_lowres_image.png");
      if (Files.isRegularFile(hires)) {
        imagePath = hires;
        s = positive(scale, "tissue_hires_scalef", spatial.resolve("scalefactors_json.json"));
      } else if (Files.isRegularFile(lowres)) {
        imagePath = lowres;
        s = positive(scale, "tissue_lowres_scalef", spatial.resolve("scalefactors_json.json"));
      } else {
        throw new IllegalArgumentException(spatial + ": has neither tissue_hires_image.png nor tissue_lowres_image.png; give --image");
      }
    }
    ImageFile img = withImage ? ImageFile.open(imagePath) : null;
    Map<String, double[]> positions = positions(spatial);
    String[] spots = counts.obs().index();
    Matrix xy = new Matrix(spots.length, 2);
    for (int i = 0; i < spots.length; i++) {
      double[] p = positions.get(spots[i]);
      if (p == null) {
        throw new IllegalArgumentException(folder + ": spot " + spots[i] + " (row " + i
            + " of the count matrix) has no coordinates in spatial/tissue_positions");
      }
      xy.data[2 * i] = (float) (p[0] * s);
      xy.data[2 * i + 1] = (float) (p[1] * s);
    }
    String name = folder.toAbsolutePath().normalize().getFileName().toString();
    return new Section(name, counts, xy, diameter * s, img);
  }

  private static String scalefactors(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": no such file (the Space Ranger scale factors)");
    }
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  /** The number of {@code "key": number} in the flat JSON object of the scale factors. */
  private static double positive(String json, String key, Path file) {
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("\"" + key + "\"\\s*:\\s*([-+0-9.eE]+)").matcher(json);
    double v = Double.NaN;
    if (m.find()) {
      try {
        v = Double.parseDouble(m.group(1));
      } catch (NumberFormatException e) {
        v = Double.NaN;
      }
    }
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(file + ": " + key + " must be a positive number");
    }
    return v;
  }

  /** Barcode to full-resolution (x, y) = (pxl_col_in_fullres, pxl_row_in_fullres). */
  private static Map<String, double[]> positions(Path spatial) {
    Path withHeader = spatial.resolve("tissue_positions.csv");
    Path list = spatial.resolve("tissue_positions_list.csv");
    Path file = Files.isRegularFile(withHeader) ? withHeader : list;
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(spatial + ": has neither tissue_positions.csv nor tissue_positions_list.csv");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
    Map<String, double[]> out = new HashMap<>();
    for (int k = 0; k < lines.size(); k++) {
      String line = lines.get(k).strip();
      if (line.isEmpty() || k == 0 && line.startsWith("barcode")) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != 6) {
        throw new IllegalArgumentException(file + " line " + (k + 1) + ": expected 6 fields (barcode, in_tissue, "
            + "array_row, array_col, pxl_row_in_fullres, pxl_col_in_fullres), got " + f.length);
      }
      double row = number(f[4], file, k + 1, "pxl_row_in_fullres");
      double col = number(f[5], file, k + 1, "pxl_col_in_fullres");
      out.put(f[0].strip(), new double[] {col, row});
    }
    return out;
  }

  private static double number(String s, Path file, int line, String column) {
    try {
      double v = Double.parseDouble(s.strip());
      if (Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(file + " line " + line + ": " + column + " '" + s + "' is not a finite number");
  }
}

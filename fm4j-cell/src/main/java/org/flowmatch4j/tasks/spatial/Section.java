package org.flowmatch4j.tasks.spatial;

import java.nio.file.Path;
import java.util.Map;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.counts.CountLayer;
import org.flowmatch4j.data.counts.Counts;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.data.h5ad.ReadOptions;
import org.flowmatch4j.tensor.Matrix;

/**
 * One tissue section: spot counts, spot centres and the H&amp;E image, in scanpy's layout:
 * {@code obsm/spatial} holds the centres in full-resolution pixels (x, y), {@code
 * uns/spatial/<library>/scalefactors/spot_diameter_fullres} the spot diameter, and {@code
 * uns/spatial/<library>/metadata/image_file} the image beside the file. An image smaller than
 * {@code metadata/fullres_width} (e.g. the hires image) is scaled by {@code width / fullres_width}.
 *
 * @param name the file name without {@code .h5ad}
 * @param counts raw counts, spots x all genes
 * @param xy spot centres in image pixels, spots x 2 (x, y)
 * @param spotDiameter spot diameter in image pixels
 * @param image the H&amp;E image (its header read; pixels are decoded where features need them), or
 *     null where precomputed features replace it
 */
public record Section(String name, AnnData counts, Matrix xy, double spotDiameter, ImageFile image) {

  /**
   * Reads an {@code .h5ad} section, or a Space Ranger output folder ({@link SpaceRangerFolder});
   * {@code image} overrides the image named in uns or found in the folder (null: use it).
   */
  public static Section read(Path file, Path image) {
    return read(file, image, true);
  }

  /**
   * As {@link #read(Path, Path)}; without {@code withImage} no image is looked for (the section's
   * image is null, for precomputed features) and coordinates stay in full-resolution pixels.
   */
  @SuppressWarnings("unchecked")
  public static Section read(Path file, Path image, boolean withImage) {
    if (java.nio.file.Files.isDirectory(file)) {
      return SpaceRangerFolder.read(file, image, withImage);
    }
    AnnData counts = Counts.read(file, CountLayer.AUTO);
    AnnData meta = H5ad.read(file, ReadOptions.metadata().withUns(true).withObsm("spatial"));
    Matrix fullres = meta.obsm().containsKey("spatial") ? meta.obsmDense("spatial") : null;
    if (fullres == null || fullres.cols < 2) {
      throw new IllegalArgumentException(file + ": has no obsm/spatial with the spots' (x, y) centres");
    }
    String base = file.getFileName().toString().replaceFirst("\\.h5ad$", "");
    Map<String, Object> lib = library(meta.uns(), base);
    Map<String, Object> scale = lib == null ? null : (Map<String, Object>) lib.get("scalefactors");
    Map<String, Object> metadata = lib == null ? null : (Map<String, Object>) lib.get("metadata");
    Double diameter = scale == null ? null : number(scale.get("spot_diameter_fullres"));
    if (diameter == null || !(diameter > 0)) {
      throw new IllegalArgumentException(file + ": has no positive uns/spatial/<library>/scalefactors/spot_diameter_fullres");
    }
    Path imagePath = image;
    if (withImage && imagePath == null) {
      Object name = metadata == null ? null : metadata.get("image_file");
      if (!(name instanceof String s)) {
        throw new IllegalArgumentException(file + ": uns/spatial/<library>/metadata/image_file names no image; give --image");
      }
      Path parent = file.toAbsolutePath().getParent();
      imagePath = parent.resolve(s);
    }
    ImageFile img = withImage ? ImageFile.open(imagePath) : null;
    Double fullWidth = metadata == null ? null : number(metadata.get("fullres_width"));
    double s = img == null || fullWidth == null || !(fullWidth > 0) ? 1 : img.width() / fullWidth;
    Matrix xy = new Matrix(fullres.rows, 2);
    String[] spots = counts.obs().index();
    for (int i = 0; i < fullres.rows; i++) {
      float x = fullres.data[i * fullres.cols];
      float y = fullres.data[i * fullres.cols + 1];
      if (!Float.isFinite(x) || !Float.isFinite(y)) {
        throw new IllegalArgumentException(file + ": spot " + spots[i] + " has no coordinates in obsm/spatial (row " + i + ")");
      }
      xy.data[2 * i] = (float) (x * s);
      xy.data[2 * i + 1] = (float) (y * s);
    }
    return new Section(base, counts, xy, diameter * s, img);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> library(Map<String, Object> uns, String base) {
    if (!(uns.get("spatial") instanceof Map<?, ?> spatial) || spatial.isEmpty()) {
      return null;
    }
    Object lib = spatial.containsKey(base) ? spatial.get(base) : spatial.values().iterator().next();
    return lib instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  private static Double number(Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof double[] a && a.length == 1) {
      return a[0];
    }
    if (v instanceof long[] a && a.length == 1) {
      return (double) a[0];
    }
    return null;
  }

  /** Spots of the section. */
  public int spots() {
    return xy.rows;
  }
}

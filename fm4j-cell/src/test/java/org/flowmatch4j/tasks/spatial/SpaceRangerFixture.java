package org.flowmatch4j.tasks.spatial;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.data.hdf5.H5Data;
import org.flowmatch4j.data.hdf5.Hdf5Writer;
import org.flowmatch4j.tensor.Matrix;

/**
 * A Space Ranger output folder written from a {@link SpatialSections} section: {@code
 * filtered_feature_bc_matrix.h5} (or the Matrix Market folder), {@code spatial/tissue_positions.csv}
 * (or the headerless {@code tissue_positions_list.csv}) with one extra barcode not in the matrix,
 * {@code spatial/scalefactors_json.json} and the section's image as {@code tissue_hires_image.png}
 * (hires scale factor 0.5, the section's image being at half resolution).
 */
public final class SpaceRangerFixture {
  private SpaceRangerFixture() {}

  /** Writes the folder {@code dir/name} from the section {@code h5ad}; returns the folder. */
  public static Path write(Path h5ad, Path dir, String name, boolean h5, boolean header) throws IOException {
    AnnData a = H5ad.read(h5ad);
    Matrix x = a.requireX().toDense();
    Matrix xy = a.obsmDense("spatial");
    String[] spots = a.obs().index();
    String[] genes = a.var().index();
    Path out = dir.resolve(name);
    Path spatial = out.resolve("spatial");
    Files.createDirectories(spatial);
    if (h5) {
      writeH5(out.resolve("filtered_feature_bc_matrix.h5"), x, spots, genes);
    } else {
      writeMtx(out.resolve("filtered_feature_bc_matrix"), x, spots, genes);
    }
    List<String> lines = new ArrayList<>();
    if (header) {
      lines.add("barcode,in_tissue,array_row,array_col,pxl_row_in_fullres,pxl_col_in_fullres");
    }
    lines.add("EXTRA-1,0,9,9,5,5");
    for (int i = spots.length - 1; i >= 0; i--) { // another order than the matrix's
      lines.add(String.format(Locale.ROOT, "%s,1,%d,%d,%s,%s", spots[i], i / 4, i % 4,
          Float.toString(xy.data[2 * i + 1]), Float.toString(xy.data[2 * i])));
    }
    Files.write(spatial.resolve(header ? "tissue_positions.csv" : "tissue_positions_list.csv"), lines);
    Files.writeString(spatial.resolve("scalefactors_json.json"),
        "{\"tissue_hires_scalef\": 0.5, \"tissue_lowres_scalef\": 0.15, \"fiducial_diameter_fullres\": 40.0, "
            + "\"spot_diameter_fullres\": 24.0}");
    String base = h5ad.getFileName().toString().replace(".h5ad", "");
    Files.copy(h5ad.resolveSibling(base + ".png"), spatial.resolve("tissue_hires_image.png"));
    return out;
  }

  private static void writeH5(Path file, Matrix x, String[] spots, String[] genes) throws IOException {
    List<Long> indices = new ArrayList<>();
    List<Integer> data = new ArrayList<>();
    long[] indptr = new long[x.rows + 1];
    for (int i = 0; i < x.rows; i++) {
      for (int g = 0; g < x.cols; g++) {
        float v = x.data[i * x.cols + g];
        if (v != 0) {
          indices.add((long) g);
          data.add((int) v);
        }
      }
      indptr[i + 1] = indices.size();
    }
    String[] ids = new String[genes.length];
    String[] types = new String[genes.length];
    for (int g = 0; g < genes.length; g++) {
      ids[g] = "ENSG" + g;
      types[g] = "Gene Expression";
    }
    try (Hdf5Writer w = Hdf5Writer.create(file)) {
      Hdf5Writer.Group m = w.root().group("matrix");
      m.dataset("barcodes", H5Data.of(spots), Map.of());
      m.dataset("data", H5Data.of(data.stream().mapToInt(Integer::intValue).toArray(), data.size()), Map.of());
      m.dataset("indices", H5Data.of(indices.stream().mapToLong(Long::longValue).toArray(), indices.size()), Map.of());
      m.dataset("indptr", H5Data.of(indptr, indptr.length), Map.of());
      m.dataset("shape", H5Data.of(new int[] {genes.length, spots.length}, 2), Map.of());
      Hdf5Writer.Group f = m.group("features");
      f.dataset("id", H5Data.of(ids), Map.of());
      f.dataset("name", H5Data.of(genes), Map.of());
      f.dataset("feature_type", H5Data.of(types), Map.of());
      f.close();
      m.close();
    }
  }

  private static void writeMtx(Path folder, Matrix x, String[] spots, String[] genes) throws IOException {
    Files.createDirectories(folder);
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < x.rows; i++) {
      for (int g = 0; g < x.cols; g++) {
        float v = x.data[i * x.cols + g];
        if (v != 0) {
          entries.add((g + 1) + " " + (i + 1) + " " + (int) v);
        }
      }
    }
    List<String> mtx = new ArrayList<>();
    mtx.add("%%MatrixMarket matrix coordinate integer general");
    mtx.add(genes.length + " " + spots.length + " " + entries.size());
    mtx.addAll(entries);
    Files.write(folder.resolve("matrix.mtx"), mtx);
    List<String> features = new ArrayList<>();
    for (int g = 0; g < genes.length; g++) {
      features.add("ENSG" + g + "\t" + genes[g] + "\tGene Expression");
    }
    Files.write(folder.resolve("features.tsv"), features);
    Files.write(folder.resolve("barcodes.tsv"), List.of(spots));
  }
}

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flowmatch4j.tasks.spatial.Section;
import org.flowmatch4j.tasks.spatial.SpotFeatures;
import org.flowmatch4j.tensor.Matrix;

/**
 * Writes each section's own disc features, as fm4j spatial computes them, at scales 1, 2, 4 and 8
 * (29 values per scale, scale after scale) to {@code OUT/<name>_discs.csv}: a header, then per spot
 * its barcode, centre (x, y) in image pixels and the 116 values. Usage: java SpatialFeatureExport
 * OUT SECTION.h5ad...
 */
public final class SpatialFeatureExport {
  private SpatialFeatureExport() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    for (int k = 1; k < args.length; k++) {
      Section s = Section.read(Path.of(args[k]), null);
      Matrix f = SpotFeatures.discs(s, List.of(1, 2, 4, 8));
      String[] spots = s.counts().obs().index();
      StringBuilder sb = new StringBuilder("spot,x,y");
      for (int c = 0; c < f.cols; c++) {
        sb.append(",f").append(c);
      }
      sb.append('\n');
      for (int i = 0; i < f.rows; i++) {
        sb.append(spots[i]).append(',').append(s.xy().get(i, 0)).append(',').append(s.xy().get(i, 1));
        for (int c = 0; c < f.cols; c++) {
          sb.append(',').append(f.get(i, c));
        }
        sb.append('\n');
      }
      Files.writeString(out.resolve(s.name() + "_discs.csv"), sb.toString());
    }
  }
}

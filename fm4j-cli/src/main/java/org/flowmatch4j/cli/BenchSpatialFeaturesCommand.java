package org.flowmatch4j.cli;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.tasks.spatial.Section;
import org.flowmatch4j.tasks.spatial.SpotFeatures;
import org.flowmatch4j.tasks.spatial.ImageFile;
import org.flowmatch4j.tensor.Matrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fm4j bench spatial-features IMAGE}: time reading an H&E image and the per-spot features. */
@Command(
    name = "spatial-features",
    mixinStandardHelpOptions = true,
    description = {"Time reading an H&E image and computing fm4j spatial's per-spot features.",
        "Read IMAGE's header, lay spots of --diameter pixels on a grid of --spacing pixels over all of it",
        "(Visium: spacing about 1.8 diameters), and compute fm4j spatial's features of every spot at --scales",
        "and of its --neighbours nearest spots (decoding the pixels under the spots); prints the seconds of",
        "reading the header and of decoding and computing the features as one JSON object."})
public final class BenchSpatialFeaturesCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "IMAGE")
  Path image;

  @Option(names = "--diameter", defaultValue = "110", description = "Spot diameter in pixels (default ${DEFAULT-VALUE}).")
  double diameter;

  @Option(names = "--spacing", defaultValue = "200", description = "Spot centre spacing in pixels (default ${DEFAULT-VALUE}).")
  double spacing;

  @Option(names = "--neighbours", defaultValue = "6", description = "Nearest spots averaged (default ${DEFAULT-VALUE}).")
  int neighbours;

  @Option(names = "--scales", defaultValue = "1,2,4", split = ",", description = "Disc scales, as fm4j spatial (default ${DEFAULT-VALUE}).")
  java.util.List<Integer> scales;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (!(diameter > 0) || !(spacing > 0)) {
      throw new IllegalArgumentException("--diameter and --spacing must be positive, got " + diameter + " and " + spacing);
    }
    long t0 = System.nanoTime();
    ImageFile img = ImageFile.open(image);
    double read = (System.nanoTime() - t0) / 1e9;
    int nx = (int) Math.floor((img.width() - 1) / spacing);
    int ny = (int) Math.floor((img.height() - 1) / spacing);
    int n = Math.max(1, nx * ny);
    Matrix xy = new Matrix(n, 2);
    String[] names = new String[n];
    for (int i = 0; i < n; i++) {
      xy.data[2 * i] = (float) (spacing * (0.5 + (nx == 0 ? 0 : i % nx)));
      xy.data[2 * i + 1] = (float) (spacing * (0.5 + (nx == 0 ? 0 : i / nx)));
      names[i] = "spot" + i;
    }
    AnnData spots = new AnnData(null, new DataFrame("_index", names), DataFrame.ofSize(0));
    spots.setSource(image);
    long t1 = System.nanoTime();
    Matrix f = SpotFeatures.of(new Section("bench", spots, xy, diameter, img), neighbours, scales);
    double features = (System.nanoTime() - t1) / 1e9;
    JsonObject j = new JsonObject();
    j.addProperty("image", image.toString());
    j.addProperty("width", img.width());
    j.addProperty("height", img.height());
    j.addProperty("spots", n);
    j.addProperty("features", f.cols);
    j.addProperty("read_seconds", read);
    j.addProperty("feature_seconds", features);
    j.addProperty("total_seconds", read + features);
    spec.commandLine().getOut().println(j);
    return 0;
  }
}

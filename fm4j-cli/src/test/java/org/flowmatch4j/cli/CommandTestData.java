package org.flowmatch4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Column;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.tensor.Matrix;

/** Tiny inputs for the command tests: a time course and a perturbation screen. */
public final class CommandTestData {
  private CommandTestData() {}

  /** Writes {@code rows} under {@code header} as the CSV file {@code dir/name}. */
  public static Path csv(Path dir, String name, String header, double[][] rows) throws IOException {
    StringBuilder sb = new StringBuilder(header).append('\n');
    for (double[] r : rows) {
      for (int j = 0; j < r.length; j++) {
        sb.append(j == 0 ? "" : ",").append(r[j]);
      }
      sb.append('\n');
    }
    Path f = dir.resolve(name);
    Files.writeString(f, sb.toString());
    return f;
  }

  /** Three snapshots (column day) of a 2-D cloud drifting right by 1 per time point, 30 cells each. */
  public static Path timeCourse(Path dir) throws IOException {
    SplittableRandom r = new SplittableRandom(3);
    double[][] rows = new double[90][];
    for (int i = 0; i < 90; i++) {
      int t = i / 30;
      rows[i] = new double[] {t, t + 0.3 * r.nextGaussian(), 0.3 * r.nextGaussian()};
    }
    return csv(dir, "course.csv", "day,x,y", rows);
  }

  /** Three cell types (blobs in 10 genes), 30 control and 30 stimulated cells each; stimulation shifts 3 genes. */
  public static Path screen(Path dir) throws IOException {
    SplittableRandom r = new SplittableRandom(4);
    String[] types = {"T", "B", "NK"};
    int genes = 10;
    int n = types.length * 60;
    Matrix x = new Matrix(n, genes);
    String[] cond = new String[n];
    String[] type = new String[n];
    String[] names = new String[n];
    for (int i = 0; i < n; i++) {
      int c = i / 60;
      boolean stim = i % 60 >= 30;
      for (int j = 0; j < genes; j++) {
        x.data[i * genes + j] = (float) (2 + (j == c ? 1 : 0) + (stim && j >= 7 ? 1.5 : 0) + 0.3 * r.nextGaussian());
      }
      cond[i] = stim ? "stimulated" : "control";
      type[i] = types[c];
      names[i] = "cell" + i;
    }
    String[] gn = new String[genes];
    for (int j = 0; j < genes; j++) {
      gn[j] = "gene" + j;
    }
    AnnData a = new AnnData(DenseMatrix.of(x), new DataFrame("_index", names), new DataFrame("_index", gn));
    a.obs().put("condition", Column.Categorical.of(cond, false));
    a.obs().put("cell_type", Column.Categorical.of(type, false));
    Path f = dir.resolve("screen.h5ad");
    H5ad.write(f, a);
    return f;
  }
}

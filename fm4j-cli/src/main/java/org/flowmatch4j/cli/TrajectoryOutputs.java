package org.flowmatch4j.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowmatch4j.cli.report.Chart;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Column;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.NdArray;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.data.preprocess.Pca;
import org.flowmatch4j.fm.coupling.CoupledPairs;
import org.flowmatch4j.fm.coupling.ExactOtCoupling;
import org.flowmatch4j.fm.coupling.PlanUse;
import org.flowmatch4j.fm.solver.OdeSolution;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.fm.source.EmpiricalSource;
import org.flowmatch4j.io.AtomicFile;
import org.flowmatch4j.tasks.trajectory.HoldoutResult;
import org.flowmatch4j.tasks.trajectory.TimeCourse;
import org.flowmatch4j.tasks.trajectory.TrajectoryModel;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.GeodesicFit;

/**
 * Writes what a trajectory run produced into its output directory: predicted cells per held-out
 * time point, trajectories of a sample of cells (long-format CSV and an AnnData file), velocities
 * at the observed cells, figures and the HTML report. Figures of more than two dimensions are
 * drawn in the first two principal components of all observed cells.
 */
final class TrajectoryOutputs {
  /** Cells of the first time point whose trajectories are recorded. */
  static final int TRAJECTORY_CELLS = 100;
  /** Recorded states per unit of model time. */
  static final int GRID_PER_UNIT = 20;

  /** Pairs drawn in the figure of straight and learned paths. */
  private static final int PATHS = 40;

  private final Path out;
  private final TimeCourse tc;
  private final String[] features;
  private final String description;
  private final String format;
  private final Pca projection;
  private final Map<String, String> written = new LinkedHashMap<>();
  private final List<Figure> figures = new ArrayList<>();

  /** A figure of the report and what it shows. */
  record Figure(Path png, String caption) {}
  private TrajectoryModel shown;

  TrajectoryOutputs(Path out, TimeCourse tc, String[] features, String description, String format) {
    this.out = out;
    this.tc = tc;
    this.features = features != null ? features : defaultNames(tc.dim());
    this.description = description;
    this.format = format;
    this.projection = tc.dim() > 2 ? Pca.fit(DenseMatrix.of(tc.stacked()), 2, Pca.Solver.EXACT, 0) : null;
  }

  /** The files written so far, by kind (relative to the output directory). */
  Map<String, String> written() {
    return written;
  }

  /** The output directory. */
  Path directory() {
    return out;
  }

  /** What the cells are, in words, for the report. */
  String description() {
    return description;
  }

  /** The figures written so far, in order. */
  List<Figure> figures() {
    return figures;
  }

  TrajectoryModel shownModel() {
    return shown;
  }

  /** The feature names of the cells' dimensions. */
  String[] features() {
    return features;
  }

  /** Writes {@code c} as {@code name.png}, adds it with its caption to the report's figures and to the outputs. */
  void figure(Chart c, String name, int width, int height, String caption) throws IOException {
    Path png = out.resolve(name + ".png");
    c.writePng(png, width, height);
    figures.add(new Figure(png, caption));
    written.put(name + "_png", name + ".png");
  }

  /** The model times trajectories are recorded at: {@link #GRID_PER_UNIT} per unit, first to last time point. */
  double[] grid() {
    double t0 = tc.modelTime(0);
    double t1 = tc.modelTime(tc.size() - 1);
    int points = (int) Math.round((t1 - t0) * GRID_PER_UNIT) + 1;
    double[] grid = new double[points];
    for (int g = 0; g < points; g++) {
      grid[g] = t0 + (t1 - t0) * g / (points - 1);
    }
    return grid;
  }

  /** The predicted cells of a held-out point (CSV or .h5ad like the input) and their figure. */
  void holdout(HoldoutResult h) throws IOException {
    String name = "predicted_k" + h.k();
    if (format.equals("h5ad")) {
      AnnData named = new AnnData(DenseMatrix.of(h.prediction()), org.flowmatch4j.data.DataFrame.ofSize(h.prediction().rows),
          new org.flowmatch4j.data.DataFrame("_index", features));
      double[] t = new double[h.prediction().rows];
      java.util.Arrays.fill(t, h.time());
      named.obs().put("time", new Column.Numeric(t, org.flowmatch4j.data.Dtype.FLOAT64));
      H5ad.write(out.resolve(name + ".h5ad"), named);
      written.put(name, name + ".h5ad");
    } else {
      writeCells(out.resolve(name + ".csv"), h.prediction(), h.time());
      written.put(name, name + ".csv");
    }
    long seed = h.seeds()[0];
    Chart c = new Chart(String.format(Locale.ROOT,
        "held-out t=%s: predicted (seed %d) vs real (W1 %.3f; OT interpolation %.3f)",
        TrajectoryCommand.fmt(h.time()), seed, h.w1()[0], h.otInterpolation()), axis(0), axis(1));
    c.points("real cells at t=" + TrajectoryCommand.fmt(h.time()), project(tc.snapshot(h.k())), Chart.withAlpha(java.awt.Color.GRAY, 0.4), 4, 4000)
        .points("predicted from t=" + TrajectoryCommand.fmt(tc.time(h.k() - 1)), project(h.prediction()), Chart.withAlpha(Chart.color(5), 0.5), 4, 4000);
    String mean = h.seeds().length < 2 ? "" : String.format(Locale.ROOT, "; the table gives %.4f ± %.4f over %d seeds",
        h.w1Mean(), h.w1Std(), h.seeds().length);
    figure(c, name, 800, 700, String.format(Locale.ROOT, "Held-out time point t=%s: its real cells (grey) and the"
        + " cells of t=%s carried to it by the model of seed %d, trained without t=%s; W1 %.4f for this seed%s%s.",
        TrajectoryCommand.fmt(h.time()), TrajectoryCommand.fmt(tc.time(h.k() - 1)), seed,
        TrajectoryCommand.fmt(h.time()), h.w1()[0], mean, projectionNote()));
    loss("k" + h.k(), h.model());
    if (h.model().geodesic() != null) {
      geodesics(h);
    }
  }

  /**
   * Metric flow matching: straight and learned paths between {@value #PATHS} exact-OT pairs of the
   * cells of k - 1 and k + 1, over all the snapshots.
   */
  private void geodesics(HoldoutResult h) throws IOException {
    GeodesicFit fit = h.model().geodesic();
    Matrix x0 = new Matrix(PATHS, tc.dim());
    Matrix x1 = new Matrix(PATHS, tc.dim());
    new CoupledPairs(new EmpiricalSource(tc.snapshot(h.k() - 1)), new EmpiricalSource(tc.snapshot(h.k() + 1)),
        new ExactOtCoupling(PlanUse.RESAMPLE)).sample(new java.util.SplittableRandom(h.k()), x0, x1);
    Chart c = new Chart(String.format(Locale.ROOT,
        "held-out t=%s, seed %d: straight vs learned paths (metric energy %.4g -> %.4g, length %.3f -> %.3f)",
        TrajectoryCommand.fmt(h.time()), h.seeds()[0], fit.straight().energy(), fit.learned().energy(),
        fit.straight().length(), fit.learned().length()), axis(0), axis(1));
    for (int k = 0; k < tc.size(); k++) {
      c.points("t=" + TrajectoryCommand.fmt(tc.time(k)), project(tc.snapshot(k)),
          Chart.withAlpha(Chart.timeColor(k, tc.size()), 0.3), 4, 3000);
    }
    List<Matrix> straight = new ArrayList<>();
    for (Matrix p : fit.paths(x0, x1, 2)) {
      straight.add(project(p));
    }
    List<Matrix> learned = new ArrayList<>();
    for (Matrix p : fit.paths(x0, x1, 21)) {
      learned.add(project(p));
    }
    c.paths("straight", straight, new java.awt.Color(120, 120, 120, 160), 1f)
        .paths("learned", learned, new java.awt.Color(0, 0, 0, 200), 1.5f);
    String name = "paths_k" + h.k();
    figure(c, name, 900, 800, String.format(Locale.ROOT, "Metric flow matching, held-out time point t=%s (model of seed %d): %d"
        + " exact-OT pairs of the cells of t=%s and t=%s joined by the straight line (grey) and by the learned path"
        + " along the data (black), over the observed cells coloured by time%s.", TrajectoryCommand.fmt(h.time()),
        h.seeds()[0], PATHS, TrajectoryCommand.fmt(tc.time(h.k() - 1)), TrajectoryCommand.fmt(tc.time(h.k() + 1)),
        projectionNote()));
  }

  /** The training loss of every step of a model (the first seed's) as {@code loss_<name>.csv}. */
  void loss(String name, TrajectoryModel model) throws IOException {
    String file = "loss_" + name + ".csv";
    LossCsv.write(out.resolve(file), model.training().losses());
    written.put("loss_" + name, file);
  }

  /**
   * Trajectories of cells of the first time point through all time points, with their figure.
   *
   * @param which which model this is, for the figure, e.g. "seed 1, trained without t=2"
   */
  void trajectories(TrajectoryModel model, SolverSpec solver, String which) throws IOException {
    shown = model;
    Matrix first = tc.snapshot(0);
    int n = Math.min(TRAJECTORY_CELLS, first.rows);
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = (int) ((long) i * first.rows / n);
    }
    Matrix x0 = first.rows(idx);
    double[] grid = grid();
    int points = grid.length;
    SolverSpec whole = solver.kind().isAdaptive() ? solver
        : SolverSpec.fixed(solver.kind(), solver.nfe() * (tc.size() - 1));
    OdeSolution sol = model.trajectories(x0, grid, whole);
    int d = tc.dim();
    AtomicFile.writeStream(out.resolve("trajectories.csv"), os -> {
      Writer w = new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8);
      w.write("cell,model_time");
      for (String f : features) {
        w.write("," + f);
      }
      w.write("\n");
      for (int i = 0; i < n; i++) {
        for (int g = 0; g < points; g++) {
          Matrix s = sol.states().get(g);
          w.write(i + "," + grid[g]);
          for (int j = 0; j < d; j++) {
            w.write("," + s.data[i * d + j]);
          }
          w.write("\n");
        }
      }
      w.flush();
    });
    written.put("trajectories_csv", "trajectories.csv");
    Matrix flat = new Matrix(n, points * d);
    for (int i = 0; i < n; i++) {
      for (int g = 0; g < points; g++) {
        System.arraycopy(sol.states().get(g).data, i * d, flat.data, i * points * d + g * d, d);
      }
    }
    AnnData a = new AnnData(DenseMatrix.of(x0), org.flowmatch4j.data.DataFrame.ofSize(n),
        new org.flowmatch4j.data.DataFrame("_index", features));
    a.obsm().put("trajectory", DenseMatrix.of(flat));
    a.uns().put("trajectory_model_times", NdArray.of(grid));
    a.uns().put("trajectory_layout", "obsm['trajectory'][i] holds the states of cell i at the uns times, each of "
        + d + " dimensions, concatenated in time order");
    H5ad.write(out.resolve("trajectories.h5ad"), a);
    written.put("trajectories_h5ad", "trajectories.h5ad");

    Chart c = new Chart("snapshots and learned trajectories (" + which + ")", axis(0), axis(1));
    for (int k = 0; k < tc.size(); k++) {
      c.points("t=" + TrajectoryCommand.fmt(tc.time(k)), project(tc.snapshot(k)),
          Chart.withAlpha(Chart.timeColor(k, tc.size()), 0.35), 4, 3000);
    }
    List<Matrix> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Matrix p = new Matrix(points, d);
      for (int g = 0; g < points; g++) {
        System.arraycopy(sol.states().get(g).data, i * d, p.data, g * d, d);
      }
      lines.add(project(p));
    }
    c.paths("trajectories", lines, new java.awt.Color(0, 0, 0, 110), 1f);
    Path png = out.resolve("trajectories.png");
    c.writePng(png, 900, 800);
    figures.add(0, new Figure(png, "The observed cells of every time point, coloured by time (dark to light), and " + n + " cells of t="
        + TrajectoryCommand.fmt(tc.time(0)) + " carried through all time points by the learned velocity field ("
        + which + ")" + projectionNote() + "."));
    written.put("trajectories_png", "trajectories.png");
  }

  /** The learned velocity at every observed cell, at its own time. */
  void velocities(java.util.function.BiFunction<Matrix, double[], Matrix> field) throws IOException {
    Matrix x = tc.stacked();
    double[] tau = new double[x.rows];
    double[] time = new double[x.rows];
    int off = 0;
    for (int k = 0; k < tc.size(); k++) {
      for (int i = 0; i < tc.snapshot(k).rows; i++) {
        tau[off] = tc.modelTime(k);
        time[off++] = tc.time(k);
      }
    }
    Matrix v = field.apply(x, tau);
    int d = x.cols;
    AtomicFile.writeStream(out.resolve("velocities.csv"), os -> {
      Writer w = new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8);
      w.write("time,model_time");
      for (String f : features) {
        w.write("," + f);
      }
      for (String f : features) {
        w.write(",v_" + f);
      }
      w.write("\n");
      for (int i = 0; i < x.rows; i++) {
        w.write(time[i] + "," + tau[i]);
        for (int j = 0; j < d; j++) {
          w.write("," + x.data[i * d + j]);
        }
        for (int j = 0; j < d; j++) {
          w.write("," + v.data[i * d + j]);
        }
        w.write("\n");
      }
      w.flush();
    });
    written.put("velocities", "velocities.csv");
  }

  private void writeCells(Path file, Matrix cells, double time) throws IOException {
    int d = cells.cols;
    AtomicFile.writeStream(file, os -> {
      Writer w = new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8);
      w.write("time");
      for (String f : features) {
        w.write("," + f);
      }
      w.write("\n");
      for (int i = 0; i < cells.rows; i++) {
        w.write(Double.toString(time));
        for (int j = 0; j < d; j++) {
          w.write("," + cells.data[i * d + j]);
        }
        w.write("\n");
      }
      w.flush();
    });
  }

  /** How the figures show cells of more than two dimensions, or nothing for two. */
  private String projectionNote() {
    return projection == null ? "" : "; first two principal components of all observed cells";
  }

  /** The first two coordinates of the figures: the cells themselves in 2-D, else their first two PCs. */
  Matrix project(Matrix m) {
    return projection == null ? m : projection.transform(DenseMatrix.of(m));
  }

  /** The label of figure axis j. */
  String axis(int j) {
    return projection == null ? features[j] : "PC" + (j + 1);
  }

  private static String[] defaultNames(int d) {
    String[] s = new String[d];
    for (int j = 0; j < d; j++) {
      s[j] = "x" + (j + 1);
    }
    return s;
  }
}

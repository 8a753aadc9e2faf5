package org.flowmatch4j.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.flowmatch4j.cli.report.Chart;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Column;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.Dtype;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.fm.solver.OdeSolution;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.io.AtomicFile;
import org.flowmatch4j.tasks.trajectory.GrowthModel;
import org.flowmatch4j.tasks.trajectory.GrowthResult;
import org.flowmatch4j.tasks.trajectory.TimeCourse;
import org.flowmatch4j.tensor.Matrix;

/**
 * What a growth run ({@code --matcher wfr|uotcfm}) writes next to the trajectory outputs: the
 * learned growth rate at every observed cell ({@code growth.csv}, and {@code obs/fm_growth} of
 * {@code growth.h5ad} for .h5ad input), predicted against observed population mass per time point
 * ({@code mass.csv}, {@code mass.png}), the embedding coloured by growth rate ({@code growth.png}),
 * weighted trajectories ({@code weighted_trajectories.csv}) and the report section.
 */
final class GrowthOutputs {
  /** Colour bins of the growth figure. */
  private static final int BINS = 7;

  private final TrajectoryOutputs base;
  private final Path out;
  private final TimeCourse tc;

  GrowthOutputs(TrajectoryOutputs base, Path out, TimeCourse tc) {
    this.base = base;
    this.out = out;
    this.tc = tc;
  }

  /** The growth rate of {@code model} at every observed cell at its own time. */
  double[] growthAtCells(GrowthModel model) {
    return model.growthRates(tc.stacked(), cellModelTimes());
  }

  private double[] cellModelTimes() {
    double[] tau = new double[tc.cells()];
    for (int k = 0, off = 0; k < tc.size(); k++) {
      for (int i = 0; i < tc.snapshot(k).rows; i++) {
        tau[off++] = tc.modelTime(k);
      }
    }
    return tau;
  }

  /** growth.csv (and growth.h5ad for .h5ad input) and the growth-coloured embedding. */
  void growth(GrowthModel model, long seed, String format) throws IOException {
    Matrix x = tc.stacked();
    double[] tau = cellModelTimes();
    double[] g = model.growthRates(x, tau);
    double[] time = new double[x.rows];
    for (int k = 0, off = 0; k < tc.size(); k++) {
      for (int i = 0; i < tc.snapshot(k).rows; i++) {
        time[off++] = tc.time(k);
      }
    }
    AtomicFile.writeStream(out.resolve("growth.csv"), os -> {
      Writer w = new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8);
      w.write("time,model_time,fm_growth\n");
      for (int i = 0; i < x.rows; i++) {
        w.write(time[i] + "," + tau[i] + "," + g[i] + "\n");
      }
      w.flush();
    });
    base.written().put("growth", "growth.csv");
    if (format.equals("h5ad")) {
      AnnData a = new AnnData(DenseMatrix.of(x), DataFrame.ofSize(x.rows), new DataFrame("_index", base.features()));
      a.obs().put("time", new Column.Numeric(time, Dtype.FLOAT64));
      a.obs().put("fm_growth", new Column.Numeric(g, Dtype.FLOAT64));
      H5ad.write(out.resolve("growth.h5ad"), a);
      base.written().put("growth_h5ad", "growth.h5ad");
    }
    double[] sorted = g.clone();
    Arrays.sort(sorted);
    double lim = Math.max(Math.abs(sorted[(int) (0.02 * (sorted.length - 1))]), Math.abs(sorted[(int) (0.98 * (sorted.length - 1))]));
    lim = lim > 0 ? lim : 1;
    Chart c = new Chart(String.format(Locale.ROOT,
        "growth rate d log w / d(model time) at the observed cells, model of seed %d (colour range +-%.2f)", seed, lim),
        base.axis(0), base.axis(1));
    Matrix p = base.project(x);
    for (int b = 0; b < BINS; b++) {
      double lo = -lim + 2 * lim * b / BINS;
      double hi = -lim + 2 * lim * (b + 1) / BINS;
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < g.length; i++) {
        double v = Math.max(-lim, Math.min(lim, g[i]));
        if (v >= lo && (v < hi || b == BINS - 1)) {
          idx.add(i);
        }
      }
      if (idx.isEmpty()) {
        continue;
      }
      double mid = (lo + hi) / 2 / lim;
      java.awt.Color col = mid < 0
          ? new java.awt.Color((int) (255 * (1 + mid)), (int) (255 * (1 + mid)), 255)
          : new java.awt.Color(255, (int) (255 * (1 - mid)), (int) (255 * (1 - mid)));
      c.points(String.format(Locale.ROOT, "g in [%.2f, %.2f)", lo, hi), p.rows(idx.stream().mapToInt(Integer::intValue).toArray()),
          Chart.withAlpha(col.darker(), 0.7), 4, 4000);
    }
    base.figure(c, "growth", 900, 800, String.format(Locale.ROOT, "The learned growth rate g (d log w per unit of model"
        + " time) at every observed cell, model of seed %d: red cells divide, blue cells die; the colour range is"
        + " +-%.2f.", seed, lim));
  }

  /** mass.csv and mass.png: the predicted total weight against the population mass per time point. */
  void mass(GrowthResult r, String name) throws IOException {
    AtomicFile.writeStream(out.resolve(name + ".csv"), os -> {
      Writer w = new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8);
      w.write("time,observed_mass,predicted_mass_mean,mass_error_mean,w1_mean\n");
      for (int i = 0; i < r.ks().length; i++) {
        w.write(r.times()[i] + "," + r.observedMass()[i] + "," + r.predictedMassMean(i) + "," + r.massErrorMean(i)
            + "," + r.w1Mean(i) + "\n");
      }
      w.flush();
    });
    base.written().put(name, name + ".csv");
    Chart c = new Chart("population mass relative to the first time point: observed and predicted", "time", "mass");
    c.line("observed", r.times(), r.observedMass(), Chart.color(0));
    double[] pred = new double[r.ks().length];
    for (int i = 0; i < pred.length; i++) {
      pred[i] = r.predictedMassMean(i);
    }
    c.line("predicted (mean over seeds)", r.times(), pred, Chart.color(1), new float[] {6f, 4f});
    base.figure(c, name, 800, 600, "Total population mass relative to the first time point: observed (the cell counts"
        + " N_t / N_0, or --masses) against the summed weights of the predicted cells, mean over seeds "
        + Arrays.toString(r.seeds()) + ".");
  }

  /** Weighted trajectories of cells of the first time point: position and weight over model time. */
  void trajectories(GrowthModel model, SolverSpec solver) throws IOException {
    Matrix first = tc.snapshot(0);
    int n = Math.min(TrajectoryOutputs.TRAJECTORY_CELLS, first.rows);
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = (int) ((long) i * first.rows / n);
    }
    double[] w = new double[n];
    Arrays.fill(w, 1.0 / first.rows);
    double[] grid = base.grid();
    SolverSpec whole = solver.kind().isAdaptive() ? solver : SolverSpec.fixed(solver.kind(), solver.nfe() * (tc.size() - 1));
    OdeSolution sol = model.trajectories(new GrowthModel.Particles(first.rows(idx), w), grid, whole);
    int d = tc.dim();
    AtomicFile.writeStream(out.resolve("weighted_trajectories.csv"), os -> {
      Writer wr = new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8);
      wr.write("cell,model_time");
      for (String f : base.features()) {
        wr.write("," + f);
      }
      wr.write(",weight\n");
      for (int i = 0; i < n; i++) {
        for (int g = 0; g < grid.length; g++) {
          Matrix s = sol.states().get(g);
          wr.write(i + "," + grid[g]);
          for (int j = 0; j < d; j++) {
            wr.write("," + s.data[i * (d + 1) + j]);
          }
          wr.write("," + Math.exp(s.data[i * (d + 1) + d]) + "\n");
        }
      }
      wr.flush();
    });
    base.written().put("weighted_trajectories", "weighted_trajectories.csv");
  }
}

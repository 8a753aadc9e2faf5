package org.flowmatch4j.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.flowmatch4j.cli.report.HtmlReport;
import org.flowmatch4j.tasks.trajectory.FitAllResult;
import org.flowmatch4j.tasks.trajectory.GrowthResult;
import org.flowmatch4j.tasks.trajectory.HoldoutResult;
import org.flowmatch4j.tasks.trajectory.TrajectoryConfig;

/** report.html of {@code fm4j trajectory}: the settings, a metric table per protocol and the figures. */
final class TrajectoryReport {
  private TrajectoryReport() {}

  /** Writes the report of {@code run} with the figures of {@code outputs} into its directory. */
  static void write(TrajectoryRun run, TrajectoryOutputs outputs) throws IOException {
    TrajectoryConfig cfg = run.cfg();
    HtmlReport r = new HtmlReport("FlowMatch4J trajectory inference");
    r.paragraph(outputs.description());
    r.paragraph("Method " + cfg.matcher().cliName() + " (sigma " + cfg.sigma() + "), " + cfg.optim().steps()
        + " steps, " + cfg.network().label() + ", " + OptimiserOptions.label(cfg.optim()) + ", cells pushed with "
        + cfg.solver().label() + " per interval, seeds " + Arrays.toString(run.seeds()) + ".");
    if (run.holdouts() != null) {
      holdouts(r, run.holdouts());
    }
    if (run.fitAll() != null) {
      fitAll(r, run.fitAll(), run.times());
    }
    if (run.growth() != null) {
      growth(r, run.growth());
    }
    r.heading("Figures");
    for (TrajectoryOutputs.Figure f : outputs.figures()) {
      r.image(f.png(), f.caption());
    }
    r.write(outputs.directory().resolve("report.html"));
    outputs.written().put("report", "report.html");
  }

  private static void holdouts(HtmlReport r, List<TrajectoryRun.HeldOut> held) {
    r.heading("Leave one time point out (exact W1 to the real cells, lower is better)");
    List<List<String>> rows = new ArrayList<>();
    boolean demo = false;
    for (TrajectoryRun.HeldOut ho : held) {
      HoldoutResult h = ho.result();
      List<String> row = new ArrayList<>(List.of(
          TrajectoryCommand.fmt(h.time()),
          String.format(Locale.ROOT, "%.4f ± %.4f", h.w1Mean(), h.w1Std()),
          String.format(Locale.ROOT, "%.4f", h.noMotion()),
          String.format(Locale.ROOT, "%.4f", h.otInterpolation()),
          String.format(Locale.ROOT, "%.2f", TrajectoryCommand.mean(h.msPerStep()))));
      if (ho.truth() != null) {
        demo = true;
        row.add(String.format(Locale.ROOT, "%.4f (floor %.4f)", ho.truth().w1(), ho.truth().w1Floor()));
        row.add(String.format(Locale.ROOT, "%.1f%%", 100 * ho.truth().velocityError()));
      }
      rows.add(row);
    }
    List<String> header = new ArrayList<>(List.of("held-out time", "model W1", "no motion", "OT interpolation", "ms/step"));
    if (demo) {
      header.add("W1 to true marginal");
      header.add("velocity error vs true drift");
    }
    r.table(header, rows);
  }

  private static void fitAll(HtmlReport r, FitAllResult f, double[] times) {
    r.heading("Fit all: first time point pushed through every later one");
    List<List<String>> rows = new ArrayList<>();
    for (int k = 1; k < times.length; k++) {
      rows.add(List.of(TrajectoryCommand.fmt(times[k]),
          String.format(Locale.ROOT, "%.4f ± %.4f", f.w1Mean(k), f.w1Std(k)),
          String.format(Locale.ROOT, "%.4f", f.noMotion()[k - 1])));
    }
    r.table(List.of("time", "model W1", "no motion"), rows);
  }

  /** The growth section: W1, mass and mass error per time point of each protocol. */
  private static void growth(HtmlReport r, GrowthSummary s) {
    r.heading("Growth and death (" + s.matcher().cliName() + ")");
    GrowthResult shown = s.shown();
    double delta = shown.intervals().delta();
    r.paragraph("Velocity and growth rate learned together; predictions are weighted cells (dx/dt = v, "
        + "d log w/dt = g). W1 compares the prediction with its weights normalised; mass error is "
        + "|sum w - M_t| / M_t against the population mass M_t (" + s.massesSource() + "). "
        + (Double.isNaN(delta) ? "" : "WFR length scale delta " + String.format(Locale.ROOT, "%.4g", delta)
            + " (" + s.wfrDeltaSource() + "). "));
    if (s.fitAll() != null) {
      r.heading("Fit all (weighted)");
      growthTable(r, List.of(s.fitAll()));
    }
    if (!s.holdouts().isEmpty()) {
      r.heading("Leave one out (weighted)");
      growthTable(r, s.holdouts());
    }
  }

  private static void growthTable(HtmlReport r, List<GrowthResult> results) {
    List<List<String>> rows = new ArrayList<>();
    for (GrowthResult g : results) {
      for (int i = 0; i < g.ks().length; i++) {
        rows.add(List.of(TrajectoryCommand.fmt(g.times()[i]),
            String.format(Locale.ROOT, "%.4f ± %.4f", g.w1Mean(i), g.w1Std(i)),
            String.format(Locale.ROOT, "%.4f", g.observedMass()[i]),
            String.format(Locale.ROOT, "%.4f", g.predictedMassMean(i)),
            String.format(Locale.ROOT, "%.4f", g.massErrorMean(i)),
            String.format(Locale.ROOT, "%.4f", g.noMotion()[i])));
      }
    }
    r.table(List.of("time", "W1", "observed mass", "predicted mass", "mass error", "no motion"), rows);
  }
}

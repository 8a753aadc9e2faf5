package org.flowmatch4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flowmatch4j.tasks.perturbation.Baseline;
import org.flowmatch4j.tasks.perturbation.GroupResult;
import org.flowmatch4j.tasks.perturbation.Metric;
import org.flowmatch4j.tasks.perturbation.PerturbationResult;
import org.flowmatch4j.tasks.perturbation.Scores;
import org.flowmatch4j.tasks.perturbation.Space;

/** The metric table of each held-out group of a perturbation run, as text and as rows for the report. */
final class PerturbTable {
  private PerturbTable() {}

  /** The metric table of every held-out group, written to {@code w}. */
  static void print(PrintWriter w, PerturbationResult r) {
    for (GroupResult g : r.groups()) {
      w.printf(Locale.ROOT, "held out %s: %d control -> %d perturbed cells%n", g.group().label(), g.controls().length,
          g.group().cells().length);
      if (g.noiseBound() != null) {
        w.println(noiseBound(g));
      }
      TextTable.lines(tableRows(g)).forEach(w::println);
    }
    w.flush();
  }

  /** Header and rows of the metric table: space/metric, model (mean +- sd), baselines, ceiling. */
  static List<List<String>> tableRows(GroupResult g) {
    List<List<String>> rows = new ArrayList<>();
    List<String> head = new ArrayList<>(List.of("space / metric", "model"));
    for (Baseline b : g.baselines().keySet()) {
      head.add(b.key);
    }
    head.add("ceiling");
    rows.add(head);
    for (Space s : Space.values()) {
      for (Metric k : s.metrics()) {
        List<String> row = new ArrayList<>();
        row.add(s.key + " " + k.key);
        row.add(num(g.modelMean(s, k)) + (g.model().size() > 1 ? " ±" + num(g.modelStd(s, k)) : ""));
        for (Scores sc : g.baselines().values()) {
          row.add(num(sc.get(s, k)));
        }
        row.add(g.ceiling() == null ? "-" : num(g.ceiling().get(s, k)));
        rows.add(row);
      }
    }
    return rows;
  }

  /** The line that gives the R^2 an exact mean would reach against the real cells ({@link GroupResult#noiseBound}). */
  static String noiseBound(GroupResult g) {
    return String.format(Locale.ROOT, "R^2 noise bound (an exact mean against these %d real cells): genes %.4f, DEGs %.4f",
        g.group().cells().length, g.noiseBound().genes(), g.noiseBound().deg());
  }

  static String num(double v) {
    double a = Math.abs(v);
    return a != 0 && (a < 1e-3 || a >= 1e5) ? String.format(Locale.ROOT, "%.3e", v) : String.format(Locale.ROOT, "%.4f", v);
  }

}

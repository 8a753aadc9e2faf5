package org.flowmatch4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.flowmatch4j.cli.report.Chart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fm4j nfe-table}: one table and one figure from the NFE sweeps of several toy runs. */
@Command(
    name = "nfe-table",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Merge 'fm4j toy --nfe-sweep' runs into one table and figure of W2 against NFE.",
    description = {
      "Merge the NFE sweeps of several 'fm4j toy --nfe-sweep ... --out DIR' runs (their toy.json)",
      "into one Markdown table of W2 against the number of function evaluations per method and",
      "sampler (means over seeds), a table of the adaptive solver, and one PNG figure."
    })
final class NfeTableCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RunOptions run;

  @Parameters(arity = "1..*", paramLabel = "TOY_JSON", description = "toy.json files written with --nfe-sweep.")
  List<Path> files;

  @Option(names = "--plot", split = ",", paramLabel = "SAMPLER", defaultValue = "euler,sde,ddim",
      description = "Samplers drawn in the figure (default: ${DEFAULT-VALUE}).")
  List<String> plot;

  @Option(names = "--threshold", defaultValue = "2",
      description = "Report the smallest NFE with W2 <= this multiple of the floor (default: ${DEFAULT-VALUE}).")
  double threshold;

  @Option(names = "--png", paramLabel = "FILE", description = "Write the figure here.")
  Path png;

  /** One method's sweep: W2 per sampler and NFE (means over seeds), and its floor. */
  private record Method(String label, Map<String, TreeMap<Integer, Double>> w2, double floor) {}

  @Override
  public Integer call() throws Exception {
    run.apply();
    if (png != null) {
      OutputFile.check(png, "--png");
    }
    List<Method> methods = new ArrayList<>();
    for (Path f : files) {
      InputFiles.requireFile(f, "TOY_JSON");
      methods.add(read(f));
    }
    TreeSet<Integer> budgets = new TreeSet<>();
    for (Method m : methods) {
      m.w2.forEach((sampler, row) -> {
        if (!sampler.equals("dopri5")) {
          budgets.addAll(row.keySet());
        }
      });
    }
    StringBuilder md = new StringBuilder();
    md.append("| method | sampler |");
    for (int b : budgets) {
      md.append(" NFE ").append(b).append(" |");
    }
    md.append(" floor | NFE to W2 <= ").append(fmt(threshold)).append("x floor |\n|---|---|");
    md.append("---:|".repeat(budgets.size())).append("---:|---:|\n");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Method m : methods) {
      for (Map.Entry<String, TreeMap<Integer, Double>> e : m.w2.entrySet()) {
        if (e.getKey().equals("dopri5")) {
          continue;
        }
        md.append("| ").append(m.label).append(" | ").append(e.getKey()).append(" |");
        Integer reach = null;
        for (int b : budgets) {
          Double w = e.getValue().get(b);
          md.append(' ').append(w == null ? "" : String.format(Locale.ROOT, "%.3f", w)).append(" |");
          if (reach == null && w != null && w <= threshold * m.floor) {
            reach = b;
          }
        }
        md.append(String.format(Locale.ROOT, " %.3f | %s |%n", m.floor, reach == null ? "-" : reach.toString()));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("method", m.label);
        row.put("sampler", e.getKey());
        row.put("nfe", new ArrayList<>(e.getValue().keySet()));
        row.put("w2", new ArrayList<>(e.getValue().values()));
        row.put("w2_floor", m.floor);
        row.put("nfe_to_threshold", reach);
        rows.add(row);
      }
    }
    md.append("\n| method | dopri5 NFE | W2 | floor | W2 / floor |\n|---|---:|---:|---:|---:|\n");
    for (Method m : methods) {
      TreeMap<Integer, Double> d = m.w2.get("dopri5");
      if (d != null) {
        for (Map.Entry<Integer, Double> e : d.entrySet()) {
          md.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.2f |%n", m.label, e.getKey(), e.getValue(),
              m.floor, e.getValue() / m.floor));
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("method", m.label);
          row.put("sampler", "dopri5");
          row.put("nfe", List.of(e.getKey()));
          row.put("w2", List.of(e.getValue()));
          row.put("w2_floor", m.floor);
          rows.add(row);
        }
      }
    }
    if (png != null) {
      writeFigure(methods);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("task", "nfe-table");
    result.put("threshold", threshold);
    result.put("rows", rows);
    result.put("markdown", md.toString());
    if (png != null) {
      result.put("png", png.toString());
    }
    spec.commandLine().getOut().print(md);
    if (run.json) {
      JsonOutput.print(spec.commandLine().getOut(), result);
    }
    spec.commandLine().getOut().flush();
    return 0;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  /** Reads one toy.json; the label names the method, its reflow rounds and (for vp) the prediction. */
  private static Method read(Path f) throws IOException {
    JsonObject o;
    try {
      JsonElement e = JsonParser.parseString(Files.readString(f));
      if (!e.isJsonObject()) {
        throw new IllegalArgumentException(f + ": expected a JSON object (toy.json)");
      }
      o = e.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(f + ": not valid JSON (" + e.getMessage() + ")");
    }
    if (!o.has("nfe_sweep") || !o.get("nfe_sweep").isJsonArray()) {
      throw new IllegalArgumentException(f + ": no 'nfe_sweep' array; run fm4j toy with --nfe-sweep and --out");
    }
    String matcher = string(o, "matcher", f);
    StringBuilder label = new StringBuilder(matcher);
    if (o.has("reflow") && o.get("reflow").getAsInt() > 0) {
      label.append(" reflow ").append(o.get("reflow").getAsInt());
    }
    if (o.has("prediction") && (matcher.equals("vp") || !o.get("prediction").getAsString().equals("velocity"))) {
      label.append(" (").append(o.get("prediction").getAsString()).append(')');
    }
    Map<String, TreeMap<Integer, double[]>> sums = new LinkedHashMap<>();
    double floorSum = 0;
    int floorCount = 0;
    JsonArray sweep = o.getAsJsonArray("nfe_sweep");
    for (JsonElement e : sweep) {
      JsonObject r = e.getAsJsonObject();
      String sampler = string(r, "solver", f);
      int nfe = r.get("nfe").getAsInt();
      double w2 = r.get("w2").getAsDouble();
      double[] acc = sums.computeIfAbsent(sampler, k -> new TreeMap<>()).computeIfAbsent(nfe, k -> new double[2]);
      acc[0] += w2;
      acc[1]++;
      floorSum += r.get("w2_floor").getAsDouble();
      floorCount++;
    }
    if (floorCount == 0) {
      throw new IllegalArgumentException(f + ": the 'nfe_sweep' array is empty");
    }
    Map<String, TreeMap<Integer, Double>> w2 = new LinkedHashMap<>();
    sums.forEach((sampler, row) -> {
      TreeMap<Integer, Double> means = new TreeMap<>();
      row.forEach((nfe, acc) -> means.put(nfe, acc[0] / acc[1]));
      w2.put(sampler, means);
    });
    return new Method(label.toString(), w2, floorSum / floorCount);
  }

  private static String string(JsonObject o, String key, Path f) {
    if (!o.has(key)) {
      throw new IllegalArgumentException(f + ": missing key '" + key + "'");
    }
    return o.get(key).getAsString();
  }

  /** Line styles of the plotted samplers, in order: solid, dashed, dotted, dash-dot. */
  private static final float[][] DASHES = {null, {8f, 5f}, {2f, 4f}, {8f, 4f, 2f, 4f}};

  /** One colour per method, one line style per sampler. */
  private void writeFigure(List<Method> methods) throws IOException {
    Chart c = new Chart("W2 against function evaluations (means over seeds)", "NFE", "W2").logX();
    int maxNfe = 1;
    double floor = 0;
    for (int k = 0; k < methods.size(); k++) {
      Method m = methods.get(k);
      floor += m.floor / methods.size();
      for (int p = 0; p < plot.size(); p++) {
        String sampler = plot.get(p);
        TreeMap<Integer, Double> row = m.w2.get(sampler);
        if (row == null || row.isEmpty()) {
          continue;
        }
        double[] x = new double[row.size()];
        double[] y = new double[row.size()];
        int i = 0;
        for (Map.Entry<Integer, Double> e : row.entrySet()) {
          x[i] = e.getKey();
          y[i++] = e.getValue();
          maxNfe = Math.max(maxNfe, e.getKey());
        }
        c.line(m.label + " " + sampler, x, y, Chart.color(k), DASHES[p % DASHES.length]);
      }
    }
    c.line("floor", new double[] {1, maxNfe}, new double[] {floor, floor}, java.awt.Color.GRAY);
    c.writePng(png, 1000, 700);
  }
}

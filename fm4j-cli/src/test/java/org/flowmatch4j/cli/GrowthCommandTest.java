package org.flowmatch4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.flowmatch4j.tasks.trajectory.TrajectoryConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fm4j trajectory --matcher wfr|uotcfm} end to end on a tiny growing time course, and its bad inputs. */
class GrowthCommandTest {
  @TempDir Path dir;
  private final CliRun cli = new CliRun();

  private int run(String... args) {
    return cli.run(args);
  }

  private void assertBadInput(String expectedMessagePart, String... args) {
    cli.assertBadInput(expectedMessagePart, args);
  }

  /** Three snapshots of 20, 30 and 45 cells drifting right by 1 per time point; optionally one NaN. */
  private Path course(String name, boolean nan) throws IOException {
    SplittableRandom r = new SplittableRandom(3);
    StringBuilder sb = new StringBuilder("day,x,y\n");
    int[] counts = {20, 30, 45};
    for (int t = 0; t < counts.length; t++) {
      for (int i = 0; i < counts[t]; i++) {
        double y = nan && t == 1 && i == 4 ? Double.NaN : 0.3 * r.nextGaussian();
        sb.append(t).append(',').append(t + 0.3 * r.nextGaussian()).append(',').append(y).append('\n');
      }
    }
    Path f = dir.resolve(name);
    Files.writeString(f, sb.toString());
    return f;
  }

  /** Runs trajectory with the wfr matcher and the given protocol option; returns the JSON's growth section. */
  private JsonObject wfr(Path o, String... protocol) throws IOException {
    List<String> args = new java.util.ArrayList<>(List.of("trajectory", "--data", course("c.csv", false).toString(),
        "--time-key", "day", "--matcher", "wfr", "--steps", "30", "--batch", "16", "--width", "16", "--growth-width", "8", "--solver", "euler",
        "--nfe", "10", "--seeds", "1", "--quiet", "--json", "--out", o.toString()));
    args.addAll(List.of(protocol));
    assertEquals(0, run(args.toArray(String[]::new)), cli.err());
    List<String> lines = cli.out().strip().lines().toList();
    return JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject().getAsJsonObject("growth");
  }

  @Test
  void wfrTrainsTheGrowthRecipesStepsAndPairsAndPushesWithDopri5UnlessGiven() throws IOException {
    Path o = dir.resolve("recipe");
    // with the smoothed growth target, so that its path through the command runs too
    assertEquals(0, run("trajectory", "--data", course("r.csv", false).toString(), "--time-key", "day", "--matcher", "wfr",
        "--width", "8", "--depth", "1", "--growth-width", "4", "--tol", "1e-4", "--seeds", "1", "--fit-all", "--quiet",
        "--json", "--wfr-growth", "smoothed", "--out", o.toString()), cli.err());
    List<String> lines = cli.out().strip().lines().toList();
    JsonObject j = JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
    TrajectoryConfig recipe = TrajectoryConfig.growth();
    assertEquals(recipe.optim().steps(), j.get("steps").getAsInt());
    assertEquals(recipe.optim().batch(), j.get("batch").getAsInt());
    assertEquals(10_000, recipe.optim().steps(), "the documented recipe");
    assertEquals(64, recipe.optim().batch(), "the documented recipe");
    assertEquals("dopri5/1.0E-4", j.get("solver").getAsString(), "dopri5 at --tol");
  }

  @Test
  void nfeWithoutASolverIsRefusedForGrowthMatchers() throws IOException {
    Path o = dir.resolve("nfe");
    cli.assertBadInput("--nfe sets the steps of a fixed-step solver, and --matcher uotcfm pushes cells with dopri5 unless"
        + " --solver names one: add --solver euler (or midpoint, heun, rk4)", "trajectory", "--data",
        course("n.csv", false).toString(), "--time-key", "day", "--matcher", "uotcfm", "--nfe", "10", "--fit-all",
        "--out", o.toString());
  }

  @Test
  void wfrFitAllAndHoldoutWriteWeightedMetricsAndGrowthOutputs() throws IOException {
    Path o = dir.resolve("wfr");
    JsonObject g = wfr(o, "--fit-all");
    JsonArray fit = g.getAsJsonArray("fit_all");
    assertEquals(2, fit.size());
    for (int i = 0; i < 2; i++) {
      JsonObject row = fit.get(i).getAsJsonObject();
      for (String key : List.of("w1", "mass_error", "observed_mass", "predicted_mass")) {
        assertTrue(row.has(key), key + " in " + row);
      }
    }
    assertEquals(1.5, fit.get(0).getAsJsonObject().get("observed_mass").getAsDouble(), 1e-12, "N_1 / N_0");
    assertEquals(2.25, fit.get(1).getAsJsonObject().get("observed_mass").getAsDouble(), 1e-12, "N_2 / N_0");
    assertEquals("3x8 leaky_relu", g.get("growth_network").getAsString(), "the growth network of --growth-width 8");
    for (String key : List.of("fit_all_w1_mean", "fit_all_mass_error_mean", "wfr_delta", "plan_seconds")) {
      assertTrue(g.has(key), key + " in " + g);
    }
    // the process CPU time of training: not negative (the clock counts in ticks of about 10 ms, more
    // than this tiny run may take), and at most every core busy for the wall-clock time
    double cpuMs = g.get("cpu_ms_per_step").getAsDouble();
    assertTrue(cpuMs >= 0 && cpuMs <= Runtime.getRuntime().availableProcessors() * 1.5 * g.get("ms_per_step").getAsDouble()
        + 5, "cpu_ms_per_step " + cpuMs + " against ms_per_step " + g.get("ms_per_step"));
    assertTrue(g.get("plan_cpu_seconds").getAsDouble() >= 0, "plan_cpu_seconds in " + g);
    for (String f : List.of("growth.csv", "growth.png", "mass.csv", "mass.png", "weighted_trajectories.csv",
        "velocities.csv", "report.html", "models/model_all_seed1.ckpt")) {
      assertTrue(Files.isRegularFile(o.resolve(f)), f);
    }
    List<String> growth = Files.readAllLines(o.resolve("growth.csv"));
    assertEquals("time,model_time,fm_growth", growth.get(0));
    assertEquals(1 + 20 + 30 + 45, growth.size());
    assertTrue(Files.readString(o.resolve("report.html")).contains("Growth and death"));

    Path h = dir.resolve("wfr-holdout");
    g = wfr(h, "--holdout", "1");
    for (String key : List.of("holdout_w1_mean", "holdout_mass_error_mean")) {
      assertTrue(g.has(key), key + " in " + g);
    }
    assertEquals(1, g.getAsJsonArray("holdout").get(0).getAsJsonObject().get("k").getAsInt());
    assertTrue(Files.isRegularFile(h.resolve("models/model_k1_seed1.ckpt")));
  }

  @Test
  void uotcfmRunsWithGivenMasses() throws IOException {
    Path o = dir.resolve("uot");
    assertEquals(0, run("trajectory", "--data", course("c.csv", false).toString(), "--time-key", "day",
        "--matcher", "uotcfm", "--fit-all", "--masses", "2,2,3", "--steps", "20", "--batch", "16", "--width", "16",
        "--solver", "euler", "--nfe", "10", "--seeds", "1", "--quiet", "--json", "--out", o.toString()), cli.err());
    List<String> lines = cli.out().strip().lines().toList();
    JsonObject g = JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject().getAsJsonObject("growth");
    assertEquals(1.5, g.getAsJsonArray("fit_all").get(1).getAsJsonObject().get("observed_mass").getAsDouble(), 1e-12);
    assertFalse(g.has("wfr_delta"));
  }

  @Test
  void massesFromAColumnAreItsSumsPerTimePointAndNotAFeature() throws IOException {
    Path data = dir.resolve("share.csv");
    StringBuilder sb = new StringBuilder("day,x,y,share\n");
    SplittableRandom r = new SplittableRandom(5);
    int[] counts = {20, 30, 45};
    double[] share = {0.1, 0.1, 0.2};
    for (int t = 0; t < counts.length; t++) {
      for (int i = 0; i < counts[t]; i++) {
        sb.append(t).append(',').append(t + 0.3 * r.nextGaussian()).append(',').append(0.3 * r.nextGaussian())
            .append(',').append(share[t]).append('\n');
      }
    }
    Files.writeString(data, sb.toString());
    Path o = dir.resolve("share");
    assertEquals(0, run("trajectory", "--data", data.toString(), "--time-key", "day", "--matcher", "uotcfm",
        "--fit-all", "--masses", "share", "--steps", "10", "--batch", "16", "--width", "8", "--solver", "euler",
        "--nfe", "5", "--seeds", "1", "--quiet", "--json", "--out", o.toString()), cli.err());
    List<String> lines = cli.out().strip().lines().toList();
    JsonObject j = JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
    JsonObject g = j.getAsJsonObject("growth");
    assertEquals("obs column share, summed per time point", g.get("masses_source").getAsString());
    assertEquals(3.0 / 2.0, g.getAsJsonArray("fit_all").get(0).getAsJsonObject().get("observed_mass").getAsDouble(),
        1e-12, "30 x 0.1 against 20 x 0.1");
    assertEquals(9.0 / 2.0, g.getAsJsonArray("fit_all").get(1).getAsJsonObject().get("observed_mass").getAsDouble(),
        1e-12, "45 x 0.2 against 20 x 0.1");
    assertTrue(j.get("description").getAsString().contains("2 dimensions"), j.get("description").getAsString());
    assertBadInput("no column 'sharez'", "trajectory", "--data", data.toString(), "--time-key", "day",
        "--matcher", "uotcfm", "--fit-all", "--masses", "sharez", "--out", dir.resolve("bad").toString());
    assertBadInput("a column of masses needs --data", "trajectory", "--demo", "--matcher", "wfr",
        "--masses", "share", "--out", dir.resolve("bad").toString());
    assertBadInput("--masses: expected numbers separated by commas or one column name", "trajectory", "--data",
        data.toString(), "--time-key", "day", "--matcher", "uotcfm", "--fit-all", "--masses", "1,share,2",
        "--out", dir.resolve("bad").toString());
  }

  @Test
  void growthDemoReportsTheGrowthCorrelation() throws IOException {
    Path o = dir.resolve("demo");
    assertEquals(0, run("trajectory", "--demo", "--matcher", "wfr", "--steps", "10", "--batch", "16", "--width", "8",
        "--solver", "euler", "--nfe", "5", "--seeds", "1", "--quiet", "--json", "--out", o.toString()), cli.err());
    List<String> lines = cli.out().strip().lines().toList();
    JsonObject g = JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject().getAsJsonObject("growth");
    double corr = g.get("growth_correlation").getAsDouble();
    assertTrue(corr >= -1 && corr <= 1, "a correlation: " + corr);
    assertEquals(4, g.getAsJsonArray("fit_all").size());
    assertTrue(g.getAsJsonArray("fit_all").get(0).getAsJsonObject().has("w1_true_marginal"));
    assertTrue(Files.isRegularFile(o.resolve("growth.png")));
    JsonObject j = JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
    assertTrue(j.toString().contains("built-in gene circuit"), "the gene circuit is the default: " + j);
  }

  @Test
  void demoProcessIsAnEnumOfTheGrowthDemo() throws IOException {
    String o = dir.resolve("bad").toString();
    assertBadInput("'--demo-process': expected one of circuit, bifurcation, got 'tree'", "trajectory", "--demo",
        "--matcher", "wfr", "--demo-process", "tree", "--out", o);
    assertBadInput("--demo-process applies to --matcher wfr or uotcfm, not otcfm", "trajectory", "--demo",
        "--demo-process", "bifurcation", "--out", o);
    assertBadInput("--demo-process chooses the simulated course of --demo, not --data", "trajectory", "--data",
        course("c.csv", false).toString(), "--time-key", "day", "--matcher", "wfr", "--fit-all", "--demo-process",
        "circuit", "--out", o);
  }

  @Test
  void wfrGrowthIsAnEnumOfWfr() throws IOException {
    String data = course("c.csv", false).toString();
    String o = dir.resolve("bad").toString();
    assertBadInput("'--wfr-growth': expected one of pair, smoothed, got 'mean'", "trajectory", "--data", data,
        "--time-key", "day", "--matcher", "wfr", "--fit-all", "--wfr-growth", "mean", "--out", o);
    assertBadInput("--wfr-growth applies to --matcher wfr, not uotcfm", "trajectory", "--data", data,
        "--time-key", "day", "--matcher", "uotcfm", "--fit-all", "--wfr-growth", "smoothed", "--out", o);
    assertBadInput("--wfr-growth applies to --matcher wfr, not otcfm", "trajectory", "--data", data,
        "--time-key", "day", "--fit-all", "--wfr-growth", "smoothed", "--out", o);
  }

  @Test
  void badInputsNameTheOptionOrFile() throws IOException {
    String data = course("c.csv", false).toString();
    String o = dir.resolve("bad").toString();
    assertBadInput("--masses has 2 values but the data has 3 time points", "trajectory", "--data", data,
        "--time-key", "day", "--matcher", "wfr", "--fit-all", "--masses", "1,2", "--out", o);
    assertBadInput("--masses value 2 is -1.0", "trajectory", "--data", data, "--time-key", "day",
        "--matcher", "wfr", "--fit-all", "--masses", "1,-1,2", "--out", o);
    assertBadInput("--coupling does not apply to --matcher uotcfm", "trajectory", "--data", data, "--time-key", "day",
        "--matcher", "uotcfm", "--fit-all", "--coupling", "exact", "--out", o);
    assertBadInput("--wfr-delta must be positive", "trajectory", "--data", data, "--time-key", "day",
        "--matcher", "wfr", "--fit-all", "--wfr-delta", "0", "--out", o);
    assertBadInput("use a --wfr-delta above", "trajectory", "--data", data, "--time-key", "day",
        "--matcher", "wfr", "--fit-all", "--wfr-delta", "0.001", "--out", o);
    assertBadInput("c_nan.csv", "trajectory", "--data", course("c_nan.csv", true).toString(), "--time-key", "day",
        "--matcher", "wfr", "--fit-all", "--out", o);
    Path single = dir.resolve("one.csv");
    Files.writeString(single, "day,x\n0,1\n0,2\n");
    assertBadInput("one.csv", "trajectory", "--data", single.toString(), "--time-key", "day", "--matcher", "wfr",
        "--fit-all", "--out", o);
    assertBadInput("learns growth over a time course", "toy", "--matcher", "wfr", "--out", o);
    assertBadInput("--masses applies to --matcher wfr or uotcfm, not otcfm", "trajectory", "--data", data,
        "--time-key", "day", "--fit-all", "--masses", "1,2,3", "--out", o);
    assertBadInput("--wfr-delta applies to --matcher wfr, not uotcfm", "trajectory", "--data", data,
        "--time-key", "day", "--matcher", "uotcfm", "--fit-all", "--wfr-delta", "1", "--out", o);
    assertBadInput("--growth-width must be at least 1, got 0", "trajectory", "--data", data, "--time-key", "day",
        "--matcher", "wfr", "--fit-all", "--growth-width", "0", "--out", o);
    assertBadInput("--growth-width applies to --matcher wfr or uotcfm, not otcfm", "trajectory", "--data", data,
        "--time-key", "day", "--fit-all", "--growth-width", "8", "--out", o);
  }
}

package org.flowmatch4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The toy, trajectory and distance commands end to end on tiny inputs, and their bad-input paths. */
class TaskCommandsTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private JsonObject lastJson() {
    List<String> lines = out.toString().strip().lines().toList();
    return JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
  }

  private void assertBadInput(String expectedMessagePart, String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    assertEquals(Main.EXIT_BAD_INPUT, run(args), err.toString());
    String e = err.toString().strip();
    assertEquals(1, e.lines().count(), "one line: " + e);
    assertTrue(e.contains(expectedMessagePart), e);
  }

  private Path csv(String name, String header, double[][] rows) throws IOException {
    return CommandTestData.csv(dir, name, header, rows);
  }

  @Test
  void distanceW1OfShiftedPointsIsTheShift() throws IOException {
    Path a = csv("a.csv", "x,y", new double[][] {{0, 0}, {1, 0}, {0, 1}});
    Path b = csv("b.csv", "x,y", new double[][] {{3, 4}, {4, 4}, {3, 5}});
    assertEquals(0, run("distance", "--a", a.toString(), "--b", b.toString(), "--metric", "w1", "--json"));
    JsonObject j = lastJson();
    assertEquals(5.0, j.get("w1").getAsDouble(), 1e-9);
    assertEquals(3, j.get("n_a").getAsInt());
    assertTrue(j.has("seconds"));
  }

  @Test
  void distanceWeightsMoveTheMass() throws IOException {
    Path a = csv("a.csv", "x", new double[][] {{0}, {10}});
    Path b = csv("b.csv", "x", new double[][] {{0}});
    Path w = dir.resolve("w.txt");
    Files.writeString(w, "weight\n3\n1\n");
    assertEquals(0, run("distance", "--a", a.toString(), "--weights-a", w.toString(), "--b", b.toString(),
        "--metric", "w1", "--json"));
    assertEquals(2.5, lastJson().get("w1").getAsDouble(), 1e-9);
  }

  @Test
  void distanceBadInputs() throws IOException {
    Path a = csv("a.csv", "x,y", new double[][] {{0, 0}, {1, 0}});
    Path b = csv("b.csv", "x", new double[][] {{0}});
    assertBadInput("must match", "distance", "--a", a.toString(), "--b", b.toString(), "--metric", "w2");
    assertBadInput("no such file", "distance", "--a", dir.resolve("nope.csv").toString(), "--b", b.toString(), "--metric", "w2");
  }

  @Test
  void distanceRejectsWeightsForKernelMetrics() throws IOException {
    Path a = csv("a.csv", "x", new double[][] {{0}, {1}});
    Path w = dir.resolve("w.txt");
    Files.writeString(w, "1\n1\n");
    assertBadInput("weights apply to --metric w1 and w2 only",
        "distance", "--a", a.toString(), "--b", a.toString(), "--weights-a", w.toString(), "--metric", "mmd");
  }

  @Test
  void toyRunsAndWritesItsFigures() throws IOException {
    Path o = dir.resolve("toy");
    assertEquals(0, run("toy", "--matcher", "otcfm", "--steps", "60", "--samples", "200", "--solver", "euler",
        "--nfe", "4", "--nfe-sweep", "2,4", "--quiet", "--json", "--out", o.toString()), err.toString());
    JsonObject j = lastJson();
    for (String key : List.of("w2", "w2_floor", "nfe", "train_seconds", "steps_per_second", "seed", "nfe_sweep")) {
      assertTrue(j.has(key), key + " in " + j);
    }
    assertEquals(4, j.get("nfe").getAsInt());
    assertEquals(0.999, j.get("ema").getAsDouble(), "the benchmark samples from the weight average by default");
    assertTrue(j.get("w2").getAsDouble() > 0);
    assertTrue(Files.isRegularFile(o.resolve("toy.png")));
    assertTrue(Files.isRegularFile(o.resolve("nfe_sweep.png")));
    assertLossCsv(o.resolve("loss.csv"), 60);
  }

  @Test
  void toyTakesACouplingGradientClippingAndEma() throws IOException {
    Path o = dir.resolve("toy-sinkhorn");
    assertEquals(0, run("toy", "--matcher", "icfm", "--coupling", "sinkhorn", "--epsilon", "0.1", "--grad-clip", "1",
        "--ema", "0.99", "--steps", "30", "--samples", "100", "--solver", "euler", "--nfe", "2", "--quiet", "--json",
        "--out", o.toString()), err.toString());
    JsonObject j = lastJson();
    assertTrue(j.get("coupling").getAsString().toLowerCase().contains("sinkhorn"), j.toString());
    assertEquals(1.0, j.get("grad_clip").getAsDouble());
    assertEquals(0.99, j.get("ema").getAsDouble());
    assertLossCsv(o.resolve("loss.csv"), 30);
    assertBadInput("--ema", "toy", "--ema", "1.5", "--steps", "5");
  }

  private static void assertLossCsv(Path file, int steps) throws IOException {
    List<String> lines = Files.readAllLines(file);
    assertEquals("step,loss", lines.get(0));
    assertEquals(steps + 1, lines.size());
    String[] last = lines.get(steps).split(",");
    assertEquals(steps, Integer.parseInt(last[0]));
    assertTrue(Double.parseDouble(last[1]) > 0, lines.get(steps));
  }

  @Test
  void toyBadInputs() {
    assertBadInput("needs the Gaussian source", "toy", "--matcher", "fm", "--source", "8gaussians", "--steps", "5");
    assertBadInput("'--target': expected one of ", "toy", "--target", "spiral", "--steps", "5");
    assertBadInput("multiple of 4", "toy", "--solver", "rk4", "--nfe", "6", "--steps", "5");
  }

  @Test
  void trajectoryLeaveOneOutWritesEveryOutput() throws IOException {
    Path o = dir.resolve("traj");
    assertEquals(0, run("trajectory", "--data", CommandTestData.timeCourse(dir).toString(), "--time-key", "day", "--steps", "40",
        "--batch", "32", "--seeds", "1,2", "--quiet", "--json", "--out", o.toString()), err.toString());
    JsonObject j = lastJson();
    JsonObject h = j.getAsJsonArray("holdout").get(0).getAsJsonObject();
    assertEquals(1, h.get("k").getAsInt());
    assertEquals(2, h.getAsJsonArray("w1").size());
    for (String key : List.of("w1_mean", "w1_std", "no_motion", "ot_interpolation", "ms_per_step")) {
      assertTrue(h.has(key), key + " in " + h);
    }
    for (String f : List.of("metrics.json", "predicted_k1.csv", "predicted_k1.png", "trajectories.csv",
        "trajectories.h5ad", "trajectories.png", "velocities.csv", "report.html", "models/model_k1_seed1.ckpt")) {
      assertTrue(Files.isRegularFile(o.resolve(f)), f);
    }
    assertLossCsv(o.resolve("loss_k1.csv"), 40);
    String report = Files.readString(o.resolve("report.html"));
    java.util.regex.Matcher captions = java.util.regex.Pattern.compile("<figcaption>([^<]*)</figcaption>").matcher(report);
    int figures = 0;
    while (captions.find()) {
      figures++;
      assertTrue(!captions.group(1).endsWith(".png") && captions.group(1).contains("model of seed 1"), captions.group(1));
    }
    assertEquals(2, figures, "the trajectories and the held-out point, each described");
  }

  @Test
  void trajectoryBadInputs() throws IOException {
    Path data = CommandTestData.timeCourse(dir);
    assertBadInput("--out DIR is required", "trajectory", "--data", data.toString(), "--time-key", "day");
    assertBadInput("interior time point (1..1), got 2", "trajectory", "--data", data.toString(), "--time-key", "day",
        "--holdout", "2", "--steps", "5", "--out", dir.resolve("o").toString());
    assertBadInput("give either --data FILE or --demo", "trajectory", "--out", dir.resolve("o").toString());
    assertBadInput("'when'", "trajectory", "--data", data.toString(), "--time-key", "when", "--out", dir.resolve("o").toString());
  }

  @Test
  void trajectoryOtMfmReportsItsPathsAndKeepsThemInTheCheckpoint() throws IOException {
    Path o = dir.resolve("mfm");
    assertEquals(0, run("trajectory", "--data", CommandTestData.timeCourse(dir).toString(), "--time-key", "day", "--matcher", "otmfm",
        "--steps", "12", "--geodesic-steps", "6", "--batch", "16", "--seeds", "1", "--quiet", "--json", "--out",
        o.toString()), err.toString());
    JsonObject j = lastJson();
    assertTrue(j.get("metric").getAsString().startsWith("land("), j.toString());
    assertEquals(6, j.get("geodesic_steps").getAsInt());
    JsonObject g = j.getAsJsonArray("holdout").get(0).getAsJsonObject().getAsJsonObject("geodesic");
    for (String key : List.of("length_straight", "length_learned", "energy_straight", "energy_learned", "stage1_seconds",
        "stage2_seconds")) {
      assertTrue(g.has(key), key + " in " + g);
    }
    assertEquals(6, g.get("stage1_steps").getAsInt());
    double geodesicInterpolation = g.get("geodesic_interpolation").getAsDouble();
    assertTrue(geodesicInterpolation > 0 && Double.isFinite(geodesicInterpolation), g.toString());
    assertTrue(Files.isRegularFile(o.resolve("paths_k1.png")));
    org.flowmatch4j.nn.Checkpoint ck = org.flowmatch4j.nn.Checkpoint.read(o.resolve("models/model_k1_seed1.ckpt"));
    assertTrue(ck.sections().containsAll(List.of("net0", "phi", "metric0")), ck.sections().toString());
  }

  @Test
  void metricFlowMatchingBadInputs() throws IOException {
    Path data = CommandTestData.timeCourse(dir);
    String o = dir.resolve("bad").toString();
    assertBadInput("--metric-bandwidth must be > 0, got 0.0", "trajectory", "--data", data.toString(), "--time-key",
        "day", "--matcher", "otmfm", "--metric-bandwidth", "0", "--out", o);
    assertBadInput("--metric-alpha must be >= 0", "trajectory", "--data", data.toString(), "--time-key", "day",
        "--matcher", "otmfm", "--metric-alpha", "-1", "--out", o);
    assertBadInput("--metric-rho must be > 0", "trajectory", "--data", data.toString(), "--time-key", "day",
        "--matcher", "imfm", "--metric", "rbf", "--metric-rho", "0", "--out", o);
    assertBadInput("--rbf-centres must be between 1 and the 60 cells", "trajectory", "--data", data.toString(),
        "--time-key", "day", "--matcher", "otmfm", "--metric", "rbf", "--rbf-centres", "61", "--steps", "5", "--out", o);
    assertBadInput("apply to --matcher otmfm or imfm only, not otcfm", "trajectory", "--data", data.toString(),
        "--time-key", "day", "--metric", "land", "--out", o);
    assertBadInput("--geodesic-steps must be >= 0", "trajectory", "--data", data.toString(), "--time-key", "day",
        "--matcher", "otmfm", "--geodesic-steps", "-1", "--out", o);
    assertBadInput("--metric-bandwidth must be > 0, got -1.0", "toy", "--matcher", "otmfm", "--metric-bandwidth", "-1",
        "--steps", "5");
    assertBadInput("--rbf-kappa must be > 0", "toy", "--matcher", "otmfm", "--metric", "rbf", "--rbf-kappa", "0",
        "--steps", "5");
    assertBadInput("apply to --matcher otmfm or imfm only, not otcfm", "toy", "--matcher", "otcfm", "--metric-alpha",
        "1", "--steps", "5");
    assertBadInput("--rbf-centres must be between 1 and the 4000 cells", "toy", "--matcher", "otmfm", "--metric", "rbf",
        "--rbf-centres", "4001", "--steps", "5", "--geodesic-steps", "1", "--samples", "10", "--out",
        dir.resolve("toybad").toString());
    assertTrue(!Files.exists(dir.resolve("toybad").resolve("toy.json")), "nothing written");
  }

  @Test
  void thePopulationPlanIsTheDefaultOfTrajectoriesAndNoOtherCommandHasAPopulationPlan() throws IOException {
    Path reach = dir.resolve("reach");
    assertEquals(0, run("trajectory", "--data", CommandTestData.timeCourse(dir).toString(), "--time-key", "day",
        "--matcher", "otcfm", "--coupling", "population_reach", "--steps", "8", "--batch", "16", "--seeds", "1",
        "--quiet", "--json", "--out", reach.toString()), err.toString());
    assertTrue(lastJson().get("coupling").getAsString().contains("kind=POPULATION_REACH"), lastJson().toString());
    Path o = dir.resolve("pop");
    assertEquals(0, run("trajectory", "--data", CommandTestData.timeCourse(dir).toString(), "--time-key", "day",
        "--matcher", "otmfm", "--steps", "8", "--geodesic-steps", "4", "--batch", "16", "--seeds", "1", "--quiet",
        "--json", "--out", o.toString()), err.toString());
    JsonObject j = lastJson();
    assertTrue(j.get("coupling").getAsString().contains("kind=POPULATION,"), j.toString());
    double w1 = j.getAsJsonArray("holdout").get(0).getAsJsonObject().get("w1_mean").getAsDouble();
    assertTrue(Double.isFinite(w1) && w1 > 0, j.toString());
    assertBadInput("--coupling population pairs whole populations; only fm4j trajectory and fm4j perturb have it",
        "toy", "--coupling", "population", "--steps", "5");
    assertBadInput("--coupling population_reach pairs whole populations; only fm4j trajectory and fm4j perturb have it",
        "toy", "--coupling", "population_reach", "--steps", "5");
  }

  @Test
  void toyOtMfmOnTheArchReportsAndDrawsItsPaths() throws IOException {
    Path o = dir.resolve("toymfm");
    assertEquals(0, run("toy", "--matcher", "otmfm", "--source", "arch-start", "--target", "arch-end", "--steps", "20",
        "--geodesic-steps", "10", "--batch", "32", "--samples", "100", "--solver", "euler", "--nfe", "5", "--quiet", "--json",
        "--out", o.toString()), err.toString());
    JsonObject g = lastJson().getAsJsonArray("runs").get(0).getAsJsonObject().getAsJsonObject("geodesic");
    assertTrue(g.get("metric").getAsString().startsWith("land("), g.toString());
    assertEquals(10, g.get("stage1_steps").getAsInt());
    assertTrue(g.get("energy_learned").getAsDouble() < g.get("energy_straight").getAsDouble(), g.toString());
    assertTrue(Files.isRegularFile(o.resolve("paths.png")));
    org.flowmatch4j.nn.Checkpoint ck = org.flowmatch4j.nn.Checkpoint.read(o.resolve("model.ckpt"));
    assertTrue(ck.sections().containsAll(List.of("velocity", "phi")), ck.sections().toString());
  }
}

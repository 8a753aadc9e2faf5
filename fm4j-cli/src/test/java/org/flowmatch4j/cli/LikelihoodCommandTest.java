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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The toy command's model output, the likelihood command on it, diffusion sampling options, and
 * the NFE table that merges sweeps; with their bad-input paths.
 */
class LikelihoodCommandTest {
  @TempDir static Path dir;
  private static final StringWriter out = new StringWriter();
  private static final StringWriter err = new StringWriter();
  private static Path flow;
  private static Path diffusion;

  private static int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private static JsonObject lastJson() {
    List<String> lines = out.toString().strip().lines().toList();
    return JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
  }

  private void assertBadInput(String expectedMessagePart, String... args) {
    assertEquals(Main.EXIT_BAD_INPUT, run(args), err.toString());
    String e = err.toString().strip();
    assertEquals(1, e.lines().count(), "one line: " + e);
    assertTrue(e.contains(expectedMessagePart), e);
  }

  @BeforeAll
  static void trainTinyModels() {
    flow = dir.resolve("otcfm");
    assertEquals(0, run("toy", "--matcher", "otcfm", "--steps", "150", "--samples", "150", "--solver", "euler",
        "--nfe", "8", "--nfe-sweep", "1,2", "--quiet", "--out", flow.toString(), "--json"), err.toString());
    diffusion = dir.resolve("vp");
    assertEquals(0, run("toy", "--matcher", "vp", "--prediction", "eps", "--sampler", "ddim", "--nfe", "8",
        "--steps", "150", "--samples", "150", "--nfe-sweep", "1,2", "--quiet", "--out", diffusion.toString(), "--json"),
        err.toString());
    JsonObject j = lastJson();
    assertEquals("epsilon", j.get("prediction").getAsString());
    assertEquals("ddim", j.get("sampler").getAsString());
    assertEquals(8, j.get("nfe").getAsDouble());
  }

  @Test
  void toyWritesTheModelAndItsPoints() throws IOException {
    for (Path d : List.of(flow, diffusion)) {
      for (String f : List.of("model.ckpt", "target.csv", "generated.csv", "toy.json", "toy.png", "nfe_sweep.png")) {
        assertTrue(Files.isRegularFile(d.resolve(f)), d + "/" + f);
      }
      assertEquals(151, Files.readAllLines(d.resolve("target.csv")).size());
    }
    String sweep = Files.readString(diffusion.resolve("toy.json"));
    assertTrue(sweep.contains("\"solver\": \"sde\"") && sweep.contains("\"solver\": \"ddim\""), sweep);
  }

  @Test
  void likelihoodReportsItsFigures() {
    for (Path d : List.of(flow, diffusion)) {
      assertEquals(0, run("likelihood", "--model", d.resolve("model.ckpt").toString(), "--data",
          d.resolve("target.csv").toString(), "--solver", "rk4", "--nfe", "40", "--json"), err.toString());
      JsonObject exact = lastJson();
      assertEquals(150, exact.get("n").getAsInt());
      assertEquals(2, exact.get("dim").getAsInt());
      assertEquals(40, exact.get("nfe").getAsInt());
      double ll = exact.get("log_likelihood").getAsDouble();
      assertTrue(Double.isFinite(ll), "log-likelihood " + ll);
      assertEquals(-ll / (2 * Math.log(2)), exact.get("bits_per_dim").getAsDouble(), 1e-12);
      assertEquals("exact", exact.get("divergence").getAsString());
      assertTrue(exact.has("seconds") && exact.has("log_likelihood_std"));

      assertEquals(0, run("likelihood", "--model", d.resolve("model.ckpt").toString(), "--data",
          d.resolve("target.csv").toString(), "--solver", "rk4", "--nfe", "40", "--divergence", "hutchinson",
          "--probes", "16", "--probe", "gaussian", "--json"), err.toString());
      JsonObject h = lastJson();
      assertEquals("hutchinson/gaussian/16", h.get("divergence").getAsString());
      double se = h.get("hutchinson_sem").getAsDouble();
      assertTrue(Math.abs(h.get("log_likelihood").getAsDouble() - ll) < 4 * se,
          "exact " + ll + ", Hutchinson " + h.get("log_likelihood") + ", s.e. " + se);
    }
  }

  @Test
  void likelihoodWritesPerPointValues() throws IOException {
    Path csv = dir.resolve("per-point.csv");
    assertEquals(0, run("likelihood", "--model", flow.resolve("model.ckpt").toString(), "--data",
        flow.resolve("generated.csv").toString(), "--solver", "euler", "--nfe", "10", "--out", csv.toString()), err.toString());
    List<String> lines = Files.readAllLines(csv);
    assertEquals("log_likelihood,standard_error,bits_per_dim,log_source", lines.get(0));
    assertEquals(151, lines.size());
    assertTrue(out.toString().contains("bits/dim"), out.toString());
  }

  @Test
  void likelihoodBadInputs() throws IOException {
    String model = flow.resolve("model.ckpt").toString();
    assertBadInput("no such file", "likelihood", "--model", dir.resolve("missing.ckpt").toString(), "--data", model);
    Path three = dir.resolve("three.csv");
    Files.writeString(three, "a,b,c\n1,2,3\n4,5,6\n");
    assertBadInput("has 3 columns but the model", "likelihood", "--model", model, "--data", three.toString());
    assertBadInput("--key applies to .h5ad", "likelihood", "--model", model, "--data", three.toString(), "--key", "X");
    Path notModel = dir.resolve("notmodel.ckpt");
    Files.writeString(notModel, "hello");
    assertBadInput("not an FM4J checkpoint", "likelihood", "--model", notModel.toString(), "--data", three.toString());
    assertBadInput("--probes must be >= 1", "likelihood", "--model", model, "--data",
        flow.resolve("target.csv").toString(), "--divergence", "hutchinson", "--probes", "0");
  }

  @Test
  void modelsFromSourcesWithoutADensityAreRefused() {
    Path moons = dir.resolve("moons");
    assertEquals(0, run("toy", "--source", "moons", "--target", "8gaussians", "--matcher", "icfm", "--steps", "5",
        "--samples", "20", "--solver", "euler", "--nfe", "2", "--quiet", "--out", moons.toString()), err.toString());
    assertBadInput("has no closed-form density", "likelihood", "--model", moons.resolve("model.ckpt").toString(),
        "--data", moons.resolve("target.csv").toString());
  }

  @Test
  void toyDiffusionBadInputs() {
    assertBadInput("needs the diffusion path", "toy", "--matcher", "otcfm", "--prediction", "eps", "--steps", "5");
    assertBadInput("--prediction", "toy", "--matcher", "vp", "--prediction", "noise2", "--steps", "5");
    assertBadInput("--sampler sde needs", "toy", "--matcher", "rf", "--sampler", "sde", "--steps", "5");
    assertBadInput("takes its step count from --nfe", "toy", "--matcher", "vp", "--sampler", "ddim", "--solver", "rk4",
        "--nfe", "8", "--steps", "5");
  }

  @Test
  void nfeTableMergesSweeps() throws IOException {
    Path png = dir.resolve("sweep.png");
    assertEquals(0, run("nfe-table", flow.resolve("toy.json").toString(), diffusion.resolve("toy.json").toString(),
        "--png", png.toString(), "--json"), err.toString());
    String md = out.toString();
    assertTrue(md.contains("| otcfm | euler |"), md);
    assertTrue(md.contains("| vp (epsilon) | ddim |"), md);
    assertTrue(md.contains("| vp (epsilon) | sde |"), md);
    assertTrue(md.contains("dopri5 NFE"), md);
    assertTrue(Files.size(png) > 1000);
    JsonObject j = lastJson();
    assertEquals("nfe-table", j.get("task").getAsString());
    assertTrue(j.getAsJsonArray("rows").size() >= 6);
    Path plain = dir.resolve("plain.json");
    Files.writeString(plain, "{\"matcher\": \"otcfm\"}");
    assertBadInput("no 'nfe_sweep' array", "nfe-table", plain.toString());
  }
}

package org.flowmatch4j.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.flowmatch4j.cli.Main;
import org.flowmatch4j.cli.CommandTestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML reports opened by headless Chromium (trajectory, growth, metric flow matching, perturb,
 * spatial, toy): each page loads without a console error or an uncaught exception, requests
 * nothing outside the file itself, has the figures it should, and every figure has a caption (not
 * a file name), decodes and is not blank; a screenshot of the first screen of each goes to
 * {@code target/browser/}. Pages with a blank, a corrupt, an uncaptioned and a missing figure, a
 * remote image and a console error show that the check catches each. Skipped only where no {@code chromium} is installed ({@code .ci/run} installs it).
 */
class ReportsInBrowserTest {
  /** Below this fraction of pixels differing from the corner pixel, a figure counts as blank. */
  private static final double BLANK = 0.005;
  private static final Path SHOTS = Path.of("target", "browser");
  private static final Pattern EMBEDDED_PNG = Pattern.compile("<img src=\"data:image/png;base64,([^\"]*)\" alt=\"([^\"]*)\"");
  private static HeadlessChromium browser;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    Path exe = HeadlessChromium.find();
    assumeTrue(exe != null, "skipped: no chromium on the PATH (Debian's chromium package; .ci/run installs it)");
    browser = new HeadlessChromium(exe);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
  }

  /**
   * The problems of a page as the browser showed it (its own, then one line per figure that is
   * missing, does not decode or is blank), and one per embedded PNG that is not a complete image
   * file (browsers draw the first rows of a truncated PNG without complaint). Writes the
   * screenshot of its first screen to {@code target/browser/NAME.png}.
   */
  private static List<String> problems(Path page, String name) throws Exception {
    Path shot = SHOTS.resolve(name + ".png");
    HeadlessChromium.PageCheck c = browser.open(page, shot);
    BufferedImage s = ImageIO.read(shot.toFile());
    assertEquals(HeadlessChromium.WIDTH, s.getWidth(), "screenshot of the first screen");
    List<String> out = new ArrayList<>(c.problems());
    if (c.images().size() != c.figures()) {
      out.add(c.figures() + " figures but " + c.images().size() + " images");
    }
    for (HeadlessChromium.Image im : c.images()) {
      if (im.alt().isBlank() || im.alt().strip().matches("[\\w.-]+\\.png")) {
        out.add("figure '" + im.alt() + "' has no caption saying what it shows");
      }
      if (!im.decoded() || im.width() == 0 || im.height() == 0) {
        out.add("figure '" + im.alt() + "' does not decode");
      } else if (im.differing() < BLANK) {
        out.add("figure '" + im.alt() + "' is blank (" + im.differing() + " of its pixels differ)");
      }
    }
    Matcher m = EMBEDDED_PNG.matcher(Files.readString(page));
    while (m.find()) {
      try {
        if (ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1)))) == null) {
          out.add("figure '" + m.group(2) + "' is not a PNG file");
        }
      } catch (IOException e) {
        out.add("figure '" + m.group(2) + "' is not a complete PNG file: " + e.getMessage());
      }
    }
    return out;
  }

  /** The number of figure elements of a page. */
  private static int figures(Path page) throws IOException {
    return Files.readString(page).split("<figure>", -1).length - 1;
  }

  private static void runCommand(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    assertEquals(0, code, err.toString());
  }

  @Test
  void trajectoryReportRendersInABrowser() throws Exception {
    Path o = dir.resolve("trajectory");
    runCommand("trajectory", "--data", CommandTestData.timeCourse(dir).toString(), "--time-key", "day", "--steps", "20",
        "--batch", "32", "--seeds", "1", "--quiet", "--out", o.toString());
    Path report = o.resolve("report.html");
    assertEquals(List.of(), problems(report, "trajectory-report"));
    assertEquals(2, figures(report), "figures in the trajectory report: trajectories and the held-out prediction");
  }

  @Test
  void perturbReportRendersInABrowser() throws Exception {
    Path o = dir.resolve("perturb");
    Path data = CommandTestData.screen(dir);
    runCommand("perturb", "--data", data.toString(), "--condition-key", "condition", "--control", "control",
        "--context-key", "cell_type", "--holdout-context", "T", "--holdout-condition", "stimulated", "--embedding",
        "pca:4", "--steps", "20", "--batch", "32", "--width", "32", "--nfe", "5", "--top-deg", "3", "--seeds", "1",
        "--out", o.toString(), "--quiet");
    Path report = o.resolve("report.html");
    assertEquals(List.of(), problems(report, "perturb-report"));
    assertEquals(2, figures(report), "figures in the perturbation report: cells and mean expression");
  }

  @Test
  void spatialReportRendersInABrowser() throws Exception {
    Path o = dir.resolve("spatial");
    Path[] s = new Path[3];
    for (int k = 0; k < 3; k++) {
      s[k] = org.flowmatch4j.tasks.spatial.SpatialSections.write(dir, "S" + k, k + 1);
    }
    runCommand("spatial", "--train", s[0] + "," + s[1], "--test", s[2].toString(), "--genes", "all", "--steps", "20",
        "--width", "16", "--batch", "16", "--samples", "1", "--neighbours", "2", "--attention", "2", "--knn", "3",
        "--scales", "1", "--quiet", "--out", o.toString());
    Path report = o.resolve("report.html");
    assertEquals(List.of(), problems(report, "spatial-report"));
    assertEquals(2, figures(report), "figures in the spatial report");
  }

  @Test
  void toyReportRendersInABrowser() throws Exception {
    Path o = dir.resolve("toy");
    runCommand("toy", "--matcher", "otcfm", "--steps", "20", "--samples", "200", "--solver", "euler", "--nfe", "10",
        "--nfe-sweep", "2,4", "--seeds", "1", "--quiet", "--out", o.toString());
    Path report = o.resolve("report.html");
    assertEquals(List.of(), problems(report, "toy-report"));
    assertEquals(2, figures(report), "figures in the toy report: samples and the NFE sweep");
  }

  @Test
  void growthReportRendersInABrowser() throws Exception {
    Path o = dir.resolve("growth");
    runCommand("trajectory", "--data", CommandTestData.timeCourse(dir).toString(), "--time-key", "day", "--matcher",
        "wfr", "--fit-all", "--steps", "20", "--batch", "32", "--width", "16", "--depth", "2", "--seeds", "1", "--quiet",
        "--out", o.toString());
    Path report = o.resolve("report.html");
    assertEquals(List.of(), problems(report, "growth-report"));
    assertEquals(2, figures(report), "figures in the growth report: mass and growth rate");
  }

  @Test
  void metricFlowMatchingReportsRenderTheirPaths() throws Exception {
    Path t = dir.resolve("trajectory-otmfm");
    runCommand("trajectory", "--data", CommandTestData.timeCourse(dir).toString(), "--time-key", "day", "--matcher",
        "otmfm", "--steps", "12", "--geodesic-steps", "6", "--batch", "16", "--seeds", "1", "--quiet", "--out",
        t.toString());
    assertEquals(List.of(), problems(t.resolve("report.html"), "trajectory-otmfm-report"));
    assertEquals(3, figures(t.resolve("report.html")), "trajectories, the held-out prediction and the paths");
    Path toy = dir.resolve("toy-otmfm");
    runCommand("toy", "--matcher", "otmfm", "--source", "arch-start", "--target", "arch-end", "--steps", "20",
        "--geodesic-steps", "10", "--batch", "32", "--samples", "100", "--solver", "euler", "--nfe", "5", "--quiet",
        "--out", toy.toString());
    assertEquals(List.of(), problems(toy.resolve("report.html"), "toy-otmfm-report"));
    assertEquals(2, figures(toy.resolve("report.html")), "samples and the straight and learned paths");
  }

  private Path png(String name, boolean drawn) throws Exception {
    BufferedImage im = new BufferedImage(200, 120, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = im.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 200, 120);
    if (drawn) {
      g.setColor(Color.BLUE);
      g.setStroke(new BasicStroke(3));
      g.drawLine(10, 110, 190, 10);
      g.drawLine(10, 10, 10, 110);
    }
    g.dispose();
    Path f = dir.resolve(name);
    ImageIO.write(im, "png", f.toFile());
    return f;
  }

  @Test
  void theCheckCatchesBlankBrokenAndMissingFiguresRemoteRequestsAndConsoleErrors() throws Exception {
    Path good = png("good.png", true);
    Path blank = png("blank.png", false);
    Path corrupt = dir.resolve("corrupt.png");
    byte[] bytes = Files.readAllBytes(good);
    Files.write(corrupt, Arrays.copyOf(bytes, bytes.length / 3));

    HtmlReport ok = new HtmlReport("ok");
    ok.image(good, "a line");
    ok.write(dir.resolve("ok.html"));
    assertEquals(List.of(), problems(dir.resolve("ok.html"), "check-ok"));

    HtmlReport bad = new HtmlReport("bad");
    bad.image(blank, "nothing drawn");
    bad.image(corrupt, "a third of a file");
    bad.image(good, "good.png");
    bad.write(dir.resolve("bad.html"));
    List<String> found = problems(dir.resolve("bad.html"), "check-bad");
    assertTrue(found.contains("figure 'good.png' has no caption saying what it shows"), found.toString());
    assertTrue(found.stream().anyMatch(p -> p.contains("'nothing drawn' is blank")), found.toString());
    assertTrue(found.stream().anyMatch(p -> p.contains("'a third of a file' is not a complete PNG")), found.toString());

    Path missing = Files.writeString(dir.resolve("missing.html"),
        new HtmlReport("missing").html().replace("</body>", "<figure><figcaption>lost</figcaption></figure></body>"));
    assertTrue(problems(missing, "check-missing").contains("1 figures but 0 images"));

    Path remote = Files.writeString(dir.resolve("remote.html"), "<!DOCTYPE html><html><body>"
        + "<img src=\"http://127.0.0.1:9/figure.png\" alt=\"remote\"><script>console.error('boom')</script></body></html>");
    found = problems(remote, "check-remote");
    assertTrue(found.stream().anyMatch(p -> p.startsWith("network request: http://127.0.0.1:9/figure.png")), found.toString());
    assertTrue(found.stream().anyMatch(p -> p.startsWith("console error") && p.contains("boom")), found.toString());
    assertFalse(found.isEmpty());
  }
}

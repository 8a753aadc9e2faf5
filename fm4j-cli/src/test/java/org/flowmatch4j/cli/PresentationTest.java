package org.flowmatch4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.flowmatch4j.cli.report.Chart;
import org.junit.jupiter.api.Test;

/** What users read: command summaries and the colours of time points. */
class PresentationTest {
  /** The summaries of the "Commands:" list of a help text, continuation lines joined. */
  private static List<String> summaries(String help) {
    List<String> out = new ArrayList<>();
    boolean inList = false;
    for (String line : help.lines().toList()) {
      if (line.equals("Commands:")) {
        inList = true;
      } else if (inList && line.matches("  \\S.*")) {
        out.add(line.strip());
      } else if (inList && line.matches("\\s{4,}\\S.*")) {
        out.set(out.size() - 1, out.get(out.size() - 1) + " " + line.strip());
      } else if (inList) {
        inList = false;
      }
    }
    return out;
  }

  @Test
  void everyCommandSummaryIsAWholeSentence() {
    CliRun cli = new CliRun();
    List<String> all = new ArrayList<>();
    for (String[] args : List.of(new String[] {"--help"}, new String[] {"bench", "--help"})) {
      assertEquals(0, cli.run(args), cli.err());
      List<String> s = summaries(cli.out());
      assertTrue(s.size() >= 3, cli.out());
      all.addAll(s);
    }
    for (String s : all) {
      assertTrue(s.endsWith("."), "cut summary: " + s);
    }
  }

  @Test
  void timePointsOfTheDemoEachHaveTheirOwnHue() {
    int n = 5;
    float[] hue = new float[n];
    for (int k = 0; k < n; k++) {
      Color c = Chart.timeColor(k, n);
      hue[k] = 360 * Color.RGBtoHSB(c.getRed(), c.getGreen(), c.getBlue(), null)[0];
    }
    for (int a = 0; a < n; a++) {
      for (int b = a + 1; b < n; b++) {
        float d = Math.abs(hue[a] - hue[b]);
        assertTrue(Math.min(d, 360 - d) >= 30, "time points " + a + " and " + b + ": hues " + hue[a] + ", " + hue[b]);
      }
    }
    assertEquals(new Color(68, 1, 84), Chart.timeColor(0, n), "viridis at 0");
    assertEquals(new Color(38, 132, 140), Chart.timeColor(2, n), "viridis at 0.45: 0.8 of the way from 1/4 to 1/2");
    assertEquals(new Color(189, 219, 61), Chart.timeColor(4, n), "viridis at 0.9: 0.6 of the way from 3/4 to 1");
  }
}

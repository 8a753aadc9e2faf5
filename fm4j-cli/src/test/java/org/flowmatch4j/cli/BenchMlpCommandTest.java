package org.flowmatch4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.flowmatch4j.tensor.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BenchMlpCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final int threads = Parallel.threads();

  @AfterEach
  void restore() {
    Parallel.setThreads(threads);
  }

  private int run(String... args) {
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void jsonIsOneLineWithTheTimings() {
    assertEquals(0, run("bench", "mlp", "--size", "small", "--scale", "0.02", "--repeats", "1",
        "--threads", "1", "--json"), err.toString());
    String[] lines = out.toString().strip().split("\n");
    JsonObject o = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
    assertEquals(1, o.get("threads").getAsInt());
    JsonObject small = o.getAsJsonArray("sizes").get(0).getAsJsonObject();
    assertEquals("small", small.get("size").getAsString());
    assertEquals("6-64-64-64-5", small.get("layers").getAsString());
    assertTrue(small.get("msPerStep").getAsDouble() > 0);
    assertTrue(small.get("gflops").getAsDouble() > 0);
    assertTrue(small.get("cpuMsPerStep").getAsDouble() > 0);
  }

  @Test
  void badThreadCountIsBadInput() {
    assertEquals(Main.EXIT_BAD_INPUT, run("bench", "mlp", "--threads", "0"));
    assertTrue(err.toString().contains("--threads"), err.toString());
  }
}

package org.flowmatch4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trajectory --resume}: continues its own runs only, and cleans up after killed ones. */
class ResumeTest {
  @TempDir Path dir;
  private final CliRun cli = new CliRun();

  private String[] args(Path data, Path out, String... more) {
    return Stream.concat(Stream.of("trajectory", "--data", data.toString(), "--time-key", "day", "--steps", "20",
        "--batch", "16", "--seeds", "1", "--quiet", "--out", out.toString()), Stream.of(more)).toArray(String[]::new);
  }

  @Test
  void resumeRefusesCheckpointsOfOtherDataOrOptionsAndCleansUpAfterKilledRuns() throws IOException {
    Path data = CliRun.timeCourse(dir.resolve("course.csv"), 1);
    Path scaled = CliRun.timeCourse(dir.resolve("course10.csv"), 10);
    Path o = dir.resolve("run");
    assertEquals(0, cli.run(args(data, o)), cli.err());
    Path velocities = Files.writeString(o.resolve(".velocities.csv.4711.tmp"), "half, as a killed run leaves it");
    Path model = Files.writeString(o.resolve("models/.model_k1_seed1.ckpt.815.tmp"), "half");
    String e = cli.assertBadInput("training data (data.sha256) is ", args(scaled, o, "--resume"));
    assertTrue(e.contains("model_k1_seed1.ckpt: checkpoint of other training data or options"), e);
    assertFalse(Files.exists(velocities), "temporary files of a killed run are removed first");
    assertFalse(Files.exists(model));
    assertTrue(Files.isRegularFile(o.resolve("models/model_k1_seed1.ckpt")), "the checkpoint is kept");
    e = cli.assertBadInput("train.lr is 0.001 in the checkpoint, 0.01 in this run", args(data, o, "--resume", "--lr", "1e-2"));
    assertTrue(!e.contains("data.sha256"), "the same data: " + e);
    cli.assertBadInput("train.emaDecay is 0.999 in the checkpoint, 0.5 in this run", args(data, o, "--resume", "--ema", "0.5"));
  }
}

package org.flowmatch4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.flowmatch4j.tensor.Activation;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips, exact resumption, the golden version-1 file, and damaged files. */
class CheckpointTest {
  @TempDir Path dir;

  /** A small training run: velocity and score networks, Adam on both, EMA of the velocity net. */
  private static final class Run {
    final Mlp velocity = new Mlp(new MlpConfig(3, 2, 3, 16, 2, Activation.SILU,
        TimeEncoding.SINUSOIDAL, 4, 1));
    final Mlp score = new Mlp(MlpConfig.velocity(3, 8, 1, Activation.TANH, 2));
    final Adam optV = new Adam(velocity.parameters(), AdamConfig.adamW(1e-2, 1e-3));
    final Adam optS = new Adam(score.parameters(), AdamConfig.adam(1e-2));
    final Ema ema = new Ema(velocity.parameters(), 0.9);
    final Tape tape = new Tape();
    final Matrix x = GradCheck.random(32, 3, new SplittableRandom(3), 1);
    final Matrix t = GradCheck.random(32, 1, new SplittableRandom(4), 1);
    final Matrix c = GradCheck.random(32, 2, new SplittableRandom(5), 1);
    final Matrix y = GradCheck.random(32, 3, new SplittableRandom(6), 1);

    float step() {
      tape.reset();
      Var xv = tape.constant(x);
      Var tv = tape.constant(t);
      Var lv = tape.mse(velocity.forward(tape, xv, tv, tape.constant(c)), tape.constant(y));
      Var ls = tape.mse(score.forward(tape, xv, tv, null), tape.constant(y));
      Var loss = tape.axpby(1f, lv, 0.5f, ls);
      optV.zeroGrad();
      optS.zeroGrad();
      tape.backward(loss);
      optV.step();
      optS.step();
      ema.update(1_000_000);
      return loss.item();
    }

    Checkpoint save() {
      Checkpoint ck = new Checkpoint();
      ck.put("provenance.command", "fm4j train --data a=b\nsecond line");
      ck.put("weird=key\\", "value with = and \\");
      velocity.save(ck, "velocity");
      score.save(ck, "score");
      optV.save(ck, "velocity.adam");
      optS.save(ck, "score.adam");
      ema.save(ck, "velocity.ema");
      return ck;
    }

    void load(Checkpoint ck) {
      velocity.loadParameters(ck, "velocity");
      score.loadParameters(ck, "score");
      optV.load(ck, "velocity.adam");
      optS.load(ck, "score.adam");
      ema.load(ck, "velocity.ema");
    }
  }

  @Test
  void trainingResumesExactlyFromACheckpoint() throws IOException {
    Run a = new Run();
    for (int i = 0; i < 5; i++) {
      a.step();
    }
    Path file = dir.resolve("run.fm4j");
    a.save().write(file);
    float[] expected = new float[5];
    for (int i = 0; i < 5; i++) {
      expected[i] = a.step();
    }
    Checkpoint ck = Checkpoint.read(file);
    assertEquals(Checkpoint.VERSION, ck.formatVersion());
    assertEquals("fm4j train --data a=b\nsecond line", ck.get("provenance.command"));
    assertEquals("value with = and \\", ck.get("weird=key\\"));
    assertEquals(a.velocity.config(), MlpConfig.fromHeader(ck.header(), "velocity"));
    Run b = new Run();
    b.load(ck);
    assertEquals(5, b.optV.steps());
    float[] resumed = new float[5];
    for (int i = 0; i < 5; i++) {
      resumed[i] = b.step();
    }
    assertArrayEquals(expected, resumed, "losses after resuming");
    for (int i = 0; i < a.velocity.parameters().size(); i++) {
      assertArrayEquals(a.ema.shadow(i).data, b.ema.shadow(i).data);
    }
    Mlp rebuilt = Mlp.load(ck, "score");
    assertEquals(a.score.config(), rebuilt.config());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file is left behind");
    }
  }

  @Test
  void versionOneGoldenFileStillLoads() throws IOException {
    Path file = dir.resolve("v1.fm4j");
    try (InputStream in = getClass().getResourceAsStream("checkpoint_v1.fm4j")) {
      Files.copy(in, file);
    }
    Checkpoint ck = Checkpoint.read(file);
    assertEquals(1, ck.formatVersion());
    assertEquals("golden file of format version 1", ck.get("provenance.note"));
    Mlp mlp = Mlp.load(ck, Checkpoint.V1_SECTION);
    assertEquals(new MlpConfig(2, 0, 2, 3, 1, Activation.SELU, TimeEncoding.RAW, 0, 7),
        mlp.config());
    int j = 0;
    for (Parameter p : mlp.parameters()) {
      float sign = j % 2 == 1 ? -1f : 1f;
      for (int k = 0; k < p.size(); k++) {
        assertEquals(sign * 0.01f * (k + 1), p.value().data[k], 1e-7, p.name() + " " + k);
      }
      j++;
    }
    // and it is re-written in the current version
    Path again = dir.resolve("v2.fm4j");
    ck.write(again);
    assertEquals(Checkpoint.VERSION, Checkpoint.read(again).formatVersion());
  }

  private Path written() throws IOException {
    Run r = new Run();
    r.step();
    Path file = dir.resolve("ok.fm4j");
    r.save().write(file);
    return file;
  }

  @Test
  void truncatedFilesFailWithTheFileName() throws IOException {
    byte[] ok = Files.readAllBytes(written());
    for (int cut : new int[] {0, 5, 12, 20, 200, ok.length / 2, ok.length - 1}) {
      Path bad = dir.resolve("cut" + cut + ".fm4j");
      Files.write(bad, java.util.Arrays.copyOf(ok, cut));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(bad));
      assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
      assertTrue(e.getMessage().matches(".*(truncated|corrupt|not an FM4J checkpoint).*"),
          e.getMessage());
    }
  }

  @Test
  void corruptFilesFail() throws IOException {
    byte[] ok = Files.readAllBytes(written());
    byte[] flipped = ok.clone();
    flipped[ok.length / 2] ^= 0x10;
    Path bad = dir.resolve("flipped.fm4j");
    Files.write(bad, flipped);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(bad));
    assertTrue(e.getMessage().contains("checksum mismatch") && e.getMessage().contains(
        bad.toString()), e.getMessage());

    byte[] magic = ok.clone();
    magic[0] = 'X';
    Path notOurs = dir.resolve("magic.fm4j");
    Files.write(notOurs, magic);
    e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(notOurs));
    assertTrue(e.getMessage().contains("not an FM4J checkpoint"), e.getMessage());

    byte[] extra = java.util.Arrays.copyOf(ok, ok.length + 3);
    Path trailing = dir.resolve("trailing.fm4j");
    Files.write(trailing, extra);
    assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(trailing));
  }

  @Test
  void newerVersionsAreRefusedClearly() throws IOException {
    byte[] ok = Files.readAllBytes(written());
    ok[8] = 3; // version field, little-endian
    Path newer = dir.resolve("v3.fm4j");
    Files.write(newer, ok);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(newer));
    assertTrue(e.getMessage().contains("format version 3 is newer")
        && e.getMessage().contains(newer.toString()), e.getMessage());
  }

  @Test
  void missingOrMisshapenTensorsAreNamed() {
    Checkpoint ck = new Checkpoint();
    Mlp small = new Mlp(MlpConfig.velocity(2, 4, 1, Activation.RELU, 1));
    small.save(ck, "net");
    Mlp wider = new Mlp(MlpConfig.velocity(2, 5, 1, Activation.RELU, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> wider.loadParameters(ck, "net"));
    assertTrue(e.getMessage().contains("layers.0.weight") && e.getMessage().contains("4x3"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Mlp.load(ck, "other"));
    assertTrue(e.getMessage().contains("other.architecture"), e.getMessage());
    Adam adam = new Adam(small.parameters(), AdamConfig.adam(1e-3));
    e = assertThrows(IllegalArgumentException.class, () -> adam.load(ck, "net.adam"));
    assertTrue(e.getMessage().contains("net.adam.step"), e.getMessage());
    assertEquals(Map.of(), ck.section("nothing"));
  }

  @Test
  void overwritingReplacesTheFileAtomically() throws IOException {
    Path file = dir.resolve("same.fm4j");
    Checkpoint a = new Checkpoint();
    a.put("k", "1");
    a.write(file);
    Checkpoint b = new Checkpoint();
    b.put("k", "2");
    b.write(file);
    assertEquals("2", Checkpoint.read(file).get("k"));
  }
}

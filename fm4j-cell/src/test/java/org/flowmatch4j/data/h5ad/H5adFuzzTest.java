package org.flowmatch4j.data.h5ad;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Fixtures;
import org.flowmatch4j.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomly corrupted copies of real files (flipped bytes, overwritten runs, truncation): every
 * read must end in a clean {@link IllegalArgumentException} or a complete read, within a few
 * seconds, never another exception or error.
 */
class H5adFuzzTest {
  @TempDir Path dir;

  private static final int CASES_PER_FIXTURE = 40;
  private static final int CASES_PER_SHARED_FILE = 12;

  @Test
  void corruptedFixtures() throws IOException {
    for (String name : List.of("modern_dense_gzip", "modern_csr_lzf", "v07_layout", "legacy_layout", "modern_csr_int64", "strings_layouts")) {
      fuzz(Fixtures.path("h5ad/" + name + ".h5ad"), CASES_PER_FIXTURE, name.hashCode());
    }
  }

  @Test
  void corruptedSharedFiles() throws IOException {
    for (String name : List.of("pancreas_100obs_preprocessed.h5ad", "moscot_temporal_tests.h5ad", "pbmc68k_reduced.h5ad", "kang_valid.h5ad")) {
      fuzz(SharedData.require(name), CASES_PER_SHARED_FILE, name.hashCode());
    }
  }

  private void fuzz(Path source, int cases, long seed) throws IOException {
    byte[] original = Files.readAllBytes(source);
    SplittableRandom rng = new SplittableRandom(seed);
    List<String> failures = new ArrayList<>();
    for (int c = 0; c < cases; c++) {
      byte[] b = corrupt(original, rng, c);
      Path f = dir.resolve(source.getFileName() + "." + c);
      Files.write(f, b);
      String what = source.getFileName() + " case " + c;
      try {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
          try {
            AnnData a = H5ad.read(f);
            a.validate();
          } catch (IllegalArgumentException expected) {
            if (expected.getMessage() == null || !expected.getMessage().startsWith(f.toString())) {
              failures.add(what + ": message does not name the file: " + expected.getMessage());
            }
          }
        }, what + " did not finish");
      } catch (RuntimeException | Error e) {
        if (e instanceof org.opentest4j.AssertionFailedError && e.getMessage() != null && e.getMessage().contains("did not finish")) {
          failures.add(what + ": timed out");
        } else {
          failures.add(what + ": " + e);
        }
      }
      Files.delete(f);
    }
    if (!failures.isEmpty()) {
      fail(failures.size() + " bad outcomes:\n" + String.join("\n", failures));
    }
  }

  /** Case kinds in turn: truncate, flip a few bytes, overwrite a run with random bytes. */
  private static byte[] corrupt(byte[] original, SplittableRandom rng, int c) {
    switch (c % 3) {
      case 0 -> {
        return java.util.Arrays.copyOf(original, rng.nextInt(original.length));
      }
      case 1 -> {
        byte[] b = original.clone();
        int flips = 1 + rng.nextInt(8);
        for (int k = 0; k < flips; k++) {
          // bias towards the metadata near the start, where most structure lives
          int at = rng.nextBoolean() ? rng.nextInt(Math.min(b.length, 8192)) : rng.nextInt(b.length);
          b[at] ^= (byte) (1 << rng.nextInt(8));
        }
        return b;
      }
      default -> {
        byte[] b = original.clone();
        int at = rng.nextInt(b.length);
        int len = Math.min(b.length - at, 1 + rng.nextInt(64));
        for (int k = 0; k < len; k++) {
          b[at + k] = (byte) rng.nextInt(256);
        }
        return b;
      }
    }
  }
}

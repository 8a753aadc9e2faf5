package org.flowmatch4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flowmatch4j.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command in a JVM started without {@code --add-modules jdk.incubator.vector}: it says once
 * that the scalar kernels run, and computes (an exact-OT distance) with them.
 */
class WithoutVectorModuleCliTest {
  @TempDir Path dir;

  private static String fm4j(List<String> jvmArgs, String... args) throws Exception {
    return ChildJvm.run(System.getProperty("java.class.path"), Main.class.getName(), jvmArgs, List.of(args));
  }

  @Test
  void scalarKernelsAreNamedOnceAndCompute() throws Exception {
    Path a = Files.writeString(dir.resolve("a.csv"), "x,y\n0,0\n1,0\n0,1\n");
    Path b = Files.writeString(dir.resolve("b.csv"), "x,y\n3,4\n4,4\n3,5\n");
    String out = fm4j(List.of(), "distance", "--a", a.toString(), "--b", b.toString(), "--metric", "w1", "--json");
    assertEquals(1, out.lines().filter(Main.SCALAR_NOTE::equals).count(), out);
    assertTrue(out.contains("\"w1\": 5.0") || out.contains("\"w1\":5.0"), out);
    assertTrue(fm4j(List.of(), "--version").contains("kernels: scalar"));
  }

  @Test
  void withTheModuleNothingIsSaid() throws Exception {
    String out = fm4j(List.of("--add-modules", "jdk.incubator.vector"), "--version");
    assertFalse(out.contains(Main.SCALAR_NOTE), out);
    assertTrue(out.contains("kernels: vector"), out);
  }
}

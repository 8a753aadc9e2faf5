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
 * that the scalar kernels run, and computes (an exact-OT distance) with them; with the module
 * (this JVM) {@code --version} names the vector kernels.
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
  void withTheModuleVersionNamesTheVectorKernels() {
    java.io.StringWriter out = new java.io.StringWriter();
    assertEquals(0, Main.execute(new String[] {"--version"}, new java.io.PrintWriter(out, true),
        new java.io.PrintWriter(new java.io.StringWriter(), true)));
    assertTrue(out.toString().contains("kernels: vector"), out.toString());
    assertFalse(out.toString().contains(Main.SCALAR_NOTE), out.toString());
  }
}

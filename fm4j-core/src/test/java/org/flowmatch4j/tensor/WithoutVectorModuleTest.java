package org.flowmatch4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Runs a small program in a JVM started without {@code --add-modules jdk.incubator.vector}: the
 * kernels must fall back to the scalar implementation and still compute, and forcing the vector
 * kernels must fail with a message that says what to do.
 */
class WithoutVectorModuleTest {

  /** The program run in the child JVM. */
  public static final class Child {
    public static void main(String[] args) {
      Kernels k = Kernels.get();
      Matrix a = Matrix.of(new double[][] {{1, 2}, {3, 4}});
      Matrix c = new Matrix(2, 2);
      k.matmul(a, a, c, false);
      System.out.println(k.name() + " " + c.get(1, 1) + " " + Kernels.vectorAvailable());
      try {
        Kernels.vector();
        System.out.println("vector loaded");
      } catch (IllegalStateException e) {
        System.out.println(e.getMessage());
      }
    }
  }

  private static String run(String... jvmArgs) throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = Path.of(Kernels.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        + File.pathSeparator
        + Path.of(Child.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    java.util.List<String> cmd = new java.util.ArrayList<>();
    cmd.add(javaBin);
    cmd.addAll(java.util.List.of(jvmArgs));
    cmd.addAll(java.util.List.of("-cp", cp, Child.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  @Test
  void scalarKernelsAreChosenWhenTheModuleIsAbsent() throws Exception {
    String out = run();
    assertTrue(out.contains("scalar 22.0 false"), out);
    assertTrue(out.contains("--add-modules jdk.incubator.vector"), out);
  }

  @Test
  void vectorKernelsAreChosenWhenTheModuleIsPresent() throws Exception {
    String out = run("--add-modules", "jdk.incubator.vector");
    assertTrue(out.contains("vector 22.0 true"), out);
    assertTrue(out.contains("vector loaded"), out);
  }
}

package org.flowmatch4j.tensor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flowmatch4j.testing.ChildJvm;
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
    return ChildJvm.run(Child.class, java.util.List.of(Kernels.class), jvmArgs);
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

package org.flowmatch4j.tensor;

/** Chooses the kernel implementation once, loading the Vector API one reflectively. */
final class KernelsHolder {
  static final Kernels DEFAULT = choose(System.getProperty("fm4j.kernels"));
  private static volatile Kernels vector;

  private KernelsHolder() {}

  static boolean vectorModulePresent() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  static Kernels choose(String property) {
    if (property == null || property.isBlank()) {
      return vectorModulePresent() ? vector() : ScalarKernels.INSTANCE;
    }
    switch (property.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "vector":
        return vector();
      case "scalar":
        return ScalarKernels.INSTANCE;
      default:
        throw new IllegalArgumentException(
            "system property fm4j.kernels must be 'vector' or 'scalar', got '" + property + "'");
    }
  }

  static Kernels vector() {
    Kernels k = vector;
    if (k != null) {
      return k;
    }
    if (!vectorModulePresent()) {
      throw new IllegalStateException(
          "the vector kernels need the module jdk.incubator.vector: run java with"
              + " --add-modules jdk.incubator.vector, or set -Dfm4j.kernels=scalar");
    }
    try {
      k = (Kernels) Class.forName("org.flowmatch4j.tensor.VectorKernels")
          .getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException("cannot load the vector kernels: " + e, e);
    }
    vector = k;
    return k;
  }
}

package org.flowmatch4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a class's {@code main} in a fresh JVM with chosen JVM options (for example without {@code
 * --add-modules jdk.incubator.vector}), on the class path of the given classes' code sources.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * Runs {@code main.main()} with {@code jvmArgs}; fails the calling test unless it exits 0.
   *
   * @param classPath classes whose jar or class folder the child needs besides {@code main}'s
   * @return stdout and stderr together
   */
  public static String run(Class<?> main, List<Class<?>> classPath, String... jvmArgs) throws Exception {
    List<String> entries = new ArrayList<>();
    entries.add(location(main));
    for (Class<?> c : classPath) {
      entries.add(location(c));
    }
    return run(String.join(File.pathSeparator, entries), main.getName(), List.of(jvmArgs), List.of());
  }

  /**
   * Runs class {@code main} on {@code classPath} with {@code jvmArgs} and program arguments
   * {@code args}; fails the calling test unless it exits 0. The class path of this JVM ({@code
   * java.class.path}) serves a child that needs the whole test class path.
   *
   * @return stdout and stderr together
   */
  public static String run(String classPath, String main, List<String> jvmArgs, List<String> args)
      throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBin);
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-cp", classPath, main));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  private static String location(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}

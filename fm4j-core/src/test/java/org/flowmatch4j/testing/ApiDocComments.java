package org.flowmatch4j.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.DocumentationTool;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The public and protected elements of a module's sources that have no doc comment at all, as the
 * javadoc tool's doclint ({@code -Xdoclint:missing}, {@code -protected}) reports them: "no
 * comment". Doclint's other "missing" warnings (no {@code @param}, no {@code @return}) are left
 * out: this project's summaries say what the parameters and the result are in their prose, and the
 * build's javadoc runs with doclint {@code all,-missing}.
 */
public final class ApiDocComments {
  private ApiDocComments() {}

  /**
   * Runs the javadoc tool on every {@code .java} file under {@code sourceRoot} (class path: this
   * JVM's {@code java.class.path}; the site goes to {@code site}) and returns one {@code file:line} entry per element without a comment.
   *
   * @throws AssertionError if the javadoc tool fails for another reason (an error in a comment)
   */
  public static List<String> undocumented(Path sourceRoot, Path site) throws IOException {
    DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javadoc.getStandardFileManager(diagnostics, null, null)) {
      List<String> options =
          List.of(
              "-Xdoclint:missing",
              "-protected",
              "-quiet",
              "-Xmaxwarns",
              "100000",
              "--add-modules",
              "jdk.incubator.vector",
              "-classpath",
              System.getProperty("java.class.path"),
              "-d",
              site.toString());
      DocumentationTool.DocumentationTask task =
          javadoc.getTask(
              null, files, diagnostics, null, options, files.getJavaFileObjectsFromPaths(sources(sourceRoot)));
      boolean ok = task.call();
      if (!ok) {
        throw new AssertionError("javadoc failed on " + sourceRoot + ": " + errors(diagnostics));
      }
    }
    List<String> missing = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.WARNING
          && d.getSource() != null
          && d.getMessage(Locale.ROOT).equals("no comment")) {
        missing.add(sourceRoot.toAbsolutePath().relativize(Path.of(d.getSource().toUri())) + ":" + d.getLineNumber());
      }
    }
    missing.sort(null);
    return missing;
  }

  private static List<Path> sources(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
    }
  }

  private static String errors(DiagnosticCollector<JavaFileObject> diagnostics) {
    return diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .map(d -> d.getMessage(Locale.ROOT))
        .collect(Collectors.joining("; "));
  }
}

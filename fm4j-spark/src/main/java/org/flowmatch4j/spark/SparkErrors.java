package org.flowmatch4j.spark;

/**
 * The project's own error inside a failed Spark job. A task's exception reaches the driver
 * wrapped (a {@code SparkException} whose message repeats the stack trace); the job reports the
 * original one, whose message names the file, key or row.
 */
final class SparkErrors {
  private SparkErrors() {}

  /** The innermost {@link IllegalArgumentException} or {@link java.io.UncheckedIOException} in the causes of {@code e}, else {@code e}. */
  static Exception unwrap(Exception e) {
    RuntimeException found = null;
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof IllegalArgumentException || t instanceof java.io.UncheckedIOException) {
        found = (RuntimeException) t;
      }
    }
    return found != null ? found : e;
  }
}

package org.flowmatch4j.cli;

import org.flowmatch4j.fm.Matcher;

/** The path width, {@code --sigma}, of the commands that choose a matcher. */
final class SigmaOption {
  private SigmaOption() {}

  /**
   * Refuses {@code --sigma} given for a matcher that takes none ({@link Matcher#hasSigma()}), which
   * would otherwise leave the result as it is without a word.
   *
   * @param given whether the command line named {@code --sigma}
   * @throws IllegalArgumentException naming the option and the matcher
   */
  static void check(Matcher matcher, boolean given) {
    if (given && !matcher.hasSigma()) {
      throw new IllegalArgumentException("--sigma does not apply to --matcher " + matcher.cliName() + ": "
          + matcher.whyNoSigma());
    }
  }
}

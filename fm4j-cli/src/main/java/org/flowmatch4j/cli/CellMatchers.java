package org.flowmatch4j.cli;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.flowmatch4j.fm.Matcher;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The matchers of commands that carry cells to cells ({@code trajectory}, {@code perturb}): those
 * whose source is data, not the Gaussian. {@code --matcher} lists and accepts only these.
 */
final class CellMatchers {
  private static final List<Matcher> ACCEPTED =
      Arrays.stream(Matcher.values()).filter(m -> !m.requiresGaussianSource()).toList();

  private CellMatchers() {}

  /** The accepted names, for {@code ${COMPLETION-CANDIDATES}} in help texts. */
  static final class Candidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return ACCEPTED.stream().map(Matcher::cliName).iterator();
    }
  }

  /** Reads an accepted matcher name, in any case. */
  static final class Converter implements ITypeConverter<Matcher> {
    @Override
    public Matcher convert(String value) {
      for (Matcher m : ACCEPTED) {
        if (m.cliName().equals(value.strip().toLowerCase(Locale.ROOT))) {
          return m;
        }
      }
      throw new TypeConversionException("expected one of " + String.join(", ", new Candidates())
          + " (these start from cells, not from a Gaussian), got '" + value + "'");
    }
  }
}

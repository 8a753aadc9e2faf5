package org.flowmatch4j.cli;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.flowmatch4j.fm.Matcher;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The matchers of commands that carry cells to cells: those whose source is data, not the
 * Gaussian. {@code trajectory} takes all of them; {@code perturb} takes those with a fixed path and no growth.
 * {@code --matcher} lists and accepts only the command's own.
 */
final class CellMatchers {
  private CellMatchers() {}

  private static List<Matcher> accepted(Predicate<Matcher> also) {
    return Arrays.stream(Matcher.values()).filter(m -> !m.requiresGaussianSource()).filter(also).toList();
  }

  private static Matcher convert(List<Matcher> accepted, String value) {
    for (Matcher m : accepted) {
      if (m.cliName().equals(value.strip().toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new TypeConversionException("expected one of "
        + String.join(", ", accepted.stream().map(Matcher::cliName).toList())
        + " (these start from cells, not from a Gaussian), got '" + value + "'");
  }

  /** The trajectory command's names, for {@code ${COMPLETION-CANDIDATES}} in help texts. */
  static final class Candidates implements Iterable<String> {
    static final List<Matcher> ACCEPTED = accepted(m -> true);

    @Override
    public Iterator<String> iterator() {
      return ACCEPTED.stream().map(Matcher::cliName).iterator();
    }
  }

  /** Reads a trajectory matcher name, in any case. */
  static final class Converter implements ITypeConverter<Matcher> {
    @Override
    public Matcher convert(String value) {
      return CellMatchers.convert(Candidates.ACCEPTED, value);
    }
  }

  /** The perturb command's names: matchers with a fixed path. */
  static final class FixedPathCandidates implements Iterable<String> {
    static final List<Matcher> ACCEPTED = accepted(m -> !m.learnsPath() && !m.learnsGrowth());

    @Override
    public Iterator<String> iterator() {
      return ACCEPTED.stream().map(Matcher::cliName).iterator();
    }
  }

  /** Reads a perturb matcher name, in any case. */
  static final class FixedPathConverter implements ITypeConverter<Matcher> {
    @Override
    public Matcher convert(String value) {
      return CellMatchers.convert(FixedPathCandidates.ACCEPTED, value);
    }
  }
}

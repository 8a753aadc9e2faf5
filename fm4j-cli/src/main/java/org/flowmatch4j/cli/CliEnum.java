package org.flowmatch4j.cli;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.flowmatch4j.data.counts.CountLayer;
import org.flowmatch4j.nn.ConditionInjection;
import org.flowmatch4j.tasks.generation.SourceKind;
import org.flowmatch4j.tasks.perturbation.ContextRepresentation;
import org.flowmatch4j.tasks.perturbation.Decoding;
import org.flowmatch4j.tasks.perturbation.SetPooling;
import org.flowmatch4j.tasks.perturbation.MeanResponse;
import org.flowmatch4j.tasks.perturbation.Start;
import org.flowmatch4j.tasks.perturbation.Zeros;
import org.flowmatch4j.tasks.spatial.FeatureScaling;
import org.flowmatch4j.tasks.spatial.Stacking;
import org.flowmatch4j.tasks.toy.ToyDistribution;
import org.flowmatch4j.tasks.trajectory.DemoProcess;
import org.flowmatch4j.tasks.trajectory.GrowthTarget;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An enum on the command line by its flag names: by default the constant's name in lower case with
 * hyphens ({@code Start.MEAN_SHIFT} is {@code mean-shift}), read in any case with either hyphens or
 * underscores. A value that names no constant fails with one sentence listing the names.
 * {@link #register} also reads {@link CountLayer} by its keys and aliases.
 *
 * @param <E> the enum
 */
final class CliEnum<E extends Enum<E>> implements ITypeConverter<E> {
  private final Class<E> type;
  private final Function<E, String> name;

  CliEnum(Class<E> type, Function<E, String> name) {
    this.type = type;
    this.name = name;
  }

  /** The default flag name of a constant: {@code MEAN_SHIFT} is {@code mean-shift}. */
  static String name(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The flag names of every constant of {@code type}, in declaration order. */
  static List<String> names(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(CliEnum::name).toList();
  }

  /** The flag name of a condition injection: {@code concat}, {@code film} or {@code both}. */
  static String conditioning(ConditionInjection injection) {
    return injection == ConditionInjection.CONCAT_AND_FILM ? "both" : name(injection);
  }

  /** Registers the enums of the commands that read flag names on {@code cl} and its subcommands. */
  static void register(CommandLine cl) {
    cl.registerConverter(Decoding.class, new CliEnum<>(Decoding.class, CliEnum::name));
    cl.registerConverter(Zeros.class, new CliEnum<>(Zeros.class, CliEnum::name));
    cl.registerConverter(Start.class, new CliEnum<>(Start.class, CliEnum::name));
    cl.registerConverter(MeanResponse.class, new CliEnum<>(MeanResponse.class, CliEnum::name));
    cl.registerConverter(SetPooling.class, new CliEnum<>(SetPooling.class, CliEnum::name));
    cl.registerConverter(ContextRepresentation.class,
        new CliEnum<>(ContextRepresentation.class, CliEnum::name));
    cl.registerConverter(ConditionInjection.class, new CliEnum<>(ConditionInjection.class, CliEnum::conditioning));
    cl.registerConverter(SourceKind.class, new CliEnum<>(SourceKind.class, SourceKind::cliName));
    cl.registerConverter(Stacking.class, new CliEnum<>(Stacking.class, CliEnum::name));
    cl.registerConverter(FeatureScaling.class, new CliEnum<>(FeatureScaling.class, CliEnum::name));
    cl.registerConverter(ToyDistribution.class, new CliEnum<>(ToyDistribution.class, ToyDistribution::cliName));
    cl.registerConverter(DemoProcess.class, new CliEnum<>(DemoProcess.class, CliEnum::name));
    cl.registerConverter(GrowthTarget.class, new CliEnum<>(GrowthTarget.class, CliEnum::name));
    cl.registerConverter(CountLayer.class, CliEnum::countLayer);
  }

  /** A count layer by its key or alias ({@link CountLayer#parse}), failing as picocli's conversions do. */
  private static CountLayer countLayer(String value) {
    try {
      return CountLayer.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  @Override
  public E convert(String value) {
    String key = value.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    for (E c : type.getEnumConstants()) {
      if (name.apply(c).equals(key)) {
        return c;
      }
    }
    List<String> all = Arrays.stream(type.getEnumConstants()).map(name).toList();
    throw new TypeConversionException("expected one of " + String.join(", ", all) + ", got '" + value + "'");
  }

  /** {@code --context-condition}'s names, for {@code ${COMPLETION-CANDIDATES}} in its help. */
  static final class ContextConditions implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return names(ContextRepresentation.class).iterator();
    }
  }
}

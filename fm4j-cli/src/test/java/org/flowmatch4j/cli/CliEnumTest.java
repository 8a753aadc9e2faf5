package org.flowmatch4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.flowmatch4j.nn.ConditionInjection;
import org.flowmatch4j.tasks.perturbation.ContextRepresentation;
import org.flowmatch4j.tasks.perturbation.Start;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class CliEnumTest {
  @Test
  void namesAreLowerCaseWithHyphens() {
    assertEquals("mean-shift", CliEnum.name(Start.MEAN_SHIFT));
    assertEquals(List.of("none", "control-mean"), CliEnum.names(ContextRepresentation.class));
  }

  @Test
  void readsAnyCaseAndEitherSeparator() {
    CliEnum<Start> c = new CliEnum<>(Start.class, CliEnum::name);
    assertEquals(Start.MEAN_SHIFT, c.convert("mean-shift"));
    assertEquals(Start.MEAN_SHIFT, c.convert("Mean_Shift"));
    assertEquals(Start.CONTROL, c.convert(" CONTROL "));
  }

  @Test
  void conditioningNamesBoth() {
    CliEnum<ConditionInjection> c = new CliEnum<>(ConditionInjection.class, CliEnum::conditioning);
    assertEquals(ConditionInjection.CONCAT_AND_FILM, c.convert("both"));
    assertEquals(ConditionInjection.FILM, c.convert("film"));
    TypeConversionException e = assertThrows(TypeConversionException.class, () -> c.convert("concat-and-film"));
    assertEquals("expected one of concat, film, both, got 'concat-and-film'", e.getMessage());
  }
}

package org.flowmatch4j.train;

import org.flowmatch4j.fm.InvalidSettingException;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.fm.metric.MetricSpec;

/**
 * Range checks of configuration values whose messages name the setting and the value given, e.g.
 * {@code "{steps} must be >= 1, got 0"}: a name written {@code {name}} is a setting that a front end
 * spells its own way ({@link InvalidSettingException}).
 */
public final class ConfigChecks {
  private ConfigChecks() {}

  /** Requires {@code value >= min}. */
  public static void atLeast(String name, long value, long min) {
    if (value < min) {
      throw new InvalidSettingException(name + " must be >= " + min + ", got " + value);
    }
  }

  /** Requires every value to be {@code >= min}. */
  public static void allAtLeast(String name, java.util.List<Integer> values, long min) {
    for (int v : values) {
      atLeast(name, v, min);
    }
  }

  /** Requires a finite {@code value > 0}. */
  public static void positive(String name, double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new InvalidSettingException(name + " must be a finite number > 0, got " + value);
    }
  }

  /**
   * Requires a metric and path-training steps {@code >= 0} for a matcher that learns its path
   * (metric flow matching), and neither for any other.
   */
  public static void metricFor(Matcher matcher, MetricSpec metric, int geodesicSteps) {
    if (matcher.learnsPath() != (metric != null)) {
      throw new InvalidSettingException(matcher.learnsPath()
          ? "{matcher} " + matcher.cliName() + " needs a metric ({metric} land or rbf)"
          : "{metric} applies to {matcher} otmfm or imfm only, not " + matcher.cliName());
    }
    if (geodesicSteps < 0 || (!matcher.learnsPath() && geodesicSteps != 0)) {
      throw new InvalidSettingException("{geodesic-steps} must be >= 0 and applies to otmfm or imfm only, got "
          + geodesicSteps);
    }
  }

  /** Requires a finite {@code value >= 0}. */
  public static void nonNegative(String name, double value) {
    if (!(value >= 0) || !Double.isFinite(value)) {
      throw new InvalidSettingException(name + " must be a finite number >= 0, got " + value);
    }
  }
}

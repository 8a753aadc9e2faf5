package org.flowmatch4j.cli;

/**
 * The value of {@code --masses}: either one population mass per time point ({@code 1,1.8,2.4}) or
 * the name of a per-cell column of the input whose values are summed per time point ({@link
 * org.flowmatch4j.tasks.trajectory.ObsMasses}).
 *
 * @param values the masses given as numbers, or null
 * @param key the column, or null
 */
record MassesOption(double[] values, String key) {

  /** Numbers when every comma-separated part is one, else a column name; null for null. */
  static MassesOption parse(String text) {
    if (text == null) {
      return null;
    }
    String[] parts = text.split(",", -1);
    double[] v = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        v[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        if (parts.length > 1) {
          throw new IllegalArgumentException("--masses: expected numbers separated by commas or one column name, got '"
              + text + "'");
        }
        return new MassesOption(null, text);
      }
    }
    return new MassesOption(v, null);
  }

  /** The column name as a list of extra obs keys for the loader (empty when numbers were given). */
  String[] obsKeys() {
    return key == null ? new String[0] : new String[] {key};
  }
}

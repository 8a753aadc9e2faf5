package org.flowmatch4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.flowmatch4j.tensor.Matrix;

/**
 * Delimited text with a header row (CSV, TSV): RFC 4180 quoting ({@code "a,b"}, {@code ""} for a
 * quote inside quotes), CRLF or LF line ends, a UTF-8 byte-order mark ignored. The delimiter is
 * {@code ,} for {@code .csv} and a tab for {@code .tsv}/{@code .tab}; otherwise whichever of
 * comma, tab or semicolon the header has most of. A first header cell that is empty names a
 * pandas-style index column.
 *
 * <p>Nothing is guessed silently: a header naming a column twice, or a first line made only of
 * numbers (a file without a header row), is an error; so is a numeric column with a cell that is
 * not a number, or a missing cell ({@code NA}, {@code NaN}, empty) among the features, each named by
 * its line in the file and its column. Missing cells are spelled as pandas writes and reads them:
 * empty, {@code NA}, {@code NaN} (any case).
 *
 * <pre>{@code
 * Csv.Table t = Csv.read(Path.of("dygen.csv"));
 * AnnData a = t.toAnnData("samples");   // obs = samples, X = x1..x5
 * double[] time = a.obsTime("samples");
 * }</pre>
 */
public final class Csv {
  private Csv() {}

  /**
   * Column names that label cells rather than measure them: the time-point column of the
   * time-course tables (TorchCFM, DeepRUOT, WFR-FM write {@code samples}; moscot {@code day}).
   * {@link Table#toAnnData} keeps a numeric column of one of these names in obs, never in X.
   */
  public static final Set<String> LABEL_COLUMNS = Set.of("samples", "sample", "time", "timepoint", "time_point", "day");

  /**
   * A parsed table: header names, per column its cells as text, and per data row the line of the
   * file it starts on (1 is the header).
   */
  public record Table(Path source, String[] header, List<String[]> columns, int[] lines) {
    /** Number of data rows. */
    public int rows() {
      return lines.length;
    }

    /** Where data row i is, for messages: "FILE: line L, column 'NAME'". */
    public String where(int i, String name) {
      return source + ": line " + lines[i] + ", column '" + name + "'";
    }

    /** The cells of a column, by name; names the columns present if it is missing. */
    public String[] column(String name) {
      int j = Arrays.asList(header).indexOf(name);
      if (j < 0) {
        throw new IllegalArgumentException(source + ": no column '" + name + "'; columns are " + Arrays.toString(header));
      }
      return columns.get(j);
    }

    /** True if every present cell of the column parses as a number (and at least one does). */
    public boolean isNumeric(String name) {
      return parse(column(name)) != null;
    }

    /**
     * The values of a numeric column with none missing, e.g. a time column; the first cell that is
     * missing or not a finite number is named by its line.
     */
    public double[] finiteColumn(String name) {
      String[] cells = column(name);
      double[] v = new double[cells.length];
      for (int i = 0; i < cells.length; i++) {
        v[i] = cell(cells[i]);
        if (!Double.isFinite(v[i])) {
          throw new IllegalArgumentException(where(i, name) + ": expected a number, found '" + cells[i] + "'");
        }
      }
      return v;
    }

    /**
     * An AnnData: the named columns, the {@link #LABEL_COLUMNS} and any column with no number in it
     * go to obs (numeric ones as float64 columns, others as categoricals if they repeat, else
     * strings); the remaining numeric columns form X (float32). A column that mixes numbers with
     * other text is an error naming its first non-number, and cells of X must be finite numbers: the
     * first that is not is named by its line and column.
     */
    public AnnData toAnnData(String... obsColumns) {
      Set<String> obsNames = new LinkedHashSet<>(List.of(obsColumns));
      for (String o : obsNames) {
        column(o); // fails naming the columns present
      }
      int n = rows();
      if (n == 0) {
        throw new IllegalArgumentException(source + ": no data rows");
      }
      boolean hasIndex = header[0].isEmpty();
      List<Integer> xCols = new ArrayList<>();
      for (int j = hasIndex ? 1 : 0; j < header.length; j++) {
        if (!obsNames.contains(header[j]) && !LABEL_COLUMNS.contains(header[j]) && isNumber(j)) {
          xCols.add(j);
        } else {
          obsNames.add(header[j]);
        }
      }
      if (xCols.isEmpty()) {
        throw new IllegalArgumentException(source + ": no numeric feature columns (obs columns: " + obsNames + ")");
      }
      String[] index = hasIndex ? columns.get(0) : DataFrame.ofSize(n).index();
      DataFrame obs = new DataFrame("_index", index);
      for (String o : obsNames) {
        String[] cells = column(o);
        double[] v = parse(cells);
        if (v != null) {
          obs.put(o, new Column.Numeric(v, Dtype.FLOAT64));
        } else if (new LinkedHashSet<>(List.of(cells)).size() < n) {
          obs.put(o, Column.Categorical.of(cells, false));
        } else {
          obs.put(o, new Column.Strings(cells));
        }
      }
      String[] varNames = new String[xCols.size()];
      Matrix x = new Matrix(n, xCols.size());
      for (int k = 0; k < xCols.size(); k++) {
        int j = xCols.get(k);
        varNames[k] = header[j];
        String[] cells = columns.get(j);
        for (int i = 0; i < n; i++) {
          double v = cell(cells[i]);
          if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(where(i, header[j]) + ": expected a number, found "
                + (cells[i].isBlank() ? "an empty cell" : "'" + cells[i] + "'"));
          }
          x.data[i * x.cols + k] = (float) v;
        }
      }
      AnnData a = new AnnData(DenseMatrix.of(x), obs, new DataFrame("_index", varNames));
      a.setSource(source);
      return a;
    }

    /**
     * True if column j holds numbers: every present cell parses and at least one is present. A
     * column with both numbers and other text is an error naming its first non-number, since one
     * mistyped value must not turn a feature into an annotation.
     */
    private boolean isNumber(int j) {
      String[] cells = columns.get(j);
      int numbers = 0;
      int firstText = -1;
      for (int i = 0; i < cells.length; i++) {
        if (isMissing(cells[i])) {
          continue;
        }
        if (Double.isNaN(cell(cells[i]))) {
          firstText = firstText < 0 ? i : firstText;
        } else {
          numbers++;
        }
      }
      if (numbers > 0 && firstText >= 0) {
        throw new IllegalArgumentException(where(firstText, header[j]) + ": '" + cells[firstText]
            + "' is not a number, but " + numbers + " other cells of the column are");
      }
      return numbers > 0;
    }
  }

  /** True for a missing cell as pandas writes it: empty, {@code NA} or {@code NaN} in any case. */
  static boolean isMissing(String cell) {
    String s = cell.strip();
    return s.isEmpty() || s.equalsIgnoreCase("nan") || s.equalsIgnoreCase("na");
  }

  /** The number in a cell, or NaN if it is missing or not a number. */
  static double cell(String cell) {
    if (isMissing(cell)) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(cell.strip());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** Numeric values of the cells (NaN where missing), or null if some present cell is not a number or none is. */
  static double[] parse(String[] cells) {
    double[] v = new double[cells.length];
    boolean any = false;
    for (int i = 0; i < cells.length; i++) {
      v[i] = cell(cells[i]);
      if (Double.isNaN(v[i]) && !isMissing(cells[i])) {
        return null;
      }
      any |= !Double.isNaN(v[i]);
    }
    return any ? v : null;
  }

  /** Reads a delimited file. Ragged rows and unclosed quotes are rejected with the line named. */
  public static Table read(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new java.nio.file.NoSuchFileException(path.toString());
    }
    String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    char delim;
    if (name.endsWith(".csv")) {
      delim = ',';
    } else if (name.endsWith(".tsv") || name.endsWith(".tab")) {
      delim = '\t';
    } else {
      String first;
      try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        first = r.readLine();
      }
      delim = guess(first == null ? "" : first);
    }
    try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return read(r, path, delim);
    } catch (java.nio.charset.MalformedInputException e) {
      throw new IllegalArgumentException(path + ": not UTF-8 text");
    }
  }

  /**
   * Parses delimited text from a reader; {@code source} names it in messages. The header must name
   * every column once, and must not be a row of numbers (a file without a header).
   */
  public static Table read(Reader in, Path source, char delimiter) throws IOException {
    Parser p = new Parser(in, source, delimiter);
    List<String> header = p.record();
    if (header == null) {
      throw new IllegalArgumentException(source + ": empty file (no header)");
    }
    if (header.get(0).startsWith("\uFEFF")) {
      header.set(0, header.get(0).substring(1));
    }
    checkHeader(header, source);
    int m = header.size();
    List<List<String>> cols = new ArrayList<>();
    for (int j = 0; j < m; j++) {
      cols.add(new ArrayList<>());
    }
    List<Integer> lines = new ArrayList<>();
    List<String> rec;
    while ((rec = p.record()) != null) {
      if (rec.size() == 1 && rec.get(0).isEmpty()) {
        continue; // blank line
      }
      if (rec.size() != m) {
        throw new IllegalArgumentException(
            source + ": line " + p.line + " has " + rec.size() + " fields, the header has " + m);
      }
      for (int j = 0; j < m; j++) {
        cols.get(j).add(rec.get(j));
      }
      lines.add(p.recordLine);
    }
    List<String[]> columns = new ArrayList<>();
    for (List<String> c : cols) {
      columns.add(c.toArray(String[]::new));
    }
    return new Table(source, header.toArray(String[]::new), columns, lines.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * Rejects a header that names a column twice, or that is a row of numbers (no header at all). The
   * names pandas gives unnamed columns, 0, 1, ..., m - 1 (after an empty index cell if any), are a
   * header.
   */
  private static void checkHeader(List<String> header, Path source) {
    java.util.Map<String, Integer> seen = new java.util.HashMap<>();
    for (int j = 0; j < header.size(); j++) {
      Integer before = seen.put(header.get(j), j);
      if (before != null) {
        throw new IllegalArgumentException(source + ": the header names column '" + header.get(j) + "' twice (columns "
            + (before + 1) + " and " + (j + 1) + "); every column needs its own name");
      }
    }
    List<String> names = header.get(0).isEmpty() ? header.subList(1, header.size()) : header;
    boolean allNumbers = !names.isEmpty() && names.stream().allMatch(h -> !isMissing(h) && !Double.isNaN(cell(h)));
    boolean pandasNames = true;
    for (int j = 0; j < names.size(); j++) {
      pandasNames &= names.get(j).equals(Integer.toString(j));
    }
    if (allNumbers && !pandasNames) {
      throw new IllegalArgumentException(source + ": the first line is all numbers (" + String.join(", ", header.subList(0, Math.min(3, header.size())))
          + (header.size() > 3 ? ", ..." : "") + "), so the file has no header row; add a first line naming the columns");
    }
  }

  private static char guess(String firstLine) {
    char best = ',';
    long bestCount = -1;
    for (char c : new char[] {',', '\t', ';'}) {
      long k = firstLine.chars().filter(x -> x == c).count();
      if (k > bestCount) {
        best = c;
        bestCount = k;
      }
    }
    return best;
  }

  /** An RFC 4180 record reader. */
  private static final class Parser {
    private final Reader in;
    private final Path source;
    private final char delimiter;
    /** Lines read so far. */
    int line;
    /** The line the last record started on. */
    int recordLine;
    private int peeked = -2;

    Parser(Reader in, Path source, char delimiter) {
      this.in = in;
      this.source = source;
      this.delimiter = delimiter;
    }

    private int next() throws IOException {
      if (peeked != -2) {
        int c = peeked;
        peeked = -2;
        return c;
      }
      return in.read();
    }

    List<String> record() throws IOException {
      int c = next();
      if (c == -1) {
        return null;
      }
      line++;
      int startLine = line;
      recordLine = line;
      List<String> fields = new ArrayList<>();
      StringBuilder f = new StringBuilder();
      boolean quoted = false;
      boolean wasQuoted = false;
      while (true) {
        if (c == -1) {
          if (quoted) {
            throw new IllegalArgumentException(source + ": unclosed quote starting on line " + startLine);
          }
          break;
        }
        if (quoted) {
          if (c == '"') {
            int d = next();
            if (d == '"') {
              f.append('"');
            } else {
              quoted = false;
              peeked = d;
            }
          } else {
            if (c == '\n') {
              line++;
            }
            f.append((char) c);
          }
        } else if (c == '"' && f.length() == 0 && !wasQuoted) {
          quoted = true;
          wasQuoted = true;
        } else if (c == delimiter) {
          fields.add(f.toString());
          f.setLength(0);
          wasQuoted = false;
        } else if (c == '\r') {
          int d = next();
          if (d != '\n') {
            peeked = d;
          }
          break;
        } else if (c == '\n') {
          break;
        } else {
          f.append((char) c);
        }
        c = next();
      }
      fields.add(f.toString());
      return fields;
    }
  }
}

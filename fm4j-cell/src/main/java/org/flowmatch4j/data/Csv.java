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
 * <pre>{@code
 * Csv.Table t = Csv.read(Path.of("dygen.csv"));
 * AnnData a = t.toAnnData("samples");   // obs = samples, X = x1..x5
 * double[] time = a.obsTime("samples");
 * }</pre>
 */
public final class Csv {
  private Csv() {}

  /** A parsed table: header names and, per column, its cells as text. */
  public record Table(Path source, String[] header, List<String[]> columns) {
    /** Number of data rows. */
    public int rows() {
      return columns.isEmpty() ? 0 : columns.get(0).length;
    }

    /** The cells of a column, by name; names the columns present if it is missing. */
    public String[] column(String name) {
      int j = Arrays.asList(header).indexOf(name);
      if (j < 0) {
        throw new IllegalArgumentException(source + ": no column '" + name + "'; columns are " + Arrays.toString(header));
      }
      return columns.get(j);
    }

    /** True if every non-empty cell of the column parses as a number (and at least one does). */
    public boolean isNumeric(String name) {
      return parse(column(name)) != null;
    }

    /**
     * An AnnData: the named columns, and any column that is not numeric, go to obs (numeric ones as
     * float64 columns, others as categoricals if they repeat, else strings); the remaining numeric
     * columns form X (float32). Cells of X must be finite numbers; the first that is not is named.
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
        if (!obsNames.contains(header[j]) && parse(columns.get(j)) != null) {
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
          double v = cells[i].isBlank() ? Double.NaN : Double.parseDouble(cells[i].strip());
          if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(
                source + ": column '" + header[j] + "' has a missing or non-finite value at data row " + (i + 1) + " ('" + cells[i] + "')");
          }
          x.data[i * x.cols + k] = (float) v;
        }
      }
      AnnData a = new AnnData(DenseMatrix.of(x), obs, new DataFrame("_index", varNames));
      a.setSource(source);
      return a;
    }
  }

  /** Numeric values of the cells, or null if some non-empty cell is not a number or none is. */
  static double[] parse(String[] cells) {
    double[] v = new double[cells.length];
    boolean any = false;
    for (int i = 0; i < cells.length; i++) {
      String s = cells[i].strip();
      if (s.isEmpty() || s.equalsIgnoreCase("nan") || s.equalsIgnoreCase("na")) {
        v[i] = Double.NaN;
        continue;
      }
      try {
        v[i] = Double.parseDouble(s);
        any = true;
      } catch (NumberFormatException e) {
        return null;
      }
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

  /** Parses delimited text from a reader; {@code source} names it in messages. */
  public static Table read(Reader in, Path source, char delimiter) throws IOException {
    Parser p = new Parser(in, source, delimiter);
    List<String> header = p.record();
    if (header == null) {
      throw new IllegalArgumentException(source + ": empty file (no header)");
    }
    if (header.get(0).startsWith("\uFEFF")) {
      header.set(0, header.get(0).substring(1));
    }
    int m = header.size();
    List<List<String>> cols = new ArrayList<>();
    for (int j = 0; j < m; j++) {
      cols.add(new ArrayList<>());
    }
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
    }
    List<String[]> columns = new ArrayList<>();
    for (List<String> c : cols) {
      columns.add(c.toArray(String[]::new));
    }
    return new Table(source, header.toArray(String[]::new), columns);
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
    int line;
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

package org.flowmatch4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowmatch4j.data.Column;
import org.flowmatch4j.data.Csv;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.NdArray;
import org.flowmatch4j.data.Npy;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.data.h5ad.H5adSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fm4j inspect FILE}: what an .h5ad, CSV/TSV, .npy or .npz file holds. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Summarise an .h5ad (AnnData), CSV/TSV, .npy or .npz file without loading its matrices.")
public final class InspectCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "The file to describe.")
  Path file;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Option(names = "--debug", description = "Show stack traces of errors.")
  boolean debug;

  @Spec CommandSpec spec;


  @Override
  public Integer call() throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    JsonObject j = new JsonObject();
    j.addProperty("file", file.toString());
    StringBuilder text = new StringBuilder();
    if (name.endsWith(".h5ad") || name.endsWith(".h5")) {
      h5ad(j, text);
    } else if (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".tab") || name.endsWith(".txt")) {
      csv(j, text);
    } else if (name.endsWith(".npy")) {
      NdArray a = Npy.read(file);
      j.addProperty("format", "npy");
      describe(j, a);
      text.append("NumPy array ").append(a.dtype()).append(' ').append(shape(a.shape())).append('\n');
    } else if (name.endsWith(".npz")) {
      j.addProperty("format", "npz");
      JsonObject members = new JsonObject();
      text.append("NumPy archive\n");
      for (Map.Entry<String, NdArray> e : Npy.readNpz(file).entrySet()) {
        JsonObject m = new JsonObject();
        describe(m, e.getValue());
        members.add(e.getKey(), m);
        text.append("    ").append(e.getKey()).append(": ").append(e.getValue().dtype()).append(' ')
            .append(shape(e.getValue().shape())).append('\n');
      }
      j.add("arrays", members);
    } else {
      throw new IllegalArgumentException(
          file + ": unknown file type; expected .h5ad, .csv, .tsv, .npy or .npz");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      JsonOutput.print(out, j);
    } else {
      out.print(text);
    }
    out.flush();
    return 0;
  }

  private static String shape(long[] s) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < s.length; i++) {
      b.append(i > 0 ? ", " : "").append(s[i]);
    }
    return b.append(s.length == 1 ? ",)" : ")").toString();
  }

  private static void describe(JsonObject j, NdArray a) {
    j.addProperty("dtype", a.dtype().numpy);
    JsonArray sh = new JsonArray();
    for (long d : a.shape()) {
      sh.add(d);
    }
    j.add("shape", sh);
  }

  private void h5ad(JsonObject j, StringBuilder t) {
    H5adSummary s = H5ad.summarize(file);
    j.addProperty("format", "h5ad");
    j.addProperty("layout", s.layout());
    j.addProperty("n_obs", s.obs().size());
    j.addProperty("n_vars", s.var().size());
    t.append("AnnData object with n_obs × n_vars = ").append(s.obs().size()).append(" × ").append(s.var().size()).append('\n');
    t.append("    layout: ").append(s.layout()).append('\n');
    if (s.x() != null) {
      j.add("X", info(s.x()));
      t.append("    X: ").append(infoText(s.x())).append('\n');
    } else {
      t.append("    X: none\n");
    }
    j.add("obs", columns(s.obs()));
    j.add("var", columns(s.var()));
    t.append("    obs: ").append(quoted(s.obs().columns().keySet())).append('\n');
    t.append("    var: ").append(quoted(s.var().columns().keySet())).append('\n');
    JsonArray uns = new JsonArray();
    s.unsKeys().forEach(uns::add);
    j.add("uns", uns);
    t.append("    uns: ").append(quoted(s.unsKeys())).append('\n');
    for (Map.Entry<String, Map<String, H5adSummary.MatrixInfo>> g : s.matrices().entrySet()) {
      JsonObject m = new JsonObject();
      g.getValue().forEach((k, v) -> m.add(k, info(v)));
      j.add(g.getKey(), m);
      if (!g.getValue().isEmpty()) {
        t.append("    ").append(g.getKey()).append(": ").append(quoted(g.getValue().keySet())).append('\n');
      }
    }
    if (s.raw() != null) {
      j.add("raw", info(s.raw()));
      t.append("    raw: X ").append(infoText(s.raw())).append('\n');
    }
    columnText(t, "obs", s.obs());
    columnText(t, "var", s.var());
    for (Map.Entry<String, Map<String, H5adSummary.MatrixInfo>> g : s.matrices().entrySet()) {
      g.getValue().forEach((k, v) -> t.append(g.getKey()).append('/').append(k).append(": ").append(infoText(v)).append('\n'));
    }
  }

  private static String quoted(java.util.Collection<String> keys) {
    StringBuilder b = new StringBuilder();
    for (String k : keys) {
      b.append(b.length() > 0 ? ", " : "").append('\'').append(k).append('\'');
    }
    return b.toString();
  }

  private static JsonObject info(H5adSummary.MatrixInfo i) {
    JsonObject o = new JsonObject();
    o.addProperty("storage", i.storage());
    o.addProperty("dtype", i.dtype());
    JsonArray sh = new JsonArray();
    sh.add(i.rows());
    sh.add(i.cols());
    o.add("shape", sh);
    o.addProperty("nnz", i.nnz());
    return o;
  }

  private static String infoText(H5adSummary.MatrixInfo i) {
    String s = i.storage() + " " + i.dtype() + " " + i.rows() + " × " + i.cols();
    return i.storage().equals("dense") ? s : s + ", nnz = " + i.nnz();
  }

  private static JsonArray columns(DataFrame df) {
    JsonArray a = new JsonArray();
    for (Map.Entry<String, Column> e : df.columns().entrySet()) {
      JsonObject c = new JsonObject();
      c.addProperty("name", e.getKey());
      c.addProperty("dtype", e.getValue().dtype());
      if (e.getValue() instanceof Column.Categorical cat) {
        c.addProperty("categories", cat.categories().size());
        c.addProperty("ordered", cat.ordered());
        JsonArray first = new JsonArray();
        cat.categories().stream().limit(20).forEach(first::add);
        c.add("category_labels", first);
      }
      a.add(c);
    }
    return a;
  }

  private static void columnText(StringBuilder t, String what, DataFrame df) {
    if (df.columns().isEmpty()) {
      return;
    }
    t.append(what).append(" columns (index '").append(df.indexName()).append("'):\n");
    for (Map.Entry<String, Column> e : df.columns().entrySet()) {
      t.append(String.format(Locale.ROOT, "    %-24s %s", e.getKey(), e.getValue().dtype()));
      if (e.getValue() instanceof Column.Categorical cat) {
        t.append(" (").append(cat.categories().size()).append(cat.ordered() ? " ordered" : "").append(" categories: ");
        List<String> cats = cat.categories();
        t.append(String.join(", ", cats.subList(0, Math.min(cats.size(), 8))));
        t.append(cats.size() > 8 ? ", ...)" : ")");
      }
      t.append('\n');
    }
  }

  private void csv(JsonObject j, StringBuilder t) throws IOException {
    Csv.Table tab = Csv.read(file);
    j.addProperty("format", "csv");
    j.addProperty("rows", tab.rows());
    JsonArray cols = new JsonArray();
    t.append("Table with ").append(tab.rows()).append(" rows × ").append(tab.header().length).append(" columns\n");
    for (String h : tab.header()) {
      JsonObject c = new JsonObject();
      c.addProperty("name", h);
      boolean numeric = tab.isNumeric(h);
      c.addProperty("numeric", numeric);
      int distinct = new LinkedHashSet<>(List.of(tab.column(h))).size();
      c.addProperty("distinct", distinct);
      cols.add(c);
      t.append(String.format(Locale.ROOT, "    %-24s %s, %d distinct values%n", h, numeric ? "numeric" : "text", distinct));
    }
    j.add("columns", cols);
  }
}

package org.flowmatch4j.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.flowmatch4j.io.AtomicFile;

/**
 * JSON for results: one compact line on stdout (the last line a command prints with
 * {@code --json}), or an indented file. Maps keep their insertion order.
 *
 * <p>Standard JSON has no NaN or infinity, so a non-finite number is written as {@code null}:
 * the quantity is undefined for this input (for example a correlation with a constant vector, as
 * the identity baseline's predicted change is) or overflowed. Every JSON parser reads the output.
 */
public final class JsonOutput {
  /** Builds the tree: keeps NaN and infinities (replaced next), leaves out null map values. */
  private static final Gson TREE = new GsonBuilder().serializeSpecialFloatingPointValues().create();
  private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
  private static final Gson PRETTY = new GsonBuilder().disableHtmlEscaping().serializeNulls().setPrettyPrinting().create();

  private JsonOutput() {}

  /** One line of JSON. */
  public static String line(Object value) {
    return COMPACT.toJson(finite(TREE.toJsonTree(value)));
  }

  /** Prints {@code value} as one JSON line and flushes. */
  public static void print(PrintWriter out, Object value) {
    out.println(line(value));
    out.flush();
  }

  /** Writes {@code value} as indented JSON to {@code file}, atomically. */
  public static void write(Path file, Object value) throws IOException {
    AtomicFile.writeString(file, PRETTY.toJson(finite(TREE.toJsonTree(value))) + "\n");
  }

  /** {@code e} with every non-finite number replaced by null (a tree built elsewhere may hold them). */
  private static JsonElement finite(JsonElement e) {
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() && !Double.isFinite(e.getAsDouble())) {
      return JsonNull.INSTANCE;
    }
    if (e.isJsonObject()) {
      JsonObject o = new JsonObject();
      e.getAsJsonObject().entrySet().forEach(kv -> o.add(kv.getKey(), finite(kv.getValue())));
      return o;
    }
    if (e.isJsonArray()) {
      JsonArray a = new JsonArray();
      e.getAsJsonArray().forEach(x -> a.add(finite(x)));
      return a;
    }
    return e;
  }
}

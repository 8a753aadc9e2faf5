package org.flowmatch4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.function.Function;
import org.flowmatch4j.nn.Checkpoint;

/**
 * One fitted model in one checkpoint file: the header entry {@code flow.task} says which kind of
 * model it holds, {@code provenance.version} and {@code provenance.data} its {@link Provenance};
 * the model adds its settings and networks. Shared by the front doors' {@code save} and {@code
 * load}.
 *
 * @param kind the value of {@code flow.task}, e.g. {@code "flow-model"}
 * @param writer what writes such files, for messages (e.g. {@code "FlowModel.save"})
 */
public record ModelFile(String kind, String writer) {
  /** The header key that names a model file's kind. */
  public static final String KIND_KEY = "flow.task";

  /** Whether {@code ck} holds a model of this kind. */
  public boolean holds(Checkpoint ck) {
    return kind.equals(ck.get(KIND_KEY));
  }

  /** A checkpoint holding the kind and {@code provenance}, for the model to add its own entries. */
  public Checkpoint start(Provenance provenance) {
    Checkpoint ck = new Checkpoint();
    ck.put(KIND_KEY, kind);
    ck.put("provenance.version", provenance.version());
    ck.put("provenance.data", provenance.dataFingerprint());
    return ck;
  }

  /**
   * Writes {@code ck} to {@code file} atomically.
   *
   * @throws UncheckedIOException if the file cannot be written
   */
  public void write(Checkpoint ck, Path file) {
    try {
      ck.write(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the model " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads {@code file} and makes the model with {@code parse}, after checking the kind.
   *
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException naming the file and the key that is missing or malformed
   */
  public <T> T read(Path file, Function<Checkpoint, T> parse) {
    Checkpoint ck;
    try {
      ck = Checkpoint.read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the model " + file + ": " + e.getMessage(), e);
    }
    return parse(ck, file.toString(), parse);
  }

  /**
   * Makes the model held by {@code ck} with {@code parse}, after checking the kind; {@code name}
   * names the model in errors.
   *
   * @throws IllegalArgumentException naming the model and the key that is missing or malformed
   */
  public <T> T parse(Checkpoint ck, String name, Function<Checkpoint, T> parse) {
    try {
      if (!holds(ck)) {
        throw new IllegalArgumentException("header key " + KIND_KEY + ": expected '" + kind + "' (a model written by "
            + writer + "), got " + ck.get(KIND_KEY));
      }
      return parse.apply(ck);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model " + name + ": " + e.getMessage(), e);
    }
  }

  /** The provenance stored by {@link #start}. */
  public static Provenance provenance(Checkpoint ck) {
    return new Provenance(entry(ck, "provenance.version"), entry(ck, "provenance.data"));
  }

  /** Stores {@code values} as the header entry {@code key}, comma-separated, each exactly. */
  public static void putValues(Checkpoint ck, String key, double[] values) {
    ck.put(key, Arrays.stream(values).mapToObj(Double::toString).collect(Collectors.joining(",")));
  }

  /** The values stored by {@link #putValues}. @throws IllegalArgumentException if missing or malformed */
  public static double[] values(Checkpoint ck, String key) {
    try {
      return Arrays.stream(entry(ck, key).split(",")).mapToDouble(Double::parseDouble).toArray();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("header key " + key + ": not a list of numbers", e);
    }
  }

  /** The header entry {@code key} of {@code ck}. @throws IllegalArgumentException if it is missing */
  public static String entry(Checkpoint ck, String key) {
    String v = ck.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing header key " + key);
    }
    return v;
  }
}

package org.flowmatch4j.io;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A settings record as text entries of a checkpoint header and back: each component is one entry
 * {@code <prefix>.<name>} (numbers and booleans by {@code toString}, enums by name), a nested record
 * its own entries under {@code <prefix>.<name>}, and a null component no entry at all. Reading calls
 * the canonical constructor, so a record's own checks run on what is read.
 */
public final class RecordHeader {
  private RecordHeader() {}

  /** The entries of {@code settings} under {@code prefix}. */
  public static Map<String, String> write(Record settings, String prefix) {
    Map<String, String> h = new LinkedHashMap<>();
    put(h, settings, prefix);
    return h;
  }

  private static void put(Map<String, String> h, Record r, String prefix) {
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      Object v;
      try {
        v = c.getAccessor().invoke(r);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
      }
      String key = prefix + "." + c.getName();
      if (v instanceof Record nested) {
        put(h, nested, key);
      } else if (v instanceof Enum<?> e) {
        h.put(key, e.name());
      } else if (v != null) {
        h.put(key, v.toString());
      }
    }
  }

  /**
   * The record of type {@code type} written under {@code prefix} by {@link #write}.
   *
   * @throws IllegalArgumentException naming the key that is missing or malformed, or the record's
   *     own check that failed
   */
  public static <R extends Record> R read(Class<R> type, Map<String, String> h, String prefix) {
    RecordComponent[] cs = type.getRecordComponents();
    Class<?>[] types = new Class<?>[cs.length];
    Object[] args = new Object[cs.length];
    for (int k = 0; k < cs.length; k++) {
      types[k] = cs[k].getType();
      args[k] = value(cs[k].getType(), h, prefix + "." + cs[k].getName());
    }
    try {
      Constructor<R> ctor = type.getDeclaredConstructor(types);
      return ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof IllegalArgumentException bad) {
        throw new IllegalArgumentException(prefix + ": " + bad.getMessage(), bad);
      }
      throw new IllegalStateException("cannot make " + type.getSimpleName() + " from the header", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot make " + type.getSimpleName() + " from the header", e);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object value(Class<?> t, Map<String, String> h, String key) {
    if (t.isRecord()) {
      boolean present = h.keySet().stream().anyMatch(k -> k.startsWith(key + "."));
      return present ? read((Class<? extends Record>) t, h, key) : null;
    }
    String s = h.get(key);
    if (s == null) {
      if (t.isPrimitive()) {
        throw new IllegalArgumentException("missing header key " + key);
      }
      return null;
    }
    try {
      if (t == int.class) {
        return Integer.parseInt(s);
      } else if (t == long.class) {
        return Long.parseLong(s);
      } else if (t == double.class) {
        return Double.parseDouble(s);
      } else if (t == boolean.class) {
        if (!s.equals("true") && !s.equals("false")) {
          throw new IllegalArgumentException("not true or false");
        }
        return Boolean.parseBoolean(s);
      } else if (t.isEnum()) {
        return Enum.valueOf((Class<? extends Enum>) t, s);
      } else if (t == String.class) {
        return s;
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("header key " + key + ": cannot read '" + s + "' as " + t.getSimpleName(), e);
    }
    throw new IllegalStateException("header key " + key + ": no text form for " + t.getSimpleName());
  }
}

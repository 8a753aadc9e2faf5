package org.flowmatch4j.data;

/** Element types as NumPy names them; used to report and to round-trip what a file held. */
public enum Dtype {
  FLOAT32("float32"),
  FLOAT64("float64"),
  INT8("int8"),
  INT16("int16"),
  INT32("int32"),
  INT64("int64"),
  UINT8("uint8"),
  UINT16("uint16"),
  UINT32("uint32"),
  UINT64("uint64"),
  BOOL("bool"),
  STRING("str");

  /** The NumPy name, e.g. {@code float32}. */
  public final String numpy;

  Dtype(String numpy) {
    this.numpy = numpy;
  }

  /** True for the integer types. */
  public boolean isInteger() {
    return this != FLOAT32 && this != FLOAT64 && this != BOOL && this != STRING;
  }

  /** The integer type of the given signedness and byte width. */
  public static Dtype integer(boolean signed, int bytes) {
    return switch (bytes) {
      case 1 -> signed ? INT8 : UINT8;
      case 2 -> signed ? INT16 : UINT16;
      case 4 -> signed ? INT32 : UINT32;
      case 8 -> signed ? INT64 : UINT64;
      default -> throw new IllegalArgumentException("no " + bytes + "-byte integer type");
    };
  }

  @Override
  public String toString() {
    return numpy;
  }
}

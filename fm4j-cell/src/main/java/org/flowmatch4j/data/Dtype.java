package org.flowmatch4j.data;

/** Element types as NumPy names them; used to report and to round-trip what a file held. */
public enum Dtype {
  /** 32-bit IEEE float ({@code float32}). */
  FLOAT32("float32"),
  /** 64-bit IEEE float ({@code float64}). */
  FLOAT64("float64"),
  /** 8-bit signed integer ({@code int8}). */
  INT8("int8"),
  /** 16-bit signed integer ({@code int16}). */
  INT16("int16"),
  /** 32-bit signed integer ({@code int32}). */
  INT32("int32"),
  /** 64-bit signed integer ({@code int64}). */
  INT64("int64"),
  /** 8-bit unsigned integer ({@code uint8}). */
  UINT8("uint8"),
  /** 16-bit unsigned integer ({@code uint16}). */
  UINT16("uint16"),
  /** 32-bit unsigned integer ({@code uint32}). */
  UINT32("uint32"),
  /** 64-bit unsigned integer ({@code uint64}). */
  UINT64("uint64"),
  /** Boolean ({@code bool}). */
  BOOL("bool"),
  /** String ({@code str}). */
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

package org.flowmatch4j.data.hdf5;

import java.io.ByteArrayOutputStream;

/**
 * The element types this writer stores, with their HDF5 datatype messages (version 1 fixed-point
 * and IEEE floating-point, little-endian; booleans as h5py's enum {@code {FALSE: 0, TRUE: 1}} over
 * int8; UTF-8 variable-length strings in the global heap).
 */
public enum H5Type {
  /** 32-bit IEEE float, 4 bytes. */
  FLOAT32(4),
  /** 64-bit IEEE float, 8 bytes. */
  FLOAT64(8),
  /** Signed 8-bit integer. */
  INT8(1),
  /** Signed 16-bit integer. */
  INT16(2),
  /** Signed 32-bit integer. */
  INT32(4),
  /** Signed 64-bit integer. */
  INT64(8),
  /** Unsigned 8-bit integer. */
  UINT8(1),
  /** h5py's boolean enum over int8. */
  BOOL(1),
  /** Variable-length UTF-8 string: 4-byte length, 8-byte collection address, 4-byte index. */
  STRING(16);

  /** Bytes per element in the dataset's raw data. */
  public final int size;

  H5Type(int size) {
    this.size = size;
  }

  /** The encoded datatype message. */
  byte[] message() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    switch (this) {
      case FLOAT32 -> floating(b, 4, 31, 23, 8, 23, 127);
      case FLOAT64 -> floating(b, 8, 63, 52, 11, 52, 1023);
      case INT8 -> fixed(b, 1, true);
      case INT16 -> fixed(b, 2, true);
      case INT32 -> fixed(b, 4, true);
      case INT64 -> fixed(b, 8, true);
      case UINT8 -> fixed(b, 1, false);
      case BOOL -> {
        b.write(0x38); // class 8 (enum), version 3: names not padded
        b.write(2); // two members
        b.write(0);
        b.write(0);
        le32(b, 1);
        fixed(b, 1, true);
        b.writeBytes("FALSE\0TRUE\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.write(0);
        b.write(1);
      }
      case STRING -> {
        b.write(0x19); // class 9 (variable length), version 1
        b.write(0x01); // type 1 = string, padding 0 = null-terminated
        b.write(0x01); // character set 1 = UTF-8
        b.write(0);
        le32(b, 16);
        fixed(b, 1, false); // base type: unsigned 8-bit characters
      }
      default -> throw new AssertionError(this);
    }
    return b.toByteArray();
  }

  private static void fixed(ByteArrayOutputStream b, int bytes, boolean signed) {
    b.write(0x10); // class 0, version 1
    b.write(signed ? 0x08 : 0x00); // little-endian, zero padding, signed flag
    b.write(0);
    b.write(0);
    le32(b, bytes);
    b.write(0); // bit offset
    b.write(0);
    b.write((bytes * 8) & 0xff); // bit precision
    b.write((bytes * 8) >> 8);
  }

  private static void floating(
      ByteArrayOutputStream b, int bytes, int signBit, int expLoc, int expSize, int mantSize, int bias) {
    b.write(0x11); // class 1, version 1
    b.write(0x20); // little-endian, implied leading mantissa bit
    b.write(signBit);
    b.write(0);
    le32(b, bytes);
    b.write(0);
    b.write(0);
    b.write((bytes * 8) & 0xff);
    b.write((bytes * 8) >> 8);
    b.write(expLoc);
    b.write(expSize);
    b.write(0); // mantissa location
    b.write(mantSize);
    le32(b, bias);
  }

  static void le32(ByteArrayOutputStream b, int v) {
    b.write(v);
    b.write(v >>> 8);
    b.write(v >>> 16);
    b.write(v >>> 24);
  }
}

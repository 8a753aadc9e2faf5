package org.flowmatch4j.data.hdf5;

/**
 * Bob Jenkins' lookup3 {@code hashlittle} with initial value 0: the checksum of HDF5 metadata
 * (superblock version 2, version 2 object headers). Bytes are read as unsigned little-endian
 * words; the result is written to the file as a little-endian 32-bit integer.
 */
final class Lookup3 {
  private Lookup3() {}

  static int hash(byte[] k, int offset, int length) {
    int a = 0xdeadbeef + length;
    int b = a;
    int c = a;
    int i = offset;
    int n = length;
    while (n > 12) {
      a += word(k, i);
      b += word(k, i + 4);
      c += word(k, i + 8);
      a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
      b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
      c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
      a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
      b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
      c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
      n -= 12;
      i += 12;
    }
    if (n == 0) {
      return c;
    }
    // the last 1..12 bytes, zero-padded
    int[] w = new int[3];
    for (int j = 0; j < n; j++) {
      w[j >> 2] |= (k[i + j] & 0xff) << ((j & 3) * 8);
    }
    a += w[0];
    b += w[1];
    c += w[2];
    c ^= b; c -= Integer.rotateLeft(b, 14);
    a ^= c; a -= Integer.rotateLeft(c, 11);
    b ^= a; b -= Integer.rotateLeft(a, 25);
    c ^= b; c -= Integer.rotateLeft(b, 16);
    a ^= c; a -= Integer.rotateLeft(c, 4);
    b ^= a; b -= Integer.rotateLeft(a, 14);
    c ^= b; c -= Integer.rotateLeft(b, 24);
    return c;
  }

  private static int word(byte[] k, int i) {
    return (k[i] & 0xff) | (k[i + 1] & 0xff) << 8 | (k[i + 2] & 0xff) << 16 | (k[i + 3] & 0xff) << 24;
  }
}

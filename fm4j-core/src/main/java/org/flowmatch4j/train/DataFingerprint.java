package org.flowmatch4j.train;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.flowmatch4j.tensor.Matrix;

/**
 * A SHA-256 digest of the data an objective trains on, recorded in its checkpoints so that a run
 * resumed on other data is refused. Each added value contributes its bits in order: a matrix its
 * shape (rows, cols) and its float32 values row-major, a number its IEEE-754 double bits, so two
 * fingerprints agree exactly when the same values arrive in the same order and shapes.
 */
public final class DataFingerprint {
  /** The checkpoint header key of the fingerprint. */
  public static final String KEY = "data.sha256";

  private final MessageDigest sha;

  /** An empty fingerprint. */
  public DataFingerprint() {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  /** Adds the shape and values of {@code m}. */
  public DataFingerprint add(Matrix m) {
    addLong(m.rows);
    addLong(m.cols);
    return add(m.data);
  }

  /** Adds the length and values of {@code v}. */
  public DataFingerprint add(float[] v) {
    addLong(v.length);
    byte[] b = new byte[4 * v.length];
    for (int i = 0; i < v.length; i++) {
      int bits = Float.floatToIntBits(v[i]);
      b[4 * i] = (byte) bits;
      b[4 * i + 1] = (byte) (bits >>> 8);
      b[4 * i + 2] = (byte) (bits >>> 16);
      b[4 * i + 3] = (byte) (bits >>> 24);
    }
    sha.update(b);
    return this;
  }

  /** Adds the bits of {@code x}. */
  public DataFingerprint add(double x) {
    addLong(Double.doubleToLongBits(x));
    return this;
  }

  private void addLong(long v) {
    for (int i = 0; i < 8; i++) {
      sha.update((byte) (v >>> (8 * i)));
    }
  }

  /** The digest as 64 lower-case hex digits; the fingerprint cannot be added to afterwards. */
  public String hex() {
    return HexFormat.of().formatHex(sha.digest());
  }
}

package org.flowmatch4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;
import org.flowmatch4j.tensor.Matrix;

/**
 * Where a trained model came from: the library version that trained it and a fingerprint of its
 * training data. Two models with the same configuration, data fingerprint and version were trained
 * on the same numbers with the same settings.
 *
 * @param version the FlowMatch4J version that trained the model (e.g. {@code 0.1.0-SNAPSHOT})
 * @param dataFingerprint SHA-256 (hex) of the training data: for each matrix its shape and its
 *     float32 values, little-endian, in order
 */
public record Provenance(String version, String dataFingerprint) {

  /** Checks that both fields are given. */
  public Provenance {
    if (version == null || dataFingerprint == null) {
      throw new IllegalArgumentException("provenance: version and data fingerprint must be given");
    }
  }

  /** The provenance of a model trained now, by this library, on {@code data}. */
  public static Provenance of(Matrix... data) {
    return new Provenance(libraryVersion(), fingerprint(data));
  }

  /** The version of this library, as its build recorded it. */
  public static String libraryVersion() {
    Properties p = new Properties();
    try (InputStream in = Provenance.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version", "unknown");
  }

  /**
   * SHA-256 (hex) of the shapes and float32 values of the matrices (null ones skipped with a
   * marker, so that {@code (a, null)} and {@code (null, a)} differ).
   */
  public static String fingerprint(Matrix... data) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
    for (Matrix m : data) {
      ByteBuffer head = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN);
      head.put((byte) (m == null ? 0 : 1)).putInt(m == null ? 0 : m.rows).putInt(m == null ? 0 : m.cols);
      sha.update(head.array());
      if (m != null) {
        ByteBuffer values = ByteBuffer.allocate(4 * m.data.length).order(ByteOrder.LITTLE_ENDIAN);
        values.asFloatBuffer().put(m.data);
        sha.update(values.array());
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}

package org.flowmatch4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.flowmatch4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

class DataFingerprintTest {
  @Test
  void digestsTheDocumentedByteLayout() throws Exception {
    Matrix m = new Matrix(2, 1, new float[] {1.5f, -2f});
    ByteBuffer b = ByteBuffer.allocate(8 + 8 + 8 + 8 + 8).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(2).putLong(1).putLong(2).putFloat(1.5f).putFloat(-2f).putDouble(0.25);
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
    assertEquals(expected, new DataFingerprint().add(m).add(0.25).hex());
  }

  @Test
  void oneValueOrTheShapeChangesTheFingerprint() {
    float[] v = {1, 2, 3, 4, 5, 6};
    String base = new DataFingerprint().add(new Matrix(2, 3, v.clone())).hex();
    assertEquals(base, new DataFingerprint().add(new Matrix(2, 3, v.clone())).hex());
    assertNotEquals(base, new DataFingerprint().add(new Matrix(3, 2, v.clone())).hex());
    float[] w = v.clone();
    w[4] = Math.nextUp(w[4]);
    assertNotEquals(base, new DataFingerprint().add(new Matrix(2, 3, w)).hex());
  }
}

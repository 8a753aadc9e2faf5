package org.flowmatch4j.data.h5ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mapped channel against plain positional reads of the same file, with windows small enough to cross. */
class MappedFileTest {
  @TempDir Path dir;

  private static final int SIZE = 1000;
  private static final int STRIDE = 64;

  private Path file() throws IOException {
    byte[] b = new byte[SIZE];
    for (int i = 0; i < SIZE; i++) {
      b[i] = (byte) (i * 7 + 3);
    }
    return Files.write(dir.resolve("f.bin"), b);
  }

  private static byte expected(long i) {
    return (byte) (i * 7 + 3);
  }

  @Test
  void everyRegionUpToTheStrideReadsTheFileBytes() throws IOException {
    try (MappedFile m = new MappedFile(FileChannel.open(file()), STRIDE)) {
      for (int pos = 0; pos < SIZE; pos += 13) {
        for (int len : new int[] {0, 1, 8, STRIDE - 1, STRIDE}) {
          ByteBuffer b = m.bytes(pos, len);
          if (pos + len > SIZE) {
            assertNull(b, "past the end: " + pos + "+" + len);
            continue;
          }
          assertEquals(len, b.remaining());
          assertEquals(ByteOrder.LITTLE_ENDIAN, b.order());
          for (int i = 0; i < len; i++) {
            assertEquals(expected(pos + i), b.get(i), "byte " + (pos + i));
          }
        }
      }
      assertNull(m.bytes(0, STRIDE + 1), "longer than the stride");
      assertNull(m.bytes(-1, 4));
    }
  }

  @Test
  void readsAndMapsBehaveAsTheFileChannel() throws IOException {
    Path f = file();
    try (MappedFile m = new MappedFile(FileChannel.open(f), STRIDE); FileChannel plain = FileChannel.open(f)) {
      ByteBuffer a = ByteBuffer.allocate(100);
      ByteBuffer b = ByteBuffer.allocate(100);
      assertEquals(plain.read(b, 950), m.read(a, 950), "a read stops at the end of the file");
      assertEquals(b.flip(), a.flip());
      assertEquals(-1, m.read(ByteBuffer.allocate(4), SIZE));
      ByteBuffer big = ByteBuffer.allocate(3 * STRIDE);
      assertEquals(3 * STRIDE, m.read(big, 5), "longer than the stride: read from the channel");
      assertEquals(expected(5 + 2 * STRIDE), big.get(2 * STRIDE));
      ByteBuffer mapped = m.map(FileChannel.MapMode.READ_ONLY, 100, 16);
      assertEquals(plain.map(FileChannel.MapMode.READ_ONLY, 100, 16), mapped);
      assertEquals(ByteOrder.BIG_ENDIAN, mapped.order(), "a map keeps the order of a fresh map");
      m.position(10);
      ByteBuffer seq = ByteBuffer.allocate(4);
      m.read(seq);
      assertEquals(14, m.position());
      assertEquals(expected(10), seq.get(0));
      assertThrows(NonWritableChannelException.class, () -> m.write(ByteBuffer.allocate(1), 0));
      m.close();
      assertThrows(ClosedChannelException.class, () -> m.bytes(0, 1));
    }
  }
}

package org.flowmatch4j.data.hdf5;

/**
 * HDF5's Fletcher-32 checksum (filter 3): the filter appends the checksum of a chunk's bytes to the
 * chunk as a little-endian 32-bit integer. Bytes are read as big-endian 16-bit words {@code w_i}
 * (a last odd byte as {@code b << 8}) and
 *
 * <pre>
 *   sum1 = sum of w_i,   sum2 = sum of the running sum1,   both folded mod 65535 (end-around carry)
 *   checksum = sum2 &lt;&lt; 16 | sum1
 * </pre>
 *
 * As the HDF5 library does, a stored checksum whose two bytes in each half are swapped (written by
 * HDF5 1.6.0 to 1.6.2 on little-endian machines) is accepted too.
 */
public final class Fletcher32 {
  /** Words summed before folding, so that the 32-bit sums cannot overflow (HDF5's block size). */
  private static final int BLOCK = 360;

  private Fletcher32() {}

  /** The checksum of {@code length} bytes of {@code b} from {@code offset}. */
  public static int checksum(byte[] b, int offset, int length) {
    long sum1 = 0;
    long sum2 = 0;
    int words = length / 2;
    int i = offset;
    while (words > 0) {
      int block = Math.min(words, BLOCK);
      words -= block;
      for (int k = 0; k < block; k++) {
        sum1 += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        sum2 += sum1;
        i += 2;
      }
      sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
      sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
    }
    if ((length & 1) != 0) {
      sum1 += (b[i] & 0xff) << 8;
      sum2 += sum1;
      sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
      sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
    }
    sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
    return (int) ((sum2 << 16) | sum1);
  }

  /**
   * The chunk without its trailing checksum, after checking it.
   *
   * @param key the dataset, for the message (null: not known here)
   * @throws IllegalArgumentException naming {@code key} if the chunk is shorter than a checksum or
   *     its checksum does not match
   */
  public static byte[] verify(byte[] chunk, String key) {
    int n = chunk.length - 4;
    String has = key == null ? "a" : "'" + key + "' has a";
    if (n < 0) {
      throw new IllegalArgumentException(has + " chunk of " + chunk.length + " bytes, too short for its Fletcher-32 checksum");
    }
    int stored = (chunk[n] & 0xff) | (chunk[n + 1] & 0xff) << 8 | (chunk[n + 2] & 0xff) << 16 | (chunk[n + 3] & 0xff) << 24;
    int sum = checksum(chunk, 0, n);
    int swapped = ((sum & 0x00ff00ff) << 8) | ((sum >>> 8) & 0x00ff00ff);
    if (stored != sum && stored != swapped) {
      throw new IllegalArgumentException(String.format(
          "%s corrupt chunk: its Fletcher-32 checksum is %08x, its data give %08x", has, stored, sum));
    }
    return java.util.Arrays.copyOf(chunk, n);
  }
}

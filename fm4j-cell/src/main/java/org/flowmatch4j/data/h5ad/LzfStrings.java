package org.flowmatch4j.data.h5ad;

import com.ning.compress.lzf.util.ChunkDecoderFactory;
import com.ning.compress.lzf.LZFException;
import io.jhdf.GlobalHeap;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.filter.PipelineFilterWithData;
import io.jhdf.object.datatype.VariableLength;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Variable-length string datasets compressed with h5py's LZF filter. h5py records no filter
 * parameters for such datasets (the uncompressed chunk size is left out), which jhdf 0.13's LZF
 * filter needs; here the chunk size is known from the chunk shape (16 bytes per heap reference),
 * so the chunks are decompressed with the same LZF library and the strings fetched from the
 * global heap through jhdf's public classes.
 */
final class LzfStrings {
  private LzfStrings() {}

  private static final int LZF = 32000;

  /** True for a chunked variable-length string dataset whose only filter is parameterless LZF. */
  static boolean applies(Dataset d) {
    if (!(d instanceof ChunkedDataset) || !(d.getDataType() instanceof VariableLength v) || !v.isVariableLengthString()) {
      return false;
    }
    List<PipelineFilterWithData> filters = d.getFilters();
    return filters.size() == 1 && filters.get(0).getId() == LZF && filters.get(0).getFilterData().length < 3;
  }

  /** The strings of a 1-D dataset for which {@link #applies} holds. */
  static String[] read(Dataset d, HdfFile file) {
    ChunkedDataset c = (ChunkedDataset) d;
    int n = d.getDimensions()[0];
    int chunk = c.getChunkDimensions()[0];
    int offsets = file.getHdfBackingStorage().getSizeOfOffsets();
    int elem = 4 + offsets + 4;
    Charset cs = ((VariableLength) d.getDataType()).getEncoding();
    Map<Long, GlobalHeap> heaps = new HashMap<>();
    String[] out = new String[n];
    for (int start = 0; start < n; start += chunk) {
      ByteBuffer raw = c.getRawChunkBuffer(new int[] {start});
      byte[] in = new byte[raw.remaining()];
      raw.get(in);
      int size = chunk * elem;
      byte[] plain;
      if (in.length == size) {
        plain = in; // h5py stores a chunk uncompressed when LZF does not shrink it
      } else {
        plain = new byte[size];
        try {
          ChunkDecoderFactory.safeInstance().decodeChunk(in, 0, in.length, plain, 0, size);
        } catch (LZFException e) {
          throw new IllegalArgumentException("LZF chunk at " + start + " is corrupt: " + e.getMessage(), e);
        }
      }
      ByteBuffer b = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = start; i < Math.min(n, start + chunk); i++) {
        int at = (i - start) * elem;
        int len = b.getInt(at);
        long address = offsets == 8 ? b.getLong(at + 4) : b.getInt(at + 4) & 0xffffffffL;
        int index = b.getInt(at + 4 + offsets);
        if (index == 0 || len == 0) {
          out[i] = "";
          continue;
        }
        GlobalHeap heap = heaps.computeIfAbsent(address, a -> new GlobalHeap(file.getHdfBackingStorage(), a));
        ByteBuffer s = heap.getObjectData(index);
        byte[] bytes = new byte[Math.min(len, s.remaining())];
        s.get(bytes);
        out[i] = new String(bytes, cs);
      }
    }
    return out;
  }
}

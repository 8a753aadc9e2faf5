package org.flowmatch4j.data.h5ad;

import io.jhdf.filter.Filter;
import org.flowmatch4j.data.hdf5.Fletcher32;

/**
 * jhdf's filter 3 replaced by one that checks the Fletcher-32 checksum and strips it (jhdf's own
 * passes the chunk on unchecked, checksum included), for the datasets that jhdf decodes; the
 * reader installs it with {@code FilterManager.addFilter}.
 */
final class Fletcher32Filter implements Filter {

  @Override
  public int getId() {
    return 3;
  }

  @Override
  public String getName() {
    return "fletcher32";
  }

  @Override
  public byte[] decode(byte[] data, int[] filterData) {
    return Fletcher32.verify(data, null);
  }
}

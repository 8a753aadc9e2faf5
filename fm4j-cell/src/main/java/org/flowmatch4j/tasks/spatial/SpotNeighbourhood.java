package org.flowmatch4j.tasks.spatial;

import java.util.List;
import org.flowmatch4j.tensor.Matrix;

/**
 * The k nearest spots of each spot within its own section, over spots stacked section after
 * section (k may be 0: no neighbours): {@code index[i k + p]} is the row of spot i's p-th nearest neighbour (nearest first) in
 * the stacked order, or -1 where the section has fewer than k other spots.
 *
 * @param k neighbours per spot
 * @param index spots x k rows, -1 for none
 */
record SpotNeighbourhood(int k, int[] index) {

  /** The neighbourhoods of the sections' spots, stacked in the given order. */
  static SpotNeighbourhood of(List<Matrix> xyPerSection, int k) {
    int n = xyPerSection.stream().mapToInt(m -> m.rows).sum();
    int[] index = new int[n * k];
    java.util.Arrays.fill(index, -1);
    int offset = 0;
    for (Matrix xy : xyPerSection) {
      for (int i = 0; i < xy.rows; i++) {
        int[] nb = Neighbours.nearest(xy, i, k);
        for (int p = 0; p < nb.length; p++) {
          index[(offset + i) * k + p] = offset + nb[p];
        }
      }
      offset += xy.rows;
    }
    return new SpotNeighbourhood(k, index);
  }

  /** The row of spot i's p-th neighbour, -1 for none. */
  int at(int i, int p) {
    return index[i * k + p];
  }
}

package org.flowmatch4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;

/**
 * The rows of a partition mapped batch by batch: at most {@code size} input rows are read, turned
 * into output rows by one call of the batch function, and handed on before the next batch is read,
 * so a task holds one batch of a partition, never the whole partition.
 */
final class Batches {
  private Batches() {}

  /** A function of a batch of rows (in order) to the output rows. */
  interface Function extends Serializable {
    List<Row> apply(List<Row> batch);
  }

  /** The rows of {@code rows} mapped by {@code f}, {@code size} at a time, lazily. */
  static Iterator<Row> map(Iterator<Row> rows, int size, Function f) {
    return new Iterator<>() {
      private Iterator<Row> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && rows.hasNext()) {
          List<Row> batch = new ArrayList<>(size);
          while (batch.size() < size && rows.hasNext()) {
            batch.add(rows.next());
          }
          current = f.apply(batch).iterator();
        }
        return current.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }
}

package org.flowmatch4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Uniform samples without replacement within strata: each cell gets the pseudo-random rank
 * xxhash64(seed, obs_name) within its stratum, and the {@code m} cells of lowest rank are kept.
 * The sample depends on the seed and the cell ids only, not on how the cells are partitioned.
 */
final class Subsample {
  private Subsample() {}

  private static final String RANK = "__fm4j_rank";
  private static final String ORDER = "__fm4j_order";

  /** At most {@code m} cells of every value of {@code key}, ordered by the key's text and then their rank. */
  static Dataset<Row> stratified(Dataset<Row> cells, String key, int m, long seed) {
    Dataset<Row> ranked = cells.withColumn(RANK, xxhash64(lit(seed), col(SparkRows.ID)));
    return ranked.withColumn(ORDER, row_number().over(Window.partitionBy(col(key)).orderBy(col(RANK), col(SparkRows.ID))))
        .filter(col(ORDER).leq(m))
        .orderBy(col(key).cast("string"), col(ORDER))
        .drop(RANK, ORDER);
  }

  /** The vectors of at most {@code m} cells whose {@code key} is {@code value}. */
  static List<Vector> of(Dataset<Row> cells, String key, String value, String embedding, int m, long seed) {
    Dataset<Row> one = cells.filter(col(key).cast("string").equalTo(value));
    List<Vector> out = new ArrayList<>();
    for (Row r : stratified(one, key, m, seed).select(embedding).collectAsList()) {
      out.add(r.getAs(0));
    }
    return out;
  }
}

package org.flowmatch4j.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.DataFrame;

/**
 * An {@code .h5ad} file or a 10x folder ({@link AtlasFile}) as a Spark {@link Dataset}
 * partitioned by row ranges: columns
 * {@value SparkRows#ID}, the obs columns, and {@code X} (an ML vector per cell, sparse where X is
 * sparse) or an obsm matrix.
 */
public final class Atlas {
  /** The column of X's rows. */
  public static final String X = "X";

  private Atlas() {}

  /** The row ranges as a distributed collection with one range per partition. */
  public static JavaRDD<int[]> ranges(SparkSession spark, RowRanges ranges) {
    return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(ranges.ranges(), ranges.size());
  }

  /**
   * The cells with obs and X as column {@value #X}, or with the obsm matrix {@code obsm} as a column
   * of that name when {@code obsm} is not null.
   */
  public static Dataset<Row> frame(SparkSession spark, AtlasFile file, RowRanges ranges, String obsm) {
    DataFrame obs = file.obs();
    if (obs.size() != ranges.rows()) {
      throw new IllegalArgumentException(file.path() + " has " + obs.size() + " cells, the row ranges " + ranges.rows());
    }
    file.requireVectors(obsm);
    String column = obsm == null ? X : obsm;
    StructType schema = SparkRows.schema(obs, column);
    AtlasFile split = file.split(ranges);
    JavaRDD<Row> rows = ranges(spark, ranges).flatMap(range -> {
      AnnData a = split.read(range, obsm == null, obsm);
      return SparkRows.rows(schema, a.obs(), obsm == null ? a.requireX() : a.obsm().get(obsm));
    });
    return spark.createDataFrame(rows, schema);
  }
}

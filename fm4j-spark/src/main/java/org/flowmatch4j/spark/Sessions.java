package org.flowmatch4j.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The Spark session of a job: the cluster's when started by {@code spark-submit}, else local mode. */
final class Sessions {
  private Sessions() {}

  /**
   * The active session, or a new one on {@code master}; without {@code master}, the master that
   * {@code spark-submit} set, else {@code local[*]} (every core of this machine).
   */
  static SparkSession get(String master, String job) {
    SparkSession.Builder b = SparkSession.builder().appName("fm4j " + job);
    if (master != null) {
      b.master(master);
    } else if (!new SparkConf().contains("spark.master")) {
      b.master("local[*]");
    }
    if (!new SparkConf().contains("spark.ui.enabled")) {
      b.config("spark.ui.enabled", "false");
    }
    return b.getOrCreate();
  }
}

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
    SparkConf conf = new SparkConf();
    String m = master != null ? master : conf.contains("spark.master") ? null : "local[*]";
    if (m != null) {
      b.master(m);
    }
    if (m != null && m.startsWith("local") && !conf.contains("spark.driver.bindAddress")) {
      // local mode talks to itself only: no lookup of this machine's network name
      b.config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1");
    }
    if (!conf.contains("spark.ui.enabled")) {
      b.config("spark.ui.enabled", "false");
    }
    return b.getOrCreate();
  }
}

package org.flowmatch4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.flowmatch4j.metrics.EnergyDistance;
import org.flowmatch4j.metrics.Mmd;
import org.flowmatch4j.tensor.Matrix;

/**
 * Energy distance and MMD between two populations X and Y too large for one pairwise matrix, by
 * blocks: each partition cuts its cells of X and Y into blocks of at most {@code block} cells, every
 * pair of blocks (b, b') of the populations (X,X), (Y,Y), (X,Y) gives n_b n_b' times its mean
 * pairwise distance and kernel values ({@link EnergyDistance#meanDistance}, {@link Mmd#meanKernels}),
 * and the sums over all pairs give the V-statistics of the single machine:
 *
 * <pre>
 *   energy = 2 E||x − y|| − E||x − x'|| − E||y − y'||,
 *   MMD²   = mean over γ of E k(x, x') + E k(y, y') − 2 E k(x, y),   k(a, b) = exp(−γ ||a − b||²).
 * </pre>
 */
final class BlockDistances {
  private BlockDistances() {}

  /** A block of cells of population 0 (X) or 1 (Y). */
  record Cloud(int population, int rows, int cols, float[] data) implements Serializable {
    private static final long serialVersionUID = 1L;

    Matrix matrix() {
      return new Matrix(rows, cols, data);
    }
  }

  /** The result: cell counts and the two distances. */
  record Result(long nx, long ny, double energy, double mmd) {}

  /** Sums of one pair kind: Σ n_b n_b' mean d, and per γ Σ n_b n_b' mean k. */
  private record Sums(double[] values) implements Serializable {
    private static final long serialVersionUID = 1L;

    Sums add(Sums o) {
      double[] v = values.clone();
      for (int k = 0; k < v.length; k++) {
        v[k] += o.values[k];
      }
      return new Sums(v);
    }
  }

  /** The blocks of each partition: cells whose group is {@code a} (population 0) or {@code b} (1). */
  static JavaRDD<Cloud> clouds(JavaRDD<Row> rows, String key, String embedding, String a, String b, int block) {
    return rows.mapPartitions((Iterator<Row> it) -> {
      List<List<Vector>> pending = List.of(new ArrayList<>(), new ArrayList<>());
      List<Cloud> out = new ArrayList<>();
      while (it.hasNext()) {
        Row r = it.next();
        String g = String.valueOf(r.get(r.fieldIndex(key)));
        int pop = g.equals(a) ? 0 : g.equals(b) ? 1 : -1;
        if (pop < 0) {
          continue;
        }
        pending.get(pop).add(r.getAs(embedding));
        if (pending.get(pop).size() == block) {
          out.add(cloud(pop, pending.get(pop)));
          pending.get(pop).clear();
        }
      }
      for (int pop = 0; pop < 2; pop++) {
        if (!pending.get(pop).isEmpty()) {
          out.add(cloud(pop, pending.get(pop)));
        }
      }
      return out.iterator();
    });
  }

  private static Cloud cloud(int pop, List<Vector> v) {
    int d = v.get(0).size();
    Matrix m = SparkRows.matrix(v, d);
    return new Cloud(pop, m.rows, m.cols, m.data);
  }

  /** Energy distance and MMD² (averaged over {@code gammas}) of populations 0 and 1. */
  static Result compute(JavaRDD<Cloud> clouds, double[] gammas) {
    clouds.cache();
    try {
      long[] n = clouds.aggregate(new long[2], (acc, c) -> {
        acc[c.population()] += c.rows();
        return acc;
      }, (u, v) -> new long[] {u[0] + v[0], u[1] + v[1]});
      if (n[0] == 0 || n[1] == 0) {
        throw new IllegalArgumentException("a population is empty (" + n[0] + " and " + n[1] + " cells)");
      }
      // pair kinds: 0 = (X, X), 1 = (Y, Y), 2 = (X, Y); each value: [Σ d, Σ k_γ ...]
      List<scala.Tuple2<Integer, Sums>> sums = clouds.cartesian(clouds)
          .filter(p -> p._1().population() <= p._2().population())
          .mapToPair(p -> {
            Matrix x = p._1().matrix();
            Matrix y = p._2().matrix();
            double w = (double) x.rows * y.rows;
            double[] v = new double[1 + gammas.length];
            v[0] = w * EnergyDistance.meanDistance(x, y);
            double[] k = Mmd.meanKernels(x, y, gammas);
            for (int g = 0; g < gammas.length; g++) {
              v[1 + g] = w * k[g];
            }
            int kind = p._1().population() != p._2().population() ? 2 : p._1().population();
            return new scala.Tuple2<>(kind, new Sums(v));
          })
          .reduceByKey(Sums::add)
          .collect();
      double[][] mean = new double[3][];
      double[] pairs = {(double) n[0] * n[0], (double) n[1] * n[1], (double) n[0] * n[1]};
      for (scala.Tuple2<Integer, Sums> t : sums) {
        double[] v = t._2().values().clone();
        for (int k = 0; k < v.length; k++) {
          v[k] /= pairs[t._1()];
        }
        mean[t._1()] = v;
      }
      double energy = 2 * mean[2][0] - mean[0][0] - mean[1][0];
      double mmd = 0;
      for (int g = 0; g < gammas.length; g++) {
        mmd += mean[0][1 + g] + mean[1][1 + g] - 2 * mean[2][1 + g];
      }
      return new Result(n[0], n[1], energy, mmd / gammas.length);
    } finally {
      clouds.unpersist();
    }
  }
}

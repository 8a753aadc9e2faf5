package org.flowmatch4j.ot;

import org.flowmatch4j.tensor.Matrix;

/**
 * The transport map of moscot's {@code TemporalProblem} between two time points: unbalanced
 * entropic OT between the cells of an early and a late time point, as moscot computes it with
 * its defaults (ott-jax Sinkhorn underneath).
 *
 * <p>Recipe (found by reproducing the reference maps {@code uns/tmap_10_105}, {@code
 * uns/tmap_105_11}, {@code uns/tmap_10_11} of moscot's test file {@code
 * moscot_temporal_tests.h5ad}, written by moscot's {@code tests/data/generate_gt_temporal_data.py}):
 *
 * <ol>
 *   <li><b>Cells</b>: all cells of the early time point (rows, in file order) and all cells of
 *       the late one (columns, in file order); for that file {@code obs/day} = 10, 10.5, 11 with
 *       85, 81 and 84 cells.
 *   <li><b>Representation</b>: a <i>local</i> PCA with 50 components, fitted on the two time
 *       points together: centre {@code X} (the file has no {@code obsm} entry; {@code X} is the
 *       stored log-normalised expression, 1,479 genes) over the cells of both time points, take
 *       the top 50 principal component scores ({@code uns/local_pca} = 50; scanpy's {@code
 *       sc.tl.pca(adata_pair, n_comps=50)}, moscot's {@code xy_callback="local-pca"}), then split
 *       the scores back into the early and late cells. Each pair of time points gets its own PCA.
 *   <li><b>Cost</b>: squared Euclidean distance between PCA scores, C_ij = ||x_i - y_j||^2,
 *       divided by its mean over all n*m pairs ({@code scale_cost="mean"}).
 *   <li><b>Epsilon</b>: {@code uns/eps} = 0.5, absolute on the mean-scaled cost (not relative:
 *       ott-jax's {@code relative_epsilon} is unset in moscot).
 *   <li><b>Marginals</b>: uniform a = 1/n, b = 1/m, relaxed with tau_a = {@code uns/tau_a} =
 *       lambda1 / (lambda1 + eps) = 2/3 and tau_b = {@code uns/tau_b} = lambda2 / (lambda2 +
 *       eps) = 20/21 (Waddington-OT's lambda1 = 1, lambda2 = 10; rho = lambda).
 *   <li><b>Stopping</b>: ott-jax's defaults as moscot passes them: threshold 1e-3 on ott's
 *       marginal error, evaluated every 10 iterations; on these problems it stops after 20
 *       iterations, before full convergence, and the reference maps are those early iterates
 *       (the fully converged plans differ from them by up to 8e-5 relative). {@link
 *       SinkhornConfig#moscot(double, double, double)} holds these settings.
 * </ol>
 *
 * This reproduces the three reference maps (float32, entries 4e-5 to 1e-3, total mass 1.35) to
 * a maximum absolute difference of 1.2e-8 and a maximum relative difference of 4.4e-5 ({@code
 * tmap_10_105}; 2.7e-6 and 3.5e-6 for the other two), both with PCA scores from a double
 * precision SVD and through this project's h5ad reader and {@code Pca} (the test {@code
 * MoscotTemporalReferenceTest} in fm4j-cell). The 20-iteration early iterate is the closest one
 * (19 or 21 iterations, or the converged plan, are 2 to 10 times further); the residual of
 * {@code tmap_10_105} is not PCA precision (float32 scores give the same figures) and is
 * presumably the float32 arithmetic of ott-jax when the maps were made.
 */
public final class MoscotTemporal {
  /** Components of moscot's local PCA used for that test file ({@code uns/local_pca}). */
  public static final int LOCAL_PCA_COMPONENTS = 50;

  private MoscotTemporal() {}

  /**
   * tau = lambda / (lambda + eps): Waddington-OT's marginal penalty lambda (moscot's rho) as
   * ott-jax's tau.
   */
  public static double tau(double lambda, double epsilon) {
    return SinkhornConfig.tau(epsilon, lambda);
  }

  /**
   * The transport map between early cells {@code x} (n x d, e.g. local PCA scores) and late
   * cells {@code y} (m x d) with uniform marginals, squared Euclidean cost scaled by its mean,
   * and {@link SinkhornConfig#moscot(double, double, double)}. The result belongs to {@code
   * solver} (see {@link SinkhornResult}); its {@link SinkhornResult#plan()} is the n x m map.
   */
  public static SinkhornResult transportMap(
      Sinkhorn solver, Matrix x, Matrix y, double epsilon, double tauA, double tauB) {
    return solver.solve(
        x, null, y, null, GroundCost.SQ_EUCLIDEAN, SinkhornConfig.moscot(epsilon, tauA, tauB));
  }

  /**
   * As {@link #transportMap(Sinkhorn, Matrix, Matrix, double, double, double)} for double
   * precision scores given as flat row-major arrays (n x d and m x d).
   */
  public static SinkhornResult transportMap(
      Sinkhorn solver, double[] x, int n, double[] y, int m, int d, double epsilon, double tauA,
      double tauB) {
    Points.requireFinite(x, n, d, "early cells");
    Points.requireFinite(y, m, d, "late cells");
    double[] c = GroundCost.SQ_EUCLIDEAN.pairwise(x, n, y, m, d);
    double[] a = new double[n];
    double[] b = new double[m];
    java.util.Arrays.fill(a, 1.0 / n);
    java.util.Arrays.fill(b, 1.0 / m);
    return solver.solve(a, b, c, n, m, SinkhornConfig.moscot(epsilon, tauA, tauB));
  }
}

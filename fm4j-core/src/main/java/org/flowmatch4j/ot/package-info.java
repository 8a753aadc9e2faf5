/**
 * Optimal transport in double precision: exact (network simplex, assignment) and entropic
 * (Sinkhorn, balanced and unbalanced), with the plans, costs and samplers that flow-matching
 * couplings and distribution metrics need. No third-party dependencies.
 *
 * <h2>Which class for what</h2>
 *
 * <table>
 *   <caption>Entry points</caption>
 *   <tr><th>Need</th><th>Use</th></tr>
 *   <tr><td>exact OT plan / cost between weighted point clouds (any sizes)</td>
 *       <td>{@link org.flowmatch4j.ot.Emd#plan(org.flowmatch4j.tensor.Matrix, double[],
 *       org.flowmatch4j.tensor.Matrix, double[], GroundCost)}: picks {@link Assignment} for
 *       equal sizes with uniform weights, {@link NetworkSimplex} otherwise</td></tr>
 *   <tr><td>exact OT for a given cost matrix</td>
 *       <td>{@link Emd#plan(double[], double[], double[])} or {@link NetworkSimplex}</td></tr>
 *   <tr><td>exact minibatch coupling (OT-CFM), every training step</td>
 *       <td>one {@link Assignment} per thread, {@link Assignment#solve(
 *       org.flowmatch4j.tensor.Matrix, org.flowmatch4j.tensor.Matrix, GroundCost, int[])} gives
 *       the optimal permutation; {@link PlanSampler#sample(int[], int,
 *       java.util.SplittableRandom, int[], int[])} resamples pairs as TorchCFM does</td></tr>
 *   <tr><td>entropic / unbalanced coupling</td>
 *       <td>one {@link Sinkhorn} per thread with a {@link SinkhornConfig}; {@link
 *       SinkhornResult#plan()} then {@link PlanSampler}</td></tr>
 *   <tr><td>moscot's temporal transport map</td><td>{@link MoscotTemporal}</td></tr>
 *   <tr><td>Sinkhorn divergence</td><td>{@link SinkhornDivergence}</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 *
 * <ul>
 *   <li>Point clouds are {@link org.flowmatch4j.tensor.Matrix} (float, one point per row) or
 *       flat row-major double arrays; everything is computed in double.
 *   <li>{@link GroundCost#SQ_EUCLIDEAN} is ||x - y||^2 without a factor 1/2 (POT's {@code
 *       ot.dist}, ott-jax's {@code SqEuclidean}); {@link GroundCost#EUCLIDEAN} is ||x - y||.
 *   <li>Exact solvers either return an optimal plan or throw {@link NotConvergedException}
 *       (pivot limit); they reject NaN/infinite inputs, negative weights and total masses that
 *       differ by more than 1e-6 (relative) with an {@link IllegalArgumentException} naming the
 *       problem; zero weights are allowed.
 *   <li>Sinkhorn reports non-convergence in {@link SinkhornResult#converged()}; a strict
 *       configuration throws instead. Entropic parameters follow ott-jax: epsilon absolute on
 *       the (optionally scaled) cost, tau in (0, 1] with rho = eps tau / (1 - tau). It stops by
 *       ott-jax's marginal error by default, or by POT's ({@link SinkhornStopping}).
 *   <li>Solvers own their work arrays and are reused across calls without allocating; they are
 *       not thread-safe (one instance per thread). The static helpers in {@link Emd} allocate.
 *   <li>Randomness only through a {@link java.util.SplittableRandom} passed in.
 * </ul>
 *
 * <h2>Examples</h2>
 *
 * <pre>{@code
 * // Exact W1 between 1,429 predicted cells with growth weights and 3,781 real cells
 * TransportPlan plan = Emd.plan(predicted, weights, real, null, GroundCost.EUCLIDEAN);
 * double w1 = plan.cost();            // weights and uniform target must have equal totals;
 *                                     // metrics.Wasserstein.weightedW1 normalises for you
 *
 * // OT-CFM: exact minibatch coupling, allocation-free inside the training loop
 * Assignment ot = new Assignment(256);
 * int[] perm = new int[256];
 * ot.solve(x0, x1, GroundCost.SQ_EUCLIDEAN, perm);      // x0[i] is paired with x1[perm[i]]
 * PlanSampler.sample(perm, 256, rng, iIdx, jIdx);       // or resample pairs like TorchCFM
 *
 * // Entropic and unbalanced couplings on minibatches
 * Sinkhorn sinkhorn = new Sinkhorn();
 * SinkhornConfig cfg = SinkhornConfig.balanced(0.05).withScaling(CostScaling.MAX);
 * SinkhornResult r = sinkhorn.solve(x0, null, x1, null, GroundCost.SQ_EUCLIDEAN, cfg);
 * PlanSampler sampler = new PlanSampler();
 * sampler.sample(r.plan(), 256, 256, rng, iIdx, jIdx);
 * SinkhornConfig ucfg = SinkhornConfig.unbalanced(0.05, 0.9, 0.9).withScaling(CostScaling.MEAN);
 *
 * // moscot's TemporalProblem map between two time points (local PCA scores as input)
 * SinkhornResult map = MoscotTemporal.transportMap(sinkhorn, pcaEarly, pcaLate, 0.5,
 *     MoscotTemporal.tau(1, 0.5), MoscotTemporal.tau(10, 0.5));
 * }</pre>
 */
package org.flowmatch4j.ot;

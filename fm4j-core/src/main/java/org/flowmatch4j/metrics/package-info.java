/**
 * Distances between cell populations, each a small static function with its formula in its
 * javadoc, computed in double precision from {@link org.flowmatch4j.tensor.Matrix} inputs (rows
 * are cells, columns are features or PCA components). Conventions follow the tools the field
 * reports with, and every one is checked against a reference implementation (POT, scikit-learn,
 * scipy) by golden values in the tests.
 *
 * <table>
 *   <caption>Metrics</caption>
 *   <tr><th>Class</th><th>Quantity</th><th>Reference</th></tr>
 *   <tr><td>{@link Wasserstein}</td><td>exact W1, W2 (weights normalised), weighted W1</td>
 *       <td>POT {@code emd2}; TorchCFM / VGFM protocols</td></tr>
 *   <tr><td>{@link Mmd}</td><td>RBF MMD^2 (V-statistic) averaged over gamma in {2, 1, 0.5,
 *       0.1, 0.01, 0.005}</td><td>CellFlow {@code compute_scalar_mmd}</td></tr>
 *   <tr><td>{@link EnergyDistance}</td><td>E-distance (squared Euclidean) and Szekely's energy
 *       distance (Euclidean)</td><td>CellFlow {@code compute_e_distance}; dcor / scipy</td></tr>
 *   <tr><td>{@link SinkhornDivergences}</td><td>debiased Sinkhorn divergence at eps in {1, 10,
 *       100}</td><td>CellFlow {@code compute_sinkhorn_div} (ott-jax)</td></tr>
 *   <tr><td>{@link R2}</td><td>R^2 of mean expression: scGen's squared Pearson and
 *       scikit-learn's {@code r2_score}</td><td>scGen, CellFlow</td></tr>
 *   <tr><td>{@link Pearson}</td><td>Pearson r, per feature or of mean vectors</td>
 *       <td>numpy / scipy</td></tr>
 *   <tr><td>{@link MassError}</td><td>|sum w - target| / target</td><td>VGFM / WFR-FM</td></tr>
 * </table>
 *
 * <pre>{@code
 * double w1 = Wasserstein.w1(pushedForward, realNextDay);                 // trajectory task
 * double w1g = Wasserstein.weightedW1(cells, growthWeights, realNextDay);  // unbalanced
 * double mass = MassError.relative(growthWeights, nNext / (double) nStart);
 * double mmd = Mmd.cellflow(predicted, real);                             // perturbation task
 * double ed = EnergyDistance.eDistance(predicted, real);
 * double[] sd = SinkhornDivergences.cellflow(predicted, real);            // eps 1, 10, 100
 * double r2 = R2.scgen(predicted, real);        // linregress(mean_pred, mean_real).rvalue^2
 * double r2sk = R2.sklearn(real, predicted);    // r2_score(mean_real, mean_pred)
 * }</pre>
 */
package org.flowmatch4j.metrics;

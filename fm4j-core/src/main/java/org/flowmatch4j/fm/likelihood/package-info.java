/**
 * Exact likelihoods of trained flows, seen as continuous normalising flows.
 *
 * <p>{@link org.flowmatch4j.fm.likelihood.Likelihood} integrates the instantaneous change of
 * variables {@code d/dt log p_t(x_t) = -div v(x_t, t)} backwards from the data time to the source
 * time on the augmented state {@code [x, Delta log p]} ({@link
 * org.flowmatch4j.fm.likelihood.ChangeOfVariables}), with any solver of {@code fm.solver} and the
 * divergence computed exactly (one directional derivative per dimension, batched) or by
 * Hutchinson's estimator with fixed Rademacher or Gaussian probes.
 *
 * <pre>{@code
 * Mlp net = ...;                                     // a trained velocity network
 * LikelihoodResult r = Likelihood.evaluate(
 *     MlpField.of(net), new GaussianSource(2), points,
 *     LikelihoodConfig.of(Dopri5.defaults(), DivergenceEstimator.exact()));
 * double nats = r.mean(), bpd = r.bitsPerDim();
 * }</pre>
 */
package org.flowmatch4j.fm.likelihood;

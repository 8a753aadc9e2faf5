package org.flowmatch4j.tasks.toy;

import java.util.List;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.GeodesicFit;

/**
 * What one 2-D benchmark run measured and drew.
 *
 * @param w2 exact W2 between the generated points and fresh target points
 * @param w2Floor exact W2 between two fresh target samples of the same size (sampling noise)
 * @param nfe vector-field evaluations of the sampler (per point batch)
 * @param trainSeconds training time (all reflow rounds included; both stages of metric flow matching)
 * @param stepsPerSecond training throughput of the first round
 * @param finalLoss mean loss over the last 100 steps of the last round
 * @param losses the training loss of every step of the first round
 * @param generated the generated points
 * @param target the fresh target points
 * @param trajectories a few sampled trajectories, each a k x 2 polyline
 * @param model the trained model, for further sampling
 * @param geodesic for metric flow matching the learned path and its length and energy against the
 *     straight line; null for every other method
 */
public record ToyResult(
    double w2,
    double w2Floor,
    int nfe,
    double trainSeconds,
    double stepsPerSecond,
    double finalLoss,
    float[] losses,
    Matrix generated,
    Matrix target,
    List<Matrix> trajectories,
    ToyModel model,
    GeodesicFit geodesic) {}

package org.flowmatch4j.tasks.spatial;

import java.util.List;
import java.util.Map;
import org.flowmatch4j.tensor.Matrix;

/**
 * One leave-one-section-out fold.
 *
 * @param genes the target genes
 * @param test the held-out section
 * @param measured per space, the held-out spots' measured values (spots x G)
 * @param scores per method and space
 * @param ridgeAlpha per space, the ridge baseline's penalty (chosen by {@link SectionCv} among several)
 * @param knnK per space, the kNN baseline's k (chosen the same way)
 * @param kernelRidge per space, the kernel ridge baseline's setting (chosen the same way among
 *     {@link KernelRidge#GRID}, or {@link KernelRidge#SINGLE_SECTION} with one training section)
 * @param featureSeconds wall time of reading the images and computing every section's features
 * @param trainSeconds per flow method, its training time (both spaces)
 * @param notes remarks on the run
 */
public record SpatialResult(String[] genes, Section test, Map<Space, Matrix> measured,
    Map<Method, Map<Space, SpatialScores>> scores, Map<Space, Double> ridgeAlpha, Map<Space, Integer> knnK,
    Map<Space, KernelRidge.Setting> kernelRidge,
    double featureSeconds, Map<Method, Double> trainSeconds,
    List<String> notes) {}

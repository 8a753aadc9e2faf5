package org.flowmatch4j.tasks.generation;

import java.util.List;
import java.util.Map;
import org.flowmatch4j.fm.source.ZinbParameters;

/**
 * Everything a count-generation run measured.
 *
 * @param genes names of the modelled genes
 * @param labels the labels in condition order (one "all" without a condition)
 * @param trainCells cells trained on
 * @param testCells held-out cells scored against
 * @param zinb the per-gene ZINB fit to the training counts (the baseline, the zinb source and the theta of generated counts)
 * @param scores per source, one entry per seed: the drawn counts
 * @param rounded per source, one entry per seed: the rounded counts of the flow's log1p values
 * @param baseline independent-per-gene ZINB samples, one entry per seed
 * @param generated per source, the cells of the first seed
 * @param trainSeconds per source, training seconds summed over seeds
 * @param notes what the run decided on its own (cells left out of the split, ...)
 */
public record GenerationResult(String[] genes, List<String> labels, int trainCells, int testCells, ZinbParameters zinb,
    Map<SourceKind, List<CountScores>> scores, Map<SourceKind, List<CountScores>> rounded, List<CountScores> baseline, Map<SourceKind, Generated> generated,
    Map<SourceKind, Double> trainSeconds, List<String> notes) {}

package org.flowmatch4j.tasks.generation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.counts.Counts;
import org.flowmatch4j.fm.source.CountModel;
import org.flowmatch4j.fm.source.CountSampler;
import org.flowmatch4j.fm.source.CountTransform;
import org.flowmatch4j.fm.source.Source;
import org.flowmatch4j.fm.source.ZinbFit;
import org.flowmatch4j.fm.source.ZinbParameters;
import org.flowmatch4j.fm.source.ZinbSource;
import org.flowmatch4j.tasks.perturbation.PerturbationModel;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.ConditionalObjective;
import org.flowmatch4j.train.TrainListener;

/**
 * Count-aware generation, evaluated on held-out cells in the same run for every source:
 *
 * <ol>
 *   <li>split each label's cells (all cells without a condition) into training and held-out cells,
 *       a fraction {@code holdout} held out (at least one where a label has two cells or more);
 *   <li>select the genes on the training cells; library size L_i over all genes of the file, size
 *       factor {@code s_i = L_i / mean_train(L)};
 *   <li>fit a per-gene ZINB to the training counts with offsets s_i ({@link ZinbFit});
 *   <li>per source and seed: train a conditional flow (condition: the one-hot label) from the
 *       source to {@code x1 = log1p(y)} of the label's training cells, each label's source
 *       represented by {@code poolSize} draws; generate as many cells per label as the data has,
 *       integrating from fresh source draws; draw counts {@code y ~ NB(expm1(max(x, 0)), theta_g)}
 *       around each generated value x with the fitted theta_g: the generated cell's library size is
 *       the sum of its means, which the flow sets because it models unnormalised log1p counts;
 *   <li>score the first n_test,l generated cells of each label against the label's held-out cells
 *       ({@link CountMetrics}): their drawn counts, and (as a diagnostic of the flow alone) the
 *       rounded counts {@code round(expm1(max(x, 0)))} of their log1p values; and the baseline: n_test,l cells per label sampled gene by gene from
 *       the fitted ZINB at size factors drawn from the training cells.
 * </ol>
 */
public final class CountGeneration {
  private CountGeneration() {}

  /**
   * @param counts raw counts ({@link Counts#read}), cells x all genes
   * @param conditionKey obs column of the label, or null for one unconditioned flow
   * @param sources the sources to compare (the first is the model the command reports)
   * @param seeds model seeds
   * @param log progress lines
   */
  public static GenerationResult run(AnnData counts, String conditionKey, List<SourceKind> sources, long[] seeds,
      GenerationConfig cfg, TrainListener listener, Consumer<String> log) throws IOException {
    if (sources.isEmpty() || seeds.length == 0) {
      throw new IllegalArgumentException("need at least one source and one seed");
    }
    List<String> notes = new ArrayList<>();
    String[] cellLabels = conditionKey == null ? null : counts.obsLabels(conditionKey);
    Map<String, int[][]> split = split(cellLabels, counts.nObs(), cfg.holdout(), cfg.splitSeed(), notes);
    List<String> labels = new ArrayList<>(split.keySet());
    int[] trainRows = concat(split, 0);
    int[] testRows = concat(split, 1);

    AnnData train = counts.selectObs(trainRows);
    int[] geneIdx = GeneSelection.select(cfg.genes(), train);
    String[] genes = new String[geneIdx.length];
    for (int k = 0; k < genes.length; k++) {
      genes[k] = counts.var().index()[geneIdx[k]];
    }
    Matrix selected = counts.requireX().selectCols(geneIdx).toDense();
    double[] library = Counts.librarySize(counts);
    double trainMean = 0;
    for (int i : trainRows) {
      trainMean += library[i];
    }
    trainMean /= trainRows.length;
    if (!(trainMean > 0)) {
      throw new IllegalArgumentException(counts.source() + ": the training cells have no counts");
    }
    double[] sizeFactors = new double[trainRows.length];
    for (int k = 0; k < trainRows.length; k++) {
      sizeFactors[k] = library[trainRows[k]] / trainMean;
    }
    Matrix trainCounts = selected.rows(trainRows);
    log.accept(String.format("%d training and %d held-out cells, %d genes, %d label(s)", trainRows.length,
        testRows.length, genes.length, labels.size()));
    ZinbParameters zinb = ZinbFit.fit(trainCounts, sizeFactors, CountModel.ZINB);
    CountMetrics metrics = CountMetrics.fit(trainCounts, cfg.pcaComponents(), cfg.splitSeed());

    Map<String, Matrix> targets = new LinkedHashMap<>();
    Map<String, Matrix> heldOut = new LinkedHashMap<>();
    for (String l : labels) {
      Matrix x1 = selected.rows(split.get(l)[0]);
      for (int q = 0; q < x1.data.length; q++) {
        x1.data[q] = (float) Math.log1p(x1.data[q]);
      }
      targets.put(l, x1);
      heldOut.put(l, selected.rows(split.get(l)[1]));
    }
    Matrix realTest = stack(labels, heldOut);

    ZinbSource baselineSource = new ZinbSource(zinb, sizeFactors, CountTransform.IDENTITY);
    List<CountScores> baseline = new ArrayList<>();
    for (long seed : seeds) {
      SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0xBA5E);
      List<Matrix> parts = new ArrayList<>();
      for (String l : labels) {
        parts.add(baselineSource.sample(rng, heldOut.get(l).rows));
      }
      baseline.add(metrics.score(realTest, vstack(parts)));
    }

    Map<SourceKind, List<CountScores>> scores = new EnumMap<>(SourceKind.class);
    Map<SourceKind, List<CountScores>> rounded = new EnumMap<>(SourceKind.class);
    Map<SourceKind, Generated> generated = new EnumMap<>(SourceKind.class);
    Map<SourceKind, Double> seconds = new EnumMap<>(SourceKind.class);
    for (SourceKind kind : sources) {
      Source source = kind.create(trainCounts, sizeFactors, zinb);
      List<CountScores> perSeed = new ArrayList<>();
      List<CountScores> perSeedRounded = new ArrayList<>();
      double sec = 0;
      for (long seed : seeds) {
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + kind.ordinal());
        List<ConditionalObjective.Task> tasks = new ArrayList<>();
        for (int k = 0; k < labels.size(); k++) {
          String l = labels.get(k);
          tasks.add(new ConditionalObjective.Task(l, source.sample(rng, cfg.poolSize()), targets.get(l),
              condition(k, labels.size(), conditionKey != null)));
        }
        PerturbationModel model = PerturbationModel.train(tasks, cfg.flow(), seed, listener);
        sec += model.training().seconds();
        Generated g = generate(model, source, labels, split, zinb, cfg, conditionKey != null, seed, rng);
        List<Matrix> parts = new ArrayList<>();
        List<Matrix> values = new ArrayList<>();
        int offset = 0;
        for (String l : labels) {
          int[][] rows = split.get(l);
          parts.add(g.counts().rows(range(offset, rows[1].length)));
          values.add(g.log1p().rows(range(offset, rows[1].length)));
          offset += rows[0].length + rows[1].length;
        }
        CountScores sc = metrics.score(realTest, vstack(parts));
        perSeed.add(sc);
        perSeedRounded.add(metrics.score(realTest, roundedCounts(vstack(values))));
        log.accept(String.format("%s seed %d: MMD %.5f, energy %.4f, zero-fraction MAE %.4f", kind.cliName(), seed,
            sc.mmd(), sc.energy(), sc.zeroFractionMae()));
        generated.putIfAbsent(kind, g);
      }
      scores.put(kind, perSeed);
      rounded.put(kind, perSeedRounded);
      seconds.put(kind, sec);
    }
    return new GenerationResult(genes, labels, trainRows.length, testRows.length, zinb, scores, rounded, baseline,
        generated, seconds, notes);
  }

  /** {@code round(expm1(max(x, 0)))}: the counts the flow's log1p values stand for, without sampling noise. */
  static Matrix roundedCounts(Matrix x) {
    Matrix y = new Matrix(x.rows, x.cols);
    for (int q = 0; q < x.data.length; q++) {
      y.data[q] = (float) Math.rint(Math.expm1(Math.max(0, x.data[q])));
    }
    return y;
  }

  /** As many cells per label as the data has, from fresh source draws, with counts drawn around them. */
  private static Generated generate(PerturbationModel model, Source source, List<String> labels,
      Map<String, int[][]> split, ZinbParameters zinb, GenerationConfig cfg, boolean conditioned, long seed,
      SplittableRandom rng) {
    List<Matrix> parts = new ArrayList<>();
    List<String> cellLabels = new ArrayList<>();
    for (int k = 0; k < labels.size(); k++) {
      String l = labels.get(k);
      int n = split.get(l)[0].length + split.get(l)[1].length;
      Matrix x0 = source.sample(rng, n);
      parts.add(model.push(x0, condition(k, labels.size(), conditioned), cfg.flow(), seed * 31 + k));
      for (int i = 0; i < n; i++) {
        cellLabels.add(l);
      }
    }
    Matrix x = vstack(parts);
    Matrix y = new Matrix(x.rows, x.cols);
    for (int i = 0; i < x.rows; i++) {
      for (int g = 0; g < x.cols; g++) {
        int q = i * x.cols + g;
        double mean = Math.expm1(Math.max(0, x.data[q]));
        y.data[q] = (float) CountSampler.negativeBinomial(rng, mean, zinb.theta(g));
      }
    }
    return new Generated(x, y, conditioned ? cellLabels.toArray(new String[0]) : null);
  }

  private static float[] condition(int k, int labels, boolean conditioned) {
    if (!conditioned) {
      return new float[0];
    }
    float[] c = new float[labels];
    c[k] = 1;
    return c;
  }

  /**
   * Per label (in first-appearance order; "all" without labels): {train rows, held-out rows}, a
   * random fraction held out by a shuffle with {@code seed}.
   */
  static Map<String, int[][]> split(String[] labels, int n, double holdout, long seed, List<String> notes) {
    Map<String, List<Integer>> byLabel = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      byLabel.computeIfAbsent(labels == null ? "all" : labels[i], k -> new ArrayList<>()).add(i);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    Map<String, int[][]> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<Integer>> e : byLabel.entrySet()) {
      int[] rows = e.getValue().stream().mapToInt(Integer::intValue).toArray();
      for (int i = rows.length - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = rows[i];
        rows[i] = rows[j];
        rows[j] = t;
      }
      int nTest = rows.length < 2 ? 0 : Math.max(1, Math.min(rows.length - 1, (int) Math.round(holdout * rows.length)));
      if (nTest == 0) {
        notes.add("label '" + e.getKey() + "' has one cell: trained on, not held out");
      }
      int[] test = java.util.Arrays.copyOfRange(rows, 0, nTest);
      int[] trainRows = java.util.Arrays.copyOfRange(rows, nTest, rows.length);
      java.util.Arrays.sort(test);
      java.util.Arrays.sort(trainRows);
      out.put(e.getKey(), new int[][] {trainRows, test});
    }
    return out;
  }

  private static int[] concat(Map<String, int[][]> split, int part) {
    return split.values().stream().flatMapToInt(p -> java.util.Arrays.stream(p[part])).toArray();
  }

  private static int[] range(int from, int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = from + i;
    }
    return r;
  }

  private static Matrix stack(List<String> labels, Map<String, Matrix> parts) {
    List<Matrix> list = new ArrayList<>();
    for (String l : labels) {
      list.add(parts.get(l));
    }
    return vstack(list);
  }

  private static Matrix vstack(List<Matrix> parts) {
    int rows = 0;
    int cols = parts.get(0).cols;
    for (Matrix m : parts) {
      rows += m.rows;
    }
    Matrix out = new Matrix(rows, cols);
    int at = 0;
    for (Matrix m : parts) {
      System.arraycopy(m.data, 0, out.data, at, m.data.length);
      at += m.data.length;
    }
    return out;
  }
}

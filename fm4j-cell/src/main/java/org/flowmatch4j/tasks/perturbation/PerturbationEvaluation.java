package org.flowmatch4j.tasks.perturbation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.fm.InvalidSettingException;
import org.flowmatch4j.metrics.R2;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.ConditionalObjective;
import org.flowmatch4j.train.TrainListener;

/**
 * The out-of-distribution protocol: hold out (context, condition) pairs, train on every other
 * group, predict each held-out group from the control cells of its context, and score the
 * prediction against the real held-out cells next to the baselines, in the embedding, in gene
 * space and on the top differentially expressed genes.
 *
 * <p>Nothing of the held-out cells is used before scoring: the embedding (a PCA), its decoder and
 * the per-gene zero thresholds of the decoded predictions ({@link ZeroThresholds}) are fitted on
 * the training cells, the one-hot vocabulary comes from the training groups, and the
 * mean-shift baselines from the training contexts. The control cells of a held-out context are
 * training cells (they are the model's input), as in scGen's protocol.
 */
public final class PerturbationEvaluation {
  private PerturbationEvaluation() {}

  /**
   * Runs the protocol for each seed.
   *
   * @param topDeg how many top DEGs to score on
   * @param log receives one line per stage (for progress displays)
   */
  public static PerturbationResult run(PerturbationData data, List<Holdout> holdouts, EmbeddingSpec embedding,
      ConditionSpec conditions, PerturbationConfig cfg, long[] seeds, int topDeg, TrainListener listener,
      Consumer<String> log) throws IOException {
    if (seeds.length == 0) {
      throw new IllegalArgumentException("at least one seed is needed");
    }
    if (holdouts.isEmpty()) {
      throw new InvalidSettingException("name at least one held-out pair ({holdout-condition})");
    }
    if (topDeg < 1) {
      throw new InvalidSettingException("{top-deg} must be >= 1, got " + topDeg);
    }
    if (conditions.dose() != null && !data.hasDose()) {
      throw new InvalidSettingException("a dose encoding was given but the data has no dose column ({dose-key})");
    }
    Set<Group> held = new LinkedHashSet<>();
    for (Holdout h : holdouts) {
      held.addAll(data.resolve(h));
    }
    for (Group g : held) {
      data.controlsOf(g.context());
    }
    List<String> notes = new ArrayList<>();
    List<Group> training = new ArrayList<>();
    for (Group g : data.groups()) {
      if (!held.contains(g)) {
        training.add(g);
      }
    }
    boolean[] heldCell = new boolean[data.cells()];
    for (Group g : held) {
      for (int i : g.cells()) {
        heldCell[i] = true;
      }
    }
    int[] train = where(heldCell, false);
    log.accept("embedding: fitting on " + train.length + " training cells");
    Embedding emb = embedding.build(data.x(), train);
    Matrix z = emb.z();
    Matrix trainX = data.x().selectRows(train).toDense();
    ZeroThresholds thresholds = ZeroThresholds.fit(decodedTraining(cfg.decoding(), data, emb, training, train, trainX),
        trainX);

    List<Group> taskGroups = new ArrayList<>();
    for (Group g : training) {
      if (data.controls().containsKey(g.context())) {
        taskGroups.add(g);
      } else {
        notes.add("group " + g.label() + " is not trained on: its context has no control cells");
      }
    }
    ConditionEncoder encoder = encoder(data, conditions, cfg, emb, taskGroups);
    Map<String, float[]> contextRep = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> e : data.controls().entrySet()) {
      contextRep.put(e.getKey(), cfg.context() == ContextRepresentation.CONTROL_MEAN
          ? toFloat(MeanShift.columnMeans(z, e.getValue())) : null);
    }
    List<ConditionalObjective.Task> tasks = new ArrayList<>();
    for (Group g : taskGroups) {
      Matrix x0 = startOf(g, z.rows(data.controls().get(g.context())), cfg.start(), data, z, training,
          conditions.separator(), notes);
      tasks.add(new ConditionalObjective.Task(g.label(), x0, z.rows(g.cells()),
          encoder.encode(g.condition(), g.dose(), contextRep.get(g.context()))));
    }
    List<Prepared> prepared = new ArrayList<>();
    for (Group g : held) {
      float[] c = encoder.encode(g.condition(), g.dose(), contextRep.get(g.context()));
      log.accept("held out " + g.label() + ": DEGs, baselines and ceiling");
      Prepared p = prepare(g, c, data, emb, training, conditions.separator(), topDeg, notes);
      p.startZ = startOf(g, p.controlZ, cfg.start(), data, z, training, conditions.separator(), notes);
      p.nearestShift = nearestShift(g, cfg.meanResponse(), data, z, training, conditions.separator(), notes);
      prepared.add(p);
    }

    double[] seconds = new double[seeds.length];
    double[] seedSeconds = new double[seeds.length];
    double[] ms = new double[seeds.length];
    double[] loss = new double[seeds.length];
    List<List<Scores>> modelScores = new ArrayList<>();
    List<double[][]> r2Samples = new ArrayList<>();
    Prediction[] first = new Prediction[prepared.size()];
    float[] firstLosses = null;
    for (int q = 0; q < prepared.size(); q++) {
      modelScores.add(new ArrayList<>());
      r2Samples.add(new double[seeds.length][]);
    }
    for (int s = 0; s < seeds.length; s++) {
      long seedStart = System.nanoTime();
      log.accept("seed " + seeds[s] + ": training on " + tasks.size() + " tasks");
      PerturbationModel model = PerturbationModel.train(tasks, cfg, encoder.poolConfig(), seeds[s], listener);
      seconds[s] = model.training().seconds();
      ms[s] = model.training().msPerStep();
      loss[s] = model.training().finalLoss(100);
      if (s == 0) {
        firstLosses = model.training().losses();
      }
      for (int q = 0; q < prepared.size(); q++) {
        Prepared p = prepared.get(q);
        Prediction pred = predict(model, p, emb, thresholds, cfg, seeds[s]);
        int[] rows0 = pred.rowsOfSample(0);
        Matrix genes0 = pred.genes().rows(rows0);
        modelScores.get(q).add(p.score(pred.z().rows(rows0), genes0));
        double[] r2 = new double[cfg.samples()];
        for (int k = 0; k < r2.length; k++) {
          r2[k] = R2.scgen(PerturbationMetrics.means(pred.genes().rows(pred.rowsOfSample(k))), p.realMean);
        }
        r2Samples.get(q)[s] = r2;
        if (s == 0) {
          first[q] = pred;
        }
      }
      seedSeconds[s] = (System.nanoTime() - seedStart) / 1e9;
    }
    List<GroupResult> results = new ArrayList<>();
    for (int q = 0; q < prepared.size(); q++) {
      Prepared p = prepared.get(q);
      results.add(new GroupResult(p.group, p.controls, p.deg, p.degScores, p.baselines, p.baselineNotes, p.ceiling,
          p.noiseBound, modelScores.get(q), r2Samples.get(q), first[q], p.realZ, p.controlZ, p.realMean, p.controlMean));
    }
    return new PerturbationResult(results, seeds.clone(), seconds, seedSeconds, ms, loss, firstLosses,
        emb.description(), emb.key(),
        encoder.describe(),
        tasks.size(), train.length, notes);
  }

  private static ConditionEncoder encoder(PerturbationData data, ConditionSpec spec, PerturbationConfig cfg,
      Embedding emb, List<Group> taskGroups) {
    PerturbationVectors vectors = spec.vectors();
    if (vectors == null) {
      Set<String> vocab = new TreeSet<>();
      for (Group g : taskGroups) {
        vocab.addAll(ConditionEncoder.components(g.condition(), spec.separator(), data.control()));
      }
      if (vocab.isEmpty()) {
        throw new IllegalArgumentException("no training tasks: every perturbed group is held out or lacks control cells");
      }
      vectors = PerturbationVectors.oneHot(vocab);
    }
    int contextDim = cfg.context() == ContextRepresentation.CONTROL_MEAN ? emb.dim() : 0;
    int largest = 1;
    for (Group g : data.groups()) {
      largest = Math.max(largest, ConditionEncoder.components(g.condition(), spec.separator(), data.control()).size());
    }
    return new ConditionEncoder(vectors, spec.separator(), data.control(), spec.dose(), contextDim, spec.pooling(),
        largest);
  }

  /** A held-out group with everything that does not depend on the seed. */
  private static final class Prepared {
    Group group;
    float[] condition;
    int[] controls;
    Matrix controlX;
    Matrix controlZ;
    Matrix startZ;
    double[] nearestShift;
    Matrix realZ;
    double[] realMean;
    double[] controlMean;
    int[] deg;
    double[] degScores;
    PerturbationMetrics embeddingScorer;
    PerturbationMetrics genesScorer;
    PerturbationMetrics degScorer;
    Map<Baseline, Scores> baselines = new EnumMap<>(Baseline.class);
    Map<Baseline, String> baselineNotes = new EnumMap<>(Baseline.class);
    Scores ceiling;
    R2NoiseBound noiseBound;

    Scores score(Matrix z, Matrix genes) {
      return Scores.of(embeddingScorer.score(z), genesScorer.score(genes), degScorer.score(columns(genes, deg)));
    }
  }

  private static Prepared prepare(Group g, float[] c, PerturbationData data, Embedding emb, List<Group> training,
      String separator, int topDeg, List<String> notes) {
    Prepared p = new Prepared();
    p.group = g;
    p.condition = c;
    p.controls = data.controlsOf(g.context());
    DataMatrix x = data.x();
    p.controlX = x.selectRows(p.controls).toDense();
    Matrix realX = x.selectRows(g.cells()).toDense();
    p.controlZ = emb.z().rows(p.controls);
    p.realZ = emb.z().rows(g.cells());
    p.realMean = PerturbationMetrics.means(realX);
    p.controlMean = PerturbationMetrics.means(p.controlX);
    double[] zs = WilcoxonRankSum.zScores(realX, p.controlX);
    p.deg = WilcoxonRankSum.top(zs, topDeg);
    p.degScores = new double[p.deg.length];
    for (int k = 0; k < p.deg.length; k++) {
      p.degScores[k] = zs[p.deg[k]];
    }
    p.embeddingScorer = new PerturbationMetrics(p.realZ, p.controlZ);
    p.genesScorer = new PerturbationMetrics(realX, p.controlX, true);
    p.degScorer = new PerturbationMetrics(columns(realX, p.deg), columns(p.controlX, p.deg), true);
    p.baselines.put(Baseline.IDENTITY, p.score(p.controlZ, p.controlX));
    p.baselineNotes.put(Baseline.IDENTITY, "the " + p.controls.length + " control cells of " + g.context() + ", unchanged");
    for (Baseline b : new Baseline[] {Baseline.MEAN_SHIFT, Baseline.MEAN_SHIFT_PER_CONTEXT}) {
      MeanShift shift = MeanShift.of(b, g, training, data, emb.z(), separator);
      if (shift == null) {
        String why = "unavailable: '" + g.condition() + "' was measured in no training context with control cells";
        p.baselineNotes.put(b, why);
        notes.add(b.key + " for " + g.label() + " " + why);
      } else {
        p.baselines.put(b, p.score(MeanShift.apply(p.controlZ, shift.embedding()), MeanShift.apply(p.controlX,
            shift.genes())));
        p.baselineNotes.put(b, "control + shift " + shift.how());
      }
    }
    p.ceiling = ceiling(g, realX, p.realZ, p.controlX, p.controlZ, p.deg, notes);
    p.noiseBound = realX.rows >= 2 && p.deg.length >= 2 ? R2NoiseBound.of(realX, p.deg) : null;
    return p;
  }

  /** Two random halves (seed 0) of the real perturbed cells, one scored as a prediction of the other. */
  private static Scores ceiling(Group g, Matrix realX, Matrix realZ, Matrix controlX, Matrix controlZ, int[] deg,
      List<String> notes) {
    int n = realX.rows;
    if (n < 4) {
      notes.add("no real-vs-real ceiling for " + g.label() + ": fewer than 4 perturbed cells");
      return null;
    }
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(0);
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    int[] a = java.util.Arrays.copyOfRange(perm, 0, n / 2);
    int[] b = java.util.Arrays.copyOfRange(perm, n / 2, n);
    Matrix xb = realX.rows(b);
    return Scores.of(new PerturbationMetrics(realZ.rows(b), controlZ).score(realZ.rows(a)),
        new PerturbationMetrics(xb, controlX, true).score(realX.rows(a)),
        new PerturbationMetrics(columns(xb, deg), columns(controlX, deg), true).score(columns(realX.rows(a), deg)));
  }

  private static Prediction predict(PerturbationModel model, Prepared p, Embedding emb, ZeroThresholds thresholds,
      PerturbationConfig cfg, long seed) {
    Matrix z1 = model.push(p.startZ, p.condition, cfg, seed);
    if (p.nearestShift != null) {
      cfg.meanResponse().apply(z1, p.controlZ, p.nearestShift);
    }
    int n = p.controls.length;
    int k = cfg.samples();
    int[] local = new int[k * n];
    int[] source = new int[k * n];
    int[] sample = new int[k * n];
    for (int s = 0; s < k; s++) {
      for (int i = 0; i < n; i++) {
        local[s * n + i] = i;
        source[s * n + i] = p.controls[i];
        sample[s * n + i] = s;
      }
    }
    Matrix genes = decode(cfg.decoding(), emb.decoder(), p.controlX, p.controlZ, z1, local);
    thresholds.apply(genes, cfg.zeros());
    return new Prediction(z1, genes, source, sample, n);
  }

  /**
   * Where the flow of group g starts from its context's control cells {@code x0} (embedding): x0
   * itself, or x0 moved by the condition's shift averaged over the training contexts other than g's
   * ({@link Start#MEAN_SHIFT}: with equal weights; {@link Start#NEAREST_SHIFT}: weighted by {@link
   * ContextKernel}; x0 itself, with a note, where no other context measured it).
   */
  static Matrix startOf(Group g, Matrix x0, Start start, PerturbationData data, Matrix z,
      List<Group> training, String separator, List<String> notes) {
    if (start == Start.CONTROL) {
      return x0;
    }
    MeanShift shift = start == Start.MEAN_SHIFT
        ? MeanShift.of(Baseline.MEAN_SHIFT_PER_CONTEXT, g, training, data, z, separator)
        : MeanShift.nearest(g, training, data, z, separator);
    if (shift == null) {
      notes.add("the flow of " + g.label() + " starts from its control cells: no other training context measured '"
          + g.condition() + "'");
      return x0;
    }
    return MeanShift.apply(x0, shift.embedding());
  }

  /**
   * The {@link ContextKernel}-weighted shift of group g's condition in the other training contexts
   * (embedding) that {@link MeanResponse#ENSEMBLE} averages with the flow's; null for {@link
   * MeanResponse#FLOW}, and null with a note where no other context measured the condition (the
   * mean is then the flow's).
   */
  private static double[] nearestShift(Group g, MeanResponse mean, PerturbationData data, Matrix z,
      List<Group> training, String separator, List<String> notes) {
    if (mean == MeanResponse.FLOW) {
      return null;
    }
    MeanShift shift = MeanShift.nearest(g, training, data, z, separator);
    if (shift == null) {
      notes.add("the predicted mean of " + g.label() + " is the flow's: no other training context measured '"
          + g.condition() + "'");
      return null;
    }
    notes.add("the predicted mean of " + g.label() + " averages the flow's shift with the shift " + shift.how());
    return shift.embedding();
  }

  /**
   * The training cells (rows {@code train} of the data, genes {@code trainX}) decoded the way
   * predictions are: residual decoding gives each cell back, the inverse its embedding's
   * reconstruction, centred decoding each cell less the mean residual of its population (the
   * control cells of its context, or its perturbed group).
   */
  private static Matrix decodedTraining(Decoding decoding, PerturbationData data, Embedding emb, List<Group> training,
      int[] train, Matrix trainX) {
    return switch (decoding) {
      case RESIDUAL -> trainX;
      case INVERSE -> emb.decoder().inverse(emb.z().rows(train));
      case CENTRED -> centredTraining(data, emb, training, train, trainX);
    };
  }

  private static Matrix centredTraining(PerturbationData data, Embedding emb, List<Group> training, int[] train,
      Matrix trainX) {
    int[] rowOf = new int[data.cells()];
    for (int r = 0; r < train.length; r++) {
      rowOf[train[r]] = r;
    }
    List<int[]> populations = new ArrayList<>(data.controls().values());
    for (Group g : training) {
      populations.add(g.cells());
    }
    Matrix out = trainX.copy();
    for (int[] cells : populations) {
      int[] rows = new int[cells.length];
      for (int q = 0; q < cells.length; q++) {
        rows[q] = rowOf[cells[q]];
      }
      subtract(out, rows, emb.decoder().meanResidual(trainX.rows(rows), emb.z().rows(cells)));
    }
    return out;
  }

  /**
   * Predicted cells {@code z1} (row i from control cell {@code source[i]}: genes row of x0,
   * embedding row of z0) decoded to genes as {@code decoding} says ({@link Decoding}).
   */
  static Matrix decode(Decoding decoding, LinearDecoder decoder, Matrix x0, Matrix z0, Matrix z1, int[] source) {
    if (decoding == Decoding.INVERSE) {
      return decoder.inverse(z1);
    }
    Matrix genes = decoder.displace(x0, z0, z1, source);
    if (decoding == Decoding.CENTRED) {
      subtract(genes, null, decoder.meanResidual(x0, z0));
    }
    return genes;
  }

  /** {@code x_ij -= v_j} for the rows i given (every row when null). */
  private static void subtract(Matrix x, int[] rows, double[] v) {
    int n = rows == null ? x.rows : rows.length;
    for (int q = 0; q < n; q++) {
      int i = rows == null ? q : rows[q];
      for (int j = 0; j < x.cols; j++) {
        x.data[i * x.cols + j] -= (float) v[j];
      }
    }
  }

  /** The columns {@code idx} of m. */
  static Matrix columns(Matrix m, int[] idx) {
    Matrix out = new Matrix(m.rows, idx.length);
    for (int i = 0; i < m.rows; i++) {
      for (int q = 0; q < idx.length; q++) {
        out.data[i * idx.length + q] = m.data[i * m.cols + idx[q]];
      }
    }
    return out;
  }

  private static int[] where(boolean[] mask, boolean value) {
    int n = 0;
    for (boolean b : mask) {
      if (b == value) {
        n++;
      }
    }
    int[] out = new int[n];
    int k = 0;
    for (int i = 0; i < mask.length; i++) {
      if (mask[i] == value) {
        out[k++] = i;
      }
    }
    return out;
  }

  private static float[] toFloat(double[] v) {
    float[] f = new float[v.length];
    for (int j = 0; j < v.length; j++) {
      f[j] = (float) v[j];
    }
    return f;
  }
}

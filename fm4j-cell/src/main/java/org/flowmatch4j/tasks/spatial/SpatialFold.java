package org.flowmatch4j.tasks.spatial;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.counts.Counts;
import org.flowmatch4j.fm.source.CountModel;
import org.flowmatch4j.fm.source.Source;
import org.flowmatch4j.fm.source.ZinbFit;
import org.flowmatch4j.fm.source.ZinbParameters;
import org.flowmatch4j.tasks.generation.GeneSelection;
import org.flowmatch4j.tasks.generation.SourceKind;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.TrainListener;

/**
 * One leave-one-section-out fold:
 *
 * <ol>
 *   <li>features of every section ({@link FeatureInput}: image or precomputed, then their mean
 *       over the k nearest spots), scaled per section as the config says ({@link FeatureScaling}),
 *       then z-scored with the training spots' mean and sd;
 *   <li>genes chosen on the training sections' counts among the genes every section (held-out
 *       included) measures ({@link GeneSelection}, e.g. the top-50 HVG);
 *   <li>per space ({@link Space}: raw log1p, library-size-normalised log1p) the training targets,
 *       and per flow a source in that space: for count sources a ZINB fitted to the training counts
 *       with size factors {@code s_i = L_i / mean(L)} in raw space and the constant {@code 1e4 /
 *       mean(L)} in normalised space, sampled in log1p space;
 *   <li>predictions of the held-out section by every {@link Method}; Pearson per gene across its
 *       spots, averaged over the genes, and MSE.
 * </ol>
 */
public final class SpatialFold {
  private SpatialFold() {}

  /**
   * Runs the fold: trains on {@code train} and predicts {@code test} with every {@link Method};
   * {@code source} is the flow's source distribution, {@code seed} seeds the flows' training and
   * sampling, {@code listener} sees their training steps and {@code log} gets progress lines.
   */
  public static SpatialResult run(List<Section> train, Section test, FeatureInput input, SourceKind source,
      SpatialConfig cfg, long seed, TrainListener listener, Consumer<String> log) throws IOException {
    List<String> notes = new ArrayList<>();
    long t0 = System.nanoTime();
    List<Matrix> trainFeatures = new ArrayList<>();
    for (int k = 0; k < train.size(); k++) {
      trainFeatures.add(features(train.get(k), k, input, cfg));
    }
    Matrix testRaw = features(test, train.size(), input, cfg);
    for (Matrix m : trainFeatures) {
      if (m.cols != testRaw.cols) {
        throw new IllegalArgumentException("the sections' features differ in length: " + m.cols + " and " + testRaw.cols);
      }
    }
    double featureSeconds = (System.nanoTime() - t0) / 1e9;
    Matrix xTrain = vstack(trainFeatures);
    Standardizer st = Standardizer.fit(xTrain);
    Matrix zTrain = st.apply(xTrain);
    Matrix zTest = st.apply(testRaw);
    SpotNeighbourhood nbTrain = SpotNeighbourhood.of(train.stream().map(Section::xy).toList(), cfg.attention());
    SpotNeighbourhood nbTest = SpotNeighbourhood.of(List.of(test.xy()), cfg.attention());

    List<Section> all = new ArrayList<>(train);
    all.add(test);
    String[] allGenes = commonGenes(all);
    List<Matrix> countParts = new ArrayList<>();
    List<double[]> libraries = new ArrayList<>();
    for (Section s : train) {
      countParts.add(s.counts().requireX().selectCols(s.counts().varIndices(allGenes)).toDense());
      libraries.add(Counts.librarySize(s.counts()));
    }
    Matrix trainAll = vstack(countParts);
    double[] library = concat(libraries);
    AnnData pooled = new AnnData(DenseMatrix.of(trainAll), DataFrame.ofSize(trainAll.rows), new DataFrame("_index", allGenes));
    int[] geneIdx = GeneSelection.select(cfg.genes(), pooled);
    String[] genes = new String[geneIdx.length];
    for (int k = 0; k < genes.length; k++) {
      genes[k] = allGenes[geneIdx[k]];
    }
    int[] testIdx = test.counts().varIndices(genes);
    Matrix trainCounts = DenseMatrix.of(trainAll).selectCols(geneIdx).toDense();
    Matrix testCounts = test.counts().requireX().selectCols(testIdx).toDense();
    double[] testLibrary = Counts.librarySize(test.counts());
    log.accept(String.format("%d training spots, %d held-out spots, %d genes, %d features", trainCounts.rows,
        testCounts.rows, genes.length, zTrain.cols));

    double meanLibrary = Arrays.stream(library).average().orElse(0);
    if (!(meanLibrary > 0)) {
      throw new IllegalArgumentException("the training sections have no counts");
    }
    double[] sizeFactors = new double[library.length];
    for (int i = 0; i < library.length; i++) {
      sizeFactors[i] = library[i] / meanLibrary;
    }
    double[] normFactors = new double[library.length];
    Arrays.fill(normFactors, 1e4 / meanLibrary);
    ZinbParameters zinb = source == SourceKind.ZINB ? ZinbFit.fit(trainCounts, sizeFactors, CountModel.ZINB) : null;

    Map<Space, Matrix> targets = new EnumMap<>(Space.class);
    Map<Space, Matrix> measured = new EnumMap<>(Space.class);
    for (Space sp : Space.values()) {
      targets.put(sp, transform(trainCounts, library, sp));
      measured.put(sp, transform(testCounts, testLibrary, sp));
    }

    Map<Method, Map<Space, SpatialScores>> scores = new EnumMap<>(Method.class);
    Map<Method, Double> trainSeconds = new EnumMap<>(Method.class);
    for (Method m : Method.values()) {
      scores.put(m, new EnumMap<>(Space.class));
    }
    Map<Space, Double> ridgeAlpha = new EnumMap<>(Space.class);
    Map<Space, Integer> knnK = new EnumMap<>(Space.class);
    Map<Space, KernelRidge.Setting> kernel = new EnumMap<>(Space.class);
    for (Space sp : Space.values()) {
      Matrix y = targets.get(sp);
      Matrix truth = measured.get(sp);
      List<Matrix> ySections = splitRows(y, trainFeatures);
      SectionCv.Choice<Double> ridge = SectionCv.choose(cfg.ridgeAlphas(), trainFeatures, ySections, Ridge::fitPredict,
          "ridge-alpha");
      SectionCv.Choice<Integer> knn = SectionCv.choose(cfg.knnK(), trainFeatures, ySections, KnnRegression::predict, "knn");
      SectionCv.Choice<KernelRidge.Setting> krr = SectionCv.choose(train.size() > 1 ? KernelRidge.GRID
          : List.of(KernelRidge.SINGLE_SECTION), trainFeatures, ySections, KernelRidge::fitPredict, "kernel-ridge");
      ridgeAlpha.put(sp, ridge.chosen());
      knnK.put(sp, knn.chosen());
      kernel.put(sp, krr.chosen());
      log.accept(cvLine("ridge alpha", sp, ridge));
      log.accept(cvLine("kNN k", sp, knn));
      log.accept(cvLine("kernel ridge", sp, krr));
      scores.get(Method.MEAN).put(sp, SpatialScores.of(meanRows(y, truth.rows), truth));
      scores.get(Method.RIDGE).put(sp, SpatialScores.of(Ridge.fitPredict(xTrain, y, testRaw, ridge.chosen()), truth));
      scores.get(Method.KNN).put(sp, SpatialScores.of(KnnRegression.predict(xTrain, y, testRaw, knn.chosen()), truth));
      scores.get(Method.KERNEL_RIDGE).put(sp, SpatialScores.of(KernelRidge.fitPredict(xTrain, y, testRaw, krr.chosen()), truth));
      FlowFeatures.Stack stack = switch (cfg.stack()) {
        case NONE -> null;
        case RIDGE -> FlowFeatures.Stack.of(trainFeatures, ySections, testRaw, Ridge::fitPredict, ridge.chosen());
        case KERNEL_RIDGE -> FlowFeatures.Stack.of(trainFeatures, ySections, testRaw, KernelRidge::fitPredict, krr.chosen());
      };
      FlowFeatures ff = FlowFeatures.of(zTrain, zTest, cfg.featurePcs(), stack);
      double[] sf = sp == Space.RAW ? sizeFactors : normFactors;
      for (Method m : new Method[] {Method.FLOW, Method.GAUSSIAN_SOURCE}) {
        SourceKind kind = m == Method.FLOW ? source : SourceKind.GAUSSIAN;
        if (m == Method.GAUSSIAN_SOURCE && source == SourceKind.GAUSSIAN) {
          scores.get(m).put(sp, scores.get(Method.FLOW).get(sp));
          continue;
        }
        Source src = kind.create(trainCounts, sf, zinb);
        SpotFlow flow = SpotFlow.train(src, y, ff.train(), nbTrain, cfg, seed, listener);
        trainSeconds.merge(m, flow.training().seconds(), Double::sum);
        SpatialScores sc = SpatialScores.of(flow.predict(ff.test(), nbTest, cfg.nfe(), cfg.samples(), seed), truth);
        scores.get(m).put(sp, sc);
        log.accept(String.format("%s source, %s log1p: mean Pearson %.4f (ridge %.4f)", kind.cliName(), sp.key,
            sc.meanPearson(), scores.get(Method.RIDGE).get(sp).meanPearson()));
      }
    }
    if (train.size() == 1) {
      notes.add("one training section: kernel ridge uses " + KernelRidge.SINGLE_SECTION + " without choosing");
    }
    if (source == SourceKind.GAUSSIAN) {
      notes.add("the source is gaussian: gaussian_source repeats the model");
    }
    return new SpatialResult(genes, test, measured, scores, ridgeAlpha, knnK, kernel, featureSeconds, trainSeconds, notes);
  }

  private static Matrix features(Section s, int index, FeatureInput input, SpatialConfig cfg) {
    return cfg.scaling().apply(SpotFeatures.withNeighbours(input.own(s, index), s.xy(), cfg.neighbours()));
  }

  /** The genes of the first section that every section has, in its order. */
  static String[] commonGenes(List<Section> train) {
    java.util.Set<String> common = new java.util.LinkedHashSet<>(Arrays.asList(train.get(0).counts().var().index()));
    for (Section s : train.subList(1, train.size())) {
      common.retainAll(new java.util.HashSet<>(Arrays.asList(s.counts().var().index())));
    }
    if (common.isEmpty()) {
      throw new IllegalArgumentException("the sections have no gene in common");
    }
    return common.toArray(new String[0]);
  }

  /** log1p(y) in raw space, log1p(1e4 y / L) in normalised space; a spot without counts stays 0. */
  static Matrix transform(Matrix counts, double[] library, Space space) {
    Matrix out = new Matrix(counts.rows, counts.cols);
    for (int i = 0; i < counts.rows; i++) {
      double f = space == Space.RAW ? 1 : library[i] > 0 ? 1e4 / library[i] : 0;
      for (int j = 0; j < counts.cols; j++) {
        int q = i * counts.cols + j;
        out.data[q] = (float) Math.log1p(counts.data[q] * f);
      }
    }
    return out;
  }

  /** A progress line: the setting chosen in one space and, when several were tried, each one's score. */
  private static String cvLine(String what, Space sp, SectionCv.Choice<?> c) {
    StringBuilder sb = new StringBuilder(what + ", " + sp.key + " log1p: " + setting(c.chosen()));
    if (c.score().length > 0) {
      sb.append(" (leave-one-section-out mean Pearson:");
      for (int p = 0; p < c.score().length; p++) {
        sb.append(' ').append(setting(c.grid().get(p))).append(String.format(Locale.ROOT, " %.4f", c.score()[p]));
      }
      sb.append(')');
    }
    return sb.toString();
  }

  private static String setting(Object v) {
    return v instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : v.toString();
  }

  /** The rows of m cut into consecutive blocks as long as the parts' rows. */
  static List<Matrix> splitRows(Matrix m, List<Matrix> parts) {
    List<Matrix> out = new ArrayList<>();
    int at = 0;
    for (Matrix p : parts) {
      Matrix b = new Matrix(p.rows, m.cols);
      System.arraycopy(m.data, at * m.cols, b.data, 0, b.data.length);
      out.add(b);
      at += p.rows;
    }
    return out;
  }

  private static Matrix meanRows(Matrix y, int n) {
    Matrix out = new Matrix(n, y.cols);
    double[] m = new double[y.cols];
    for (int i = 0; i < y.rows; i++) {
      for (int j = 0; j < y.cols; j++) {
        m[j] += y.data[i * y.cols + j] / (double) y.rows;
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < y.cols; j++) {
        out.data[i * y.cols + j] = (float) m[j];
      }
    }
    return out;
  }

  private static double[] concat(List<double[]> parts) {
    return parts.stream().flatMapToDouble(Arrays::stream).toArray();
  }

  static Matrix vstack(List<Matrix> parts) {
    int rows = 0;
    for (Matrix m : parts) {
      rows += m.rows;
    }
    Matrix out = new Matrix(rows, parts.get(0).cols);
    int at = 0;
    for (Matrix m : parts) {
      System.arraycopy(m.data, 0, out.data, at, m.data.length);
      at += m.data.length;
    }
    return out;
  }
}

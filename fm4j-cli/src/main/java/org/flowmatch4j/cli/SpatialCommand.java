package org.flowmatch4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.io.AtomicFile;
import org.flowmatch4j.tasks.generation.SourceKind;
import org.flowmatch4j.tasks.spatial.FeatureInput;
import org.flowmatch4j.tasks.spatial.FeatureScaling;
import org.flowmatch4j.tasks.spatial.Method;
import org.flowmatch4j.tasks.spatial.Section;
import org.flowmatch4j.tasks.spatial.SpatialConfig;
import org.flowmatch4j.tasks.spatial.SpatialFold;
import org.flowmatch4j.tasks.spatial.SpatialResult;
import org.flowmatch4j.tasks.spatial.SpatialScores;
import org.flowmatch4j.tasks.spatial.Stacking;
import org.flowmatch4j.tasks.spatial.Space;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fm4j spatial}: expression of a held-out section's spots predicted from its H&E image. */
@Command(
    name = "spatial",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    defaultValueProvider = SpatialCommand.Defaults.class,
    description = {
      "Predict the expression of a held-out tissue section's spots from its H&E image.",
      "The model trains on the sections of --train and predicts every spot of the --test section. Each",
      ".h5ad holds raw counts, obsm/spatial (spot centres in full-resolution pixels) and",
      "uns/spatial/<library>/{scalefactors/spot_diameter_fullres, metadata/image_file,",
      "metadata/fullres_width}; the image (JPEG, PNG or TIFF) lies beside it. A Space Ranger output",
      "folder may replace an .h5ad (filtered_feature_bc_matrix.h5 or its mtx folder,",
      "spatial/tissue_positions[_list].csv, spatial/scalefactors_json.json,",
      "spatial/tissue_hires_image.png or tissue_lowres_image.png). Only the image regions under the",
      "spots are decoded. Features per spot, at each of --scales (discs of that many spot radii): RGB",
      "and haematoxylin/eosin mean, sd and percentiles, dark-pixel fractions, grey-level co-occurrence",
      "contrasts, stained-region counts and edge strength (or precomputed features: --features-obsm,",
      "--features-csv), then the same averaged over the --neighbours nearest spots, each section's",
      "features z-scored by its own spots (--feature-scaling). A per-spot",
      "conditional flow from --source to the log1p expression of the genes, conditioned on the",
      "--feature-pcs principal components of the z-scored features, its network predicting the",
      "clean expression and attending to the current states of the --attention nearest spots, the",
      "whole section sampled together with --nfe Euler steps (mean of --samples draws), is scored by",
      "the Pearson correlation per gene across the held-out spots (mean over genes) and MSE, on raw",
      "log1p and on log1p of counts normalised to 1e4 per spot, beside the baselines: training mean,",
      "ridge, kNN and Gaussian-kernel ridge regression on the same features (penalty, k and kernel",
      "width chosen by predicting each training section from the others), and the flow from a",
      "Gaussian source (--stack: the flow also sees a baseline's prediction). Writes",
      "predicted.h5ad (X: raw log1p, layers/norm: normalised log1p), genes.csv, map_best_<gene>.png",
      "and map_worst_<gene>.png (measured and predicted normalised log1p of the genes the flow",
      "predicts best and worst), report.html and metrics.json to --out."
    })
final class SpatialCommand implements Callable<Integer> {
  /** Each flow's training: 300 steps of 128 spots, a 128 x 2 SiLU network, the weight average. */
  static final class Defaults extends OptionDefaults {
    Defaults() {
      super(Map.of("--steps", "300", "--batch", "128", "--width", "128", "--depth", "2", "--ema", AVERAGED_EMA));
    }
  }
  @Spec CommandSpec spec;
  @Mixin RunOptions run;

  @Option(names = "--train", required = true, split = ",", paramLabel = "FILE", description = "Training sections (.h5ad files or Space Ranger output folders).")
  List<Path> train;

  @Option(names = "--test", required = true, paramLabel = "FILE", description = "The held-out section (.h5ad file or Space Ranger output folder).")
  Path test;

  @Option(names = "--image", split = ",", paramLabel = "IMAGE",
      description = "Images replacing those named in uns: one per section, the training sections' first, then the test section's.")
  List<Path> images;

  @Option(names = "--source", defaultValue = "zinb", paramLabel = "SRC",
      description = "gaussian, zinb (fitted to the training counts), zinb-fixed or nb (default: ${DEFAULT-VALUE}).")
  SourceKind source;

  @Option(names = "--genes", defaultValue = "var:50", paramLabel = "SPEC",
      description = "var:N (top N by variance of log1p counts of the training sections), hvg:N (top N highly variable genes, seurat flavour), all, or gene names (default: ${DEFAULT-VALUE}).")
  String genes;

  @Option(names = "--neighbours", defaultValue = "6", description = "Nearest spots averaged into the neighbourhood features (default: ${DEFAULT-VALUE}).")
  int neighbours;

  @Option(names = "--attention", defaultValue = "6", paramLabel = "K",
      description = "Nearest spots whose current states the flow attends to; 0 for none (default: ${DEFAULT-VALUE}).")
  int attention;

  @Option(names = "--scales", defaultValue = "1,2,4", split = ",", paramLabel = "S",
      description = "Disc scales of the image features, multiples of the spot radius, each sampled every S pixels (default: ${DEFAULT-VALUE}).")
  List<Integer> scales;

  @Option(names = "--features-obsm", paramLabel = "KEY",
      description = "Use each .h5ad section's obsm/KEY (one row per spot) as the spots' own features instead of the image's.")
  String featuresObsm;

  @Option(names = "--features-csv", split = ",", paramLabel = "CSV",
      description = "Use these CSVs (one per section, the training sections' first; a header row, the spot barcode in the first column, numeric features after it) as the spots' own features instead of the image's.")
  List<Path> featuresCsv;

  @Option(names = "--ridge-alpha", defaultValue = "cv", paramLabel = "A",
      description = "Ridge penalty on z-scored features: a number, several separated by commas to choose among, or cv for"
          + " 1e-2, 10^-1.5, ..., 1e4; among several, the one of the best mean Pearson when each training section is"
          + " predicted from the others (default: ${DEFAULT-VALUE}).")
  String ridgeAlpha;

  @Option(names = "--knn", defaultValue = "cv", paramLabel = "K",
      description = "k of the kNN baseline: a number, several separated by commas, or cv for 1, 2, 3, 5, 7, 10, 15, 20,"
          + " 30, 50, chosen as --ridge-alpha (default: ${DEFAULT-VALUE}).")
  String knn;

  @Mixin NetworkOptions network;

  @Mixin OptimiserOptions optimiser;

  @Option(names = "--nfe", defaultValue = "5", description = "Euler steps of sampling (default: ${DEFAULT-VALUE}).")
  int nfe;

  @Option(names = "--samples", defaultValue = "8", description = "Source draws averaged per spot (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--feature-scaling", defaultValue = "per-section", paramLabel = "HOW",
      description = "per-section (each section's features z-scored with its own spots' mean and sd, which removes"
          + " staining differences between slides) or pooled (as computed), before every model's z-scores with the"
          + " training spots' mean and sd (default: ${DEFAULT-VALUE}).")
  FeatureScaling featureScaling;

  @Option(names = "--feature-pcs", defaultValue = "16", paramLabel = "P",
      description = "The flow sees the first P principal components of the z-scored features (fitted to the training spots;"
          + " at most as many as spots and features); 0 for the features themselves (default: ${DEFAULT-VALUE}).")
  int featurePcs;

  @Option(names = "--stack", defaultValue = "none", fallbackValue = "ridge", arity = "0..1", paramLabel = "BASELINE",
      description = "none, ridge or kernel-ridge: the flow also sees that baseline's prediction of the spot (for a training"
          + " spot from the baseline fitted to the other training sections); --stack alone is ridge (default: ${DEFAULT-VALUE}).")
  Stacking stack;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    run.apply();
    SpatialConfig cfg = new SpatialConfig(genes, neighbours, attention,
        grid("--ridge-alpha", ridgeAlpha, SpatialConfig.RIDGE_GRID, Double::valueOf),
        grid("--knn", knn, SpatialConfig.KNN_GRID, Integer::valueOf),
        network.spec(), optimiser.spec(), nfe, samples, featureScaling, featurePcs, stack);
    FeatureInput input = featureInput();
    if (images != null && !input.needsImage()) {
      throw new IllegalArgumentException("--image: the images are not used with precomputed features (--features-obsm, --features-csv); give one or the other");
    }
    if (images != null && images.size() != train.size() + 1) {
      throw new IllegalArgumentException("--image: expected " + (train.size() + 1) + " images (the training sections' and the test section's), got "
          + images.size());
    }
    long readStart = System.nanoTime();
    List<Section> trainSections = new ArrayList<>();
    for (int k = 0; k < train.size(); k++) {
      requireSection(train.get(k), "--train");
      trainSections.add(Section.read(train.get(k), images == null ? null : images.get(k), input.needsImage()));
    }
    requireSection(test, "--test");
    Section testSection = Section.read(test, images == null ? null : images.get(train.size()), input.needsImage());
    double readSeconds = (System.nanoTime() - readStart) / 1e9;
    SpatialResult r = SpatialFold.run(trainSections, testSection, input, source, cfg, seed, run.progress(), run.notes());

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("task", "spatial");
    json.put("source", source.cliName());
    json.putAll(summary(r, Method.FLOW));
    Map<String, Object> baselines = new LinkedHashMap<>();
    for (Method m : Method.values()) {
      if (m != Method.FLOW) {
        Map<String, Object> b = summary(r, m);
        for (Space sp : Space.values()) {
          if (m == Method.RIDGE) {
            b.put("alpha_" + sp.key, r.ridgeAlpha().get(sp));
          } else if (m == Method.KNN) {
            b.put("k_" + sp.key, r.knnK().get(sp));
          } else if (m == Method.KERNEL_RIDGE) {
            b.put("alpha_" + sp.key, r.kernelRidge().get(sp).alpha());
            b.put("gamma_scale_" + sp.key, r.kernelRidge().get(sp).gammaScale());
          }
        }
        baselines.put(m.key, b);
      }
    }
    json.put("baselines", baselines);
    json.put("train", train.stream().map(Path::toString).toList());
    json.put("test", test.toString());
    json.put("genes", genes);
    json.put("n_genes", r.genes().length);
    json.put("test_spots", r.test().spots());
    json.put("config", configJson(cfg));
    Object features = featuresObsm != null ? "obsm:" + featuresObsm
        : featuresCsv != null ? featuresCsv.stream().map(Path::toString).toList() : "image, scales " + scales;
    json.put("features", features);
    json.put("seed", seed);
    json.put("read_seconds", readSeconds);
    json.put("feature_seconds", r.featureSeconds());
    Map<String, Object> trainSec = new LinkedHashMap<>();
    r.trainSeconds().forEach((m, v) -> trainSec.put(m.key, v));
    json.put("train_seconds", trainSec);
    json.put("notes", r.notes());

    Files.createDirectories(out);
    H5ad.write(out.resolve("predicted.h5ad"), predicted(r));
    AtomicFile.writeString(out.resolve("genes.csv"), geneTable(r));
    List<String> written = new ArrayList<>(List.of(out.resolve("predicted.h5ad").toString(),
        out.resolve("genes.csv").toString()));
    List<Path> maps = SpatialMaps.write(r, seed, out);
    for (Path map : maps) {
      written.add(map.toString());
    }
    SpatialReport.Setup setup = new SpatialReport.Setup(train.stream().map(Path::toString).toList(), genes, features,
        source.cliName(), seed);
    written.add(SpatialReport.write(r, setup, maps, out).toString());
    written.add(out.resolve("metrics.json").toString());
    json.put("outputs", written);
    json.put("wall_seconds", (System.nanoTime() - start) / 1e9);
    JsonOutput.write(out.resolve("metrics.json"), json);
    if (run.json) {
      JsonOutput.print(spec.commandLine().getOut(), json);
    } else {
      var o = spec.commandLine().getOut();
      o.printf(Locale.ROOT, "%-18s %12s %12s %10s %10s%n", "", "Pearson raw", "Pearson norm", "MSE raw", "MSE norm");
      for (Method m : Method.values()) {
        Map<Space, SpatialScores> s = r.scores().get(m);
        o.printf(Locale.ROOT, "%-18s %12.4f %12.4f %10.4f %10.4f%n", m == Method.FLOW ? source.cliName() + " flow" : m.key,
            s.get(Space.RAW).meanPearson(), s.get(Space.NORM).meanPearson(), s.get(Space.RAW).mse(), s.get(Space.NORM).mse());
      }
    }
    return 0;
  }

  private FeatureInput featureInput() {
    if (featuresObsm != null && featuresCsv != null) {
      throw new IllegalArgumentException("--features-obsm and --features-csv: give one of them, not both");
    }
    if (featuresCsv != null) {
      if (featuresCsv.size() != train.size() + 1) {
        throw new IllegalArgumentException("--features-csv: expected " + (train.size() + 1)
            + " files (the training sections' and the test section's), got " + featuresCsv.size());
      }
      for (Path f : featuresCsv) {
        InputFiles.requireFile(f, "--features-csv");
      }
      return new FeatureInput.Csv(featuresCsv);
    }
    return featuresObsm != null ? new FeatureInput.Obsm(featuresObsm) : new FeatureInput.Image(scales);
  }

  /** {@code cv}: the default grid; else one value or several separated by commas. */
  private static <T> List<T> grid(String option, String spec, List<T> cv, java.util.function.Function<String, T> parse) {
    if (spec.strip().equals("cv")) {
      return cv;
    }
    List<T> out = new ArrayList<>();
    for (String v : spec.split(",")) {
      try {
        out.add(parse.apply(v.strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + ": expected cv, a number or numbers separated by commas, got '" + spec + "'");
      }
    }
    return out;
  }

  /** A section is an .h5ad file or a Space Ranger folder. */
  private static void requireSection(Path p, String option) {
    if (!Files.isDirectory(p)) {
      InputFiles.requireFile(p, option);
    }
  }

  private static Map<String, Object> summary(SpatialResult r, Method m) {
    Map<String, Object> s = new LinkedHashMap<>();
    Map<Space, SpatialScores> sc = r.scores().get(m);
    s.put("pearson_raw", sc.get(Space.RAW).meanPearson());
    s.put("pearson_norm", sc.get(Space.NORM).meanPearson());
    s.put("mse_raw", sc.get(Space.RAW).mse());
    s.put("mse_norm", sc.get(Space.NORM).mse());
    return s;
  }

  /** The flow's predictions: X raw log1p, layers/norm normalised log1p, obsm/spatial the image-pixel centres. */
  private static AnnData predicted(SpatialResult r) {
    Map<Space, SpatialScores> sc = r.scores().get(Method.FLOW);
    AnnData a = new AnnData(DenseMatrix.of(sc.get(Space.RAW).predicted()),
        new DataFrame("_index", r.test().counts().obs().index()), new DataFrame("_index", r.genes()));
    a.layers().put("norm", DenseMatrix.of(sc.get(Space.NORM).predicted()));
    a.obsm().put("spatial", DenseMatrix.of(r.test().xy()));
    return a;
  }

  /** One row per gene: its correlation for every method in both spaces. */
  private static String geneTable(SpatialResult r) {
    StringBuilder sb = new StringBuilder("gene");
    for (Space sp : Space.values()) {
      for (Method m : Method.values()) {
        sb.append(',').append(m.key).append("_pearson_").append(sp.key);
      }
    }
    sb.append('\n');
    for (int g = 0; g < r.genes().length; g++) {
      sb.append(r.genes()[g]);
      for (Space sp : Space.values()) {
        for (Method m : Method.values()) {
          double v = r.scores().get(m).get(sp).pearson()[g];
          sb.append(',').append(Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : "");
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** The settings as the flat JSON object {@code config}: each setting by its record name. */
  private static Map<String, Object> configJson(SpatialConfig cfg) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("genes", cfg.genes());
    c.put("neighbours", cfg.neighbours());
    c.put("attention", cfg.attention());
    c.put("ridgeAlphas", cfg.ridgeAlphas());
    c.put("knn", cfg.knnK());
    c.put("steps", cfg.optim().steps());
    c.put("batch", cfg.optim().batch());
    c.put("width", cfg.network().width());
    c.put("depth", cfg.network().depth());
    c.put("lr", cfg.optim().lr());
    c.put("emaDecay", cfg.optim().emaDecay());
    c.put("nfe", cfg.nfe());
    c.put("samples", cfg.samples());
    c.put("featureScaling", CliEnum.name(cfg.scaling()));
    c.put("featurePcs", cfg.featurePcs());
    c.put("stack", CliEnum.name(cfg.stack()));
    return c;
  }
}

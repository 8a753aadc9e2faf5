package org.flowmatch4j.tasks.trajectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.random.RandomGenerator;
import org.flowmatch4j.fm.coupling.PairSampler;
import org.flowmatch4j.fm.coupling.PairSupport;
import org.flowmatch4j.fm.coupling.Pairing;
import org.flowmatch4j.fm.metric.DiagonalMetric;
import org.flowmatch4j.fm.metric.MetricSpec;
import org.flowmatch4j.fm.path.GeodesicPath;
import org.flowmatch4j.fm.path.PhiTable;
import org.flowmatch4j.nn.Checkpoint;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.Tape;
import org.flowmatch4j.nn.Var;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.train.CheckpointPolicy;
import org.flowmatch4j.train.EarlyStopping;
import org.flowmatch4j.train.GeodesicFit;
import org.flowmatch4j.train.GeodesicObjective;
import org.flowmatch4j.train.MultiMarginalObjective;
import org.flowmatch4j.train.PreparedObjective;
import org.flowmatch4j.train.TrainConfig;
import org.flowmatch4j.train.TrainListener;
import org.flowmatch4j.train.TrainResult;
import org.flowmatch4j.train.Trainer;

/**
 * Metric flow matching over a time course (OT-MFM and I-MFM of Kapusniak et al., 2024), in two
 * stages on the same {@link Trainer}:
 *
 * <ol>
 *   <li>for every consecutive pair of training time points a metric ({@link MetricSpec}) is fitted
 *       to the cells of both, and the path network phi of a {@link GeodesicPath} is trained for at
 *       most {@code geodesicSteps} steps to minimise the metric energy of the paths between coupled
 *       cells ({@link GeodesicObjective}), with the seed {@code seed + 1}, stopping early when the
 *       energy of a fixed validation batch levels off ({@link GeodesicObjective#PLATEAU});
 *   <li>phi is frozen and the velocity field is trained by regression on the learned path exactly as
 *       the other methods are on theirs ({@link MultiMarginalObjective}), with the seed {@code seed};
 *       with whole-population pairing phi is read from a table of the plans' pairs ({@link
 *       #tabulate}).
 * </ol>
 *
 * With a flat metric (alpha = 0) the straight line is the exact geodesic and phi starts at zero, so
 * stage 1 is skipped and the run is the straight-path method with the same coupling and seed
 * (OT-CFM for otmfm, I-CFM for imfm).
 *
 * <p>Checkpoints: one file per run. During stage 1 it holds phi (section {@code net0}) and the
 * metrics (sections {@code metric<p>}); during stage 2 the velocity field ({@code net0}), the frozen
 * phi (section {@code phi}) and the metrics. Resuming continues whichever stage the file is in.
 */
final class MetricTrajectory {
  /** Largest table of phi stage 2 builds (floats: 128 MiB). */
  static final long MAX_TABLE_FLOATS = 1L << 25;

  private MetricTrajectory() {}

  /** See {@link TrajectoryModel#train}. */
  static TrajectoryModel train(TimeCourse tc, int[] train, TrajectoryConfig cfg, Pairing pairing, long seed,
      TrainListener listener, CheckpointPolicy checkpoints, String name) throws IOException {
    Matrix[] snaps = TrajectoryModel.snapshots(tc);
    double[] tau = TrajectoryModel.modelTimes(tc);
    List<DiagonalMetric> metrics = fitMetrics(snaps, train, cfg.metric(), seed);
    int d = tc.dim();
    Mlp phi = GeodesicPath.newPhi(d, cfg.network().width(), cfg.network().depth(), cfg.network().activation(), seed * 1_000_003L + 2);
    String flowName = cfg.matcher().cliName();
    Path file = checkpoints.dir() == null ? null : checkpoints.dir().resolve(name);
    boolean inStage2 = false;
    if (file != null && checkpoints.resume() && Files.exists(file)) {
      Checkpoint ck = Checkpoint.read(file);
      if (flowName.equals(ck.get("train.objective")) && ck.sections().contains("phi")) {
        phi.loadParameters(ck, "phi");
        inStage2 = true;
      }
    }
    TrainResult stage1 = new TrainResult(new float[0], 0, 0);
    if (!inStage2 && !cfg.metric().flat() && cfg.geodesicSteps() > 0) {
      long t0 = System.nanoTime();
      GeodesicObjective g = new GeodesicObjective(flowName + "-path", snaps, tau, train, metrics, pairing, phi, cfg.optim().batch());
      double setup = (System.nanoTime() - t0) / 1e9;
      stage1 = Trainer.train(g,
          checkpoints.apply(TrajectoryModel.trainConfig(cfg, cfg.geodesicSteps(), seed + 1), name), listener,
          new EarlyStopping(g.validation(seed + 1), GeodesicObjective.PLATEAU))
          .plusSeconds(setup);
    }
    GeodesicPath path = tabulate(new GeodesicPath(phi, cfg.sigma()), snaps, train, pairing,
        (long) cfg.optim().steps() * cfg.optim().batch() * (train.length - 1));
    Mlp net = TrajectoryModel.newVelocity(d, cfg, seed);
    long t0 = System.nanoTime();
    MultiMarginalObjective flow = new MultiMarginalObjective(flowName, snaps, tau, train, pairing, path, net,
        cfg.optim().batch());
    double setup = (System.nanoTime() - t0) / 1e9;
    TrainConfig c2 = checkpoints.apply(TrajectoryModel.trainConfig(cfg, cfg.optim().steps(), seed), name);
    if (c2.resume() && !inStage2) {
      c2 = new TrainConfig(c2.steps(), c2.adam(), c2.schedule(), c2.gradClip(), c2.emaDecay(), c2.seed(),
          c2.checkpoint(), c2.checkpointEvery(), false);
    }
    TrainResult r = Trainer.train(new WithPath(flow, phi, metrics), c2, listener).plusSeconds(setup);
    GeodesicFit fit = measure(snaps, train, pairing, metrics, phi, stage1, seed);
    return new TrajectoryModel(net, new TrainResult(r.losses(), r.seconds() + stage1.seconds(), r.stepsTaken()), fit);
  }

  /**
   * The metric of each consecutive pair of training time points, fitted to the cells of both.
   *
   * @throws IllegalArgumentException if fewer than 2 time points are trained on
   */
  static List<DiagonalMetric> fitMetrics(Matrix[] snaps, int[] train, MetricSpec spec, long seed) {
    if (train.length < 2) {
      throw new IllegalArgumentException("metric flow matching needs at least 2 time points to fit a metric between, got "
          + train.length);
    }
    List<DiagonalMetric> out = new ArrayList<>();
    for (int p = 0; p + 1 < train.length; p++) {
      Matrix a = snaps[train[p]];
      Matrix b = snaps[train[p + 1]];
      Matrix cells = new Matrix(a.rows + b.rows, a.cols);
      System.arraycopy(a.data, 0, cells.data, 0, a.data.length);
      System.arraycopy(b.data, 0, cells.data, a.data.length, b.data.length);
      out.add(spec.fit(cells, seed * 31 + p));
    }
    return out;
  }

  /**
   * The frozen path of stage 2, with phi read from a {@link PhiTable} ({@link PhiTable#INTERVALS}
   * intervals of t) when the pairing draws from a finite set of pairs (a whole-population plan) and
   * tabulating them evaluates phi on fewer rows than stage 2 would ({@code rows}) in a table of at
   * most {@link #MAX_TABLE_FLOATS} floats; otherwise the path as given.
   */
  static GeodesicPath tabulate(GeodesicPath path, Matrix[] snaps, int[] train, Pairing pairing, long rows) {
    List<PairSupport> supports = new ArrayList<>();
    long size = 0;
    for (int p = 0; p + 1 < train.length; p++) {
      Optional<PairSupport> s = pairing.support(snaps[train[p]], snaps[train[p + 1]]);
      if (s.isEmpty()) {
        return path;
      }
      supports.add(s.get());
      size += s.get().size();
    }
    long nodes = size * (PhiTable.INTERVALS + 1);
    int d = snaps[train[0]].cols;
    if (nodes >= rows || 2 * nodes * d > MAX_TABLE_FLOATS) {
      return path;
    }
    Matrix x0 = new Matrix((int) size, d);
    Matrix x1 = new Matrix((int) size, d);
    int at = 0;
    for (PairSupport s : supports) {
      System.arraycopy(s.x0().data, 0, x0.data, at, s.x0().data.length);
      System.arraycopy(s.x1().data, 0, x1.data, at, s.x1().data.length);
      at += s.x0().data.length;
    }
    return path.tabulated(new PairSupport(x0, x1), PhiTable.INTERVALS);
  }

  /** Length and energy of the straight and learned paths on the same coupled pairs of every pair of time points. */
  private static GeodesicFit measure(Matrix[] snaps, int[] train, Pairing pairing, List<DiagonalMetric> metrics,
      Mlp phi, TrainResult stage1, long seed) {
    List<PairSampler> pairs = new ArrayList<>();
    for (int p = 0; p + 1 < train.length; p++) {
      pairs.add(pairing.between(snaps[train[p]], snaps[train[p + 1]]).get());
    }
    return GeodesicFit.measure(phi, metrics, pairs, stage1, new SplittableRandom(seed));
  }

  /** Stage 2: the flow objective, with the frozen phi and the metrics stored in its checkpoints. */
  private record WithPath(MultiMarginalObjective flow, Mlp phi, List<DiagonalMetric> metrics)
      implements PreparedObjective<MultiMarginalObjective.Batch> {
    @Override
    public List<Mlp> networks() {
      return flow.networks();
    }

    @Override
    public String name() {
      return flow.name();
    }

    @Override
    public Map<String, String> header() {
      Map<String, String> h = new LinkedHashMap<>(flow.header());
      h.put("mfm.stage", "2");
      return h;
    }

    @Override
    public void writeState(Checkpoint ck) {
      phi.save(ck, "phi");
      for (int p = 0; p < metrics.size(); p++) {
        metrics.get(p).save(ck, "metric" + p);
      }
    }

    @Override
    public MultiMarginalObjective.Batch newBatch() {
      return flow.newBatch();
    }

    @Override
    public void prepare(RandomGenerator rng, MultiMarginalObjective.Batch batch, ForkJoinPool pool) {
      flow.prepare(rng, batch, pool);
    }

    @Override
    public Var loss(Tape tape, MultiMarginalObjective.Batch batch) {
      return flow.loss(tape, batch);
    }

    @Override
    public Var loss(Tape tape, RandomGenerator rng) {
      return flow.loss(tape, rng);
    }
  }
}

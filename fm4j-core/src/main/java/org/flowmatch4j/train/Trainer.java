package org.flowmatch4j.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flowmatch4j.nn.Adam;
import org.flowmatch4j.nn.AdamConfig;
import org.flowmatch4j.nn.Checkpoint;
import org.flowmatch4j.nn.Ema;
import org.flowmatch4j.nn.Gradients;
import org.flowmatch4j.nn.Mlp;
import org.flowmatch4j.nn.Parameter;
import org.flowmatch4j.nn.Tape;
import org.flowmatch4j.nn.Var;
import org.flowmatch4j.tensor.Matrix;
import org.flowmatch4j.tensor.Parallel;

/**
 * Trains the networks of an {@link Objective}: one optimiser step per minibatch, with the learning
 * rate schedule, global-norm gradient clipping and weight EMA of a {@link TrainConfig}, progress to
 * a {@link TrainListener}, and checkpoints that make an interrupted run resumable.
 *
 * <p>Randomness: step s draws everything from {@code new SplittableRandom(seed * 0x9E3779B97F4A7C15
 * + s)}, so a run resumed from a checkpoint at step s continues exactly as an uninterrupted run of
 * the same seed and thread count would (same minibatches, same losses, bit for bit).
 *
 * <p>A {@link PreparedObjective} has the minibatches of later steps prepared on the other threads
 * while step s trains (see {@link Prefetcher}); its minibatches are the same whatever the thread
 * count.
 *
 * <p>Checkpoint layout (see {@link Checkpoint}): network k in section {@code net<k>} (architecture
 * in the header), its Adam state in {@code adam<k>}, its EMA weights in {@code ema<k>}, the losses
 * so far in section {@code train} tensor {@code losses} (1 x steps), and header keys
 * {@code train.step}, {@code train.steps}, {@code train.seed}, {@code train.objective} plus the
 * objective's own keys and its untrained state ({@link Objective#writeState}).
 *
 * <p>When the run ends with EMA on, the networks hold the averaged weights (the ones to sample
 * with); checkpoints keep the training weights and the averages apart.
 */
public final class Trainer {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final String STOP_BEST = "train.stop.best";
  private static final String STOP_SINCE = "train.stop.since";

  private Trainer() {}

  /** The random generator of step {@code s} of a run with seed {@code seed}. */
  public static SplittableRandom stepRandom(long seed, long s) {
    return new SplittableRandom(seed * GOLDEN + s);
  }

  /**
   * Runs the training of {@code objective}, or resumes it when the configuration asks for it and
   * its checkpoint file exists.
   *
   * @throws DivergedException if the loss becomes non-finite (the listener's {@code onEnd} is
   *     called first, as on every way out of training)
   * @throws IllegalArgumentException if an existing checkpoint does not belong to this run
   * @throws UncheckedIOException if the checkpoint file cannot be read or written (a run without
   *     a checkpoint file touches no file)
   */
  public static TrainResult train(Objective objective, TrainConfig cfg, TrainListener listener) {
    return train(objective, cfg, listener, null);
  }

  /**
   * As {@link #train(Objective, TrainConfig, TrainListener)}, stopping before {@code cfg.steps()}
   * when {@code stop} (null for never) says so: after every {@code stop.rule().every()} steps the
   * validation loss is evaluated, with the EMA weights swapped in when EMA is on, and handed to
   * the rule. A run that stops writes its checkpoint (when it has a file) at the step it stopped
   * at, with the rule's state (header keys {@code train.stop.best}, {@code train.stop.since}), so a
   * resumed run goes on exactly as the uninterrupted one and a stopped one does not go on; its
   * result holds the losses of the steps taken.
   */
  public static TrainResult train(Objective objective, TrainConfig cfg, TrainListener listener, EarlyStopping stop) {
    List<Mlp> nets = objective.networks();
    List<Parameter> all = new ArrayList<>();
    List<Adam> adams = new ArrayList<>();
    List<Ema> emas = new ArrayList<>();
    for (Mlp net : nets) {
      all.addAll(net.parameters());
      adams.add(new Adam(net.parameters(), cfg.adam()));
      if (cfg.emaDecay() > 0) {
        emas.add(new Ema(net.parameters(), cfg.emaDecay()));
      }
    }
    float[] losses = new float[cfg.steps()];
    int start = 0;
    Path file = cfg.checkpoint();
    PlateauRule.Tracker plateau = stop == null ? null : new PlateauRule.Tracker(stop.rule());
    if (file != null && cfg.resume() && Files.exists(file)) {
      Checkpoint ck = read(file);
      start = resume(ck, file, objective, cfg, stop, adams, emas, losses);
      if (stop != null && ck.get(STOP_BEST) != null) {
        plateau = new PlateauRule.Tracker(stop.rule(), Double.parseDouble(ck.get(STOP_BEST)),
            Integer.parseInt(ck.get(STOP_SINCE)));
      }
    }
    int end = plateau != null && plateau.stopped() ? start : cfg.steps();
    listener.onStart(objective.name(), start, cfg.steps());
    Tape tape = new Tape();
    long t0 = System.nanoTime();
    long t1 = t0;
    try (Prefetcher<?> prefetch = prefetcher(objective, cfg)) {
      for (int s = start; s < end; s++) {
        tape.reset();
        for (Adam a : adams) {
          a.zeroGrad();
        }
        Var loss = prefetch != null ? prefetch.loss(tape, s) : objective.loss(tape, stepRandom(cfg.seed(), s));
        float value = loss.item();
        if (!Float.isFinite(value)) {
          throw new DivergedException(objective.name(), value, s + 1);
        }
        tape.backward(loss);
        if (cfg.gradClip() > 0) {
          Gradients.clipByGlobalNorm(all, cfg.gradClip());
        }
        double lr = cfg.lr(s);
        for (Adam a : adams) {
          a.step(lr);
        }
        for (Ema e : emas) {
          e.update(s);
        }
        losses[s] = value;
        listener.onStep(s + 1, value);
        if (plateau != null && stop.rule().evaluatesAfter(s + 1) && plateau.add(validate(stop, emas))) {
          end = s + 1;
        }
        boolean last = s + 1 == end;
        if (file != null && (last || (cfg.checkpointEvery() > 0 && (s + 1) % cfg.checkpointEvery() == 0))) {
          save(file, objective, cfg, s + 1, adams, emas, losses, plateau);
        }
      }
      t1 = System.nanoTime();
    } finally {
      listener.onEnd();
    }
    double seconds = (t1 - t0) / 1e9;
    for (int k = 0; k < emas.size(); k++) {
      emas.get(k).copyTo(nets.get(k).parameters());
    }
    return new TrainResult(end == cfg.steps() ? losses : Arrays.copyOf(losses, end), seconds, end - start);
  }

  /** The validation loss, with the EMA weights in the networks when EMA is on. */
  private static double validate(EarlyStopping stop, List<Ema> emas) {
    List<Ema.Applied> applied = new ArrayList<>();
    try {
      for (Ema e : emas) {
        applied.add(e.apply());
      }
      return stop.validation().getAsDouble();
    } finally {
      for (Ema.Applied a : applied) {
        a.close();
      }
    }
  }

  /**
   * A prefetcher when the objective prepares its minibatches apart from the networks, sized by
   * the thread setting ({@code org.flowmatch4j.tensor.Parallel}); null otherwise.
   */
  private static <B> Prefetcher<B> prefetcher(Objective objective, TrainConfig cfg) {
    if (!(objective instanceof PreparedObjective<?>)) {
      return null;
    }
    @SuppressWarnings("unchecked")
    PreparedObjective<B> prepared = (PreparedObjective<B>) objective;
    return new Prefetcher<>(prepared, cfg.seed(), cfg.steps(), Parallel.threads());
  }

  private static Checkpoint read(Path file) {
    try {
      return Checkpoint.read(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  private static void save(
      Path file, Objective objective, TrainConfig cfg, int step, List<Adam> adams, List<Ema> emas,
      float[] losses, PlateauRule.Tracker plateau) {
    Checkpoint ck = new Checkpoint();
    ck.putAll(runHeader(objective, cfg, plateau == null ? null : plateau.rule()));
    if (plateau != null) {
      ck.put(STOP_BEST, Double.toString(plateau.best()));
      ck.put(STOP_SINCE, Integer.toString(plateau.since()));
    }
    objective.writeState(ck);
    ck.put("train.step", Integer.toString(step));
    ck.put("train.steps", Integer.toString(cfg.steps()));
    List<Mlp> nets = objective.networks();
    for (int k = 0; k < nets.size(); k++) {
      nets.get(k).save(ck, "net" + k);
      adams.get(k).save(ck, "adam" + k);
      if (!emas.isEmpty()) {
        emas.get(k).save(ck, "ema" + k);
      }
    }
    Matrix l = new Matrix(1, step);
    System.arraycopy(losses, 0, l.data, 0, step);
    ck.putTensor("train", "losses", l);
    try {
      ck.write(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  /**
   * What identifies a run apart from its progress: the objective's header (its data fingerprint
   * among them), the architecture of every network, the seed and the optimiser, schedule,
   * clipping and EMA settings. A checkpoint resumes a run only when all of these agree.
   */
  static Map<String, String> runHeader(Objective objective, TrainConfig cfg, PlateauRule rule) {
    Map<String, String> h = new LinkedHashMap<>(objective.header());
    h.put("train.objective", objective.name());
    h.put("train.seed", Long.toString(cfg.seed()));
    AdamConfig adam = cfg.adam();
    h.put("train.optimizer", adam.decoupled() ? "adamw" : "adam");
    h.put("train.lr", Double.toString(adam.lr()));
    h.put("train.beta1", Double.toString(adam.beta1()));
    h.put("train.beta2", Double.toString(adam.beta2()));
    h.put("train.eps", Double.toString(adam.eps()));
    h.put("train.weightDecay", Double.toString(adam.weightDecay()));
    h.put("train.schedule", cfg.schedule() == null ? "constant" : cfg.schedule().toString());
    h.put("train.gradClip", Double.toString(cfg.gradClip()));
    h.put("train.emaDecay", Double.toString(cfg.emaDecay()));
    if (rule != null) {
      h.put("train.stop", rule.toString());
    }
    List<Mlp> nets = objective.networks();
    for (int k = 0; k < nets.size(); k++) {
      h.putAll(nets.get(k).config().toHeader("net" + k));
    }
    return h;
  }

  private static int resume(
      Checkpoint ck, Path file, Objective objective, TrainConfig cfg, EarlyStopping stop, List<Adam> adams,
      List<Ema> emas, float[] losses) {
    String step = ck.get("train.step");
    if (ck.get("train.seed") == null || step == null) {
      throw new IllegalArgumentException(file + ": not a training checkpoint (no train.seed / train.step)");
    }
    Map<String, String> expected = runHeader(objective, cfg, stop == null ? null : stop.rule());
    if (ck.get("train.optimizer") == null) {
      throw new IllegalArgumentException(file + ": checkpoint written by an earlier version, which did not record"
          + " its training data and options, so it cannot be checked against this run; remove it to train afresh");
    }
    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String found = ck.get(e.getKey());
      if (!e.getValue().equals(found)) {
        String what = e.getKey().equals(DataFingerprint.KEY) ? "training data (" + e.getKey() + ")" : e.getKey();
        differences.add(what + " is " + shown(found) + " in the checkpoint, " + shown(e.getValue())
            + " in this run");
      }
    }
    if (stop == null && ck.get("train.stop") != null) {
      differences.add("train.stop is " + ck.get("train.stop") + " in the checkpoint, absent in this run");
    }
    if (!differences.isEmpty()) {
      throw new IllegalArgumentException(file + ": checkpoint of other training data or options ("
          + String.join("; ", differences) + "); remove it or write elsewhere");
    }
    int s = Integer.parseInt(step);
    if (s > cfg.steps()) {
      throw new IllegalArgumentException(
          file + ": checkpoint is at step " + s + ", beyond the " + cfg.steps() + " steps asked for");
    }
    objective.readState(ck);
    List<Mlp> nets = objective.networks();
    for (int k = 0; k < nets.size(); k++) {
      nets.get(k).loadParameters(ck, "net" + k);
      adams.get(k).load(ck, "adam" + k);
      if (!emas.isEmpty()) {
        emas.get(k).load(ck, "ema" + k);
      }
    }
    Matrix l = ck.tensor("train", "losses");
    System.arraycopy(l.data, 0, losses, 0, Math.min(s, l.data.length));
    return s;
  }

  /** A header value for a message: absent values say so, digests are cut to 12 hex digits. */
  private static String shown(String value) {
    if (value == null) {
      return "absent";
    }
    return value.matches("[0-9a-f]{64}") ? value.substring(0, 12) + "..." : value;
  }
}

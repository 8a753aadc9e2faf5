package org.flowmatch4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowmatch4j.tasks.toy.ToyBenchmark;
import org.flowmatch4j.tasks.toy.ToyConfig;
import org.flowmatch4j.tensor.Parallel;
import org.flowmatch4j.train.GeodesicFit;

/** toy.json of {@code fm4j toy} (also its {@code --json} line): one JSON object made from {@link ToyRuns}. */
final class ToyJson {
  private ToyJson() {}

  /** The object of {@code runs}; {@code model} is the checkpoint written, or null for none. */
  static Map<String, Object> of(ToyRuns runs, String model) {
    ToyConfig cfg = runs.cfg();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("task", "toy");
    r.put("source", cfg.source().cliName());
    r.put("target", cfg.target().cliName());
    r.put("matcher", cfg.matcher().cliName());
    r.put("sigma", cfg.sigma());
    r.put("prediction", cfg.prediction().name().toLowerCase(Locale.ROOT));
    r.put("reflow", cfg.reflow());
    r.put("coupling", coupling(cfg));
    r.put("grad_clip", cfg.optim().gradClip());
    r.put("ema", cfg.optim().emaDecay());
    r.put("sampler", cfg.sampler().name().toLowerCase(Locale.ROOT));
    r.put("solver", cfg.solver().label());
    r.put("steps", cfg.optim().steps());
    r.put("batch", cfg.optim().batch());
    r.put("w2", runs.w2());
    r.put("w2_std", runs.w2Std());
    r.put("w2_floor", runs.w2Floor());
    r.put("ratio", runs.ratio());
    r.put("nfe", runs.nfe());
    r.put("train_seconds", runs.trainSeconds());
    r.put("steps_per_second", runs.stepsPerSecond());
    r.put("seed", runs.first().seed());
    r.put("seeds", runs.runs().stream().map(ToyRuns.SeedRun::seed).toList());
    r.put("threads", Parallel.threads());
    r.put("runs", runs.runs().stream().map(ToyJson::run).toList());
    if (runs.swept()) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (ToyRuns.SeedRun run : runs.runs()) {
        for (ToyBenchmark.SweepPoint p : run.sweep()) {
          rows.add(sweepRow(run.seed(), p));
        }
      }
      r.put("nfe_sweep", rows);
    }
    if (model != null) {
      r.put("model", model);
    }
    return r;
  }

  /** The coupling of the training pairs as the report and toy.json name it: {@code default} for the method's own. */
  static String coupling(ToyConfig cfg) {
    return cfg.coupling() == null ? "default" : cfg.coupling().create().toString();
  }

  private static Map<String, Object> run(ToyRuns.SeedRun run) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seed", run.seed());
    m.put("w2", run.result().w2());
    m.put("w2_floor", run.result().w2Floor());
    m.put("ratio", run.ratio());
    m.put("nfe", run.result().nfe());
    m.put("train_seconds", run.result().trainSeconds());
    m.put("steps_per_second", run.result().stepsPerSecond());
    m.put("final_loss", run.result().finalLoss());
    if (run.result().geodesic() != null) {
      m.put("geodesic", geodesic(run.result().geodesic()));
    }
    return m;
  }

  private static Map<String, Object> sweepRow(long seed, ToyBenchmark.SweepPoint p) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("seed", seed);
    row.put("solver", p.sampling().name());
    row.put("nfe", p.nfe());
    row.put("w2", p.w2());
    row.put("w2_floor", p.w2Floor());
    return row;
  }

  /** Metric flow matching: the learned path against the straight one. */
  private static Map<String, Object> geodesic(GeodesicFit g) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("metric", g.metrics().get(0).toString());
    SettingsJson.putPaths(j, g);
    return j;
  }
}

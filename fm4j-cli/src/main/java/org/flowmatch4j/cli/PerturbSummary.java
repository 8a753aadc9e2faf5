package org.flowmatch4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;
import org.flowmatch4j.tasks.perturbation.Baseline;
import org.flowmatch4j.tasks.perturbation.GroupResult;
import org.flowmatch4j.tasks.perturbation.Metric;
import org.flowmatch4j.tasks.perturbation.PerturbationConfig;
import org.flowmatch4j.tasks.perturbation.PerturbationResult;
import org.flowmatch4j.tasks.perturbation.Scores;
import org.flowmatch4j.tasks.perturbation.SetPooling;
import org.flowmatch4j.tasks.perturbation.Space;
import org.flowmatch4j.tensor.Parallel;

/**
 * The metrics JSON of {@code fm4j perturb}: the headline scGen R² (mean over seeds of the mean over
 * held-out groups, in gene space and on the top DEGs), the run's settings, and per held-out group
 * its cells, DEGs and the metric table of the model (mean, sd, each seed), baselines and ceiling.
 */
final class PerturbSummary {
  /** What the run was given that the result does not carry. */
  record Inputs(Path data, String conditionKey, String control, String contextKey, SetPooling pooling, int topDeg,
      long[] seeds) {}

  private PerturbSummary() {}

  /** The JSON object up to the notes; the command adds wall times and the written files. */
  static Map<String, Object> json(Inputs in, PerturbationResult r, PerturbationConfig cfg, String[] genes) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("task", "perturbation");
    double[] r2 = headline(r, Space.GENES);
    double[] r2Deg = headline(r, Space.DEG);
    json.put("r2_all", r2(r, Space.GENES));
    json.put("r2_deg", r2(r, Space.DEG));
    json.put("r2_all_seeds", r2);
    json.put("r2_deg_seeds", r2Deg);
    json.put("data", in.data().toString());
    json.put("condition_key", in.conditionKey());
    json.put("control", in.control());
    json.put("context_key", in.contextKey());
    json.put("embedding", r.embedding());
    json.put("condition_encoding", r.encoder());
    json.put("training_tasks", r.tasks());
    json.put("training_cells", r.trainingCells());
    putConfig(json, cfg, in);
    List<Map<String, Object>> groups = new ArrayList<>();
    for (GroupResult g : r.groups()) {
      groups.add(groupJson(g, genes));
    }
    json.put("groups", groups);
    json.put("train_seconds", r.trainSeconds());
    json.put("seed_seconds", r.seedSeconds());
    json.put("ms_per_step", r.msPerStep());
    json.put("final_loss", r.finalLoss());
    json.put("notes", r.notes());
    return json;
  }

  /** The headline: the model's scGen R^2 in one space, mean over the seeds of the mean over the held-out groups. */
  static double r2(PerturbationResult r, Space space) {
    return mean(headline(r, space));
  }

  /** The network as the JSON and the report name it: {@code depth x width activation, time raw|sinusoidal(k)}. */
  static String network(PerturbationConfig cfg) {
    return cfg.network().label() + ", time " + (cfg.timeEmbedding() == 0 ? "raw" : "sinusoidal(" + cfg.timeEmbedding() + ")");
  }

  /** A setting's name as the JSON and the report write it: lower case, {@code -} for {@code _}. */
  static String name(Enum<?> setting) {
    return setting.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The model's scGen R^2 per seed in one space, averaged over the held-out groups. */
  static double[] headline(PerturbationResult r, Space space) {
    double[] v = new double[r.seeds().length];
    for (GroupResult g : r.groups()) {
      double[] s = g.modelSeeds(space, Metric.R2);
      for (int k = 0; k < v.length; k++) {
        v[k] += s[k] / r.groups().size();
      }
    }
    return v;
  }

  private static void putConfig(Map<String, Object> json, PerturbationConfig cfg, Inputs in) {
    SettingsJson.putMethod(json, cfg.matcher(), cfg.coupling(), cfg.sigma(), cfg.optim());
    json.put("network", network(cfg));
    json.put("conditioning", CliEnum.conditioning(cfg.conditioning()));
    json.put("pooling", CliEnum.name(in.pooling()));
    json.put("optimizer", OptimiserOptions.label(cfg.optim()));
    json.put("ema", cfg.optim().emaDecay());
    json.put("condition_dropout", cfg.conditionDropout());
    json.put("guidance", cfg.guidance());
    json.put("samples_per_cell", cfg.samples());
    json.put("solver", cfg.solver().label());
    json.put("context_condition", cfg.context().name().toLowerCase(Locale.ROOT));
    json.put("decoding", name(cfg.decoding()));
    json.put("start", name(cfg.start()));
    json.put("mean_response", name(cfg.meanResponse()));
    json.put("zeros", name(cfg.zeros()));
    json.put("top_deg", in.topDeg());
    json.put("deg_ranking", "Wilcoxon rank-sum z (tie-averaged ranks, no tie correction), real perturbed vs real"
        + " control of the held-out context, top by z descending (up-regulated first)");
    json.put("seeds", in.seeds());
    json.put("threads", Parallel.threads());
  }


  private static Map<String, Object> groupJson(GroupResult g, String[] genes) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("context", g.group().context());
    m.put("condition", g.group().condition());
    if (!Double.isNaN(g.group().dose())) {
      m.put("dose", g.group().dose());
    }
    m.put("control_cells", g.controls().length);
    m.put("perturbed_cells", g.group().cells().length);
    List<String> deg = new ArrayList<>();
    for (int j : g.deg()) {
      deg.add(genes[j]);
    }
    m.put("deg", deg);
    m.put("deg_z", g.degScores());
    Map<String, Object> table = new LinkedHashMap<>();
    table.put("model", table(g::modelMean));
    table.put("model_std", table(g::modelStd));
    List<Object> perSeed = new ArrayList<>();
    for (Scores s : g.model()) {
      perSeed.add(scoresJson(s));
    }
    table.put("model_seeds", perSeed);
    for (Map.Entry<Baseline, Scores> e : g.baselines().entrySet()) {
      table.put(e.getKey().key, scoresJson(e.getValue()));
    }
    if (g.ceiling() != null) {
      table.put("ceiling", scoresJson(g.ceiling()));
    }
    m.put("table", table);
    if (g.noiseBound() != null) {
      Map<String, Object> bound = new LinkedHashMap<>();
      bound.put("genes", g.noiseBound().genes());
      bound.put("deg", g.noiseBound().deg());
      m.put("r2_noise_bound", bound);
    }
    Map<String, String> notes = new LinkedHashMap<>();
    g.baselineNotes().forEach((b, s) -> notes.put(b.key, s));
    notes.put("ceiling", "two random halves (seed 0) of the real perturbed cells, one scored against the other");
    notes.put("r2_noise_bound", "expected scGen R^2 of the exact population mean against the mean of the real perturbed"
        + " cells, S / (S + N): N the mean over genes of the variance of a gene's mean, S the variance of the means"
        + " across genes less N");
    m.put("baseline_notes", notes);
    m.put("beats_mean_shift", beats(g));
    m.put("r2_all_samples", g.r2Samples());
    return m;
  }

  /** For each space and metric: does the model's mean beat every mean-shift baseline? */
  static Map<String, Object> beats(GroupResult g) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Space s : Space.values()) {
      Map<String, Boolean> m = new LinkedHashMap<>();
      for (Metric k : s.metrics()) {
        boolean ok = true;
        boolean any = false;
        for (Baseline b : new Baseline[] {Baseline.MEAN_SHIFT, Baseline.MEAN_SHIFT_PER_CONTEXT}) {
          Scores sc = g.baselines().get(b);
          if (sc != null) {
            any = true;
            ok &= k.better(g.modelMean(s, k), sc.get(s, k));
          }
        }
        if (any) {
          m.put(k.key, ok);
        }
      }
      out.put(s.key, m);
    }
    return out;
  }

  /** One scores object as JSON: space -> metric -> value. */
  static Map<String, Map<String, Double>> scoresJson(Scores sc) {
    return table(sc::get);
  }

  /** Every space's metrics as JSON: space -> metric -> value. */
  private static Map<String, Map<String, Double>> table(ToDoubleBiFunction<Space, Metric> value) {
    Map<String, Map<String, Double>> t = new LinkedHashMap<>();
    for (Space s : Space.values()) {
      Map<String, Double> m = new LinkedHashMap<>();
      for (Metric k : s.metrics()) {
        m.put(k.key, value.applyAsDouble(s, k));
      }
      t.put(s.key, m);
    }
    return t;
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }
}

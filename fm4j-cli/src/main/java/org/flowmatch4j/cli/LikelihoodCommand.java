package org.flowmatch4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowmatch4j.data.Csv;
import org.flowmatch4j.data.Finite;
import org.flowmatch4j.data.Npy;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.data.h5ad.ReadOptions;
import org.flowmatch4j.fm.likelihood.DivergenceEstimator;
import org.flowmatch4j.fm.likelihood.DivergenceMethod;
import org.flowmatch4j.fm.likelihood.Likelihood;
import org.flowmatch4j.fm.likelihood.LikelihoodConfig;
import org.flowmatch4j.fm.likelihood.LikelihoodResult;
import org.flowmatch4j.fm.likelihood.ProbeDistribution;
import org.flowmatch4j.fm.solver.SolverKind;
import org.flowmatch4j.fm.solver.SolverSpec;
import org.flowmatch4j.fm.source.Density;
import org.flowmatch4j.io.AtomicFile;
import org.flowmatch4j.tasks.toy.ToyModel;
import org.flowmatch4j.tensor.Matrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fm4j likelihood}: the exact log-likelihood of points under a trained flow. */
@Command(
    name = "likelihood",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Log-likelihood of points under a trained flow (a continuous normalising flow).",
    description = {
      "Log-likelihood of points under a trained flow, a continuous normalising flow: integrates",
      "d/dt log p = -div v backwards from the data to the source density, with the exact divergence",
      "or Hutchinson's estimator, and reports the mean log-likelihood (nats), its spread, bits per",
      "dimension (-log p / (d ln 2); continuous data, so no dequantisation), NFE and time.",
      "Models: model.ckpt written by fm4j toy --out (source gaussian or 8gaussians).",
      "Points: CSV/TSV (the numeric columns), .npy, or .h5ad (--key X or obsm/NAME)."
    })
final class LikelihoodCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RunOptions run;

  @Option(names = "--model", required = true, paramLabel = "CKPT", description = "Trained model (model.ckpt of fm4j toy --out).")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "FILE", description = "Points: .csv/.tsv, .npy or .h5ad.")
  Path data;

  @Option(names = "--key", paramLabel = "KEY", description = "For .h5ad: X (default) or obsm/NAME.")
  String key;

  @Option(names = "--divergence", defaultValue = "exact",
      description = "Divergence: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  DivergenceMethod divergence;

  @Option(names = "--probes", paramLabel = "K", defaultValue = "8",
      description = "Hutchinson probes per point; K >= 2 gives each estimate a standard error (default: ${DEFAULT-VALUE}).")
  int probes;

  @Option(names = "--probe", defaultValue = "rademacher",
      description = "Probe distribution: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  ProbeDistribution probe;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the probes (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--solver", defaultValue = "dopri5",
      description = "ODE solver: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  SolverKind solver;

  @Mixin SolverOptions solverOptions;

  @Option(names = "--batch", defaultValue = "1024", description = "Points integrated together (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Per-point CSV: log_likelihood, standard_error, bits_per_dim, log_source.")
  Path out;

  @Override
  public Integer call() throws Exception {
    run.apply();
    if (divergence == DivergenceMethod.HUTCHINSON && probes < 1) {
      throw new IllegalArgumentException("--probes must be >= 1, got " + probes);
    }
    InputFiles.requireFile(model, "--model");
    InputFiles.requireFile(data, "--data");
    if (out != null) {
      OutputFile.check(out, "--out");
    }
    SolverSpec solverSpec = solverOptions.spec(solver);
    ToyModel m = ToyModel.read(model);
    Density p0 = m.source().density().orElseThrow(() -> new IllegalArgumentException(
        "model " + model + ": its source '" + m.source().cliName()
            + "' has no closed-form density; the likelihood needs a gaussian or 8gaussians source"));
    Matrix x = readPoints(data, key);
    if (x.cols != p0.dim()) {
      throw new IllegalArgumentException(
          "--data " + data + " has " + x.cols + " columns but the model " + model + " is " + p0.dim() + "-dimensional");
    }
    DivergenceEstimator est = divergence == DivergenceMethod.EXACT
        ? DivergenceEstimator.exact() : DivergenceEstimator.hutchinson(probe, probes, seed);
    LikelihoodConfig cfg = new LikelihoodConfig(solverSpec.create(), est, m.tEnd(), m.tStart(), batch);
    long start = System.nanoTime();
    LikelihoodResult r = Likelihood.evaluate(m.field(), p0, x, cfg);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (out != null) {
      writePerPoint(r);
    }
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("task", "likelihood");
    j.put("model", model.toString());
    j.put("data", data.toString());
    j.put("matcher", m.matcher().cliName());
    j.put("prediction", m.prediction().name().toLowerCase());
    j.put("source", m.source().cliName());
    j.put("n", r.size());
    j.put("dim", r.dim());
    j.put("divergence", est.label());
    j.put("solver", solverSpec.label());
    j.put("t_data", m.tEnd());
    j.put("t_source", m.tStart());
    j.put("log_likelihood", r.mean());
    j.put("log_likelihood_std", r.std());
    j.put("log_likelihood_sem", r.standardErrorOfMean());
    if (est.isStochastic()) {
      j.put("hutchinson_sem", r.probeStandardErrorOfMean());
    }
    j.put("bits_per_dim", r.bitsPerDim());
    j.put("dequantization", "none (continuous data)");
    j.put("nfe", r.nfe());
    j.put("batches", r.batches());
    j.put("seconds", seconds);
    j.put("seed", seed);
    j.put("threads", org.flowmatch4j.tensor.Parallel.threads());
    if (run.json) {
      JsonOutput.print(spec.commandLine().getOut(), j);
    } else {
      String hutch = est.isStochastic()
          ? String.format(Locale.ROOT, ", Hutchinson s.e. of the mean %.4f", r.probeStandardErrorOfMean()) : "";
      spec.commandLine().getOut().printf(Locale.ROOT,
          "%d points in %d dimensions: mean log-likelihood %.4f nats (std %.4f, s.e. %.4f%s), %.4f bits/dim,"
              + " %s divergence, %s, NFE %d, %.2f s%n",
          r.size(), r.dim(), r.mean(), r.std(), r.standardErrorOfMean(), hutch, r.bitsPerDim(), est.label(),
          solverSpec.label(), r.nfe(), seconds);
    }
    return 0;
  }

  /** Points from CSV/TSV (numeric columns), .npy (2-D) or .h5ad (X or obsm/NAME). */
  static Matrix readPoints(Path file, String key) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    Matrix m;
    if (name.endsWith(".h5ad")) {
      String k = key == null ? "X" : key;
      if (k.equals("X")) {
        m = H5ad.read(file, ReadOptions.metadata().withX(true)).requireX().toDense();
      } else if (k.startsWith("obsm/")) {
        m = H5ad.readObsm(file, k.substring(5));
      } else {
        throw new IllegalArgumentException("--key " + k + ": expected X or obsm/NAME for " + file);
      }
    } else {
      if (key != null) {
        throw new IllegalArgumentException("--key applies to .h5ad files only, got " + file);
      }
      m = name.endsWith(".npy") ? Npy.readMatrix(file) : Csv.read(file).toAnnData().requireX().toDense();
    }
    if (m.rows == 0 || m.cols == 0) {
      throw new IllegalArgumentException("--data " + file + " holds no points (shape " + m.rows + "x" + m.cols + ")");
    }
    Finite.require(m, file.toString());
    return m;
  }

  private void writePerPoint(LikelihoodResult r) throws IOException {
    StringBuilder sb = new StringBuilder("log_likelihood,standard_error,bits_per_dim,log_source\n");
    for (int i = 0; i < r.size(); i++) {
      sb.append(r.logLikelihood()[i]).append(',').append(r.standardError()[i]).append(',')
          .append(r.bitsPerDim(i)).append(',').append(r.logSource()[i]).append('\n');
    }
    AtomicFile.writeString(out, sb.toString());
  }
}

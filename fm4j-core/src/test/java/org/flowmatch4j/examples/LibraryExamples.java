package org.flowmatch4j.examples;

import java.util.SplittableRandom;
import org.flowmatch4j.FlowMatching;
import org.flowmatch4j.FlowModel;
import org.flowmatch4j.fm.Matcher;
import org.flowmatch4j.tensor.Matrix;

/**
 * The examples of {@code docs/library.md} that need only fm4j-core; the blocks between {@code
 * docs:begin} and {@code docs:end} are shown there verbatim ({@link LibraryExamplesTest}).
 */
final class LibraryExamples {
  private LibraryExamples() {}

  /** Trains a flow from a cloud at the origin to a blob at (4, -2) and samples 1,000 points. */
  static Matrix trainAndSample() {
    // docs:begin train-and-sample
    SplittableRandom rng = new SplittableRandom(0);
    float[][] source = new float[1000][2];
    float[][] target = new float[1000][2];
    for (int i = 0; i < 1000; i++) {
      source[i] = new float[] {(float) rng.nextGaussian(), (float) rng.nextGaussian()};
      target[i] = new float[] {4 + 0.5f * (float) rng.nextGaussian(), -2 + 0.5f * (float) rng.nextGaussian()};
    }
    FlowModel model = FlowMatching.builder()
        .matcher(Matcher.OTCFM).sigma(0.1)
        .network(64, 3)
        .steps(1000).seed(1)
        .fit(Matrix.of(source), Matrix.of(target));
    Matrix generated = model.sample(1000, new SplittableRandom(2));
    // docs:end
    return generated;
  }

  /** A flow from Gaussian noise, its log-likelihood, and a round trip through a file. */
  static double[] likelihoodAndFiles(java.nio.file.Path dir) {
    float[][] points = new float[100][2];
    SplittableRandom rng = new SplittableRandom(3);
    for (int i = 0; i < points.length; i++) {
      points[i] = new float[] {1 + 0.3f * (float) rng.nextGaussian(), 0.3f * (float) rng.nextGaussian()};
    }
    // docs:begin noise-likelihood-files
    FlowModel fromNoise = FlowMatching.builder().steps(200).seed(4).fit(Matrix.of(points));   // from N(0, I)
    double[] logp = fromNoise.logLikelihood(Matrix.of(points));     // nats, one per point
    fromNoise.save(dir.resolve("flow.fm4j"));
    FlowModel again = FlowModel.load(dir.resolve("flow.fm4j"));     // same weights, configuration and provenance
    Matrix halfway = again.push(Matrix.of(points), again.tEnd(), 0.5, FlowModel.DEFAULT_SOLVER);
    // docs:end
    return new double[] {logp[0], halfway.get(0, 0)};
  }
}

package org.flowmatch4j.examples;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.flowmatch4j.tasks.perturbation.PerturbationFlow;
import org.flowmatch4j.tasks.perturbation.PerturbationResponse;
import org.flowmatch4j.tensor.Matrix;

/**
 * The perturbation example of {@code docs/library.md}; the block between {@code docs:begin} and
 * {@code docs:end} is shown there verbatim ({@link PerturbationExamplesTest}).
 */
final class PerturbationExamples {
  private PerturbationExamples() {}

  /** Centre of each cell type's control cells. */
  static final double[][] CENTRES = {{0, 0}, {4, 1}, {1, 4}};
  /** What the stimulus does to every cell type: a shift by (2, -1). */
  static final double[] SHIFT = {2, -1};

  /**
   * 150 cells per (cell type, condition), sd 0.3 around the type's centre (plus {@link #SHIFT}
   * when stimulated), in the order A control, A stimulated, B control, B stimulated, C control:
   * type C is never seen stimulated.
   */
  static float[][] cells(String[] type, String[] condition) {
    SplittableRandom rng = new SplittableRandom(5);
    float[][] cells = new float[type.length][];
    for (int i = 0; i < type.length; i++) {
      double[] c = CENTRES[type[i].charAt(0) - 'A'];
      double s = condition[i].equals("stimulated") ? 1 : 0;
      cells[i] = new float[] {(float) (c[0] + s * SHIFT[0] + 0.3 * rng.nextGaussian()),
          (float) (c[1] + s * SHIFT[1] + 0.3 * rng.nextGaussian())};
    }
    return cells;
  }

  static String[] labels(String... perBlock) {
    String[] out = new String[150 * perBlock.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = perBlock[i / 150];
    }
    return out;
  }

  /** Fits A and B, predicts the stimulated cells of type C from its control cells, and keeps the flow in {@code dir}. */
  static Matrix predictStimulatedC(Path dir) {
    String[] cellType = labels("A", "A", "B", "B", "C");
    String[] condition = labels("control", "stimulated", "control", "stimulated", "control");
    float[][] cells = cells(cellType, condition);
    float[][] controlC = java.util.Arrays.copyOfRange(cells, 600, 750);
    // docs:begin perturbation
    // cells[i] is of cell type cellType[i] and was measured under condition[i]
    PerturbationFlow flow = PerturbationResponse.builder().steps(150).seed(1)
        .fit(cells, cellType, condition, "control");
    Matrix predicted = flow.predict(Matrix.of(controlC), "stimulated", 7);   // type C, never seen stimulated
    flow.save(dir.resolve("perturbation.fm4j"));
    PerturbationFlow again = PerturbationFlow.load(dir.resolve("perturbation.fm4j"));
    // docs:end
    if (!again.predict(Matrix.of(controlC), "stimulated", 7).equals(predicted)) {
      throw new AssertionError("the loaded flow predicts differently");
    }
    return predicted;
  }
}

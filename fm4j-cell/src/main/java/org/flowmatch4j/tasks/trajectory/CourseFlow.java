package org.flowmatch4j.tasks.trajectory;

import org.flowmatch4j.FittedModel;
import org.flowmatch4j.ModelFile;
import org.flowmatch4j.Provenance;
import org.flowmatch4j.io.RecordHeader;
import org.flowmatch4j.nn.Checkpoint;
import org.flowmatch4j.tensor.Matrix;

/**
 * A model fitted to a time course: the observed times it was fitted on, in the units of the time
 * labels, and their map to the model's clock, {@link TimeCourse#modelTime(double[], double)}.
 */
public abstract class CourseFlow extends FittedModel<TrajectoryConfig> {
  private final double[] times;

  /** The provenance of a flow fitted to every time point of {@code course}: the fingerprint of its snapshots. */
  static Provenance provenance(TimeCourse course) {
    Matrix[] snapshots = new Matrix[course.size()];
    for (int k = 0; k < course.size(); k++) {
      snapshots[k] = course.snapshot(k);
    }
    return Provenance.of(snapshots);
  }

  CourseFlow(double[] times, TrajectoryConfig config, long seed, Provenance provenance) {
    super(config, seed, provenance);
    this.times = times.clone();
  }

  /** Dimension d of a cell. */
  public abstract int dim();

  /** The observed times it was fitted on, increasing. */
  public final double[] times() {
    return times.clone();
  }

  /**
   * A checkpoint of kind {@code file} holding the provenance, the configuration (under {@code
   * trajectory.config}), the times and the seed, for the flow to add its networks.
   */
  final Checkpoint checkpoint(ModelFile file) {
    Checkpoint ck = file.start(provenance());
    ck.putAll(RecordHeader.write(config(), "trajectory.config"));
    ModelFile.putValues(ck, "trajectory.times", times());
    ck.put("trajectory.seed", Long.toString(seed()));
    return ck;
  }

  /** What {@link #checkpoint} stores, read back. */
  record Stored(double[] times, TrajectoryConfig config, long seed, Provenance provenance) {
    /** @throws IllegalArgumentException naming the key that is missing or malformed */
    static Stored of(Checkpoint ck) {
      return new Stored(ModelFile.values(ck, "trajectory.times"),
          RecordHeader.read(TrajectoryConfig.class, ck.header(), "trajectory.config"),
          Long.parseLong(ModelFile.entry(ck, "trajectory.seed")), ModelFile.provenance(ck));
    }
  }

  /** The model time of the observed time {@code t}. */
  public final double modelTime(double t) {
    return TimeCourse.modelTime(times, t);
  }
}

package org.flowmatch4j.tasks.generation;

import org.flowmatch4j.fm.source.CountModel;
import org.flowmatch4j.fm.source.CountTransform;
import org.flowmatch4j.fm.source.GaussianSource;
import org.flowmatch4j.fm.source.NegativeBinomialSource;
import org.flowmatch4j.fm.source.Source;
import org.flowmatch4j.fm.source.ZinbFit;
import org.flowmatch4j.fm.source.ZinbParameters;
import org.flowmatch4j.fm.source.ZinbSource;
import org.flowmatch4j.tensor.Matrix;

/** The source a count flow starts from; every count source is sampled in log1p space. */
public enum SourceKind {
  /** The standard Gaussian N(0, I_G). */
  GAUSSIAN("gaussian"),
  /** Per-gene ZINB fitted by maximum likelihood to the training counts, size factors of the training cells. */
  ZINB("zinb"),
  /** STFlow's fixed ZINB prior (theta = 1, mu = e^0.1, pi = 0.5), size factor 1. */
  ZINB_FIXED("zinb-fixed"),
  /** Per-gene NB fitted by maximum likelihood to the training counts, size factors of the training cells. */
  NB("nb");

  private final String cliName;

  SourceKind(String cliName) {
    this.cliName = cliName;
  }

  /** The name on the command line. */
  public String cliName() {
    return cliName;
  }


  /**
   * The source over the G genes of {@code counts}.
   *
   * @param counts training counts, n x G
   * @param sizeFactors the training cells' size factors (length n)
   * @param zinb the ZINB fit to these counts (used by {@link #ZINB})
   */
  public Source create(Matrix counts, double[] sizeFactors, ZinbParameters zinb) {
    int genes = counts.cols;
    return switch (this) {
      case GAUSSIAN -> new GaussianSource(genes);
      case ZINB_FIXED -> ZinbSource.stflow(genes, CountTransform.LOG1P);
      case ZINB -> new ZinbSource(zinb, sizeFactors, CountTransform.LOG1P);
      case NB -> new NegativeBinomialSource(ZinbFit.fit(counts, sizeFactors, CountModel.NB), sizeFactors,
          CountTransform.LOG1P);
    };
  }
}

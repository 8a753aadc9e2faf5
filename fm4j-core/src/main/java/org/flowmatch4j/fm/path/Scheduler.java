package org.flowmatch4j.fm.path;

/**
 * The two coefficients of an affine probability path and their time derivatives:
 *
 * <pre>  x_t = alpha_t * x1 + sigma_t * x0,   u_t = dAlpha_t * x1 + dSigma_t * x0 </pre>
 *
 * with {@code x0} drawn from the source and {@code x1} from the target. A scheduler should satisfy
 * {@code alpha_0 = 0, sigma_0 = 1} and {@code alpha_1 = 1, sigma_1 = 0}, possibly only
 * approximately (the variance-preserving and Lipman schedules stop short of the ends).
 *
 * <p>Time runs from 0 (source) to 1 (target), as in TorchCFM and Meta's flow_matching.
 */
public interface Scheduler {
  /** alpha_t, the weight of the target point x1. */
  double alpha(double t);

  /** sigma_t, the weight of the source point x0. */
  double sigma(double t);

  /** d alpha_t / dt. */
  double dAlpha(double t);

  /** d sigma_t / dt. */
  double dSigma(double t);
}

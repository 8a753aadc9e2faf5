package org.flowmatch4j.tasks.toy;

import java.util.Optional;
import java.util.random.RandomGenerator;
import org.flowmatch4j.fm.source.CountSampler;
import org.flowmatch4j.fm.source.Density;
import org.flowmatch4j.fm.source.GaussianMixtureSource;
import org.flowmatch4j.fm.source.GaussianSource;
import org.flowmatch4j.fm.source.Source;
import org.flowmatch4j.fm.source.ZinbParameters;
import org.flowmatch4j.tensor.Matrix;

/**
 * The built-in 2-D distributions of the flow-matching benchmarks. Each is a {@link Source} of
 * dimension 2 that samples i.i.d. points from the underlying continuous distribution.
 */
public enum ToyDistribution implements Source {
  /** The standard Gaussian N(0, I_2). */
  GAUSSIAN {
    @Override
    void draw(RandomGenerator rng, float[] p) {
      p[0] = (float) rng.nextGaussian();
      p[1] = (float) rng.nextGaussian();
    }
  },
  /**
   * Eight Gaussians of variance 0.1 (standard deviation sqrt(0.1)) centred on the circle of
   * radius 5 at angles k pi / 4, chosen with equal probability.
   */
  EIGHT_GAUSSIANS {
    private final double std = Math.sqrt(0.1);

    @Override
    void draw(RandomGenerator rng, float[] p) {
      double angle = rng.nextInt(8) * Math.PI / 4;
      p[0] = (float) (5 * Math.cos(angle) + std * rng.nextGaussian());
      p[1] = (float) (5 * Math.sin(angle) + std * rng.nextGaussian());
    }
  },
  /**
   * Two interleaving half circles with Gaussian noise 0.2, then scaled by 3 and shifted by -1 (the
   * scaling TorchCFM applies to scikit-learn's {@code make_moons}). The angle along each moon is
   * uniform on [0, pi] and each moon is chosen with probability 1/2: the distribution that
   * {@code make_moons} discretises.
   */
  MOONS {
    @Override
    void draw(RandomGenerator rng, float[] p) {
      double a = Math.PI * rng.nextDouble();
      double x;
      double y;
      if (rng.nextBoolean()) {
        x = Math.cos(a);
        y = Math.sin(a);
      } else {
        x = 1 - Math.cos(a);
        y = 1 - Math.sin(a) - 0.5;
      }
      x += 0.2 * rng.nextGaussian();
      y += 0.2 * rng.nextGaussian();
      p[0] = (float) (3 * x - 1);
      p[1] = (float) (3 * y - 1);
    }
  },
  /**
   * The S-curve of scikit-learn's {@code make_s_curve} seen from the side: {@code u = 3 pi (U -
   * 1/2)}, {@code (sin u, sign(u)(cos u - 1))}, with Gaussian noise 0.1, scaled by 2.
   */
  SCURVE {
    @Override
    void draw(RandomGenerator rng, float[] p) {
      double u = 3 * Math.PI * (rng.nextDouble() - 0.5);
      double x = Math.sin(u) + 0.1 * rng.nextGaussian();
      double y = Math.signum(u) * (Math.cos(u) - 1) + 0.1 * rng.nextGaussian();
      p[0] = (float) (2 * x);
      p[1] = (float) (2 * y);
    }
  },
  /**
   * The 4 x 4 checkerboard of FFJORD: uniform on the eight black squares of side 2 that tile
   * [-4, 4]^2.
   */
  CHECKERBOARD {
    @Override
    void draw(RandomGenerator rng, float[] p) {
      double x1 = 4 * rng.nextDouble() - 2;
      double x2 = rng.nextDouble() - 2 * rng.nextInt(2);
      x2 += Math.floorMod((long) Math.floor(x1), 2L);
      p[0] = (float) (2 * x1);
      p[1] = (float) (2 * x2);
    }
  },
  /**
   * The left end of the "arch" of metric flow matching (Kapusniak et al., 2024): points on the
   * upper half of the unit circle at angle {@code pi (1 - a)}, {@code a = |N(0, (1 / (2 pi))^2)|},
   * with the radius scaled by {@code 1 + N(0, 0.1^2)}. Its pair {@link #ARCH_END} lies at the other
   * end of the half circle; the straight line between them crosses the empty inside, the geodesic
   * along the data follows the arch.
   */
  ARCH_START {
    @Override
    void draw(RandomGenerator rng, float[] p) {
      arch(rng, Math.PI * (1 - archOffset(rng)), p);
    }
  },
  /** The right end of the arch: as {@link #ARCH_START} at angle {@code pi a}. */
  ARCH_END {
    @Override
    void draw(RandomGenerator rng, float[] p) {
      arch(rng, Math.PI * archOffset(rng), p);
    }
  },
  /**
   * STFlow's fixed zero-inflated negative binomial prior in log1p space: each coordinate is
   * {@code log1p(y)} with y = 0 with probability 1/2, else {@code y ~ NB(mean e^0.1, theta 1)}
   * (as {@link org.flowmatch4j.fm.source.ZinbSource#stflow} samples it). Discrete: it has no density.
   */
  ZINB_FIXED {
    @Override
    void draw(RandomGenerator rng, float[] p) {
      for (int k = 0; k < 2; k++) {
        long y = rng.nextDouble() < ZinbParameters.STFLOW_PI ? 0
            : CountSampler.negativeBinomial(rng, ZinbParameters.STFLOW_MU, ZinbParameters.STFLOW_THETA);
        p[k] = (float) Math.log1p(y);
      }
    }
  };

  abstract void draw(RandomGenerator rng, float[] point);

  /** {@code |N(0, (1 / (2 pi))^2)|}: how far along the half circle an end of the arch reaches. */
  private static double archOffset(RandomGenerator rng) {
    return Math.abs(rng.nextGaussian() / (2 * Math.PI));
  }

  /** The point at {@code angle} on the unit circle with its radius scaled by {@code 1 + N(0, 0.1^2)}. */
  private static void arch(RandomGenerator rng, double angle, float[] p) {
    double r = 1 + 0.1 * rng.nextGaussian();
    p[0] = (float) (r * Math.cos(angle));
    p[1] = (float) (r * Math.sin(angle));
  }

  @Override
  public int dim() {
    return 2;
  }

  @Override
  public void sample(RandomGenerator rng, Matrix out) {
    requireDim(out);
    float[] p = new float[2];
    for (int i = 0; i < out.rows; i++) {
      draw(rng, p);
      out.data[2 * i] = p[0];
      out.data[2 * i + 1] = p[1];
    }
  }

  /**
   * The closed-form density of the distribution, where it has one: the standard Gaussian and the
   * eight Gaussians (an equal-weight mixture with the same means and variance as {@link
   * #EIGHT_GAUSSIANS}); empty for the others.
   */
  public Optional<Density> density() {
    return switch (this) {
      case GAUSSIAN -> Optional.of(new GaussianSource(2));
      case EIGHT_GAUSSIANS -> {
        Matrix means = new Matrix(8, 2);
        for (int k = 0; k < 8; k++) {
          double angle = k * Math.PI / 4;
          means.data[2 * k] = (float) (5 * Math.cos(angle));
          means.data[2 * k + 1] = (float) (5 * Math.sin(angle));
        }
        yield Optional.of(GaussianMixtureSource.uniform(means, Math.sqrt(0.1)));
      }
      default -> Optional.empty();
    };
  }

  /** The command-line name: lower case, e.g. {@code 8gaussians}, {@code moons}, {@code zinb-fixed}. */
  public String cliName() {
    return this == EIGHT_GAUSSIANS ? "8gaussians" : name().toLowerCase().replace('_', '-');
  }

  /** The distribution with the given command-line name. */
  public static ToyDistribution fromCliName(String name) {
    for (ToyDistribution d : values()) {
      if (d.cliName().equalsIgnoreCase(name)) {
        return d;
      }
    }
    StringBuilder names = new StringBuilder();
    for (ToyDistribution d : values()) {
      names.append(names.length() == 0 ? "" : ", ").append(d.cliName());
    }
    throw new IllegalArgumentException("unknown toy distribution '" + name + "'; expected one of " + names);
  }
}

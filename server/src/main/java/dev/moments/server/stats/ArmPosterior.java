package dev.moments.server.stats;

import java.util.random.RandomGenerator;

/**
 * What Thompson sampling believes about one arm's mean: a Beta posterior for a binomial metric
 * (uniform Beta(1, 1) prior), a normal one for a mean metric (the sample mean with its standard
 * error, a flat prior). Pure: the random source is an input, so a seed reproduces every draw.
 */
public sealed interface ArmPosterior {

  /** One draw of the arm's mean. */
  double draw(RandomGenerator random);

  /**
   * Conversions out of units, after a uniform prior: Beta(1 + converted, 1 + units - converted).
   */
  record Beta(double alpha, double beta) implements ArmPosterior {
    public Beta {
      if (!(alpha > 0) || !(beta > 0)) {
        throw new IllegalArgumentException("Beta needs alpha, beta > 0: " + alpha + ", " + beta);
      }
    }

    @Override
    public double draw(RandomGenerator random) {
      double x = gamma(alpha, random);
      double y = gamma(beta, random);
      return x / (x + y);
    }
  }

  /** The arm's mean with its standard error (normal approximation of the sample mean). */
  record Normal(double mean, double standardError) implements ArmPosterior {
    public Normal {
      if (!Double.isFinite(mean) || !(standardError >= 0) || Double.isInfinite(standardError)) {
        throw new IllegalArgumentException(
            "Normal needs a finite mean and standard error: " + mean + ", " + standardError);
      }
    }

    @Override
    public double draw(RandomGenerator random) {
      return mean + standardError * random.nextGaussian();
    }
  }

  /**
   * The posterior of an arm's pooled sample, or null when it has too few units to say anything (a
   * mean metric needs two units for a variance; a binomial one none, its prior is uniform).
   */
  static ArmPosterior of(SampleStats arm, MetricType type) {
    if (type == MetricType.BINOMIAL) {
      long converted = Math.max(0, Math.min(arm.converted(), arm.n()));
      return new Beta(1 + converted, 1 + arm.n() - converted);
    }
    if (arm.n() < 2) {
      return null;
    }
    double mean = arm.sum() / arm.n();
    double variance = Math.max(0, (arm.sumSquares() - arm.n() * mean * mean) / (arm.n() - 1));
    return new Normal(mean, Math.sqrt(variance / arm.n()));
  }

  /**
   * Marsaglia and Tsang (2000), "A simple method for generating gamma variables", with the boost
   * Gamma(a) = Gamma(a + 1) * U^(1/a) for shape a < 1.
   */
  private static double gamma(double shape, RandomGenerator random) {
    if (shape < 1) {
      return gamma(shape + 1, random) * Math.pow(random.nextDouble(), 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = random.nextGaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = random.nextDouble();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
        return d * v;
      }
    }
  }
}

package dev.moments.server.stats;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * A point estimate with its standard error and the degrees of freedom of its fixed-horizon t
 * interval (Welch's, as in {@link LiftCalculator}; infinite means normal).
 */
public record Estimate(double estimate, double standardError, double degreesOfFreedom) {

  /** The Wald statistic, used by the group-sequential monitor. */
  public double z() {
    return estimate / standardError;
  }

  /** Fixed-horizon (1 - alpha) t interval and two-sided p-value, read once at the horizon. */
  public Effect effect(double alpha) {
    double quantile;
    double p;
    if (Double.isInfinite(degreesOfFreedom)) {
      quantile = -Gaussian.quantile(alpha / 2);
      p = 2 * Gaussian.cdf(-Math.abs(z()));
    } else {
      TDistribution t =
          new TDistribution(
              null, degreesOfFreedom, TDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY);
      quantile = t.inverseCumulativeProbability(1 - alpha / 2);
      p = 2 * t.cumulativeProbability(-Math.abs(z()));
    }
    return new Effect(
        estimate, Interval.around(estimate, quantile * standardError), Math.min(1, p));
  }

  boolean isFinite() {
    return Double.isFinite(estimate) && standardError > 0 && Double.isFinite(standardError);
  }
}

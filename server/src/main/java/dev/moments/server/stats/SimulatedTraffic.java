package dev.moments.server.stats;

import java.util.SplittableRandom;

/**
 * Daily sufficient statistics of simulated arms for {@link AaSimulation}. Drawing the sums directly
 * is exactly equivalent to drawing units and summing them, because the sums depend on the units
 * only through counts whose joint distribution is drawn exactly: a binomial count of conversions,
 * or for the covariate model the multinomial counts of the four (x, y) cells, drawn as the number
 * of units with x = 1 and then the conversions among units with x = 1 and x = 0.
 */
final class SimulatedTraffic {

  private SimulatedTraffic() {}

  /** Exact binomial draw as a sum of Bernoulli trials: simple, unbiased, ~500 per arm and day. */
  static long binomial(SplittableRandom random, long trials, double p) {
    long successes = 0;
    for (long i = 0; i < trials; i++) {
      if (random.nextDouble() < p) {
        successes++;
      }
    }
    return successes;
  }

  /**
   * Brownian motion through the looks of {@code b}: Z_k = S(t_k) / sqrt(t_k) for a standard
   * Brownian motion S. Returns how many of {@code paths} ever reach |Z_k| >= the boundary, which
   * under the null is the design's error rate with no data approximation in between.
   */
  static long brownianCrossings(Boundaries b, long paths, SplittableRandom random) {
    double[] t = b.informationFractions();
    long crossed = 0;
    for (long i = 0; i < paths; i++) {
      double sum = 0;
      for (int k = 0; k < t.length; k++) {
        sum += random.nextGaussian() * Math.sqrt(t[k] - (k == 0 ? 0 : t[k - 1]));
        if (Math.abs(sum / Math.sqrt(t[k])) >= b.z(k)) {
          crossed++;
          break;
        }
      }
    }
    return crossed;
  }

  /**
   * A binary outcome y with one binary covariate x (e.g. "converted in the lookback window"): P(x =
   * 1) = share, P(y = 1 | x) = rate(x). Chosen by {@link #forExplainedVariance} so x explains a
   * given share of y's variance.
   */
  record CovariateModel(double share, double rateWithout, double rateWith) {

    /**
     * The model with overall rate {@code baseline} in which x explains {@code explained} of the
     * variance of y (the squared correlation), when the share with x = 1 is the baseline too: then
     * corr(x, y) = rateWith - rateWithout.
     */
    static CovariateModel forExplainedVariance(double baseline, double explained) {
      double gap = Math.sqrt(explained);
      double without = baseline - baseline * gap;
      return new CovariateModel(baseline, without, without + gap);
    }

    /** The same units under a treatment that multiplies every rate by {@code factor}. */
    CovariateModel scaled(double factor) {
      return new CovariateModel(share, rateWithout * factor, rateWith * factor);
    }

    /** One arm's day of {@code units} units, as the fold would sum them. */
    CovariateMoments day(SplittableRandom random, long units) {
      long with = binomial(random, units, share);
      long convertedWith = binomial(random, with, rateWith);
      long converted = convertedWith + binomial(random, units - with, rateWithout);
      return CovariateMoments.of(
          units,
          converted,
          converted,
          new double[] {with},
          new double[] {with},
          new double[] {convertedWith});
    }
  }
}

package dev.moments.server.stats;

import java.util.List;

/**
 * One bandit arm's mean, not fooled by the changing split: a unit that entered in a period when the
 * arm's weight was w stands for 1/w units of that period's traffic (inverse-probability weighting,
 * normalised as Hajek's estimator):
 *
 * <pre>
 *   mean = sum over periods of (sum_t / w_t)  /  sum over periods of (n_t / w_t)
 * </pre>
 *
 * where n_t and sum_t are the units that entered the arm in period t (first exposure, so a sticky
 * unit stays in its entry period) and their total on the metric. Every arm is thus estimated over
 * the same mix of periods, the whole experiment's traffic, so a baseline that drifts over time
 * (weekends) moves every arm alike and the comparison stays fair; the pooled mean, sum / n, weights
 * each period by how much traffic the arm happened to get then and is biased by the drift
 * (Simpson's paradox).
 *
 * <p>Why inverse-probability rather than period-stratified (the mean of the per-period arm means
 * weighted by the period's traffic): the two agree in expectation, but stratification needs every
 * arm to have units in every period, and hourly updates of a small experiment with a 5 % floor
 * leave many (period, arm) cells empty (1,000 units a day: 2 expected units an hour, e^-2 = 14 % of
 * the cells empty); inverse-probability weighting needs only the period's weight, which the server
 * stores when it publishes it. The standard error is the linearised (sandwich) one:
 *
 * <pre>
 *   var = sum over periods of (sumSquares_t - 2 mean sum_t + mean^2 n_t) / w_t^2  /  (sum n_t / w_t)^2
 * </pre>
 */
public final class BanditEstimator {

  private BanditEstimator() {}

  /** The units that entered one arm during one update period, and the arm's weight then. */
  public record Period(SampleStats sample, double weight) {
    public Period {
      if (!(weight > 0) || weight > 1) {
        throw new IllegalArgumentException("a period's weight must be in (0, 1]: " + weight);
      }
    }
  }

  /**
   * @param error null, or "no_units" (the arm has no units: mean and standard error are NaN)
   */
  public record ArmEstimate(double mean, double standardError, long units, String error) {

    /** The normal posterior the report's "best arm with probability p" draws from. */
    public ArmPosterior posterior() {
      return new ArmPosterior.Normal(mean, standardError);
    }
  }

  /** The weighted mean of one arm over its periods. */
  public static ArmEstimate estimate(List<Period> periods) {
    double weightedUnits = 0;
    double weightedSum = 0;
    long units = 0;
    for (Period p : periods) {
      weightedUnits += p.sample().n() / p.weight();
      weightedSum += p.sample().sum() / p.weight();
      units += p.sample().n();
    }
    if (units == 0) {
      return new ArmEstimate(Double.NaN, Double.NaN, 0, "no_units");
    }
    double mean = weightedSum / weightedUnits;
    double residuals = 0;
    for (Period p : periods) {
      SampleStats s = p.sample();
      double squares = s.sumSquares() - 2 * mean * s.sum() + mean * mean * s.n();
      residuals += Math.max(0, squares) / (p.weight() * p.weight());
    }
    return new ArmEstimate(mean, Math.sqrt(residuals) / weightedUnits, units, null);
  }

  /** The pooled mean sum / n over all periods: what ignoring the changing split reports. */
  public static double pooledMean(List<Period> periods) {
    SampleStats total = SampleStats.EMPTY;
    for (Period p : periods) {
      total = total.plus(p.sample());
    }
    return total.sum() / total.n();
  }
}

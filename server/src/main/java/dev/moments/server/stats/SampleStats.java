package dev.moments.server.stats;

/**
 * Sufficient statistics of one variant on one metric: units, sum and sum of squares of the per-unit
 * values. Binomial metrics have per-unit values 0/1, so {@code sum == sumSquares == conversions}.
 * Mergeable, so per-day deltas (possibly negative) add up to the cumulative state.
 */
public record SampleStats(long n, double sum, double sumSquares) {

  public static final SampleStats EMPTY = new SampleStats(0, 0, 0);

  public static SampleStats binomial(long units, long conversions) {
    return new SampleStats(units, conversions, conversions);
  }

  public SampleStats plus(SampleStats other) {
    return new SampleStats(n + other.n, sum + other.sum, sumSquares + other.sumSquares);
  }

  /** Mean per unit; NaN when there are no units (callers check {@link #n()} first). */
  public double mean() {
    return sum / n;
  }

  /**
   * Per-unit variance: p(1-p) for binomial metrics, the sample variance (n-1) for mean metrics.
   * Clamped at zero because delta-encoded sums can leave a tiny negative rounding residue.
   */
  public double variance(MetricType type) {
    double mean = mean();
    double variance =
        type == MetricType.BINOMIAL ? mean * (1 - mean) : (sumSquares - sum * mean) / (n - 1);
    return Math.max(0, variance);
  }
}

package dev.moments.server.stats;

/**
 * BINOMIAL: did the unit convert at all (0/1 per unit). MEAN: the sum of the event values per unit.
 * RATIO: Σ numerator / Σ denominator over the arm's units (e.g. revenue per order), analysed by the
 * delta method ({@link RatioMoments}); as a sample it is mean-like ({@link
 * RatioMoments#asSample()}).
 */
public enum MetricType {
  BINOMIAL,
  MEAN,
  RATIO,
  /**
   * Did the unit have any event of the metric inside its window (0/1 per unit): binomial in the
   * statistics, over the units whose window has closed.
   */
  RETENTION;

  /** The type the estimators treat it as: retention is a binomial count of retained units. */
  public MetricType statistic() {
    return this == RETENTION ? BINOMIAL : this;
  }
}

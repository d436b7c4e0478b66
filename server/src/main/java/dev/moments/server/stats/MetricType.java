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
  RATIO
}

package dev.moments.server.stats;

/**
 * BINOMIAL: did the unit convert at all (0/1 per unit). MEAN: the sum of the event values per unit.
 */
public enum MetricType {
  BINOMIAL,
  MEAN
}

package dev.moments.server.stats;

import java.util.OptionalDouble;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * Sample-ratio mismatch check: chi-square goodness of fit of exposed units against configured
 * weights.
 */
public final class SampleRatio {

  /** Below this p-value the split is considered broken. */
  public static final double MISMATCH_P_VALUE = 0.001;

  private SampleRatio() {}

  /**
   * @return the p-value, or empty when there is nothing to test (no units, or fewer than two
   *     weighted variants)
   */
  public static OptionalDouble pValue(long[] units, double[] weights) {
    if (units.length != weights.length) {
      throw new IllegalArgumentException(
          "units and weights differ in length: " + units.length + " vs " + weights.length);
    }
    double totalWeight = 0;
    long totalUnits = 0;
    int weighted = 0;
    for (int i = 0; i < units.length; i++) {
      if (weights[i] < 0 || units[i] < 0) {
        throw new IllegalArgumentException("negative units or weight at index " + i);
      }
      totalWeight += weights[i];
      totalUnits += units[i];
      weighted += weights[i] > 0 ? 1 : 0;
    }
    if (totalUnits == 0 || weighted < 2) {
      return OptionalDouble.empty();
    }
    double statistic = 0;
    for (int i = 0; i < units.length; i++) {
      if (weights[i] == 0) {
        if (units[i] > 0) {
          return OptionalDouble.of(0); // units in a variant that should get none: certainly broken
        }
        continue;
      }
      double expected = totalUnits * weights[i] / totalWeight;
      double deviation = units[i] - expected;
      statistic += deviation * deviation / expected;
    }
    ChiSquaredDistribution chi2 = new ChiSquaredDistribution(null, weighted - 1);
    return OptionalDouble.of(1 - chi2.cumulativeProbability(statistic));
  }

  public static boolean mismatch(double pValue) {
    return pValue < MISMATCH_P_VALUE;
  }
}

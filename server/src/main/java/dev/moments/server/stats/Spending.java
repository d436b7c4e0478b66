package dev.moments.server.stats;

/**
 * Lan-DeMets alpha-spending functions for a two-sided, symmetric design: the share of the total
 * two-sided alpha that may have been spent by information fraction t. Both are rpact's definitions,
 * so boundaries can be checked against {@code getDesignGroupSequential(sided = 2)}.
 */
public enum Spending {
  /**
   * rpact "asOF": each side spends like O'Brien-Fleming at alpha/2, {@code 4 (1 - Phi(z(1 -
   * alpha/4) / sqrt(t)))}. Almost nothing early, nearly the fixed test's level at the end.
   */
  OBRIEN_FLEMING,
  /** rpact "asP": {@code alpha ln(1 + (e - 1) t)}. Spends evenly; stops early more often. */
  POCOCK;

  /** Cumulative two-sided alpha spent by information fraction t in [0, 1]. */
  public double cumulativeAlpha(double alpha, double t) {
    if (t <= 0) {
      return 0;
    }
    double capped = Math.min(t, 1);
    return switch (this) {
      case OBRIEN_FLEMING -> 4 * Gaussian.cdf(Gaussian.quantile(alpha / 4) / Math.sqrt(capped));
      case POCOCK -> alpha * Math.log(1 + (Math.E - 1) * capped);
    };
  }

  /** The name used in the API ({@code stats.spending}). */
  public String apiName() {
    return this == OBRIEN_FLEMING ? "obrien_fleming" : "pocock";
  }

  /** The spending with this API name; IllegalArgumentException for any other text. */
  public static Spending ofApiName(String name) {
    for (Spending spending : values()) {
      if (spending.apiName().equals(name)) {
        return spending;
      }
    }
    throw new IllegalArgumentException("unknown spending: " + name);
  }
}

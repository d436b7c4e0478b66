package dev.moments.server.stats;

/**
 * How a comparison is tested: significance level, and either a fixed-horizon Welch t test or an
 * always-valid confidence sequence tuned for {@code plannedTotalUnits} (N*, units of all arms).
 */
public record TestSettings(double alpha, boolean sequential, double plannedTotalUnits) {

  public TestSettings {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0,1), got " + alpha);
    }
    if (sequential && !(plannedTotalUnits > 0 && Double.isFinite(plannedTotalUnits))) {
      throw new IllegalArgumentException(
          "planned total units must be positive, got " + plannedTotalUnits);
    }
  }

  public static TestSettings fixedHorizon(double alpha) {
    return new TestSettings(alpha, false, 0);
  }

  public static TestSettings sequential(double alpha, double plannedTotalUnits) {
    return new TestSettings(alpha, true, plannedTotalUnits);
  }
}

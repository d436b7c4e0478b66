package dev.moments.server.stats;

/**
 * Treatment versus control on one metric. Either {@code error} is null and every number is finite,
 * or {@code error} names why no test was possible (e.g. {@code zero_control_mean}) and the effects
 * are null.
 *
 * @param relative (muT - muC) / muC with a delta-method standard error
 * @param absolute muT - muC
 * @param chanceToBeat P(relative lift > 0) under a flat prior and a normal approximation
 */
public record LiftResult(String error, Effect relative, Effect absolute, double chanceToBeat) {

  public static final String TOO_FEW_UNITS = "too_few_units";
  public static final String ZERO_CONTROL_MEAN = "zero_control_mean";
  public static final String ZERO_VARIANCE = "zero_variance";

  /**
   * An arm's sum or sum of squares is not a finite number (a value near 1e308, stored before values
   * were capped at 1e12, or by hand): no figure can be computed from it, and none is shown.
   */
  public static final String NON_FINITE_SUM = "non_finite_sum";

  static LiftResult degenerate(String error) {
    return new LiftResult(error, null, null, Double.NaN);
  }

  public boolean ok() {
    return error == null;
  }
}

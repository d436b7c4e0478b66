package dev.moments.server.stats;

/**
 * Treatment against control on a ratio metric (Σ numerator / Σ denominator per arm, e.g. revenue
 * per order) with delta-method variances (Deng, Knoblich and Lu 2018): each arm's ratio of means
 * has the variance of {@link RatioMoments#ratioVariance()}, the arms are independent, and the
 * relative lift R_T / R_C - 1 gets the delta method once more.
 */
public final class RatioEstimator {

  public static final String ZERO_DENOMINATOR = "zero_denominator";

  private RatioEstimator() {}

  /**
   * @param error null, or why there is no comparison ({@link LiftResult#TOO_FEW_UNITS}, {@link
   *     #ZERO_DENOMINATOR}, {@link LiftResult#ZERO_CONTROL_MEAN}, {@link LiftResult#ZERO_VARIANCE})
   */
  public record Result(
      String error, double controlRatio, double treatmentRatio, LiftEstimate lift) {
    static Result degenerate(String error) {
      return new Result(error, Double.NaN, Double.NaN, null);
    }

    public boolean ok() {
      return error == null;
    }
  }

  public static Result compare(RatioMoments control, RatioMoments treatment) {
    if (control.n() < 2 || treatment.n() < 2) {
      return Result.degenerate(LiftResult.TOO_FEW_UNITS);
    }
    if (!control.sumsFinite() || !treatment.sumsFinite()) {
      return Result.degenerate(LiftResult.NON_FINITE_SUM);
    }
    if (control.sumDenominator() == 0 || treatment.sumDenominator() == 0) {
      return Result.degenerate(ZERO_DENOMINATOR);
    }
    double c = control.ratio();
    double t = treatment.ratio();
    if (c == 0) {
      return Result.degenerate(LiftResult.ZERO_CONTROL_MEAN);
    }
    LiftEstimate lift =
        LiftEstimate.of(
            c, control.ratioVariance(), control.n(), t, treatment.ratioVariance(), treatment.n());
    if (!lift.isFinite()) {
      return Result.degenerate(LiftResult.ZERO_VARIANCE);
    }
    return new Result(null, c, t, lift);
  }
}

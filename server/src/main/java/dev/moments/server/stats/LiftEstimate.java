package dev.moments.server.stats;

/**
 * Treatment against control on both scales.
 *
 * @param relative treatment / control - 1, delta-method standard error
 * @param absolute treatment - control
 */
public record LiftEstimate(Estimate relative, Estimate absolute) {

  /**
   * Relative and absolute lift of {@code treatment} over {@code control} by the delta method, for
   * two independent arm estimates with the given variances of the estimates (not of the units).
   * Welch's degrees of freedom come from the absolute-scale variances.
   */
  static LiftEstimate of(
      double control,
      double varControl,
      long nControl,
      double treatment,
      double varTreatment,
      long nTreatment) {
    double absoluteVariance = varControl + varTreatment;
    double relativeVariance =
        varTreatment / (control * control)
            + treatment * treatment * varControl / (control * control * control * control);
    double df = welch(varControl, nControl, varTreatment, nTreatment);
    return new LiftEstimate(
        new Estimate(treatment / control - 1, Math.sqrt(relativeVariance), df),
        new Estimate(treatment - control, Math.sqrt(absoluteVariance), df));
  }

  /**
   * The lift of one arm's sample over the control's, as {@link LiftCalculator} computes it (the
   * same per-unit variances), for the group-sequential monitor; null when no comparison is possible
   * (fewer than 2 units in an arm, a control mean of 0, no variance).
   */
  public static LiftEstimate between(SampleStats control, SampleStats treatment, MetricType type) {
    if (control.n() < 2 || treatment.n() < 2 || control.mean() == 0) {
      return null;
    }
    LiftEstimate lift =
        of(
            control.mean(),
            control.variance(type) / control.n(),
            control.n(),
            treatment.mean(),
            treatment.variance(type) / treatment.n(),
            treatment.n());
    return lift.isFinite() ? lift : null;
  }

  /** Welch-Satterthwaite from the variances of the two arm estimates. */
  static double welch(double varControl, long nControl, double varTreatment, long nTreatment) {
    double sum = varControl + varTreatment;
    return sum
        * sum
        / (varControl * varControl / (nControl - 1)
            + varTreatment * varTreatment / (nTreatment - 1));
  }

  /**
   * log(treatment / control) with its delta-method standard error, se(relative) / (1 + relative):
   * the statistic of the group-sequential test. Its Wald test is as strong as the test of the
   * absolute difference, where the relative lift's own is weaker (at a +10 % lift its z is about 5
   * % smaller, because the control's noise enters the ratio scaled by the lift). Its interval maps
   * to the relative scale by {@link #relativeFromLog}, so the decision (|z| against the boundary)
   * and the interval (excluding 0) always agree. NaN when the ratio is not positive.
   */
  public Estimate logRatio() {
    double ratio = 1 + relative.estimate();
    return new Estimate(
        ratio > 0 ? Math.log(ratio) : Double.NaN,
        relative.standardError() / ratio,
        relative.degreesOfFreedom());
  }

  /** An interval for log(treatment / control) as one for the relative lift: exp(end) - 1. */
  public static Interval relativeFromLog(Interval log) {
    return new Interval(Math.expm1(log.low()), Math.expm1(log.high()));
  }

  boolean isFinite() {
    return relative.isFinite() && absolute.isFinite();
  }
}

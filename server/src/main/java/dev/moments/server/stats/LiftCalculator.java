package dev.moments.server.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Relative and absolute lift of a treatment over the control.
 *
 * <p>Relative lift uses the delta-method variance {@code s2T/(muC^2 nT) + s2C muT^2/(muC^4 nC)};
 * both scales use Welch's degrees of freedom from the absolute-scale variances (as GrowthBook's
 * gbstats does). Sequential settings replace the t interval and p-value by the always-valid
 * confidence sequence.
 *
 * <p>A binomial metric's rates are non-negative, so its true relative lift is at least -100 %; the
 * symmetric delta-method interval can reach below that on small samples, and is then cut at -100 %
 * (the truth always lies above the cut, so coverage is unchanged, and the cut is below 0, so the
 * interval still excludes 0 exactly when the p-value is below alpha). A mean metric's values may be
 * negative (refunds), where a ratio below -100 % is possible, so its interval is kept.
 */
public final class LiftCalculator {

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  private LiftCalculator() {}

  public static LiftResult compare(
      SampleStats control, SampleStats treatment, MetricType type, TestSettings settings) {
    return compare(control, treatment, type, settings, type == MetricType.BINOMIAL);
  }

  /**
   * @param nonNegative no unit of either arm has a value below 0 (rates; a mean metric without
   *     negative unit totals): the true means are then >= 0, the relative lift >= -100 %, and the
   *     interval is cut there
   */
  public static LiftResult compare(
      SampleStats control,
      SampleStats treatment,
      MetricType type,
      TestSettings settings,
      boolean nonNegative) {
    if (control.n() < 2 || treatment.n() < 2) {
      return LiftResult.degenerate(LiftResult.TOO_FEW_UNITS);
    }
    double meanC = control.mean();
    double meanT = treatment.mean();
    // a ratio's sample has no mean where its denominator sums to 0 (RatioMoments.asSample)
    if (type == MetricType.RATIO && (Double.isNaN(meanC) || Double.isNaN(meanT))) {
      return LiftResult.degenerate(RatioEstimator.ZERO_DENOMINATOR);
    }
    // before, an infinite sum of squares read as zero_variance (the intervals came out infinite)
    if (!control.sumsFinite() || !treatment.sumsFinite()) {
      return LiftResult.degenerate(LiftResult.NON_FINITE_SUM);
    }
    if (meanC == 0) {
      return LiftResult.degenerate(LiftResult.ZERO_CONTROL_MEAN);
    }
    double varC = control.variance(type);
    double varT = treatment.variance(type);
    double nC = control.n();
    double nT = treatment.n();
    double absoluteSe = Math.sqrt(varT / nT + varC / nC);
    double relativeSe =
        Math.sqrt(varT / (meanC * meanC * nT) + varC * meanT * meanT / Math.pow(meanC, 4) / nC);
    if (!(absoluteSe > 0) || !(relativeSe > 0)) {
      return LiftResult.degenerate(LiftResult.ZERO_VARIANCE);
    }
    double df = welchDegreesOfFreedom(varC, nC, varT, nT);
    return result(
        new LiftEstimate(
            new Estimate((meanT - meanC) / meanC, relativeSe, df),
            new Estimate(meanT - meanC, absoluteSe, df)),
        nC + nT,
        type,
        settings,
        nonNegative);
  }

  /**
   * The lift of an estimate made elsewhere (CUPED's adjusted arms, {@link CupedEstimator}) with the
   * same intervals, p-values and chance to beat as {@link #compare}.
   *
   * @param totalUnits both arms' units (N of the always-valid confidence sequence)
   * @param nonNegative as for {@link #compare}: every unit's value is >= 0, so the true lift is >=
   *     -100 % however the adjustment moved the estimate
   */
  public static LiftResult fromEstimate(
      LiftEstimate lift,
      long totalUnits,
      MetricType type,
      TestSettings settings,
      boolean nonNegative) {
    if (!(lift.absolute().standardError() > 0) || !(lift.relative().standardError() > 0)) {
      return LiftResult.degenerate(LiftResult.ZERO_VARIANCE);
    }
    return result(lift, totalUnits, type, settings, nonNegative);
  }

  private static LiftResult result(
      LiftEstimate lift,
      double totalUnits,
      MetricType type,
      TestSettings settings,
      boolean nonNegative) {
    Estimate rel = lift.relative();
    Estimate abs = lift.absolute();
    double df = abs.degreesOfFreedom();
    Effect relative = effect(rel.estimate(), rel.standardError(), df, totalUnits, settings);
    if (nonNegative || type == MetricType.BINOMIAL) {
      relative = atLeastMinus100Percent(relative);
    }
    Effect absolute = effect(abs.estimate(), abs.standardError(), df, totalUnits, settings);
    double chanceToBeat =
        STANDARD_NORMAL.cumulativeProbability(relative.estimate() / rel.standardError());
    if (!allFinite(relative, absolute, chanceToBeat)) {
      return LiftResult.degenerate(LiftResult.ZERO_VARIANCE);
    }
    return new LiftResult(null, relative, absolute, chanceToBeat);
  }

  static double welchDegreesOfFreedom(double varC, double nC, double varT, double nT) {
    double c = varC / nC;
    double t = varT / nT;
    return (c + t) * (c + t) / (c * c / (nC - 1) + t * t / (nT - 1));
  }

  private static Effect effect(
      double estimate, double se, double df, double totalUnits, TestSettings settings) {
    if (settings.sequential()) {
      ConfidenceSequence sequence =
          new ConfidenceSequence(settings.alpha(), settings.plannedTotalUnits());
      double halfWidth = sequence.halfWidth(se, totalUnits);
      return new Effect(
          estimate,
          Interval.around(estimate, halfWidth),
          sequence.pValue(estimate, se, totalUnits));
    }
    TDistribution t = new TDistribution(null, df, TDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY);
    double halfWidth = t.inverseCumulativeProbability(1 - settings.alpha() / 2) * se;
    // 2 * P(T <= -|t|) keeps precision for tiny p-values where 1 - cdf would round to 0
    double pValue = Math.min(1, 2 * t.cumulativeProbability(-Math.abs(estimate / se)));
    return new Effect(estimate, Interval.around(estimate, halfWidth), pValue);
  }

  private static Effect atLeastMinus100Percent(Effect relative) {
    Interval ci = relative.ci();
    return new Effect(
        relative.estimate(), new Interval(Math.max(-1, ci.low()), ci.high()), relative.pValue());
  }

  private static boolean allFinite(Effect relative, Effect absolute, double chanceToBeat) {
    return finite(relative) && finite(absolute) && Double.isFinite(chanceToBeat);
  }

  private static boolean finite(Effect e) {
    return Double.isFinite(e.estimate())
        && Double.isFinite(e.ci().low())
        && Double.isFinite(e.ci().high())
        && Double.isFinite(e.pValue());
  }
}

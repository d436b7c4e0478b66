package dev.moments.server.report;

import dev.moments.server.stats.CovariateMoments;
import dev.moments.server.stats.CupedEstimator;
import dev.moments.server.stats.CupedResult;
import dev.moments.server.stats.LiftCalculator;
import dev.moments.server.stats.LiftEstimate;
import dev.moments.server.stats.LiftResult;
import dev.moments.server.stats.MetricType;
import dev.moments.server.stats.SampleStats;
import dev.moments.server.stats.TestSettings;

/**
 * One comparison under {@code stats.varianceReduction: cuped}: CUPED's adjusted lift from the two
 * arms' regression sums ({@link CupedEstimator}), or the unadjusted one with the reason it fell
 * back (never an exception or a NaN in the report).
 *
 * @param lift the main figures: adjusted, or the unadjusted ones when {@code fallback} is set
 * @param unadjusted what the comparison shows without covariates ({@link LiftCalculator#compare})
 * @param estimate the adjusted arms' lift for the group-sequential monitor; null on fallback
 * @param varianceReduction 1 - adjusted / unadjusted variance of the difference; NaN on fallback
 * @param fallback why nothing was adjusted: a {@link LiftResult} code, {@link #NO_SUMS} or {@link
 *     #NOTHING_VARIES}; null when adjusted
 */
record CupedReading(
    LiftResult lift,
    LiftResult unadjusted,
    LiftEstimate estimate,
    double varianceReduction,
    String fallback) {

  /** The rows carry no covariate sums (a date-range report, rows folded before CUPED). */
  static final String NO_SUMS = "no_covariate_sums";

  /**
   * The sums cover fewer units than the arms (a metric added after units were exposed): adjusting
   * would compare a subset.
   */
  static final String INCOMPLETE = "covariate_sums_incomplete";

  /** Every covariate is constant within the arms (or collinear): there is nothing to adjust by. */
  static final String NOTHING_VARIES = "no_covariate_varies";

  boolean adjusted() {
    return fallback == null;
  }

  /**
   * @param control the control's sample: n its units, and the metric row's {@link
   *     SampleStats#covariates()}
   * @param treatment the treatment's
   * @param unadjusted the comparison of the same arms without covariates
   * @param nonNegative no unit's value is below 0 ({@link LiftCalculator#compare})
   */
  static CupedReading of(
      SampleStats control,
      SampleStats treatment,
      LiftResult unadjusted,
      MetricType type,
      TestSettings settings,
      boolean nonNegative) {
    CupedResult cuped = compare(control, treatment);
    String notAdjusted = notAdjusted(cuped, control, treatment);
    if (notAdjusted != null) {
      return fallback(unadjusted, notAdjusted);
    }
    CovariateMoments c = control.covariates();
    CovariateMoments t = treatment.covariates();
    LiftResult lift =
        LiftCalculator.fromEstimate(cuped.adjusted(), c.n() + t.n(), type, settings, nonNegative);
    if (!lift.ok() || !Double.isFinite(cuped.varianceReduction())) {
      return fallback(unadjusted, lift.ok() ? LiftResult.ZERO_VARIANCE : lift.error());
    }
    return new CupedReading(lift, unadjusted, cuped.adjusted(), cuped.varianceReduction(), null);
  }

  /** The adjusted lift for a look, or null when CUPED cannot adjust it (the caller's fallback). */
  static LiftEstimate estimate(SampleStats control, SampleStats treatment) {
    CupedResult cuped = compare(control, treatment);
    return notAdjusted(cuped, control, treatment) == null ? cuped.adjusted() : null;
  }

  /**
   * Why CUPED cannot adjust a look's lift ({@link #estimate} is then null and the look reads the
   * unadjusted one): {@link #NO_SUMS}, {@link #INCOMPLETE}, the estimator's error or {@link
   * #NOTHING_VARIES}; null when it adjusts.
   */
  static String lookFallback(SampleStats control, SampleStats treatment) {
    return notAdjusted(compare(control, treatment), control, treatment);
  }

  private static String notAdjusted(CupedResult cuped, SampleStats control, SampleStats treatment) {
    if (cuped == null) {
      return NO_SUMS;
    }
    if (!complete(control) || !complete(treatment)) {
      return INCOMPLETE;
    }
    if (!cuped.ok()) {
      return cuped.error();
    }
    return cuped.covariatesUsed() > 0 ? null : NOTHING_VARIES;
  }

  private static boolean complete(SampleStats sample) {
    return sample.covariates() != null && sample.covariates().n() == sample.n();
  }

  private static CupedResult compare(SampleStats control, SampleStats treatment) {
    CovariateMoments c = control.covariates();
    CovariateMoments t = treatment.covariates();
    if (c == null || t == null || c.covariates() != t.covariates()) {
      return null;
    }
    return CupedEstimator.compare(c, t);
  }

  private static CupedReading fallback(LiftResult unadjusted, String reason) {
    return new CupedReading(unadjusted, unadjusted, null, Double.NaN, reason);
  }
}

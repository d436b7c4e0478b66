package dev.moments.server.stats;

/**
 * How an experiment's planned sample is derived from the fixed test's, shared by the report's plan,
 * GET /api/v1/power and the create/patch plan-size check so all three read the same number: a
 * group-sequential design plans its comparisons at alpha / (treatments) under holm or bh ({@link
 * SequentialMonitor#comparisonAlpha}) and inflates the fixed sample by its inflation factor for
 * {@link PowerCalculator#PLANNED_LOOKS} looks; fixed and always-valid tests plan at alpha, as they
 * are.
 *
 * @param alpha the level the fixed sample is computed at
 * @param inflationFactor 1 unless group-sequential
 */
public record PlanDesign(double alpha, double inflationFactor) {

  public static PlanDesign of(
      TestMethod method,
      Spending spending,
      Correction correction,
      double alpha,
      double power,
      int variants) {
    if (method != TestMethod.GROUP_SEQUENTIAL) {
      return new PlanDesign(alpha, 1);
    }
    double designAlpha = SequentialMonitor.comparisonAlpha(alpha, variants - 1, correction);
    return new PlanDesign(
        designAlpha, PowerCalculator.plannedInflationFactor(spending, designAlpha, power));
  }

  /** The planned sample for the fixed test's sample at {@link #alpha}. */
  public PowerCalculator.SampleSize plan(PowerCalculator.SampleSize fixed) {
    return plan(fixed, 0);
  }

  /**
   * As {@link #plan(PowerCalculator.SampleSize)} with CUPED expected to remove this share of the
   * variance (in [0, 1)): the sample needed shrinks by the same factor, the inflation stays.
   */
  public PowerCalculator.SampleSize plan(
      PowerCalculator.SampleSize fixed, double expectedVarianceReduction) {
    return inflationFactor == 1 && expectedVarianceReduction == 0
        ? fixed
        : PowerCalculator.sequentialPlan(fixed, inflationFactor, expectedVarianceReduction);
  }
}

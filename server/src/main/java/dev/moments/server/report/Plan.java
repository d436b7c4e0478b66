package dev.moments.server.report;

import dev.moments.server.experiment.StatsSettings;
import dev.moments.server.stats.CovariateMoments;
import dev.moments.server.stats.CupedEstimator;
import dev.moments.server.stats.MetricType;
import dev.moments.server.stats.PlanDesign;
import dev.moments.server.stats.PowerCalculator;
import dev.moments.server.stats.SampleStats;
import dev.moments.server.stats.TestMethod;
import dev.moments.server.stats.TestSettings;

/**
 * The planned sample: the power calculation for the primary metric from the baseline planned with
 * the experiment when there is one (then N* stays fixed over the looks), otherwise from the
 * control's observed baseline (binomial: its conversion rate; mean: its mean and standard
 * deviation) and the experiment's mde/alpha/power. Alpha is not split across variants, except by a
 * group-sequential design with holm or bh ({@link #designAlpha}), whose plan is also inflated for
 * its looks. When no baseline can be estimated yet (no control conversions, zero variance, fewer
 * than 2 units, or a baseline so high that baseline * (1 + mde) is not a rate) the plan falls back
 * to {@link PowerCalculator#DEFAULT_TOTAL_UNITS} units in all, GrowthBook's default tuning for N*.
 *
 * <p>Every arm needs {@code unitsPerVariant}; the total is what it takes for the arm with the
 * smallest weight to get them (a 10/90 split needs ten times the control's units, not twice).
 *
 * @param observedBaseline planned from the observed control
 * @param fallback no baseline yet: the plan is the fallback, too vague to define the information
 *     fraction of a group-sequential look (no look is taken on it)
 * @param varianceReduction the share of variance CUPED is expected to remove, by which the plan is
 *     smaller ({@link #expectedReduction}); 0 without CUPED
 */
record Plan(
    long unitsPerVariant,
    long totalUnits,
    boolean observedBaseline,
    boolean fallback,
    double varianceReduction) {

  static final long FALLBACK_TOTAL_UNITS = PowerCalculator.DEFAULT_TOTAL_UNITS;

  /**
   * Control units with complete CUPED sums from which the plan takes the observed variance
   * reduction; fewer, and it assumes none.
   */
  static final long REDUCTION_MIN_UNITS = 500;

  /** The most variance reduction a plan assumes, as GET /api/v1/power accepts. */
  static final double MAX_REDUCTION = 0.9;

  Plan(long unitsPerVariant, long totalUnits, boolean observedBaseline, boolean fallback) {
    this(unitsPerVariant, totalUnits, observedBaseline, fallback, 0);
  }

  /**
   * The variance reduction the plan assumes: with CUPED and a plan from the observed control, the
   * adjusted R² of the primary metric on its covariates over the control's units once it has {@link
   * #REDUCTION_MIN_UNITS} (the control alone, so no treatment effect enters it), at most {@link
   * #MAX_REDUCTION}; otherwise 0. A planned baseline keeps its plan fixed, so it assumes none.
   */
  static double expectedReduction(ExperimentSpec spec, SampleStats control) {
    CovariateMoments sums = control.covariates();
    if (!spec.stats().cuped()
        || sums == null
        || sums.n() != control.n()
        || control.n() < REDUCTION_MIN_UNITS) {
      return 0;
    }
    double r2 = CupedEstimator.explainedVariance(sums);
    double n = sums.n();
    double adjusted = 1 - (1 - r2) * (n - 1) / (n - sums.covariates() - 1);
    return Math.max(0, Math.min(MAX_REDUCTION, adjusted));
  }

  static Plan of(ExperimentSpec spec, SampleStats control) {
    int variants = spec.variants().size();
    StatsSettings stats = spec.stats();
    try {
      double alpha = designAlpha(spec);
      if (stats.plannedBaseline() != null) {
        PowerCalculator.SampleSize size =
            spec.primaryMetric().type() == MetricType.BINOMIAL
                ? PowerCalculator.binomial(
                    stats.plannedBaseline(), stats.mde(), alpha, stats.power())
                : PowerCalculator.mean(
                    stats.plannedBaseline(),
                    stats.plannedStddev() == null ? 0 : stats.plannedStddev(),
                    stats.mde(),
                    alpha,
                    stats.power());
        return planned(size, spec, false, 0);
      }
      if (control.n() >= 2) {
        PowerCalculator.SampleSize size =
            spec.primaryMetric().type() == MetricType.BINOMIAL
                ? PowerCalculator.binomial(control.mean(), stats.mde(), alpha, stats.power())
                : PowerCalculator.mean(
                    control.mean(),
                    Math.sqrt(control.variance(MetricType.MEAN)),
                    stats.mde(),
                    alpha,
                    stats.power());
        return planned(size, spec, true, expectedReduction(spec, control));
      }
    } catch (IllegalArgumentException noBaselineYet) {
      // fall through to the documented fallback
    }
    long perVariant = (FALLBACK_TOTAL_UNITS + variants - 1) / variants;
    return new Plan(
        perVariant,
        total(new PowerCalculator.SampleSize(perVariant, perVariant), spec),
        false,
        true);
  }

  /**
   * The level the primary comparisons are planned and tested at: for a group-sequential design with
   * holm or bh, alpha / (treatments) ({@link PlanDesign}), otherwise alpha (fixed and always-valid
   * tests correct the p-values afterwards, as before).
   */
  static double designAlpha(ExperimentSpec spec) {
    return design(spec).alpha();
  }

  static PlanDesign design(ExperimentSpec spec) {
    StatsSettings stats = spec.stats();
    return PlanDesign.of(
        stats.method(),
        stats.spending(),
        stats.correction(),
        stats.alpha(),
        stats.power(),
        spec.variants().size());
  }

  /**
   * The fixed test's sample, for a group-sequential design times its inflation factor for {@link
   * PowerCalculator#PLANNED_LOOKS} equally spaced looks.
   */
  private static Plan planned(
      PowerCalculator.SampleSize fixed, ExperimentSpec spec, boolean observed, double reduction) {
    PowerCalculator.SampleSize size = design(spec).plan(fixed, reduction);
    return new Plan(size.unitsPerVariant(), total(size, spec), observed, false, reduction);
  }

  /**
   * The planned units of one comparison: the planned total's share of its two arms (the two
   * compared arms' planned total), the denominator of its information fraction.
   */
  double comparisonUnits(ExperimentSpec spec, String treatment) {
    double total = spec.totalWeight();
    double arms =
        spec.variants().stream()
            .filter(v -> v.key().equals(treatment) || v.key().equals(spec.control()))
            .mapToDouble(VariantSpec::weight)
            .sum();
    return total > 0 && arms > 0 ? (double) totalUnits * arms / total : 2.0 * unitsPerVariant;
  }

  /** The total for the smallest arm's share (variants without weight get no units to wait for). */
  private static long total(PowerCalculator.SampleSize size, ExperimentSpec spec) {
    double[] weights =
        spec.variants().stream().mapToDouble(VariantSpec::weight).filter(w -> w > 0).toArray();
    try {
      return weights.length == 0
          ? size.totalUnits(spec.variants().size())
          : size.totalUnits(weights);
    } catch (IllegalArgumentException | ArithmeticException beyondLong) {
      return Long.MAX_VALUE; // weights stored before create refused such plans
    }
  }

  /**
   * Always-valid intervals are tuned for N* = the planned total (units of all variants); a
   * group-sequential comparison's live figures are fixed-horizon ones, replaced at the looks by the
   * monitor's ({@link MetricAnalyzer}).
   */
  TestSettings testSettings(StatsSettings stats) {
    return stats.method() == TestMethod.ALWAYS_VALID
        ? TestSettings.sequential(stats.alpha(), totalUnits)
        : TestSettings.fixedHorizon(stats.alpha());
  }
}

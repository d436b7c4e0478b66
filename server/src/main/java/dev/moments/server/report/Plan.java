package dev.moments.server.report;

import dev.moments.server.experiment.StatsSettings;
import dev.moments.server.stats.MetricType;
import dev.moments.server.stats.PowerCalculator;
import dev.moments.server.stats.SampleStats;
import dev.moments.server.stats.TestSettings;

/**
 * The planned sample: the power calculation for the primary metric from the baseline planned with
 * the experiment when there is one (then N* stays fixed over the looks), otherwise from the
 * control's observed baseline (binomial: its conversion rate; mean: its mean and standard
 * deviation) and the experiment's mde/alpha/power. Alpha is not split across variants. When no
 * baseline can be estimated yet (no control conversions, zero variance, fewer than 2 units, or a
 * baseline so high that baseline * (1 + mde) is not a rate) the plan falls back to {@link
 * PowerCalculator#DEFAULT_TOTAL_UNITS} units in all, GrowthBook's default tuning for N*.
 *
 * <p>Every arm needs {@code unitsPerVariant}; the total is what it takes for the arm with the
 * smallest weight to get them (a 10/90 split needs ten times the control's units, not twice).
 *
 * @param observedBaseline false when the fallback was used
 */
record Plan(long unitsPerVariant, long totalUnits, boolean observedBaseline) {

  static final long FALLBACK_TOTAL_UNITS = PowerCalculator.DEFAULT_TOTAL_UNITS;

  static Plan of(ExperimentSpec spec, SampleStats control) {
    int variants = spec.variants().size();
    StatsSettings stats = spec.stats();
    try {
      if (stats.plannedBaseline() != null) {
        PowerCalculator.SampleSize size =
            spec.primaryMetric().type() == MetricType.BINOMIAL
                ? PowerCalculator.binomial(
                    stats.plannedBaseline(), stats.mde(), stats.alpha(), stats.power())
                : PowerCalculator.mean(
                    stats.plannedBaseline(),
                    stats.plannedStddev() == null ? 0 : stats.plannedStddev(),
                    stats.mde(),
                    stats.alpha(),
                    stats.power());
        return new Plan(size.unitsPerVariant(), total(size, spec), false);
      }
      if (control.n() >= 2) {
        PowerCalculator.SampleSize size =
            spec.primaryMetric().type() == MetricType.BINOMIAL
                ? PowerCalculator.binomial(
                    control.mean(), stats.mde(), stats.alpha(), stats.power())
                : PowerCalculator.mean(
                    control.mean(),
                    Math.sqrt(control.variance(MetricType.MEAN)),
                    stats.mde(),
                    stats.alpha(),
                    stats.power());
        return new Plan(size.unitsPerVariant(), total(size, spec), true);
      }
    } catch (IllegalArgumentException noBaselineYet) {
      // fall through to the documented fallback
    }
    long perVariant = (FALLBACK_TOTAL_UNITS + variants - 1) / variants;
    return new Plan(
        perVariant, total(new PowerCalculator.SampleSize(perVariant, perVariant), spec), false);
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

  /** Sequential testing is tuned for N* = the planned total (units of all variants). */
  TestSettings testSettings(StatsSettings stats) {
    return stats.sequential()
        ? TestSettings.sequential(stats.alpha(), totalUnits)
        : TestSettings.fixedHorizon(stats.alpha());
  }
}

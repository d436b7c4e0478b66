package dev.moments.server.experiment;

import dev.moments.server.domain.InvalidException;
import dev.moments.server.stats.MetricType;
import dev.moments.server.stats.PlanDesign;
import dev.moments.server.stats.PowerCalculator;
import java.util.List;
import java.util.Locale;

/**
 * The checks of an experiment's plan at create and patch: a planned baseline that fits the primary
 * metric, and a planned sample an experiment can reach. Failures name the field at fault by its
 * JSON path.
 */
public final class PlanRules {
  private PlanRules() {}

  /**
   * A plan beyond {@value #MAX_PLANNED_UNITS} visitors will never finish: weights so skewed that
   * the smallest arm fills too slowly, or an effect too small for the baseline. Without a planned
   * baseline the plan is the default one, so only the weights can make it too large here.
   */
  public static void checkPlanSize(List<Variant> variants, Metric primary, StatsSettings stats) {
    double[] weights = variants.stream().mapToDouble(Variant::weight).toArray();
    long perVariant;
    try {
      perVariant = plannedPerVariant(primary, stats, variants.size());
    } catch (IllegalArgumentException tooSmall) {
      throw InvalidException.field(
          "stats.mde",
          "The planned sample cannot be computed for this baseline and mde ("
              + tooSmall.getMessage()
              + "); plan a larger mde.");
    }
    long needed;
    try {
      needed = new PowerCalculator.SampleSize(perVariant, perVariant).totalUnits(weights);
    } catch (IllegalArgumentException overflow) {
      needed = Long.MAX_VALUE;
    }
    if (needed > MAX_PLANNED_UNITS) {
      throw tooLarge(variants, weights, perVariant, needed);
    }
  }

  /**
   * The refusal of a plan of {@code needed} visitors: blamed on the smallest variant's weight when
   * equal weights would fit, else on the mde.
   */
  private static InvalidException tooLarge(
      List<Variant> variants, double[] weights, long perVariant, long needed) {
    long equal = perVariant * variants.size();
    boolean weightsToBlame = equal <= MAX_PLANNED_UNITS;
    int smallest = 0;
    for (int i = 1; i < variants.size(); i++) {
      smallest = variants.get(i).weight() < variants.get(smallest).weight() ? i : smallest;
    }
    String count =
        needed == Long.MAX_VALUE
            ? "more than 9 quintillion"
            : String.format(Locale.ROOT, "%,d", needed);
    return InvalidException.field(
        weightsToBlame ? "variants[" + smallest + "].weight" : "stats.mde",
        String.format(
            Locale.ROOT,
            "This plan needs %s visitors (%,d per variant%s), more than the %,d an experiment"
                + " may plan for; %s.",
            count,
            perVariant,
            weightsToBlame
                ? ", and '"
                    + variants.get(smallest).key()
                    + "' gets only "
                    + share(variants.get(smallest).weight(), weights)
                    + " of them"
                : "",
            MAX_PLANNED_UNITS,
            weightsToBlame ? "give the smallest variant more weight" : "plan a larger mde"));
  }

  /** The most visitors an experiment may plan for (create and patch refuse more). */
  public static final long MAX_PLANNED_UNITS = 100_000_000L;

  /**
   * Per variant, the plan the report will use ({@link PlanDesign}: at the design's level and, for a
   * group-sequential design, inflated for its looks).
   */
  private static long plannedPerVariant(Metric primary, StatsSettings stats, int variants) {
    Double baseline = stats.plannedBaseline();
    if (baseline == null) {
      return (PowerCalculator.DEFAULT_TOTAL_UNITS + variants - 1) / variants;
    }
    PlanDesign design =
        PlanDesign.of(
            stats.method(),
            stats.spending(),
            stats.correction(),
            stats.alpha(),
            stats.power(),
            variants);
    PowerCalculator.SampleSize fixed =
        primary.type().statistic() == MetricType.BINOMIAL
            ? PowerCalculator.binomial(baseline, stats.mde(), design.alpha(), stats.power())
            : PowerCalculator.mean(
                baseline, stats.plannedStddev(), stats.mde(), design.alpha(), stats.power());
    return design.plan(fixed).unitsPerVariant();
  }

  private static String share(double weight, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    return String.format(Locale.ROOT, "%.4g %%", 100 * weight / total);
  }

  /**
   * A planned baseline must be a rate for a binomial primary metric, and a mean needs its stddev
   * too.
   */
  public static void checkPlannedBaseline(StatsSettings stats, Metric primary) {
    Double baseline = stats.plannedBaseline();
    if (baseline == null) {
      return;
    }
    boolean binomial = primary.type().statistic() == MetricType.BINOMIAL;
    if (binomial && !(baseline < 1)) {
      throw InvalidException.field(
          "stats.baseline", "For a binomial primary metric the baseline is a rate below 1.");
    }
    if (binomial && !(baseline * (1 + stats.mde()) < 1)) {
      throw InvalidException.field(
          "stats.mde", "baseline × (1 + mde) must stay below 1 for a binomial metric.");
    }
    if (!binomial && stats.plannedStddev() == null) {
      throw InvalidException.field(
          "stats.stddev", "A mean primary metric with a planned baseline needs its stddev.");
    }
  }
}

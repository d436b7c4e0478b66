package dev.moments.server.report;

import dev.moments.server.experiment.Direction;
import dev.moments.server.stats.LiftResult;
import dev.moments.server.stats.SampleStats;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Everything the report says about one metric in one slice. */
record MetricResult(
    MetricSpec metric,
    String adjustment,
    List<VariantSummary> variants,
    List<Comparison> comparisons,
    List<DailyPoint> daily) {

  /**
   * @param maturing for a windowed metric, the variant's units whose window is still open, left out
   *     of {@code sample}; 0 otherwise
   */
  record VariantSummary(String key, SampleStats sample, long maturing) {
    VariantSummary(String key, SampleStats sample) {
      this(key, sample, 0);
    }

    /** Units that converted (for mean metrics: units with any value). */
    long conversions() {
      return sample.converted();
    }
  }

  /**
   * @param pValue the relative-lift p-value; with sequential testing the running minimum over the
   *     days
   * @param adjustedPValue after the multiple-comparison correction (equal to pValue when
   *     unadjusted)
   * @param direction the metric's: which sign of the lift is better
   * @param sequential the group-sequential reading (significant means a crossing at a look); null
   *     for the other methods
   * @param cuped with {@code stats.varianceReduction: cuped}: the unadjusted figures, the variance
   *     reduction or why there is none ({@code lift} is then its main figures); null otherwise
   */
  record Comparison(
      String variant,
      LiftResult lift,
      double pValue,
      double adjustedPValue,
      boolean significant,
      Direction direction,
      SequentialComparison sequential,
      CupedReading cuped) {

    Comparison(
        String variant,
        LiftResult lift,
        double pValue,
        double adjustedPValue,
        boolean significant,
        Direction direction,
        SequentialComparison sequential) {
      this(variant, lift, pValue, adjustedPValue, significant, direction, sequential, null);
    }

    /**
     * The chance that the variant is better than the control in the metric's direction (for a
     * metric to decrease, that its lift is below 0); NaN when no test was possible.
     */
    double chanceToBeat() {
      return direction == Direction.INCREASE ? lift.chanceToBeat() : 1 - lift.chanceToBeat();
    }

    /**
     * Whether the estimated lift goes the metric's good way; for a group-sequential crossing, the
     * direction it crossed in (the decision stands whatever the live figures show later).
     */
    boolean improvement() {
      return lift.ok() && direction.better(change());
    }

    private double change() {
      return sequential != null && sequential.decided()
          ? sequential.crossingSign()
          : lift.relative().estimate();
    }

    /** A significant improvement: a variant to call better. */
    boolean significantlyBetter() {
      return significant && improvement();
    }

    /** A significant change the bad way: harm. */
    boolean significantlyWorse() {
      return significant && lift.ok() && direction.better(-change());
    }

    /** The relative lift counted so that better is larger, for ranking winners. */
    double gain() {
      return direction.sign() * lift.relative().estimate();
    }
  }

  /**
   * The cumulative result at the end of one day (only kept for the primary metric).
   *
   * @param looks group-sequential: the variants whose comparison took a look that day
   */
  record DailyPoint(
      LocalDate day,
      Map<String, Long> units,
      Map<String, LiftResult> lifts,
      Map<String, Double> pValues,
      Map<String, SequentialComparison.LookPoint> looks) {}

  VariantSummary variant(String key) {
    return variants.stream().filter(v -> v.key().equals(key)).findFirst().orElseThrow();
  }

  Comparison comparison(String variantKey) {
    return comparisons.stream()
        .filter(c -> c.variant().equals(variantKey))
        .findFirst()
        .orElse(null);
  }
}

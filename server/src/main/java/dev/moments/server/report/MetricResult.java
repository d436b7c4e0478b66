package dev.moments.server.report;

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

  record VariantSummary(String key, SampleStats sample) {
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
   */
  record Comparison(
      String variant, LiftResult lift, double pValue, double adjustedPValue, boolean significant) {}

  /** The cumulative result at the end of one day (only kept for the primary metric). */
  record DailyPoint(
      LocalDate day,
      Map<String, Long> units,
      Map<String, LiftResult> lifts,
      Map<String, Double> pValues) {}

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

package dev.moments.server.report;

import dev.moments.server.experiment.Direction;
import dev.moments.server.stats.Correction;
import dev.moments.server.stats.LiftResult;
import dev.moments.server.stats.MultipleComparisons;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The comparisons of one metric under a fixed-horizon or always-valid method (the group-sequential
 * ones are {@link SequentialReadings}'): the p-values corrected for the number of comparisons, and
 * CUPED's reading attached to either.
 */
final class FixedHorizonComparisons {
  private FixedHorizonComparisons() {}

  /**
   * Each treatment's comparison with its p-value corrected across the testable ones (a lift that is
   * not ok is not tested: NaN, not significant) and significance at {@code alpha}.
   */
  static List<MetricResult.Comparison> adjust(
      List<String> keys,
      List<LiftResult> lifts,
      List<Double> pValues,
      Correction correction,
      Direction direction,
      double alpha) {
    List<Integer> testable = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (lifts.get(i).ok()) {
        testable.add(i);
      }
    }
    double[] adjusted =
        MultipleComparisons.adjust(
            testable.stream().mapToDouble(pValues::get).toArray(), correction);
    List<MetricResult.Comparison> comparisons = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      int index = testable.indexOf(i);
      double adjustedP = index < 0 ? Double.NaN : adjusted[index];
      boolean significant = index >= 0 && adjustedP < alpha;
      comparisons.add(
          new MetricResult.Comparison(
              keys.get(i), lifts.get(i), pValues.get(i), adjustedP, significant, direction, null));
    }
    return comparisons;
  }

  /** The comparisons with each variant's CUPED reading attached; as they are without CUPED. */
  static List<MetricResult.Comparison> withCuped(
      List<MetricResult.Comparison> comparisons, Map<String, CupedReading> readings) {
    if (readings.isEmpty()) {
      return comparisons;
    }
    return comparisons.stream()
        .map(
            c ->
                new MetricResult.Comparison(
                    c.variant(),
                    c.lift(),
                    c.pValue(),
                    c.adjustedPValue(),
                    c.significant(),
                    c.direction(),
                    c.sequential(),
                    readings.get(c.variant())))
        .toList();
  }
}

package dev.moments.server.rollup;

import dev.moments.server.stats.SampleStats;
import java.time.LocalDate;
import java.util.Map;

/**
 * Counts the units whose total on a metric is below 0 in the row {@code $negative:<metric>}: a
 * credit moving a total across 0 adds or removes one unit, so the count stays a mergeable per-day
 * delta like every rollup row (a per-arm minimum would not be: it cannot be undone when a unit's
 * total rises again). Pure.
 */
final class NegativeTotals {
  private NegativeTotals() {}

  static void credit(
      Map<RollupKey, SampleStats> cells,
      UnitRows rows,
      String metric,
      LocalDate day,
      double before,
      double after) {
    int change = (after < 0 ? 1 : 0) - (before < 0 ? 1 : 0);
    if (change != 0) {
      rows.add(cells, RollupRow.NEGATIVE_PREFIX + metric, day, SampleStats.units(change));
    }
  }
}

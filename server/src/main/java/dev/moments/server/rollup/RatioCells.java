package dev.moments.server.rollup;

import dev.moments.server.stats.SampleStats;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The rollup rows of a ratio metric: per arm and day the changes of Σa, Σa² ({@code
 * $ratio:<key>:num}), Σb, Σb² ({@code $ratio:<key>:den}) and Σab ({@code $ratio:<key>:cross}) over
 * the units' totals a of the numerator and b of the denominator, in the {@code sum} and {@code
 * sum_squares} columns every row has. Each unit keeps its two totals in its standing (under the num
 * and den row names), so a conversion changes the sums by (a+v)² - a² or (a+v)b - ab, the same
 * increment whether the fold continues a state or recounts the unit. The units (n) are the
 * variant's {@code $units}: a unit without either event adds 0 to every sum. Pure.
 */
final class RatioCells {
  private RatioCells() {}

  static String numerator(String ratio) {
    return RollupRow.ratioRow(ratio, "num");
  }

  static String denominator(String ratio) {
    return RollupRow.ratioRow(ratio, "den");
  }

  static String cross(String ratio) {
    return RollupRow.ratioRow(ratio, "cross");
  }

  /** Credits one conversion of {@code metric} to every ratio of the experiment that sums it. */
  static void credit(
      Map<RollupKey, SampleStats> cells,
      UnitRows rows,
      UnitState.Standing x,
      FoldRules rules,
      String metric,
      double value,
      Instant at) {
    for (Map.Entry<String, List<String>> ratio : rules.ratios().entrySet()) {
      boolean above = ratio.getValue().get(0).equals(metric);
      boolean below = ratio.getValue().get(1).equals(metric);
      if (!above && !below || !rules.counts(ratio.getKey(), x.firstAt, at)) {
        continue;
      }
      LocalDate day = rules.creditDay(ratio.getKey(), x.firstAt, at);
      String num = numerator(ratio.getKey());
      String den = denominator(ratio.getKey());
      double a = x.totals.getOrDefault(num, 0.0);
      double b = x.totals.getOrDefault(den, 0.0);
      double a2 = above ? a + value : a;
      double b2 = below ? b + value : b;
      x.totals.put(num, a2);
      x.totals.put(den, b2);
      add(cells, rows, num, day, a, a2);
      add(cells, rows, den, day, b, b2);
      rows.add(cells, cross(ratio.getKey()), day, new SampleStats(0, 0, a2 * b2 - a * b, 0));
    }
  }

  private static void add(
      Map<RollupKey, SampleStats> cells,
      UnitRows rows,
      String row,
      LocalDate day,
      double before,
      double after) {
    if (before != after) {
      SampleStats change = new SampleStats(0, 0, after - before, after * after - before * before);
      rows.add(cells, row, day, change);
    }
  }
}

package dev.moments.server.report;

import dev.moments.server.experiment.Metric;
import dev.moments.server.rollup.RollupRow;
import dev.moments.server.stats.MetricType;
import dev.moments.server.stats.RatioMoments;
import dev.moments.server.stats.SampleStats;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The rollup rows of one slice (all units, or one segment value) indexed by (metric, variant) and
 * day.
 */
final class RollupCube {

  private record Key(String metric, String variant) {}

  private final Map<Key, NavigableMap<LocalDate, SampleStats>> byKey = new HashMap<>();

  RollupCube(Iterable<RollupRow> rows) {
    for (RollupRow row : rows) {
      byKey
          .computeIfAbsent(new Key(row.metric(), row.variant()), k -> new TreeMap<>())
          .merge(row.day(), row.stats(), SampleStats::plus);
    }
  }

  /**
   * Splits rows into the overall cube ("" attribute) or, with an attribute, one cube per segment
   * value.
   */
  static Map<String, RollupCube> slices(List<RollupRow> rows, String attribute) {
    Map<String, ArrayList<RollupRow>> grouped = new LinkedHashMap<>();
    for (RollupRow row : rows) {
      if (row.segmentAttribute().equals(attribute)) {
        grouped.computeIfAbsent(row.segmentValue(), v -> new ArrayList<>()).add(row);
      }
    }
    Map<String, RollupCube> cubes = new TreeMap<>();
    grouped.forEach((value, list) -> cubes.put(value, new RollupCube(list)));
    return cubes;
  }

  /** Everything recorded, whatever the day. */
  SampleStats total(String metric, String variant) {
    NavigableMap<LocalDate, SampleStats> days = byKey.get(new Key(metric, variant));
    return days == null
        ? SampleStats.EMPTY
        : days.values().stream().reduce(SampleStats.EMPTY, SampleStats::plus);
  }

  /** The cumulative totals at the end of each of {@code days} (sorted ascending). */
  SampleStats[] cumulative(String metric, String variant, List<LocalDate> days) {
    SampleStats[] result = new SampleStats[days.size()];
    NavigableMap<LocalDate, SampleStats> deltas =
        byKey.getOrDefault(new Key(metric, variant), new TreeMap<>());
    var entries = deltas.entrySet().iterator();
    var next = entries.hasNext() ? entries.next() : null;
    SampleStats running = SampleStats.EMPTY;
    for (int i = 0; i < days.size(); i++) {
      while (next != null && !next.getKey().isAfter(days.get(i))) {
        running = running.plus(next.getValue());
        next = entries.hasNext() ? entries.next() : null;
      }
      result[i] = running;
    }
    return result;
  }

  /** The row of one day, or nothing. */
  SampleStats on(String metric, String variant, LocalDate day) {
    NavigableMap<LocalDate, SampleStats> days = byKey.get(new Key(metric, variant));
    return days == null ? SampleStats.EMPTY : days.getOrDefault(day, SampleStats.EMPTY);
  }

  /** Total {@code $units} per day over all variants. */
  NavigableMap<LocalDate, Long> dailyUnits() {
    NavigableMap<LocalDate, Long> daily = new TreeMap<>();
    byKey.forEach(
        (key, days) -> {
          if (key.metric().equals(RollupRow.UNITS)) {
            days.forEach((day, stats) -> daily.merge(day, stats.n(), Long::sum));
          }
        });
    return daily;
  }

  /** The metric keys with rows (the pseudo-metrics such as {@code $units} left out), sorted. */
  java.util.SortedSet<String> metrics() {
    java.util.SortedSet<String> metrics = new java.util.TreeSet<>();
    byKey.keySet().stream().map(Key::metric).filter(m -> !m.startsWith("$")).forEach(metrics::add);
    return metrics;
  }

  /** The earliest day of any row, or null when empty. */
  LocalDate firstDay() {
    return byKey.values().stream()
        .map(NavigableMap::firstKey)
        .min(LocalDate::compareTo)
        .orElse(null);
  }

  /**
   * The metric's sample of one variant, everything recorded ({@link #sample(Metric, Function)}).
   */
  SampleStats sample(Metric metric, String variant) {
    return sample(metric, row -> total(row, variant));
  }

  /** The metric's sample of one variant on one day's rows alone. */
  SampleStats sampleOn(Metric metric, String variant, LocalDate day) {
    return sample(metric, row -> on(row, variant, day));
  }

  /** The metric's cumulative sample of one variant at the end of each of {@code days}. */
  SampleStats[] samples(Metric metric, String variant, List<LocalDate> days) {
    Map<String, SampleStats[]> rows = new HashMap<>();
    SampleStats[] samples = new SampleStats[days.size()];
    for (int i = 0; i < samples.length; i++) {
      int day = i;
      samples[i] =
          sample(metric, row -> rows.computeIfAbsent(row, r -> cumulative(r, variant, days))[day]);
    }
    return samples;
  }

  /**
   * A metric's sample from its rows: n from the variant's {@code $units}, the sums from the
   * metric's row, or for a ratio from its three rows of sums ({@link RatioMoments#asSample()}).
   */
  static SampleStats sample(Metric metric, Function<String, SampleStats> rows) {
    SampleStats units = rows.apply(RollupRow.UNITS);
    if (metric.type() != MetricType.RATIO) {
      return sample(metric.type().statistic(), units, rows.apply(metric.key()));
    }
    SampleStats num = rows.apply(RollupRow.ratioRow(metric.key(), "num"));
    SampleStats den = rows.apply(RollupRow.ratioRow(metric.key(), "den"));
    SampleStats cross = rows.apply(RollupRow.ratioRow(metric.key(), "cross"));
    return new RatioMoments(
            units.n(), num.sum(), den.sum(), num.sumSquares(), den.sumSquares(), cross.sum())
        .asSample();
  }

  /**
   * n from the variant's exposed units; sums from the metric's rows (binomial: conversions), with
   * the rows' CUPED sums when they have them.
   */
  static SampleStats sample(MetricType type, SampleStats units, SampleStats metric) {
    return type == MetricType.BINOMIAL
        ? SampleStats.binomial(units.n(), metric.converted()).withCovariates(metric.covariates())
        : metric.over(units.n());
  }
}

package dev.moments.server.rollup;

import dev.moments.server.events.Event;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * A unit's conversions of every metric per UTC day (epoch day → total), whatever experiment they
 * are credited to, for the {@link #DAYS} days before its latest conversion: what a later first
 * exposure's CUPED pre-period total is read from ({@link CupedFold}), so no raw event is scanned
 * for it. Part of {@link UnitState}; bounded by days × metrics, not by events.
 */
final class RecentConversions {
  /** How many days it keeps: the longest {@code lookbackDays}. */
  static final int DAYS = 90;

  /** metric → epoch day → total; sorted so that the encoded state is deterministic. */
  final Map<String, TreeMap<Long, Double>> byMetric = new TreeMap<>();

  /**
   * Adds a conversion (one the writer already excluded, e.g. a bot's, does not count) and forgets
   * the days that fell out of the window.
   */
  void note(Event c) {
    if (c.excluded() != null) {
      return;
    }
    long day = Attribution.day(c.timestamp()).toEpochDay();
    byMetric.computeIfAbsent(c.metric(), k -> new TreeMap<>()).merge(day, c.value(), Double::sum);
    byMetric.values().forEach(d -> d.headMap(day - DAYS).clear());
    byMetric.values().removeIf(Map::isEmpty);
  }

  /** The metric's total over the {@code lookbackDays} UTC days before {@code day}. */
  double total(String metric, LocalDate day, int lookbackDays) {
    TreeMap<Long, Double> days = byMetric.get(metric);
    if (days == null) {
      return 0;
    }
    long end = day.toEpochDay();
    double total = 0;
    for (double v : days.subMap(end - lookbackDays, end).values()) {
      total += v;
    }
    return total;
  }
}

package dev.moments.server.report;

import dev.moments.server.rollup.RollupReader;
import dev.moments.server.rollup.RollupRow;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the changing-split reading of a report ({@link ChangingSplit}) reads: the weight history,
 * the cohorts (their rows' day the day of first exposure) and the clock, with what is built from
 * them once: the cohorts' cube and the units' rows by weight period.
 *
 * @param bandit the experiment is a bandit: read as one even before its first update ({@link
 *     BanditReading})
 * @param byPeriod nullable: the units' totals by the weight period they entered in ({@link
 *     RollupReader#periodTotals}); used when they hold every unit of the cohorts
 * @param periodBuckets {@code byPeriod} with each period as one bucket; null without it or when the
 *     history does not name one of its periods
 */
record ChangingSplitInput(
    WeightPeriods periods,
    Instant now,
    boolean bandit,
    List<RollupRow> byPeriod,
    RollupCube cohortCube,
    RollupCube periodBuckets) {

  ChangingSplitInput(
      WeightPeriods periods,
      List<RollupRow> cohorts,
      Instant now,
      boolean bandit,
      List<RollupRow> byPeriod) {
    this(
        periods,
        now,
        bandit,
        byPeriod,
        new RollupCube(cohorts),
        byPeriod == null ? null : periodBuckets(periods, byPeriod));
  }

  ChangingSplitInput(WeightPeriods periods, List<RollupRow> cohorts, Instant now, boolean bandit) {
    this(periods, cohorts, now, bandit, null);
  }

  ChangingSplitInput(WeightPeriods periods, List<RollupRow> cohorts, Instant now) {
    this(periods, cohorts, now, false);
  }

  private static RollupCube periodBuckets(WeightPeriods periods, List<RollupRow> byPeriod) {
    List<RollupRow> rows = new ArrayList<>();
    for (RollupRow r : byPeriod) {
      if (!periods.namesSet(set(r))) {
        return null;
      }
      rows.add(bucketed(r));
    }
    return new RollupCube(rows);
  }

  /** Whether the report reads the experiment by period. */
  boolean applies() {
    return bandit || periods.changed();
  }

  /**
   * The units' rows by the weight period they entered in, each period as one bucket (its row day
   * {@link #bucket}), when they hold the same units of every variant as {@code cube} and the
   * history names each period; else null (read by day of first exposure).
   */
  RollupCube exactBuckets(RollupCube cube, List<String> keys) {
    if (periodBuckets == null) {
      return null;
    }
    for (String k : keys) {
      if (periodBuckets.total(RollupRow.UNITS, k).n() != cube.total(RollupRow.UNITS, k).n()) {
        return null;
      }
    }
    return periodBuckets;
  }

  /** {@link #exactBuckets} of the cohorts. */
  RollupCube exactCohorts(List<String> keys) {
    return exactBuckets(cohortCube, keys);
  }

  /**
   * The period buckets of one windowed metric: its rows and the units' rows of the exposure days up
   * to {@code closed} alone (both dated by exposure day, {@link RollupReader#periodTotals}).
   */
  RollupCube periodCube(List<String> keys, String metric, LocalDate closed) {
    List<RollupRow> rows = new ArrayList<>();
    for (RollupRow r : byPeriod) {
      boolean mine = r.metric().equals(metric) || r.metric().equals(RollupRow.UNITS);
      if (mine && !r.day().isAfter(closed)) {
        rows.add(bucketed(r));
      }
    }
    return new RollupCube(rows);
  }

  /**
   * Each bucket's shares: with {@code exact} each weight period's, else each day's from the first
   * day of {@code cube} up to {@code today} (the mix of the periods that covered it).
   */
  Map<LocalDate, double[]> shares(
      RollupCube cube, boolean exact, List<String> keys, LocalDate today) {
    Map<LocalDate, double[]> shares = new TreeMap<>();
    if (exact) {
      cube.dailyUnits().keySet().forEach(b -> shares.put(b, periods.sharesOfSet(set(b), keys)));
      return shares;
    }
    LocalDate first = cube.firstDay();
    for (LocalDate day = first; day != null && !day.isAfter(today); day = day.plusDays(1)) {
      shares.put(day, periods.sharesOn(day, now, keys));
    }
    return shares;
  }

  /** Period {@code set}'s bucket in a cube of periods: a day that stands for the period. */
  private static LocalDate bucket(int set) {
    return LocalDate.EPOCH.plusDays(set);
  }

  static int set(LocalDate bucket) {
    return (int) bucket.toEpochDay();
  }

  /** The weight period a row of {@link RollupReader#periodTotals} counts ({@code $period}). */
  private static int set(RollupRow byPeriod) {
    return Integer.parseInt(byPeriod.segmentValue());
  }

  /** A row of {@link RollupReader#periodTotals} in its period's bucket. */
  private static RollupRow bucketed(RollupRow byPeriod) {
    return new RollupRow(
        byPeriod.metric(), byPeriod.variant(), bucket(set(byPeriod)), "", "", byPeriod.stats());
  }
}

package dev.moments.server.rollup;

import dev.moments.server.stats.SampleStats;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One per-day DELTA of the rollups (may be negative when a unit is later excluded). {@code metric}
 * is a metric key, or {@code $units}, {@code $forced}, {@code $multiple}, {@code $funnel:k}; the
 * pseudo-metrics count units ({@code stats.n()}), a metric's row its values.
 *
 * @param segmentAttribute "" for all units
 * @param segmentValue "" when overall
 */
public record RollupRow(
    String metric,
    String variant,
    LocalDate day,
    String segmentAttribute,
    String segmentValue,
    SampleStats stats) {

  public static final String UNITS = "$units";
  public static final String FORCED = "$forced";
  public static final String MULTIPLE = "$multiple";
  public static final String FUNNEL_PREFIX = "$funnel:";

  /**
   * The rows of a ratio metric's sums: {@code $ratio:<key>:num}, {@code :den} and {@code :cross}
   * (server/README.md, "What counts").
   */
  public static final String RATIO_PREFIX = "$ratio:";

  /**
   * {@code $negative:<metric>}: the units whose total on the metric is below 0 (a refund larger
   * than the purchases). Where a mean metric's arms have none, the report may cut its relative
   * interval at -100 % as for rates.
   */
  public static final String NEGATIVE_PREFIX = "$negative:";

  /** The row of one part ({@code num}, {@code den}, {@code cross}) of a ratio metric's sums. */
  public static String ratioRow(String ratio, String part) {
    return RATIO_PREFIX + ratio + ":" + part;
  }

  /**
   * The segment attribute of the ad variants of one ad experiment, {@code ad:<experiment>}: a
   * unit's cells in any experiment are also added under the ad variant it came through before
   * (server/README.md, "What counts").
   */
  public static final String AD_SEGMENT_PREFIX = "ad:";

  /**
   * The pseudo segment attribute of a unit's cohort: every cell of a unit is also added under the
   * day of its first exposure ({@code yyyy-MM-dd}), so that a date range selects units by when they
   * arrived and keeps their later conversions (server/README.md, "Daily values and ranges").
   */
  public static final String COHORT = "$cohort";

  /**
   * The pseudo segment attribute of a sticky experiment's weight period: every cell of a unit is
   * also added under the period its first exposure fell in (the number of weight changes made at or
   * before it, {@code 0} for the starting weights), so that a report on a changing split weights
   * each unit by the share its arm had when it entered (server/README.md, "Changing splits").
   */
  public static final String PERIOD = "$period";

  /** The attributes recorded at first exposure that reports may split by. */
  public static final List<String> SEGMENT_ATTRIBUTES =
      List.of("device", "channel", "country", "intent", "returning");

  public RollupRow {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(stats, "stats");
    segmentAttribute = segmentAttribute == null ? "" : segmentAttribute;
    segmentValue = segmentValue == null ? "" : segmentValue;
  }

  public boolean overall() {
    return segmentAttribute.isEmpty();
  }
}

package dev.moments.server.rollup;

import dev.moments.server.stats.SampleStats;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an experiment's rollups for the report: a cost set by days, variants and metrics, not by
 * events.
 */
public final class RollupReader {
  private final Pool pool;

  public RollupReader(Pool pool) {
    this.pool = pool;
  }

  /**
   * The time up to which every stored event is in the rollups: when the oldest event still waiting
   * to be folded was stored, or now when none waits. Read before the rollups, it is a promise the
   * rows then read keep (what was folded before this read stays folded).
   */
  public Future<Instant> foldedUpTo() {
    return foldWatermark().map(FoldWatermark::dataAsOf);
  }

  /**
   * How far the fold has got.
   *
   * @param oldestWaiting when the oldest event still waiting to be folded was stored; null when
   *     none waits
   * @param readAt the database's clock at the read
   */
  public record FoldWatermark(Instant oldestWaiting, Instant readAt) {
    /** {@link #foldedUpTo()}: the oldest waiting event's time, or the read's when none waits. */
    public Instant dataAsOf() {
      return oldestWaiting != null ? oldestWaiting : readAt;
    }

    /**
     * The instant up to which a report reading at {@code clock} (its own, perhaps injected, clock)
     * has all data: the clock itself when nothing waits, else the earlier of it and the oldest
     * waiting event. Events are stamped by the database when stored, so while some wait the fold
     * knows nothing after the oldest of them; when none waits it is complete up to any clock.
     */
    public Instant completeAt(Instant clock) {
      return oldestWaiting != null && oldestWaiting.isBefore(clock) ? oldestWaiting : clock;
    }
  }

  /**
   * The {@link FoldWatermark}; read before the rollups, the rows then read keep its promise. Events
   * still being written count as waiting (V36__fold_watermark.sql), so it never moves back.
   */
  public Future<FoldWatermark> foldWatermark() {
    return pool.query("SELECT oldest_waiting, read_at FROM fold_watermark()")
        .execute()
        .map(
            rows -> {
              Row r = rows.iterator().next();
              java.time.OffsetDateTime oldest = r.getOffsetDateTime(0);
              return new FoldWatermark(
                  oldest == null ? null : oldest.toInstant(), r.getOffsetDateTime(1).toInstant());
            });
  }

  /**
   * The per-day delta rows of all units, plus those of one segment attribute.
   *
   * @param segmentAttribute device, channel, country, intent or returning; null for the overall
   *     rows only
   */
  public Future<List<RollupRow>> rows(String experiment, String segmentAttribute) {
    return pool.preparedQuery(
            """
            SELECT metric, variant, day, segment_attribute, segment_value, units, converted, sum, sum_squares,
                   covariates
            FROM rollups
            WHERE experiment = $1 AND segment_attribute IN ('', $2)
            ORDER BY day, metric, variant, segment_attribute, segment_value""")
        .execute(Tuple.of(experiment, segmentAttribute == null ? "" : segmentAttribute))
        .map(RollupReader::toRows);
  }

  /**
   * The rows of the units first exposed from {@code from} to {@code to} (their cohorts), dated up
   * to {@code to}, as rows of all units; plus the events left out of the statistics dated in the
   * range. One row per cohort and day (the report's cube adds them up), so that CUPED's sums, which
   * SQL cannot add element by element in a GROUP BY, come along.
   */
  public Future<List<RollupRow>> cohortRows(String experiment, LocalDate from, LocalDate to) {
    return pool.preparedQuery(
            """
            SELECT metric, variant, day, '', '', units, converted, sum, sum_squares, covariates
            FROM rollups
            WHERE experiment = $1 AND segment_attribute = '$cohort'
              AND segment_value >= $2 AND segment_value <= $3 AND day <= $4
            UNION ALL
            SELECT metric, variant, day, '', '', units, converted, sum, sum_squares, NULL::float8[]
            FROM rollups
            WHERE experiment = $1 AND segment_attribute = '' AND metric LIKE '$excluded:%'
              AND day >= $5 AND day <= $4
            ORDER BY 3, 1, 2""")
        .execute(Tuple.of(experiment, from.toString(), to.toString(), to, from))
        .map(RollupReader::toRows);
  }

  /**
   * Per cohort (the day units were first exposed, as the row's day): their totals of every metric
   * up to {@code to}, as rows of all units. The report's daily values.
   */
  public Future<List<RollupRow>> cohortTotals(String experiment, LocalDate to) {
    return pool.preparedQuery(
            """
            SELECT metric, variant, segment_value::date, '', '', sum(units)::int8,
                   sum(converted)::int8, sum(sum)::float8, sum(sum_squares)::float8
            FROM rollups
            WHERE experiment = $1 AND segment_attribute = '$cohort' AND day <= $2
            GROUP BY metric, variant, segment_value
            ORDER BY 3, 1, 2""")
        .execute(Tuple.of(experiment, to))
        .map(RollupReader::toRows);
  }

  /**
   * Per weight period a sticky experiment's units entered in ({@link RollupRow#PERIOD}): their
   * totals of every metric up to {@code to}, as rows whose segment value is the period (the number
   * of weight changes before it). The units' rows and those of the {@code byExposureDay} metrics
   * (windowed: dated by the units' exposure day) keep their day, so a report can leave maturing
   * units out; the others are dated {@code to}. The report's exact periods.
   */
  public Future<List<RollupRow>> periodTotals(
      String experiment, LocalDate to, List<String> byExposureDay) {
    return pool.preparedQuery(
            """
            SELECT metric, variant, COALESCE(kept_day, $2::date), $3, segment_value, sum(units)::int8,
                   sum(converted)::int8, sum(sum)::float8, sum(sum_squares)::float8
            FROM (SELECT *, CASE WHEN metric = '$units' OR metric = ANY($4::text[]) THEN day END
                            AS kept_day
                  FROM rollups
                  WHERE experiment = $1 AND segment_attribute = $3 AND day <= $2) r
            GROUP BY metric, variant, segment_value, kept_day
            ORDER BY 5, 1, 2, 3""")
        .execute(Tuple.of(experiment, to, RollupRow.PERIOD, byExposureDay.toArray(new String[0])))
        .map(RollupReader::toRows);
  }

  private static List<RollupRow> toRows(io.vertx.sqlclient.RowSet<Row> rows) {
    List<RollupRow> out = new ArrayList<>(rows.rowCount());
    for (Row r : rows) {
      out.add(
          new RollupRow(
              r.getString(0),
              r.getString(1),
              r.getLocalDate(2),
              r.getString(3),
              r.getString(4),
              new SampleStats(
                  r.getLong(5),
                  r.getLong(6),
                  r.getDouble(7),
                  r.getDouble(8),
                  r.size() > 9 ? RollupStore.covariates(r, 9) : null)));
    }
    return out;
  }

  /**
   * The ad variant the unit came through in each of these experiments where its standing began with
   * an ad click (the first counted exposure decides): the server's sticky answer for later visits.
   * Folded exposures only, so a click is remembered once the worker has folded it (within a second
   * or so when the server is not overloaded).
   */
  public Future<Map<String, String>> adStandings(String unitId, List<String> experiments) {
    if (experiments.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery(
            "SELECT experiment, variant FROM exposures"
                + " WHERE experiment = ANY($1::text[]) AND unit_id = $2 AND ad")
        .execute(Tuple.of(experiments.toArray(new String[0]), unitId))
        .map(
            rows -> {
              Map<String, String> standings = new HashMap<>();
              rows.forEach(r -> standings.put(r.getString(0), r.getString(1)));
              return standings;
            });
  }

  /**
   * The variant of the unit's first counted, unforced exposure of each named experiment that has
   * one: the sticky answer of {@code /assign}. The fold's standing when the unit is folded;
   * otherwise its first stored exposure made by the server or a back-end SDK (ids starting with
   * {@code ~}, which a client key cannot send), so a unit exposed a moment ago on another server is
   * found before the fold gets to it, and a forged client exposure cannot choose its variant. Only
   * while that exposure waits in the inbox: once folded, the exposures table says whether it
   * counts, and one the fold left out (while paused, implausible) or refused ({@link FoldRefusals})
   * is no standing. Before, such an exposure pinned the visitor, the exposure cache took it as
   * stored and /assign wrote none, so the unit, answered "logged", was never counted.
   */
  public Future<FirstExposures> firstExposures(String unitId, List<String> experiments) {
    if (experiments.isEmpty()) {
      return Future.succeededFuture(new FirstExposures(Map.of(), Map.of()));
    }
    return pool.preparedQuery(
            """
            SELECT experiment, variant, 0 AS rank FROM exposures
            WHERE experiment = ANY($1::text[]) AND unit_id = $2 AND NOT forced AND NOT ad
            UNION ALL
            SELECT * FROM (
              SELECT DISTINCT ON (experiment) experiment, variant, 1 AS rank FROM events
              WHERE unit_id = $2 AND experiment = ANY($1::text[]) AND type = 'exposure'
                AND NOT forced AND source IS NULL AND excluded IS NULL AND id LIKE '~%'
                AND EXISTS (SELECT 1 FROM event_inbox i WHERE i.part = fold_partition($2) AND i.seq = events.seq)
              ORDER BY experiment, seq) stored
            ORDER BY rank""")
        .execute(Tuple.of(experiments.toArray(new String[0]), unitId))
        .map(
            rows -> {
              Map<String, String> counted = new HashMap<>();
              Map<String, String> waiting = new HashMap<>();
              rows.forEach(
                  r ->
                      (r.getInteger(2) == 0 ? counted : waiting)
                          .putIfAbsent(r.getString(0), r.getString(1)));
              counted.keySet().forEach(waiting::remove);
              return new FirstExposures(counted, waiting);
            });
  }

  /**
   * A unit's first exposures by experiment: the fold's standings ({@code counted}), and for the
   * other experiments the first exposure still waiting in the inbox, which the fold may yet leave
   * out.
   */
  public record FirstExposures(Map<String, String> counted, Map<String, String> waiting) {}

  /**
   * Units counted in each experiment's variants, by the side of the holdout they are on (experiment
   * → side → variant → units): the holdout report's check that no held unit is in an experiment and
   * that the units outside split as the weights say. Only units that entered the experiment while
   * the holdout ran: once it ended, its held units rightly join the experiments of its moments, and
   * counting them made an ended holdout's report say it had leaked.
   */
  public Future<Map<String, Map<String, Map<String, Long>>>> splitByHoldout(
      String holdout, List<String> experiments) {
    if (experiments.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery(
            """
            SELECT x.experiment, h.variant, x.variant, count(*)::int8
            FROM exposures h JOIN exposures x ON x.unit_id = h.unit_id
              JOIN holdouts o ON o.key = h.experiment
            WHERE h.experiment = $1 AND NOT h.forced AND NOT h.multiple
              AND x.experiment = ANY($2::text[]) AND NOT x.forced AND NOT x.multiple
              AND (o.ended_at IS NULL OR x.first_at < o.ended_at)
            GROUP BY 1, 2, 3""")
        .execute(Tuple.of(holdout).addArrayOfString(experiments.toArray(new String[0])))
        .map(
            rows -> {
              Map<String, Map<String, Map<String, Long>>> split = new HashMap<>();
              rows.forEach(
                  r ->
                      split
                          .computeIfAbsent(r.getString(0), e -> new HashMap<>())
                          .computeIfAbsent(r.getString(1), s -> new HashMap<>())
                          .put(r.getString(2), r.getLong(3)));
              return split;
            });
  }

  /**
   * The events left out of the statistics, server-wide, by reason and by unknown experiment key
   * ({@link ExclusionSummary}).
   */
  public Future<ExclusionSummary> exclusionSummary(int limit) {
    return ExclusionSummary.read(pool, limit);
  }

  /** The events of experiment {@code key} the database refused to fold. */
  public Future<Long> refusedEvents(String key) {
    return ExclusionSummary.refusedIn(pool, key);
  }

  /** Events committed but not yet in the rollups. */
  public Future<Long> pendingInbox() {
    return InboxCount.pending(pool);
  }
}

package dev.moments.server.rollup;

import dev.moments.server.events.Exclusion;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.Map;

/**
 * The events left out of the statistics, server-wide: per reason (with {@code databaseRefused},
 * those the database refused to fold, from {@code refused_events}), and per experiment key that
 * names no experiment (all of its events are "before its start").
 *
 * @param byReason every reason, including those with none
 * @param unknownExperiments experiment key → its events, the most first, at most {@code limit}
 * @param unknownExperimentEvents the events of all unknown experiments
 */
public record ExclusionSummary(
    Map<String, Long> byReason,
    Map<String, Long> unknownExperiments,
    long unknownExperimentEvents) {

  /**
   * The events of experiment {@code key} the database refused to fold ({@link FoldRefusals}): its
   * report counts them in {@code health.databaseRefused}.
   */
  static Future<Long> refusedIn(SqlClient sql, String key) {
    return sql.preparedQuery(
            "SELECT count(DISTINCT seq) FROM refused_event_experiments WHERE experiment = $1")
        .execute(Tuple.of(key))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  static Future<ExclusionSummary> read(SqlClient sql, int limit) {
    return sql.query(
            """
            SELECT r.experiment, r.metric, sum(r.units)::int8, e.key IS NULL AND h.key IS NULL
            FROM rollups r LEFT JOIN experiments e ON e.key = r.experiment
              LEFT JOIN holdouts h ON h.key = r.experiment
            WHERE r.segment_attribute = '' AND r.metric LIKE '$excluded:%'
            GROUP BY r.experiment, r.metric, e.key, h.key
            UNION ALL
            SELECT '', '$excluded:databaseRefused', count(*), false FROM refused_events""")
        .execute()
        .map(
            rows -> {
              Map<String, Long> byReason = new java.util.LinkedHashMap<>();
              for (Exclusion e : Exclusion.values()) {
                byReason.put(e.wire(), 0L);
              }
              byReason.put(ExcludedEvents.DATABASE_REFUSED, 0L);
              Map<String, Long> unknown = new HashMap<>();
              long unknownEvents = 0;
              for (Row r : rows) {
                String reason = r.getString(1).substring(Exclusion.METRIC_PREFIX.length());
                long n = r.getLong(2);
                byReason.merge(reason, n, Long::sum);
                if (r.getBoolean(3)) {
                  unknown.merge(r.getString(0), n, Long::sum);
                  unknownEvents += n;
                }
              }
              Map<String, Long> top = new java.util.LinkedHashMap<>();
              unknown.entrySet().stream()
                  .sorted(
                      Map.Entry.<String, Long>comparingByValue()
                          .reversed()
                          .thenComparing(Map.Entry.comparingByKey()))
                  .limit(limit)
                  .forEach(e -> top.put(e.getKey(), e.getValue()));
              return new ExclusionSummary(byReason, top, unknownEvents);
            });
  }
}

package dev.moments.server.rollup;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code metric_days}: conversions per metric key and day, whatever experiment they are credited
 * to. The worker adds each batch's in the transaction that folds it (an inbox event is folded once,
 * so each is counted once) and the rebuild recounts them, so finding keys no experiment declares
 * never reads raw events.
 */
public final class MetricDays {
  /** A metric key seen in events, with its conversions since a day and the last day it was seen. */
  public record Seen(String metric, long conversions, LocalDate lastSeen) {}

  record Key(String metric, LocalDate day) implements Comparable<Key> {
    @Override
    public int compareTo(Key other) {
      int byMetric = metric.compareTo(other.metric);
      return byMetric != 0 ? byMetric : day.compareTo(other.day);
    }
  }

  private MetricDays() {}

  /** The conversions of a batch by metric and (UTC) day of their timestamp. */
  static Map<Key, Long> count(List<StoredEvent> batch) {
    Map<Key, Long> counts = new HashMap<>();
    for (StoredEvent s : batch) {
      if (!s.event().isExposure()) {
        counts.merge(
            new Key(s.event().metric(), Attribution.day(s.event().timestamp())), 1L, Long::sum);
      }
    }
    return counts;
  }

  static Future<Void> add(SqlClient sql, Map<Key, Long> counts) {
    if (counts.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> metrics = new ArrayList<>();
    List<LocalDate> days = new ArrayList<>();
    List<Long> conversions = new ArrayList<>();
    // in key order: folds of other partitions add to the same rows at once (see RollupStore)
    new TreeMap<>(counts)
        .forEach(
            (key, n) -> {
              metrics.add(key.metric());
              days.add(key.day());
              conversions.add(n);
            });
    return sql.preparedQuery(
            """
            INSERT INTO metric_days AS m (metric, day, conversions)
            SELECT * FROM unnest($1::text[], $2::date[], $3::int8[])
            ON CONFLICT (metric, day) DO UPDATE SET conversions = m.conversions + excluded.conversions""")
        .execute(
            Tuple.of(
                metrics.toArray(new String[0]),
                days.toArray(new LocalDate[0]),
                conversions.toArray(new Long[0])))
        .mapEmpty();
  }

  /**
   * Recounts the table from every stored event but those the database refused to fold (the rebuild,
   * in its snapshot).
   */
  static Future<Void> recount(SqlClient sql) {
    return sql.query("DELETE FROM metric_days")
        .execute()
        .compose(
            v ->
                sql.query(
                        """
                        INSERT INTO metric_days (metric, day, conversions)
                        SELECT metric, (ts AT TIME ZONE 'UTC')::date, count(*) FROM events
                        WHERE type = 'conversion'
                          AND NOT EXISTS (SELECT 1 FROM refused_events r WHERE r.seq = events.seq)
                        GROUP BY 1, 2""")
                    .execute())
        .mapEmpty();
  }

  /**
   * The metric keys with conversions on {@code since} or later, most conversions first, at most
   * {@code limit} of them.
   */
  public static Future<List<Seen>> since(SqlClient sql, LocalDate since, int limit) {
    return sql.preparedQuery(
            """
            SELECT metric, sum(conversions)::int8, max(day) FROM metric_days WHERE day >= $1
            GROUP BY metric ORDER BY 2 DESC, 1 LIMIT $2""")
        .execute(Tuple.of(since, limit))
        .map(
            rows -> {
              List<Seen> seen = new ArrayList<>(rows.rowCount());
              for (Row r : rows) {
                seen.add(new Seen(r.getString(0), r.getLong(1), r.getLocalDate(2)));
              }
              return seen;
            });
  }
}

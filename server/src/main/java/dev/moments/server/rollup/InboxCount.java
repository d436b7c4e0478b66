package dev.moments.server.rollup;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * How much of the {@link Inbox} waits, read from the count its own statements keep
 * (V9__inbox_count.sql), and what a fold's transaction learns with it before it folds.
 */
final class InboxCount {
  private InboxCount() {}

  /**
   * What a worker's transaction learns before it folds.
   *
   * @param statesComplete whether every unit with folded events has a stored state (see
   *     V3__rollup_unit_state.sql)
   * @param lag events waiting, exactly (see {@link #pending})
   * @param droppedBefore events received before this may have been dropped by the retention (null:
   *     none ever was), so a unit's raw events may no longer be its whole history
   */
  record Claim(boolean statesComplete, long lag, Instant droppedBefore) {}

  /** What the fold's transaction needs to know first, in one round trip. */
  static Future<Claim> claim(SqlClient sql) {
    return sql.query(
            """
            SELECT (SELECT complete FROM rollup_state_status), (SELECT sum(events)::int8 FROM event_inbox_count),
                   (SELECT dropped_before FROM event_retention_status)""")
        .execute()
        .map(
            rows -> {
              Row r = rows.iterator().next();
              Long lag = r.getLong(1);
              OffsetDateTime dropped = r.getOffsetDateTime(2);
              return new Claim(
                  Boolean.TRUE.equals(r.getBoolean(0)),
                  lag == null ? 0 : lag,
                  dropped == null ? null : dropped.toInstant());
            });
  }

  /**
   * Events committed but not yet in the rollups, exactly: the count the inbox's own statements keep
   * (V9__inbox_count.sql), a sum of 16 rows however long the inbox is.
   */
  static Future<Long> pending(SqlClient sql) {
    return sql.query("SELECT coalesce(sum(events), 0)::int8 FROM event_inbox_count")
        .execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /**
   * The backlog in one round trip: the events waiting, exactly (as {@link #pending}), and the
   * seconds since the oldest of them was stored (0 when the inbox is empty): how far the reports
   * are behind. A sum of 16 rows, one index probe per fold partition on the inbox's key.
   */
  static Future<RollupWorker.Backlog> backlog(SqlClient sql) {
    return sql.query(
            "SELECT coalesce(sum(events), 0)::int8, coalesce(extract(epoch FROM clock_timestamp()"
                + " - inbox_oldest_received_at()), 0)::float8 FROM event_inbox_count")
        .execute()
        .map(
            rows -> {
              Row r = rows.iterator().next();
              return new RollupWorker.Backlog(
                  r.getLong(0), Math.max(0, r.getDouble(1)), System.nanoTime());
            });
  }
}

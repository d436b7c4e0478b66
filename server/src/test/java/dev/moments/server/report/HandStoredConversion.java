package dev.moments.server.report;

import dev.moments.server.testing.RunningServer;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;

/**
 * A conversion stored as the writer stores one (its id, the event, its inbox row), with a value the
 * parser now refuses (1e308: stored before values were capped at 1e12, or by hand).
 */
final class HandStoredConversion {
  private HandStoredConversion() {}

  /** Stores conversion {@code id} of {@code revenue} for {@code unit}; answers its seq. */
  static long store(RunningServer server, String id, String unit, double value, String at) {
    return server
        .server()
        .services()
        .pool()
        .preparedQuery(
            """
            WITH fresh AS (INSERT INTO event_ids (id) VALUES ($1) RETURNING id),
            stored AS (
              INSERT INTO events (id, type, unit_id, metric, value, ts)
              SELECT id, 'conversion', $2, 'revenue', $3, $4::timestamptz FROM fresh
              RETURNING seq, unit_id, received_at)
            INSERT INTO event_inbox (part, seq, received_at)
            SELECT fold_partition(unit_id), seq, received_at FROM stored RETURNING seq""")
        .execute(Tuple.of(id, unit, value, OffsetDateTime.parse(at)))
        .await()
        .iterator()
        .next()
        .getLong(0);
  }
}

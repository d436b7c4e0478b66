package dev.moments.server.rollup;

import dev.moments.server.stats.SampleStats;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

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
   * The per-day delta rows of all units, plus those of one segment attribute.
   *
   * @param segmentAttribute device, channel, country, intent or returning; null for the overall
   *     rows only
   */
  public Future<List<RollupRow>> rows(String experiment, String segmentAttribute) {
    return pool.preparedQuery(
            """
            SELECT metric, variant, day, segment_attribute, segment_value, units, converted, sum, sum_squares
            FROM rollups
            WHERE experiment = $1 AND segment_attribute IN ('', $2)
            ORDER BY day, metric, variant, segment_attribute, segment_value""")
        .execute(Tuple.of(experiment, segmentAttribute == null ? "" : segmentAttribute))
        .map(
            rows -> {
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
                            r.getLong(5), r.getLong(6), r.getDouble(7), r.getDouble(8))));
              }
              return out;
            });
  }

  /** Events committed but not yet in the rollups. */
  public Future<Long> pendingInbox() {
    return Inbox.pending(pool);
  }
}

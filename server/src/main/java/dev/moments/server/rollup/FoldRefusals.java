package dev.moments.server.rollup;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * The events PostgreSQL refuses to fold for their data, and which failures say so. Such an event
 * failed its batch for ever and held up the fold of every experiment (the tenth session's case: a
 * segment value too long for the rollups' key). {@link FoldIsolation} finds it; it is then taken
 * out of the inbox into {@code refused_events} (V41), stays in {@code events}, and is left out of
 * the recounts and the rebuild (see {@link Inbox#unitEvents}), so it is in no statistic and the
 * rebuilt rollups agree with the live ones.
 */
final class FoldRefusals {
  /** The reason they are counted under, on /metrics and in the events summary. */
  static final String REASON = ExcludedEvents.DATABASE_REFUSED;

  /** The longest refusal message kept. */
  static final int MESSAGE_CHARS = 500;

  /**
   * The experiments the refused event ({@code gone}) belongs to, whose reports count it in their
   * health: the one an exposure names; for a conversion, every experiment its unit has an exposure
   * event in (by the events' unit index: the exposures table has none by unit, and this runs while
   * the partition is fenced).
   */
  private static final String IN_EXPERIMENTS =
      """
      SELECT e.seq, e.experiment FROM events e JOIN gone g ON e.seq = g.seq
      WHERE e.experiment IS NOT NULL
      UNION
      SELECT e.seq, x.experiment FROM events e JOIN gone g ON e.seq = g.seq
        JOIN events x ON x.unit_id = e.unit_id AND x.type = 'exposure' AND x.experiment IS NOT NULL
      WHERE e.type = 'conversion'
      """;

  private FoldRefusals() {}

  /**
   * Whether the database refused the batch for what is in it, so retrying it as it is can never
   * succeed: SQLSTATE class 22 (data exception: a value out of range, an overflow, a bad encoding)
   * and 54 (program limit exceeded: a key too long for its index, too many columns or elements).
   * Not connection loss (08), serialization or deadlock (40), shutdown (57P), resources (53, a full
   * disk), a statement timeout (57014), nor an error of the code (42, XX, any Java exception):
   * those are not about one event and must keep retrying, never exclude events.
   */
  static boolean aboutTheData(Throwable failure) {
    return failure instanceof PgException pg
        && pg.getSqlState() != null
        && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("54"));
  }

  /** The seq of partition {@code part}'s oldest waiting event, null when none waits. */
  static Future<Long> head(SqlClient sql, short part) {
    return sql.preparedQuery("SELECT min(seq) FROM event_inbox WHERE part = $1")
        .execute(Tuple.of(part))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /**
   * Takes event {@code seq} out of partition {@code part}'s inbox into {@code refused_events}, in
   * one fenced transaction, only while it is still the partition's oldest (a writer may commit an
   * older seq late: that one is tried first). Answers whether it did.
   */
  static Future<Boolean> refuse(Pool pool, short part, long seq, Throwable cause) {
    PgException pg = (PgException) cause;
    String message = pg.getErrorMessage() == null ? "" : pg.getErrorMessage();
    String cut = message.length() > MESSAGE_CHARS ? message.substring(0, MESSAGE_CHARS) : message;
    return pool.withTransaction(
        conn ->
            FoldFence.fence(conn, List.of(part))
                .compose(
                    fenced ->
                        fenced.isEmpty()
                            ? Future.succeededFuture(false)
                            : conn.preparedQuery(
                                    """
                                    WITH gone AS (
                                      DELETE FROM event_inbox i WHERE i.part = $1 AND i.seq = $2
                                        AND i.seq = (SELECT min(seq) FROM event_inbox WHERE part = $1)
                                      RETURNING i.seq),
                                    refused AS (
                                      INSERT INTO refused_events (seq, id, sqlstate, message)
                                      SELECT g.seq, (SELECT e.id FROM events e WHERE e.seq = g.seq LIMIT 1), $3, $4
                                      FROM gone g RETURNING seq),
                                    named AS (
                                      INSERT INTO refused_event_experiments (seq, experiment)
                                      """
                                        + IN_EXPERIMENTS
                                        + """
                                      RETURNING seq)
                                    SELECT count(*) FROM refused""")
                                .execute(Tuple.of(part, seq, pg.getSqlState(), cut))
                                .map(rows -> rows.iterator().next().getLong(0) == 1)));
  }
}

package dev.moments.server.rollup;

import dev.moments.server.db.FolderLock;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * The folders' advisory lock (shared by the workers' folds, exclusive for the rebuild) and the fold
 * partitions' fences, which order the folds of the {@link Inbox} with each other, with the
 * experiments' status changes and with the rebuild.
 */
final class FoldFence {
  /** The advisory lock key of the folders. */
  static final long LOCK_KEY = FolderLock.KEY;

  private FoldFence() {}

  /**
   * The first statement of a fold's (read committed) transaction: the folders' lock, shared, so
   * that every later statement's snapshot sees each status change stamped before and none is
   * stamped until the fold commits (see {@link FolderLock}); and the fence of each partition it
   * means to fold, a transaction lock, so that no two transactions fold one partition at once
   * whatever the claims say (a server that froze and lost its claims may still hold a stale list).
   * Answers the partitions fenced, none when the folders' lock is taken or wanted exclusively.
   *
   * <p>The fold's commit does not wait for the disk ({@code synchronous_commit} off for this
   * transaction): a fold lost in a crash is lost whole, its inbox rows with its rollup changes, and
   * is folded again from the inbox, so nothing is counted twice or lost; the events themselves are
   * committed durably by the writer, whose next flush also writes the fold's commit. The fold's
   * transactions then no longer queue for the disk behind the writers' (issue 19.3: the lag). And
   * it plans with {@code random_page_cost} 1.1: what a fold reads (the inbox, the batch's events,
   * their units' states) was written moments ago and is in memory, and with the default 4 the batch
   * read scanned the whole inbox once per partition instead of reading each partition's head from
   * the inbox's key (16 scans and sorts of 20,000 rows took 160-250 ms of a 20,000-event batch's
   * 0.9-1.2 s read; 18 ms through the key).
   *
   * @param partitions null for all of them
   */
  static Future<List<Short>> fence(SqlClient sql, List<Short> partitions) {
    return sql.preparedQuery(
            """
            SELECT CASE WHEN pg_try_advisory_xact_lock_shared($1)
                          AND set_config('synchronous_commit', 'off', true) = 'off'
                          AND set_config('random_page_cost', '1.1', true) = '1.1' THEN
                     ARRAY(SELECT p FROM unnest(coalesce($2::int2[],
                                          ARRAY(SELECT generate_series(0, fold_partitions() - 1)::int2))) AS p
                           WHERE pg_try_advisory_xact_lock($3, p))
                   END""")
        .execute(
            Tuple.of(
                LOCK_KEY,
                partitions == null ? null : partitions.toArray(new Short[0]),
                FoldPartitions.FENCE_CLASS))
        .map(
            rows -> {
              Short[] fenced = rows.iterator().next().getArrayOfShorts(0);
              return fenced == null ? List.of() : List.of(fenced);
            });
  }

  /** Waits for the folders' lock and holds it for the session (the rebuild, across statements). */
  static Future<Void> lockSession(SqlClient sql) {
    return sql.preparedQuery("SELECT pg_advisory_lock($1)").execute(Tuple.of(LOCK_KEY)).mapEmpty();
  }

  static Future<Void> unlockSession(SqlClient sql) {
    return sql.preparedQuery("SELECT pg_advisory_unlock($1)")
        .execute(Tuple.of(LOCK_KEY))
        .mapEmpty();
  }
}

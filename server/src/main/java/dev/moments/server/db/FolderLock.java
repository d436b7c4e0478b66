package dev.moments.server.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * The PostgreSQL advisory lock of the folders (the rollup worker of any server, rebuild-rollups),
 * which status changes take too: a fold holds it (as a session lock, taken before its snapshot)
 * while it classifies events by the experiments' running periods, and a status change is stamped
 * only once it holds it. So every event a fold saw without seeing a status change is earlier than
 * that change, and a rebuild reaches the same verdicts.
 */
public final class FolderLock {
  public static final long KEY = 0x6d6f6d656e7473L;

  private FolderLock() {}

  /**
   * Waits for the lock in {@code conn}'s transaction (released at its end): what the transaction
   * stamps afterwards is later than every event a running fold has classified without it.
   */
  public static Future<Void> awaitIn(SqlConnection conn) {
    return conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(KEY)).mapEmpty();
  }
}

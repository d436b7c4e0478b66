package dev.moments.server.store;

import dev.moments.server.domain.ConflictException;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.function.Supplier;

/**
 * The rule that someone can always manage the server: at least one admin credential (an active
 * admin key, or an active key of an active person with the admin role) stays. Every change that
 * could remove one (revoking a key, demoting or deactivating a person) takes the same transaction
 * lock, makes its change, and is rolled back if none is left, so two concurrent changes cannot each
 * remove "the other" last admin.
 */
final class AdminCredentials {
  // Any constant works: it only has to be the same for every change of admin credentials.
  private static final long LOCK = 0x6d6f6d656e7473L;
  private static final String COUNT =
      "SELECT count(*) AS admins FROM api_keys k LEFT JOIN people p ON p.id = k.person_id"
          + " WHERE k.revoked_at IS NULL AND (k.kind = 'admin'"
          + " OR (k.kind = 'person' AND p.role = 'admin' AND p.deactivated_at IS NULL))";

  private AdminCredentials() {}

  static Future<Void> lock(SqlConnection conn) {
    return conn.preparedQuery("SELECT pg_advisory_xact_lock($1)")
        .execute(Tuple.of(LOCK))
        .mapEmpty();
  }

  static Future<Long> count(SqlClient client) {
    return client.query(COUNT).execute().map(rows -> rows.iterator().next().getLong("admins"));
  }

  /** Fails the transaction with {@code refusal} when its change left no admin credential. */
  static Future<Void> requireOneLeft(SqlConnection conn, Supplier<ConflictException> refusal) {
    return count(conn)
        .compose(
            admins -> admins > 0 ? Future.succeededFuture() : Future.failedFuture(refusal.get()));
  }
}

package dev.moments.server.store;

import dev.moments.server.auth.Caller;
import dev.moments.server.auth.KeyQuota;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * A key's own rates ({@code PATCH /keys/{id}} with {@code quota}): the old and new values in one
 * statement, so the audit entry says what changed.
 */
final class KeyQuotas {
  private KeyQuotas() {}

  /**
   * Sets a key's own rates, those of {@code quota} that {@code set} names (an empty rate means the
   * server's default); audited. Applies at once on this server and within {@link
   * KeyStore#CACHE_LIFETIME} on the others.
   */
  static Future<JsonObject> set(
      Pool pool, KeyCache cache, Caller actor, long id, KeyQuota quota, KeyStore.QuotaFields set) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    "UPDATE api_keys new SET"
                        + " assign_per_second = CASE WHEN $4 THEN $2 ELSE new.assign_per_second END,"
                        + " events_per_second = CASE WHEN $5 THEN $3 ELSE new.events_per_second END"
                        + " FROM api_keys old WHERE new.id = $1 AND old.id = new.id"
                        + " AND new.revoked_at IS NULL RETURNING new.id, new.kind, new.name,"
                        + " new.key_prefix, new.person_id, new.created_at, new.revoked_at,"
                        + " new.assign_per_second, new.events_per_second,"
                        + " new.allowed_origins, new.last_used_at,"
                        + " old.assign_per_second AS old_assign, old.events_per_second AS old_events")
                .execute(
                    Tuple.of(
                        id,
                        KeyRows.boxed(quota.assignPerSecond()),
                        KeyRows.boxed(quota.eventsPerSecond()),
                        set.assignPerSecond(),
                        set.eventsPerSecond()))
                .compose(rows -> KeyRows.updated(rows, id))
                .compose(row -> changed(conn, cache, actor, id, row)));
  }

  /**
   * After the update: the new rates into this server's cache at once, the others' when the
   * transaction commits (NOTIFY), and the audit log; answers the key.
   */
  private static Future<JsonObject> changed(
      SqlConnection conn, KeyCache cache, Caller actor, long id, Row row) {
    KeyQuota now = KeyRows.toQuota(row);
    cache.quotaChanged(id, now);
    Future<Void> notified = ConfigNotifier.notifyKeys(conn);
    JsonObject before =
        KeyRows.quotaJson(
            new KeyQuota(
                KeyRows.optional(row.getInteger("old_assign")),
                KeyRows.optional(row.getInteger("old_events"))));
    return notified
        .compose(
            v ->
                AuditLog.append(
                    conn,
                    actor,
                    "key.quota",
                    "key",
                    String.valueOf(id),
                    before,
                    KeyRows.quotaJson(now)))
        .map(v -> KeyRows.keyJson(row));
  }
}

package dev.moments.server.store;

import dev.moments.server.auth.Caller;
import dev.moments.server.auth.Caller.KeyKind;
import dev.moments.server.domain.ConflictException;
import dev.moments.server.domain.NotFoundException;
import dev.moments.server.store.KeyStore.ReplacedKey;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Revoking keys: each revocation leaves this server's cache at once, the others' when its
 * transaction commits, and is audited; the last admin credential is never revoked.
 */
final class KeyRevocations {
  private KeyRevocations() {}

  /** {@link KeyStore#replaceStartupAdminKeys}. */
  static Future<List<ReplacedKey>> replaceStartupAdminKeys(Pool pool, KeyCache cache, long keptId) {
    Caller actor = Caller.key(keptId, KeyKind.ADMIN, KeyStore.CONFIGURED_ADMIN);
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    "UPDATE api_keys SET revoked_at = now() WHERE kind = 'admin' AND revoked_at IS"
                        + " NULL AND id <> $1 AND name IN ($2, $3) RETURNING id, kind, name,"
                        + " key_prefix")
                .execute(Tuple.of(keptId, KeyStore.CONFIGURED_ADMIN, KeyStore.GENERATED_ADMIN))
                .compose(
                    rows -> {
                      List<ReplacedKey> replaced = new ArrayList<>();
                      Future<Void> audit = Future.succeededFuture();
                      for (Row row : rows) {
                        ReplacedKey key =
                            new ReplacedKey(
                                row.getLong("id"),
                                row.getString("name"),
                                row.getString("key_prefix"));
                        replaced.add(key);
                        audit = audit.compose(v -> revoked(conn, cache, actor, key.id(), row));
                      }
                      return audit.map(replaced);
                    }));
  }

  /** {@link KeyStore#revoke}. */
  static Future<Void> revoke(Pool pool, KeyCache cache, Caller actor, long id) {
    return pool.withTransaction(
        conn ->
            AdminCredentials.lock(conn)
                .compose(
                    v ->
                        conn.preparedQuery(
                                "UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND"
                                    + " revoked_at IS NULL RETURNING kind, name, key_prefix")
                            .execute(Tuple.of(id)))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.failedFuture(
                            new NotFoundException("Active key", String.valueOf(id)));
                      }
                      return revoked(conn, cache, actor, id, rows.iterator().next());
                    })
                .compose(
                    v ->
                        AdminCredentials.requireOneLeft(
                            conn,
                            () ->
                                new ConflictException(
                                    "last_admin_key",
                                    "Key "
                                        + id
                                        + " is the last admin credential: without it nobody could"
                                        + " manage the server. Start the server with a new"
                                        + " MOMENTS_ADMIN_KEY (that revokes this one), or add a"
                                        + " person with the admin role first."))));
  }

  /**
   * After a revocation: out of this server's cache at once, out of the others' when the transaction
   * commits, and into the audit log.
   */
  private static Future<Void> revoked(
      SqlConnection conn, KeyCache cache, Caller actor, long id, Row row) {
    cache.forget(id);
    JsonObject before =
        new JsonObject()
            .put("kind", row.getString("kind"))
            .put("name", row.getString("name"))
            .put("keyPrefix", row.getString("key_prefix"));
    return ConfigNotifier.notifyKeys(conn)
        .compose(
            v ->
                AuditLog.append(
                    conn, actor, "key.revoke", "key", String.valueOf(id), before, null));
  }
}

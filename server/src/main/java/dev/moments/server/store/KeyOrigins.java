package dev.moments.server.store;

import dev.moments.server.auth.Caller;
import dev.moments.server.domain.InvalidException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * A client key's allow-list of web origins: browsers on other origins may not use it. The client
 * key is public, so this is what stops another site from sending events or reading assignments with
 * it; a caller outside a browser (no {@code Origin} header) is not limited by it.
 */
final class KeyOrigins {
  private KeyOrigins() {}

  /** Sets (an empty list: clears) the origins of an active client key; audited. */
  static Future<JsonObject> set(
      Pool pool, KeyCache cache, Caller actor, long id, List<String> origins) {
    String[] stored = origins.isEmpty() ? null : origins.toArray(String[]::new);
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    "UPDATE api_keys new SET allowed_origins = $2 FROM api_keys old"
                        + " WHERE new.id = $1 AND old.id = new.id AND new.revoked_at IS NULL"
                        + " RETURNING new.id, new.kind, new.name, new.key_prefix, new.person_id,"
                        + " new.created_at, new.revoked_at, new.assign_per_second,"
                        + " new.events_per_second, new.allowed_origins, new.last_used_at,"
                        + " old.allowed_origins AS old_origins")
                .execute(Tuple.of(id, (Object) stored))
                .compose(rows -> KeyRows.updated(rows, id))
                .compose(row -> onlyClientKeys(row, id, origins))
                .compose(
                    row -> {
                      cache.originsChanged(id, origins);
                      return ConfigNotifier.notifyKeys(conn)
                          .compose(
                              v ->
                                  AuditLog.append(
                                      conn,
                                      actor,
                                      "key.origins",
                                      "key",
                                      String.valueOf(id),
                                      originsJson(row.getArrayOfStrings("old_origins")),
                                      originsJson(stored)))
                          .map(v -> KeyRows.keyJson(row));
                    }));
  }

  /** The updated row, unless origins were given to a key no browser uses (the update is undone). */
  private static Future<Row> onlyClientKeys(Row row, long id, List<String> origins) {
    if (row.getString("kind").equals("client") || origins.isEmpty()) {
      return Future.succeededFuture(row);
    }
    return Future.failedFuture(
        InvalidException.field(
            "origins",
            "Only client keys (used in web pages) take origins; key "
                + id
                + " is a "
                + row.getString("kind")
                + " key."));
  }

  /** The audit log's view of an allow-list: null when there is none. */
  private static JsonObject originsJson(String[] origins) {
    return new JsonObject()
        .put("origins", origins == null ? null : new JsonArray(List.of(origins)));
  }
}

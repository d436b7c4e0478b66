package dev.moments.server.store;

import dev.moments.server.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/** Appends who changed what, before and after, in the same transaction as the change itself. */
public final class AuditLog {
  private final Pool pool;

  public AuditLog(Pool pool) {
    this.pool = pool;
  }

  static Future<Void> append(
      SqlConnection conn,
      Caller caller,
      String action,
      String entityType,
      String entityKey,
      JsonObject before,
      JsonObject after) {
    return conn.preparedQuery(
            "INSERT INTO audit_log (actor_key_id, actor, action, entity_type, entity_key, before, after)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .execute(
            Tuple.of(caller.keyId(), caller.name(), action, entityType, entityKey, before, after))
        .mapEmpty();
  }

  /** Records an action that changes no stored entity (issuing a signed link), on its own. */
  public Future<Void> record(
      Caller caller, String action, String entityType, String entityKey, JsonObject details) {
    return pool.withConnection(
        conn -> append(conn, caller, action, entityType, entityKey, null, details));
  }

  /** The entries of one entity, newest first. */
  public Future<JsonArray> entries(String entityType, String entityKey, int limit) {
    return pool.preparedQuery(
            "SELECT a.id, a.at, a.actor_key_id, a.actor, k.key_prefix, a.action, a.before, a.after"
                + " FROM audit_log a LEFT JOIN api_keys k ON k.id = a.actor_key_id"
                + " WHERE a.entity_type = $1 AND a.entity_key = $2 ORDER BY a.id DESC LIMIT $3")
        .execute(Tuple.of(entityType, entityKey, limit))
        .map(
            rows -> {
              JsonArray result = new JsonArray();
              for (Row row : rows) {
                result.add(
                    new JsonObject()
                        .put("id", row.getLong("id"))
                        .put("at", row.getOffsetDateTime("at").toInstant().toString())
                        .put(
                            "actor",
                            new JsonObject()
                                .put("keyId", row.getLong("actor_key_id"))
                                .put("name", row.getString("actor"))
                                .put("keyPrefix", row.getString("key_prefix")))
                        .put("action", row.getString("action"))
                        .put("before", row.getValue("before"))
                        .put("after", row.getValue("after")));
              }
              return result;
            });
  }
}

package dev.moments.server.store;

import dev.moments.server.auth.Caller;
import dev.moments.server.auth.Caller.Person;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * Appends who changed what, before and after, in the same transaction as the change itself. "Who"
 * is the key and, for a personal key, the person and the role they had at that moment.
 */
public final class AuditLog {
  private static final String SELECT =
      "SELECT a.id, a.at, a.actor_key_id, a.actor, a.actor_role, a.entity_type, a.entity_key,"
          + " a.action, a.before, a.after, k.kind, k.key_prefix, p.id AS person_id,"
          + " p.email AS person_email"
          + " FROM audit_log a LEFT JOIN api_keys k ON k.id = a.actor_key_id"
          + " LEFT JOIN people p ON p.id = a.actor_person_id";
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
            "INSERT INTO audit_log (actor_key_id, actor, actor_person_id, actor_role, action,"
                + " entity_type, entity_key, before, after)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        .execute(
            Tuple.from(
                new Object[] {
                  caller.storedKeyId(),
                  caller.name(),
                  caller.person().map(Person::id).orElse(null),
                  caller.person().map(p -> p.role().wire()).orElse(null),
                  action,
                  entityType,
                  entityKey,
                  before,
                  after
                }))
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
            SELECT + " WHERE a.entity_type = $1 AND a.entity_key = $2 ORDER BY a.id DESC LIMIT $3")
        .execute(Tuple.of(entityType, entityKey, limit))
        .map(AuditLog::toJson);
  }

  /**
   * Every entry older than {@code before} (an entry id; null for the newest), newest first,
   * optionally of one entity type only.
   */
  public Future<JsonArray> entries(String entityType, Long before, int limit) {
    return pool.preparedQuery(
            SELECT
                + " WHERE ($1::text IS NULL OR a.entity_type = $1)"
                + " AND ($2::bigint IS NULL OR a.id < $2) ORDER BY a.id DESC LIMIT $3")
        .execute(Tuple.of(entityType, before, limit))
        .map(AuditLog::toJson);
  }

  private static JsonArray toJson(Iterable<Row> rows) {
    JsonArray result = new JsonArray();
    for (Row row : rows) {
      result.add(
          new JsonObject()
              .put("id", row.getLong("id"))
              .put("at", row.getOffsetDateTime("at").toInstant().toString())
              .put("actor", actor(row))
              .put("entityType", row.getString("entity_type"))
              .put("entityKey", row.getString("entity_key"))
              .put("action", row.getString("action"))
              .put("before", row.getValue("before"))
              .put("after", row.getValue("after")));
    }
    return result;
  }

  /**
   * The key that made the change and, for a personal key, its person with the role they had; the
   * server itself (the scheduler) has no key and is marked {@code system}.
   */
  private static JsonObject actor(Row row) {
    JsonObject actor =
        new JsonObject()
            .put("keyId", row.getLong("actor_key_id"))
            .put("kind", row.getString("kind"))
            .put("name", row.getString("actor"))
            .put("keyPrefix", row.getString("key_prefix"))
            .put("system", row.getLong("actor_key_id") == null);
    Long personId = row.getLong("person_id");
    if (personId != null) {
      actor.put(
          "person",
          new JsonObject()
              .put("id", personId)
              .put("name", row.getString("actor"))
              .put("email", row.getString("person_email"))
              .put("role", row.getString("actor_role")));
    }
    return actor;
  }
}

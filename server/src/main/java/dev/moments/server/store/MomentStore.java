package dev.moments.server.store;

import dev.moments.server.auth.Caller;
import dev.moments.server.domain.ConflictException;
import dev.moments.server.domain.NotFoundException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/** Moments of the customer journey; every change is audited in its own transaction. */
public final class MomentStore {
  private static final String COLUMNS = "key, stage, name, description, created_at, updated_at";
  private final Pool pool;

  public MomentStore(Pool pool) {
    this.pool = pool;
  }

  public Future<JsonObject> create(Caller actor, JsonObject body) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    "INSERT INTO moments (key, stage, name, description) VALUES ($1, $2, $3, $4)"
                        + " ON CONFLICT (key) DO NOTHING RETURNING "
                        + COLUMNS)
                .execute(
                    Tuple.of(
                        body.getString("key"),
                        body.getString("stage"),
                        body.getString("name"),
                        body.getString("description")))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.failedFuture(
                            new ConflictException(
                                "duplicate_key",
                                "A moment with key '"
                                    + body.getString("key")
                                    + "' already exists."));
                      }
                      JsonObject moment = toJson(rows.iterator().next());
                      return AuditLog.append(
                              conn,
                              actor,
                              "moment.create",
                              "moment",
                              moment.getString("key"),
                              null,
                              moment)
                          .compose(v -> ConfigNotifier.notify(conn))
                          .map(moment);
                    }));
  }

  public Future<JsonArray> list() {
    return pool.query("SELECT " + COLUMNS + " FROM moments ORDER BY created_at, key")
        .execute()
        .map(
            rows -> {
              JsonArray result = new JsonArray();
              rows.forEach(row -> result.add(toJson(row)));
              return result;
            });
  }

  public Future<JsonObject> get(String key) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM moments WHERE key = $1")
        .execute(Tuple.of(key))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(new NotFoundException("Moment", key))
                    : Future.succeededFuture(toJson(rows.iterator().next())));
  }

  public Future<JsonObject> patch(Caller actor, String key, JsonObject changes) {
    return pool.withTransaction(
        conn ->
            lock(conn, key)
                .compose(
                    before -> {
                      JsonObject after = before.copy();
                      changes.forEach(e -> after.put(e.getKey(), e.getValue()));
                      return conn.preparedQuery(
                              "UPDATE moments SET stage = $2, name = $3, description = $4, updated_at = now()"
                                  + " WHERE key = $1 RETURNING "
                                  + COLUMNS)
                          .execute(
                              Tuple.of(
                                  key,
                                  after.getString("stage"),
                                  after.getString("name"),
                                  after.getString("description")))
                          .map(rows -> toJson(rows.iterator().next()))
                          .compose(
                              updated ->
                                  AuditLog.append(
                                          conn,
                                          actor,
                                          "moment.update",
                                          "moment",
                                          key,
                                          before,
                                          updated)
                                      .compose(v -> ConfigNotifier.notify(conn))
                                      .map(updated));
                    }));
  }

  /** Locks the moment row: changes to a moment's layer are serialised on it. */
  static Future<JsonObject> lock(SqlConnection conn, String key) {
    return conn.preparedQuery("SELECT " + COLUMNS + " FROM moments WHERE key = $1 FOR UPDATE")
        .execute(Tuple.of(key))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(new NotFoundException("Moment", key))
                    : Future.succeededFuture(toJson(rows.iterator().next())));
  }

  static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("key", row.getString("key"))
        .put("stage", row.getString("stage"))
        .put("name", row.getString("name"))
        .put("description", row.getString("description"))
        .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString())
        .put("updatedAt", row.getOffsetDateTime("updated_at").toInstant().toString());
  }
}

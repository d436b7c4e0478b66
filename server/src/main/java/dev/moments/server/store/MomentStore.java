package dev.moments.server.store;

import dev.moments.server.auth.Caller;
import dev.moments.server.domain.ConflictException;
import dev.moments.server.domain.NotFoundException;
import dev.moments.server.experiment.Moment;
import dev.moments.server.experiment.MomentJson;
import dev.moments.server.experiment.Stage;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Moments of the customer journey; every change is audited in its own transaction. */
public final class MomentStore {
  private static final String COLUMNS = "key, stage, name, description, created_at, updated_at";
  private final Pool pool;

  public MomentStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Moment> create(Caller actor, Moment draft) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    "INSERT INTO moments (key, stage, name, description) VALUES ($1, $2, $3, $4)"
                        + " ON CONFLICT (key) DO NOTHING RETURNING "
                        + COLUMNS)
                .execute(
                    Tuple.of(draft.key(), draft.stage().name(), draft.name(), draft.description()))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.failedFuture(
                            new ConflictException(
                                "duplicate_key",
                                "A moment with key '" + draft.key() + "' already exists."));
                      }
                      Moment moment = one(rows.iterator().next());
                      return AuditLog.append(
                              conn,
                              actor,
                              "moment.create",
                              "moment",
                              moment.key(),
                              null,
                              MomentJson.toJson(moment))
                          .compose(v -> ConfigNotifier.notify(conn))
                          .map(moment);
                    }));
  }

  public Future<List<Moment>> list() {
    return pool.query("SELECT " + COLUMNS + " FROM moments ORDER BY created_at, key")
        .execute()
        .map(
            rows -> {
              List<Moment> result = new ArrayList<>();
              rows.forEach(row -> result.add(one(row)));
              return result;
            });
  }

  public Future<Moment> get(String key) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM moments WHERE key = $1")
        .execute(Tuple.of(key))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(new NotFoundException("Moment", key))
                    : Future.succeededFuture(one(rows.iterator().next())));
  }

  public Future<Moment> patch(Caller actor, String key, Moment.Patch changes) {
    return pool.withTransaction(
        conn ->
            lock(conn, key)
                .compose(
                    before -> {
                      Moment after = changes.applyTo(before);
                      return conn.preparedQuery(
                              "UPDATE moments SET stage = $2, name = $3, description = $4, updated_at = now()"
                                  + " WHERE key = $1 RETURNING "
                                  + COLUMNS)
                          .execute(
                              Tuple.of(
                                  key, after.stage().name(), after.name(), after.description()))
                          .map(rows -> one(rows.iterator().next()))
                          .compose(
                              updated ->
                                  AuditLog.append(
                                          conn,
                                          actor,
                                          "moment.update",
                                          "moment",
                                          key,
                                          MomentJson.toJson(before),
                                          MomentJson.toJson(updated))
                                      .compose(v -> ConfigNotifier.notify(conn))
                                      .map(updated));
                    }));
  }

  /** Locks the moment row: changes to a moment's layer are serialised on it. */
  static Future<Moment> lock(SqlConnection conn, String key) {
    return conn.preparedQuery("SELECT " + COLUMNS + " FROM moments WHERE key = $1 FOR UPDATE")
        .execute(Tuple.of(key))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(new NotFoundException("Moment", key))
                    : Future.succeededFuture(one(rows.iterator().next())));
  }

  private static Moment one(Row row) {
    return new Moment(
        row.getString("key"),
        Stage.valueOf(row.getString("stage")),
        row.getString("name"),
        row.getString("description"),
        row.getOffsetDateTime("created_at").toInstant(),
        row.getOffsetDateTime("updated_at").toInstant());
  }
}

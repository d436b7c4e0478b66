package dev.moments.server.store;

import dev.moments.server.auth.Caller;
import dev.moments.server.db.FolderLock;
import dev.moments.server.domain.ConflictException;
import dev.moments.server.domain.InvalidException;
import dev.moments.server.domain.NotFoundException;
import dev.moments.server.experiment.Holdout;
import dev.moments.server.experiment.HoldoutJson;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Journey holdouts; every change is audited (entity type {@code holdout}) and notifies the servers
 * that the SDK configuration changed, in its own transaction. A start and an end wait for the
 * folders' lock ({@link FolderLock}), as an experiment's status change does, and are stamped with
 * the database clock once they hold it, so folding and rebuilding agree on which events fall inside
 * the running period.
 */
public final class HoldoutStore {
  private static final String COLUMNS =
      "key, name, percent::float8 AS percent, moments, metrics, created_at, ended_at";
  private final Pool pool;

  public HoldoutStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Creates a running holdout. Its moments must exist (they are locked for the transaction); its
   * key must be neither a holdout's nor an experiment's (409 {@code duplicate_key}).
   */
  public Future<Holdout> create(Caller actor, Holdout draft) {
    Holdout holdout = Holdout.validated(draft);
    return pool.withTransaction(
        conn ->
            momentsExist(conn, holdout.moments())
                .compose(v -> FolderLock.awaitIn(conn))
                .compose(v -> insert(conn, holdout))
                .compose(
                    created ->
                        AuditLog.append(
                                conn,
                                actor,
                                "holdout.create",
                                "holdout",
                                created.key(),
                                null,
                                HoldoutJson.toJson(created))
                            .compose(x -> ConfigNotifier.notify(conn))
                            .map(created)));
  }

  /** The holdout's row as stored, or 409 {@code duplicate_key} when its key is taken. */
  private static Future<Holdout> insert(SqlConnection conn, Holdout holdout) {
    return conn.preparedQuery(
            "INSERT INTO holdouts (key, name, percent, moments, metrics,"
                + " created_at) VALUES ($1, $2, $3::float8::numeric(4, 2),"
                + " $4, $5, clock_timestamp()) ON CONFLICT (key) DO NOTHING RETURNING "
                + COLUMNS)
        .execute(
            Tuple.from(
                new Object[] {
                  holdout.key(),
                  holdout.name(),
                  holdout.percent(),
                  holdout.moments() == null ? null : holdout.moments().toArray(new String[0]),
                  holdout.metrics().toArray(new String[0])
                }))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(
                        new ConflictException(
                            "duplicate_key",
                            "The key '"
                                + holdout.key()
                                + "' is taken by a holdout or an experiment (they share"
                                + " one namespace)."))
                    : Future.succeededFuture(one(rows.iterator().next())));
  }

  /** Every holdout, running and ended, oldest first. */
  public Future<List<Holdout>> list() {
    return pool.query("SELECT " + COLUMNS + " FROM holdouts ORDER BY created_at, key")
        .execute()
        .map(
            rows -> {
              List<Holdout> result = new ArrayList<>();
              rows.forEach(r -> result.add(one(r)));
              return result;
            });
  }

  public Future<Holdout> get(String key) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM holdouts WHERE key = $1")
        .execute(Tuple.of(key))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.failedFuture(new NotFoundException("Holdout", key))
                    : Future.succeededFuture(one(rows.iterator().next())));
  }

  /**
   * Ends a running holdout: it leaves /sdk/config (its units return to the experiments), its report
   * stays readable and counts nothing dated after the end. Ending it twice is 409 {@code
   * holdout_ended}.
   */
  public Future<Holdout> end(Caller actor, String key) {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery("SELECT " + COLUMNS + " FROM holdouts WHERE key = $1 FOR UPDATE")
                .execute(Tuple.of(key))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.failedFuture(new NotFoundException("Holdout", key));
                      }
                      Holdout before = one(rows.iterator().next());
                      if (!before.running()) {
                        return Future.failedFuture(
                            new ConflictException(
                                "holdout_ended",
                                "Holdout '" + key + "' ended at " + before.endedAt() + "."));
                      }
                      return FolderLock.awaitIn(conn)
                          .compose(
                              v ->
                                  conn.preparedQuery(
                                          "UPDATE holdouts SET ended_at = clock_timestamp()"
                                              + " WHERE key = $1 RETURNING "
                                              + COLUMNS)
                                      .execute(Tuple.of(key)))
                          .map(updated -> one(updated.iterator().next()))
                          .compose(
                              after ->
                                  AuditLog.append(
                                          conn,
                                          actor,
                                          "holdout.end",
                                          "holdout",
                                          key,
                                          HoldoutJson.toJson(before),
                                          HoldoutJson.toJson(after))
                                      .compose(x -> ConfigNotifier.notify(conn))
                                      .map(after));
                    }));
  }

  /** Fails with 400 on the first moment that does not exist; locks those that do. */
  private static Future<Void> momentsExist(SqlConnection conn, List<String> moments) {
    if (moments == null || moments.isEmpty()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery("SELECT key FROM moments WHERE key = ANY($1) FOR SHARE")
        .execute(Tuple.of(moments.toArray(new String[0])))
        .compose(
            rows -> {
              Set<String> found = new HashSet<>();
              rows.forEach(r -> found.add(r.getString(0)));
              for (int i = 0; i < moments.size(); i++) {
                if (!found.contains(moments.get(i))) {
                  return Future.failedFuture(
                      new InvalidException(
                          "unknown_moment",
                          "Moment '" + moments.get(i) + "' does not exist; create it first.",
                          "moments[" + i + "]"));
                }
              }
              return Future.succeededFuture();
            });
  }

  private static Holdout one(Row row) {
    String[] moments = row.getArrayOfStrings("moments");
    return new Holdout(
        row.getString("key"),
        row.getString("name"),
        row.getDouble("percent"),
        moments == null ? null : List.of(moments),
        List.of(row.getArrayOfStrings("metrics")),
        row.getOffsetDateTime("created_at").toInstant(),
        row.getOffsetDateTime("ended_at") == null
            ? null
            : row.getOffsetDateTime("ended_at").toInstant());
  }
}

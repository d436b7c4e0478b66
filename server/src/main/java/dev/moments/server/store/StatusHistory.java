package dev.moments.server.store;

import dev.moments.server.auth.Caller;
import dev.moments.server.db.FolderLock;
import dev.moments.server.experiment.Experiment;
import dev.moments.server.experiment.Status;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;

/** Experiments' status changes (table {@code experiment_status_history}): who moved what, when. */
final class StatusHistory {
  private StatusHistory() {}

  /**
   * Records a status change. A change of an existing experiment waits for the folders' lock and is
   * stamped with the database clock once it holds it ({@link FolderLock}): every event a fold has
   * already classified by the old status was stored before this moment, so folding and rebuilding
   * agree on which events fall inside the running periods.
   *
   * @param at nullable: the scheduled stop's time for a stop made once it was due (the fold has
   *     left out what is dated from it on since it came due, see {@code RollupStore.facts});
   *     otherwise the database clock once the lock is held
   */
  static Future<Void> record(
      SqlConnection conn, Caller actor, Status from, Experiment after, Instant at) {
    Future<?> ordered = from == null ? Future.succeededFuture() : FolderLock.awaitIn(conn);
    return ordered
        .compose(
            v ->
                conn.preparedQuery(
                        "INSERT INTO experiment_status_history (experiment, from_status, to_status,"
                            + " rollout, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5,"
                            + " COALESCE($6::timestamptz, clock_timestamp()))")
                    .execute(
                        Tuple.of(
                            after.key(),
                            from == null ? null : from.wire(),
                            after.status().wire(),
                            after.rollout(),
                            actor.storedKeyId(),
                            at == null ? null : at.atOffset(ZoneOffset.UTC))))
        .mapEmpty();
  }

  /** An experiment's status changes, oldest first. */
  static Future<JsonArray> list(SqlClient client, String key) {
    return client
        .preparedQuery(
            "SELECT from_status, to_status, rollout, changed_at FROM experiment_status_history"
                + " WHERE experiment = $1 ORDER BY id")
        .execute(Tuple.of(key))
        .map(
            rows -> {
              JsonArray result = new JsonArray();
              rows.forEach(
                  r ->
                      result.add(
                          new JsonObject()
                              .put("from", r.getString("from_status"))
                              .put("to", r.getString("to_status"))
                              .put("rollout", r.getString("rollout"))
                              .put(
                                  "at", r.getOffsetDateTime("changed_at").toInstant().toString())));
              return result;
            });
  }
}

package dev.moments.server.alerts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The decision an experiment was last alerted for ({@code decision_alerts}), moved under its row
 * lock: of two servers seeing the same change, the second waits for the first's commit and then
 * finds nothing changed.
 */
final class AlertState {
  private AlertState() {}

  /** An outcome and its winner (null unless a winner), as alerted. */
  record Alerted(String outcome, String winner) {
    JsonObject json() {
      return new JsonObject().put("outcome", outcome).put("winner", winner);
    }
  }

  /** What is stored for the experiment, read and locked; empty when it was never alerted. */
  static Future<Optional<Alerted>> lock(SqlConnection conn, String experiment) {
    return conn.preparedQuery(
            "SELECT outcome, winner FROM decision_alerts WHERE experiment = $1 FOR UPDATE")
        .execute(Tuple.of(experiment))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(
                        new Alerted(
                            rows.iterator().next().getString("outcome"),
                            rows.iterator().next().getString("winner"))));
  }

  static boolean same(Optional<Alerted> stored, Alerted now) {
    return stored.isPresent()
        && stored.get().outcome().equals(now.outcome())
        && Objects.equals(stored.get().winner(), now.winner());
  }

  /**
   * Stores the new outcome. False when another server inserted the experiment's first row
   * meanwhile: it alerted, and this one must not.
   */
  static Future<Boolean> store(
      SqlConnection conn, String experiment, Alerted alerted, UUID event, boolean exists) {
    String sql =
        exists
            ? "UPDATE decision_alerts SET outcome = $2, winner = $3, event_id = $4,"
                + " alerted_at = now() WHERE experiment = $1"
            : "INSERT INTO decision_alerts (experiment, outcome, winner, event_id)"
                + " VALUES ($1, $2, $3, $4) ON CONFLICT (experiment) DO NOTHING";
    return conn.preparedQuery(sql)
        .execute(Tuple.of(experiment, alerted.outcome(), alerted.winner(), event))
        .map(rows -> rows.rowCount() == 1);
  }
}

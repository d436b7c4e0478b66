package dev.moments.server.http;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.HashedUnits;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/**
 * {@code /assign}'s sticky answer must not come from an exposure the fold refused ({@code
 * refused_events}). Such an exposure is in no statistic, but it stays in {@code events}, and the
 * sticky lookup's fallback (a unit's first server-made exposure not yet folded, for a unit exposed
 * a moment ago on another server) read it: the visitor was pinned to the refused exposure's variant
 * with {@code inExperiment: true}, and every exposure logged after it named a variant the unit's
 * hash does not give, so the fold counted each as implausible and the unit was never in the
 * statistics.
 */
class RefusedStickyIT {
  @Test
  void aRefusedExposureDoesNotPinTheVisitorsVariant() {
    try (RunningServer server = RunningServer.start()) {
      server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.pinned", "FMOT"));
      HttpResponse<Buffer> created =
          server.admin(
              POST,
              "/api/v1/experiments",
              Fixtures.experiment("pinned", "fmot.pinned")
                  .putNull("targeting")
                  .put("trafficPercent", 100)
                  .put("sticky", true));
      assertEquals(201, created.statusCode(), created.bodyAsString());
      server.admin(POST, "/api/v1/experiments/pinned/start", null);
      JsonObject stored = server.admin(GET, "/api/v1/experiments/pinned", null).bodyAsJsonObject();
      String unit = HashedUnits.in(stored, "control", 1, "pin-").get(0);
      storeRefusedExposure(server, unit, "bold");

      HttpResponse<Buffer> assigned =
          server.call(
              POST,
              "/api/v1/assign",
              RunningServer.ADMIN_KEY,
              new JsonObject()
                  .put("unitId", unit)
                  .put("moments", new JsonArray().add("fmot.pinned")));
      assertEquals(200, assigned.statusCode(), assigned.bodyAsString());
      JsonObject assignment =
          assigned.bodyAsJsonObject().getJsonArray("assignments").getJsonObject(0);
      assertEquals("control", assignment.getString("variant"), assignment.encode());

      server.awaitFolded();
      JsonObject health =
          server
              .admin(GET, "/api/v1/experiments/pinned/report", null)
              .bodyAsJsonObject()
              .getJsonObject("health");
      assertEquals(1L, health.getLong("unitsInStatistics"), health.encode());
      assertEquals(0L, health.getLong("implausibleVariant"), health.encode());
    }
  }

  /**
   * A server-made exposure (its id starts with {@code ~}) as the fold guard leaves one it refused:
   * in {@code events}, out of the inbox, listed in {@code refused_events}. Stored by hand: which
   * data PostgreSQL refuses does not matter to the lookup.
   */
  private static void storeRefusedExposure(RunningServer server, String unit, String variant) {
    server
        .server()
        .services()
        .pool()
        .preparedQuery(
            """
            WITH fresh AS (INSERT INTO event_ids (id) VALUES ('~refused') RETURNING id),
            stored AS (
              INSERT INTO events (id, type, unit_id, experiment, variant, ts)
              SELECT id, 'exposure', $1, 'pinned', $2, $3::timestamptz FROM fresh
              RETURNING seq, id)
            INSERT INTO refused_events (seq, id, sqlstate, message)
            SELECT seq, id, '22003', 'by hand' FROM stored""")
        .execute(Tuple.of(unit, variant, OffsetDateTime.now()))
        .await();
  }
}

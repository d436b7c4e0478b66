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
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/**
 * {@code /assign}'s sticky lookup falls back on a unit's first stored server-made exposure ({@code
 * ~} id) for a unit exposed a moment ago on another server, before the fold gets to it. It read
 * every such exposure, folded or not: one the fold left out (dated while the experiment was paused)
 * or refused ({@code refused_events}) pinned the visitor's variant, the exposure cache took it as
 * already stored and wrote none, and the unit, answered {@code "logged": true}, was never in the
 * statistics.
 */
class StickyFallbackIT {

  /** A running sticky experiment on its own moment; answers a unit whose hash gives control. */
  private static String stickyExperimentAndUnit(RunningServer server, String key) {
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot." + key, "FMOT"));
    HttpResponse<Buffer> created =
        server.admin(
            POST,
            "/api/v1/experiments",
            Fixtures.experiment(key, "fmot." + key)
                .putNull("targeting")
                .put("trafficPercent", 100)
                .put("sticky", true));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    assertEquals(
        200, server.admin(POST, "/api/v1/experiments/" + key + "/start", null).statusCode());
    JsonObject stored = server.admin(GET, "/api/v1/experiments/" + key, null).bodyAsJsonObject();
    return HashedUnits.in(stored, "control", 1, key + "-").get(0);
  }

  /** Asks /assign for the unit, which must be answered control. */
  private static void assignControl(RunningServer server, String key, String unit) {
    HttpResponse<Buffer> assigned =
        server.call(
            POST,
            "/api/v1/assign",
            RunningServer.ADMIN_KEY,
            new JsonObject()
                .put("unitId", unit)
                .put("moments", new JsonArray().add("fmot." + key)));
    assertEquals(200, assigned.statusCode(), assigned.bodyAsString());
    JsonObject assignment =
        assigned.bodyAsJsonObject().getJsonArray("assignments").getJsonObject(0);
    assertEquals("control", assignment.getString("variant"), assignment.encode());
  }

  /** Asks /assign for the unit, waits for the fold and answers the report's health. */
  private static JsonObject assignThenHealth(RunningServer server, String key, String unit) {
    assignControl(server, key, unit);
    server.awaitFolded();
    return server
        .admin(GET, "/api/v1/experiments/" + key + "/report", null)
        .bodyAsJsonObject()
        .getJsonObject("health");
  }

  @Test
  void aRefusedExposureDoesNotPinTheVisitorsVariant() {
    try (RunningServer server = RunningServer.start()) {
      String unit = stickyExperimentAndUnit(server, "pinned");
      storeRefusedExposure(server, unit, "bold");
      JsonObject health = assignThenHealth(server, "pinned", unit);
      assertEquals(1L, health.getLong("unitsInStatistics"), health.encode());
      assertEquals(0L, health.getLong("implausibleVariant"), health.encode());
    }
  }

  /**
   * A back-end SDK with a config from before the pause logs the unit's exposure while paused
   * ({@code whilePaused}: no standing); after the restart /assign must still count the unit.
   */
  @Test
  void anExposureFoldedAsExcludedDoesNotStandForTheUnitsExposure() {
    try (RunningServer server = RunningServer.start()) {
      String unit = stickyExperimentAndUnit(server, "resumed");
      assertEquals(200, server.admin(POST, "/api/v1/experiments/resumed/pause", null).statusCode());
      postBackendExposure(server, unit, "resumed", Instant.now());
      server.awaitFolded();
      restart(server, "resumed");
      JsonObject health = assignThenHealth(server, "resumed", unit);
      assertEquals(1L, health.getLong("whilePaused"), health.encode());
      assertEquals(1L, health.getLong("unitsInStatistics"), health.encode());
    }
  }

  /**
   * The window the inbox-only fallback left: /assign reads the back-end exposure while it still
   * waits in the inbox, and the fold then leaves it out (dated while paused). The answer must not
   * stay in the exposure cache as the unit's counted exposure: before, /assign wrote nothing then
   * or on any later call, and the unit, answered "logged", was never in the statistics.
   */
  @Test
  void anExposureReadWhileWaitingAndThenLeftOutDoesNotStayTheUnitsExposure() throws Exception {
    try (RunningServer server = RunningServer.start()) {
      String unit = stickyExperimentAndUnit(server, "waiting");
      assertEquals(200, server.admin(POST, "/api/v1/experiments/waiting/pause", null).statusCode());
      Instant whilePaused = Instant.now();
      restart(server, "waiting");
      try (AutoCloseable held = server.holdFold()) {
        // dated (by the SDK) while the experiment was paused
        postBackendExposure(server, unit, "waiting", whilePaused);
        assignControl(server, "waiting", unit);
      }
      JsonObject health = assignThenHealth(server, "waiting", unit);
      assertEquals(1L, health.getLong("whilePaused"), health.encode());
      assertEquals(1L, health.getLong("unitsInStatistics"), health.encode());
    }
  }

  /** Starts the paused experiment again and waits until its configuration says so. */
  private static void restart(RunningServer server, String key) {
    assertEquals(
        200, server.admin(POST, "/api/v1/experiments/" + key + "/start", null).statusCode());
    server.awaitConfig(
        c -> "running".equals(c.getJsonArray("experiments").getJsonObject(0).getString("status")));
  }

  /** The unit's control exposure as a back-end SDK logs it (a {@code ~} id), dated {@code at}. */
  private static void postBackendExposure(
      RunningServer server, String unit, String experiment, Instant at) {
    server.postEvents(
        new JsonArray()
            .add(
                new JsonObject()
                    .put("id", "~backend-" + unit)
                    .put("type", "exposure")
                    .put("unitId", unit)
                    .put("experiment", experiment)
                    .put("variant", "control")
                    .put("timestamp", at.toString())));
  }

  /**
   * A server-made exposure as the fold guard leaves one it refused: in {@code events}, out of the
   * inbox, listed in {@code refused_events}. Stored by hand: which data PostgreSQL refuses does not
   * matter to the lookup.
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

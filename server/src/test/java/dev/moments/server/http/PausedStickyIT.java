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
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A sticky experiment paused and resumed: a back-end SDK with a config from before the pause logs a
 * unit's exposure while paused (counted as {@code whilePaused}, so the unit has no standing). After
 * the resume, {@code /assign}'s sticky lookup must not take that folded, uncounted exposure for the
 * unit's standing: it did (it read every stored server-made exposure, folded or not), the exposure
 * cache then took the exposure as already stored and wrote none, and the unit, answered {@code
 * "logged": true}, was never in the statistics.
 */
class PausedStickyIT {
  @Test
  void anExposureFoldedAsExcludedDoesNotStandForTheUnitsExposure() {
    try (RunningServer server = RunningServer.start()) {
      server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.resumed", "FMOT"));
      HttpResponse<Buffer> created =
          server.admin(
              POST,
              "/api/v1/experiments",
              Fixtures.experiment("resumed", "fmot.resumed")
                  .putNull("targeting")
                  .put("trafficPercent", 100)
                  .put("sticky", true));
      assertEquals(201, created.statusCode(), created.bodyAsString());
      assertEquals(200, server.admin(POST, "/api/v1/experiments/resumed/start", null).statusCode());
      JsonObject stored = server.admin(GET, "/api/v1/experiments/resumed", null).bodyAsJsonObject();
      String unit = HashedUnits.in(stored, "control", 1, "resumed-").get(0);
      assertEquals(200, server.admin(POST, "/api/v1/experiments/resumed/pause", null).statusCode());
      server.postEvents(
          new JsonArray()
              .add(
                  new JsonObject()
                      .put("id", "~backend-" + unit)
                      .put("type", "exposure")
                      .put("unitId", unit)
                      .put("experiment", "resumed")
                      .put("variant", "control")
                      .put("timestamp", Instant.now().toString())));
      server.awaitFolded();
      assertEquals(200, server.admin(POST, "/api/v1/experiments/resumed/start", null).statusCode());
      server.awaitConfig(
          c ->
              "running".equals(c.getJsonArray("experiments").getJsonObject(0).getString("status")));

      HttpResponse<Buffer> assigned =
          server.call(
              POST,
              "/api/v1/assign",
              RunningServer.ADMIN_KEY,
              new JsonObject()
                  .put("unitId", unit)
                  .put("moments", new JsonArray().add("fmot.resumed")));
      assertEquals(200, assigned.statusCode(), assigned.bodyAsString());
      assertEquals(
          "control",
          assigned
              .bodyAsJsonObject()
              .getJsonArray("assignments")
              .getJsonObject(0)
              .getString("variant"));
      server.awaitFolded();
      JsonObject health =
          server
              .admin(GET, "/api/v1/experiments/resumed/report", null)
              .bodyAsJsonObject()
              .getJsonObject("health");
      assertEquals(1L, health.getLong("whilePaused"), health.encode());
      assertEquals(1L, health.getLong("unitsInStatistics"), health.encode());
    }
  }
}

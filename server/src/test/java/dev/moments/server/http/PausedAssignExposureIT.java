package dev.moments.server.http;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * An {@code /assign} exposure the fold leaves out: one served from a configuration that still said
 * "running" after the pause was committed (the NOTIFY not yet in, another server's listener
 * reconnecting) is dated while paused. Its id is deterministic ({@code
 * ~assign:<experiment>/<variant>/ <unit>}): when the visitor comes back after the resume, does
 * {@code /assign} log an exposure that counts?
 */
class PausedAssignExposureIT {
  private static final String MOMENT = "fmot.hero";
  static RunningServer server;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    server.admin(POST, "/api/v1/moments", Fixtures.moment(MOMENT, "FMOT"));
    server.admin(
        POST,
        "/api/v1/experiments",
        Fixtures.experiment("hero", MOMENT).putNull("targeting").put("trafficPercent", 100));
    assertEquals(200, server.admin(POST, "/api/v1/experiments/hero/start", null).statusCode());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  @Disabled(
      "known defect, not fixed: an /assign exposure left out while paused takes its id for good")
  void aVisitorFirstLoggedWhilePausedCountsAfterTheResume() {
    // the variant without an exposure: /assign logs none when no moment is named
    String variant = assign("u-paused", null).getString("variant");
    assertEquals(200, server.admin(POST, "/api/v1/experiments/hero/pause", null).statusCode());
    // what /assign writes from a configuration that has not yet seen the pause
    JsonObject stale =
        new JsonObject()
            .put("id", "~assign:hero/" + variant + "/u-paused")
            .put("type", "exposure")
            .put("unitId", "u-paused")
            .put("experiment", "hero")
            .put("variant", variant)
            .put("timestamp", Instant.now().toString());
    HttpResponse<Buffer> posted =
        server.admin(
            POST, "/api/v1/events", new JsonObject().put("events", new JsonArray().add(stale)));
    assertEquals(202, posted.statusCode(), posted.bodyAsString());
    server.awaitFolded();
    assertEquals(1, report().getJsonObject("health").getLong("whilePaused"), "left out");

    assertEquals(200, server.admin(POST, "/api/v1/experiments/hero/start", null).statusCode());
    JsonObject back = assign("u-paused", new JsonArray().add(MOMENT));
    assertEquals(variant, back.getString("variant"));
    assertTrue(back.getBoolean("logged"), back.encode());
    JsonObject fresh = assign("u-new", new JsonArray().add(MOMENT));
    assertTrue(fresh.getBoolean("logged"), fresh.encode());
    server.awaitFolded();

    long units =
        report().getJsonArray("variants").stream()
            .mapToLong(v -> ((JsonObject) v).getLong("units"))
            .sum();
    assertEquals(2, units, "the returning visitor, answered logged, counts as the new one does");
  }

  private static JsonObject assign(String unit, JsonArray moments) {
    JsonObject body = new JsonObject().put("unitId", unit);
    if (moments != null) {
      body.put("moments", moments);
    }
    HttpResponse<Buffer> r = server.admin(POST, "/api/v1/assign", body);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getJsonArray("assignments").getJsonObject(0);
  }

  private static JsonObject report() {
    HttpResponse<Buffer> r = server.admin(GET, "/api/v1/experiments/hero/report", null);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }
}

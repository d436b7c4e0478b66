package dev.moments.server.http;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sticky bucketing through the real server (issue 21): a running sticky experiment takes new
 * weights and an added variant, every unit already counted keeps its variant (on this server from
 * its exposure cache, on another from the database), new units follow the new weights, and the fold
 * counts none of it as implausible or multiple.
 */
class StickyIT {
  private static final int UNITS = 80;
  static RunningServer server;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void create(String key, boolean sticky) {
    assertEquals(
        201,
        server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot." + key, "FMOT")).statusCode());
    HttpResponse<Buffer> created =
        server.admin(
            POST,
            "/api/v1/experiments",
            Fixtures.experiment(key, "fmot." + key)
                .putNull("targeting")
                .put("trafficPercent", 100)
                .put("sticky", sticky));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    assertEquals(sticky, created.bodyAsJsonObject().getBoolean("sticky"));
    HttpResponse<Buffer> started =
        server.admin(POST, "/api/v1/experiments/" + key + "/start", null);
    assertEquals(200, started.statusCode(), started.bodyAsString());
  }

  private static JsonObject weights(int control, int bold, Integer minimal) {
    JsonArray variants =
        new JsonArray()
            .add(
                new JsonObject()
                    .put("key", "control")
                    .put("weight", control)
                    .put("kind", "landing_page"))
            .add(
                new JsonObject()
                    .put("key", "bold")
                    .put("weight", bold)
                    .put("kind", "landing_page"));
    if (minimal != null) {
      variants.add(
          new JsonObject()
              .put("key", "minimal")
              .put("weight", minimal)
              .put("kind", "landing_page"));
    }
    return new JsonObject().put("variants", variants);
  }

  private static String assign(RunningServer on, String key, String unit) {
    HttpResponse<Buffer> r =
        on.call(
            POST,
            "/api/v1/assign",
            RunningServer.ADMIN_KEY,
            new JsonObject()
                .put("unitId", unit)
                .put("moments", new JsonArray().add("fmot." + key)));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getJsonArray("assignments").getJsonObject(0).getString("variant");
  }

  @Test
  void unitsKeepTheirVariantOverAWeightChangeAndAnAddedVariant() {
    create("sticky", true);
    Map<String, String> first = new HashMap<>();
    for (int i = 0; i < UNITS; i++) {
      first.put("u" + i, assign(server, "sticky", "u" + i));
    }
    assertTrue(first.containsValue("control") && first.containsValue("bold"), first.toString());

    HttpResponse<Buffer> patched =
        server.admin(PATCH, "/api/v1/experiments/sticky", weights(1, 1, 98));
    assertEquals(200, patched.statusCode(), patched.bodyAsString());
    JsonObject config =
        server.awaitConfig(
            c ->
                c.getJsonArray("experiments").getJsonObject(0).getJsonArray("variants").size()
                    == 3);
    JsonObject served = config.getJsonArray("experiments").getJsonObject(0);
    assertEquals(true, served.getBoolean("sticky"));

    for (int i = 0; i < UNITS; i++) {
      assertEquals(first.get("u" + i), assign(server, "sticky", "u" + i), "u" + i + " here");
    }
    int minimal = 0;
    try (RunningServer other = RunningServer.start(server.database(), false)) {
      for (int i = 0; i < UNITS; i++) {
        assertEquals(first.get("u" + i), assign(other, "sticky", "u" + i), "u" + i + " there");
        minimal += "minimal".equals(assign(other, "sticky", "new" + i)) ? 1 : 0;
      }
    }
    assertTrue(minimal > UNITS / 2, "new units follow the new weights: " + minimal);

    server.awaitFolded();
    JsonObject health =
        server
            .admin(GET, "/api/v1/experiments/sticky/report", null)
            .bodyAsJsonObject()
            .getJsonObject("health");
    assertEquals(0, health.getLong("implausibleVariant"), health.encode());
    assertEquals(0, health.getLong("multipleExposures"), health.encode());
    JsonArray audit =
        server
            .admin(GET, "/api/v1/experiments/sticky/audit", null)
            .bodyAsJsonObject()
            .getJsonArray("entries");
    assertTrue(audit.encode().contains("experiment.update"), "the weight change is audited");
  }

  @Test
  void aRunningExperimentThatIsNotStickyKeepsItsVariants() {
    create("fixed", false);
    HttpResponse<Buffer> r =
        server.admin(PATCH, "/api/v1/experiments/fixed", weights(10, 90, null));
    assertEquals(409, r.statusCode(), r.bodyAsString());
    assertEquals("field_locked", r.bodyAsJsonObject().getJsonObject("error").getString("code"));
  }
}

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lifecycle moves, layer ranges between experiments of one moment, and who changed what. */
class LifecycleAndAuditIT {
  static RunningServer server;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    server.admin(POST, "/api/v1/moments", Fixtures.moment("smot.onboarding", "SMOT"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonObject create(String key, double traffic) {
    HttpResponse<Buffer> r =
        server.admin(
            POST,
            "/api/v1/experiments",
            Fixtures.experiment(key, "smot.onboarding").put("trafficPercent", traffic));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private static JsonArray range(int start, int end) {
    return new JsonArray().add(new JsonArray().add(start).add(end));
  }

  @Test
  void experimentsOnOneMomentShareItsBucketsWithoutOverlap() {
    create("onb-a", 60);
    create("onb-b", 50);
    create("onb-c", 40);
    assertEquals(
        range(0, 6000),
        server
            .admin(POST, "/api/v1/experiments/onb-a/start", null)
            .bodyAsJsonObject()
            .getJsonArray("ranges"));
    HttpResponse<Buffer> full = server.admin(POST, "/api/v1/experiments/onb-b/start", null);
    assertEquals(409, full.statusCode());
    JsonObject error = full.bodyAsJsonObject().getJsonObject("error");
    assertEquals("moment_full", error.getString("code"));
    assertTrue(error.getString("message").contains("40.00%"), error.getString("message"));
    assertEquals(
        "draft",
        server
            .admin(GET, "/api/v1/experiments/onb-b", null)
            .bodyAsJsonObject()
            .getString("status"));
    assertEquals(
        range(6000, 10000),
        server
            .admin(POST, "/api/v1/experiments/onb-c/start", null)
            .bodyAsJsonObject()
            .getJsonArray("ranges"));

    // Shrinking one frees nothing while it runs: the units it let go were exposed to it, and
    // another experiment growing into their buckets would count them in both.
    assertEquals(
        range(0, 3000),
        server
            .admin(PATCH, "/api/v1/experiments/onb-a", new JsonObject().put("trafficPercent", 30))
            .bodyAsJsonObject()
            .getJsonArray("ranges"));
    HttpResponse<Buffer> refused =
        server.admin(
            PATCH, "/api/v1/experiments/onb-c", new JsonObject().put("trafficPercent", 50));
    assertEquals(409, refused.statusCode(), refused.bodyAsString());
    assertEquals(
        "moment_full", refused.bodyAsJsonObject().getJsonObject("error").getString("code"));
    server.admin(PATCH, "/api/v1/experiments/onb-b", new JsonObject().put("trafficPercent", 30));
    assertEquals(409, server.admin(POST, "/api/v1/experiments/onb-b/start", null).statusCode());
    // Growing back takes its own buckets again: the same units return, with the same variants.
    assertEquals(
        range(0, 5000),
        server
            .admin(PATCH, "/api/v1/experiments/onb-a", new JsonObject().put("trafficPercent", 50))
            .bodyAsJsonObject()
            .getJsonArray("ranges"));
    // Stopping without a rollout frees the buckets, those it gave up too.
    server.admin(POST, "/api/v1/experiments/onb-a/stop", null);
    assertEquals(
        range(0, 3000),
        server
            .admin(POST, "/api/v1/experiments/onb-b/start", null)
            .bodyAsJsonObject()
            .getJsonArray("ranges"));
  }

  @Test
  void illegalMovesAre409() {
    create("onb-illegal", 1);
    assertEquals(
        409, server.admin(POST, "/api/v1/experiments/onb-illegal/pause", null).statusCode());
    assertEquals(
        409, server.admin(POST, "/api/v1/experiments/onb-illegal/stop", null).statusCode());
    HttpResponse<Buffer> badRollout =
        server.admin(
            POST,
            "/api/v1/experiments/onb-illegal/stop",
            new JsonObject().put("rollout", "control"));
    assertEquals(409, badRollout.statusCode());
  }

  @Test
  void rolloutMustNameAVariant() {
    server.admin(POST, "/api/v1/moments", Fixtures.moment("umot.review", "UMOT"));
    server.admin(POST, "/api/v1/experiments", Fixtures.experiment("review-ask", "umot.review"));
    server.admin(POST, "/api/v1/experiments/review-ask/start", null);
    HttpResponse<Buffer> r =
        server.admin(
            POST, "/api/v1/experiments/review-ask/stop", new JsonObject().put("rollout", "nope"));
    assertEquals(400, r.statusCode());
    assertEquals("rollout", r.bodyAsJsonObject().getJsonObject("error").getString("field"));
    assertEquals(
        "running",
        server
            .admin(GET, "/api/v1/experiments/review-ask", null)
            .bodyAsJsonObject()
            .getString("status"));
  }

  @Test
  void everyChangeIsAuditedWithWhoBeforeAndAfter() {
    create("onb-audit", 5);
    server.admin(
        PATCH, "/api/v1/experiments/onb-audit", new JsonObject().put("trafficPercent", 7.5));
    JsonArray entries =
        server
            .admin(GET, "/api/v1/experiments/onb-audit/audit", null)
            .bodyAsJsonObject()
            .getJsonArray("entries");
    assertEquals(2, entries.size());
    JsonObject update = entries.getJsonObject(0);
    assertEquals("experiment.update", update.getString("action"));
    assertEquals("MOMENTS_ADMIN_KEY", update.getJsonObject("actor").getString("name"));
    assertEquals(5.0, update.getJsonObject("before").getDouble("trafficPercent"));
    assertEquals(7.5, update.getJsonObject("after").getDouble("trafficPercent"));
    assertEquals("experiment.create", entries.getJsonObject(1).getString("action"));
    JsonObject history =
        server.admin(GET, "/api/v1/experiments/onb-audit", null).bodyAsJsonObject();
    assertEquals("draft", history.getJsonArray("statusHistory").getJsonObject(0).getString("to"));
  }
}

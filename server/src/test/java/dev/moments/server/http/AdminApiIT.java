package dev.moments.server.http;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AdminApiIT {
  static RunningServer server;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void momentsAreCreatedListedAndFetched() {
    HttpResponse<Buffer> created =
        server.admin(POST, "/api/v1/moments", Fixtures.moment("zmot.search-ad", "ZMOT"));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    assertEquals("ZMOT", created.bodyAsJsonObject().getString("stage"));
    JsonArray list =
        server.admin(GET, "/api/v1/moments", null).bodyAsJsonObject().getJsonArray("moments");
    assertTrue(
        list.stream().anyMatch(m -> ((JsonObject) m).getString("key").equals("zmot.search-ad")));
    HttpResponse<Buffer> one = server.admin(GET, "/api/v1/moments/zmot.search-ad", null);
    assertEquals(200, one.statusCode());
    assertEquals("Search ad", one.bodyAsJsonObject().getString("name"));
    assertEquals(
        409,
        server
            .admin(POST, "/api/v1/moments", Fixtures.moment("zmot.search-ad", "ZMOT"))
            .statusCode());
    HttpResponse<Buffer> patched =
        server.admin(
            PATCH,
            "/api/v1/moments/zmot.search-ad",
            new JsonObject().put("name", "Search ad copy"));
    assertEquals("Search ad copy", patched.bodyAsJsonObject().getString("name"));
  }

  @Test
  void experimentLifecycleFromDraftToRollout() {
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.hero", "FMOT"));
    HttpResponse<Buffer> created =
        server.admin(POST, "/api/v1/experiments", Fixtures.experiment("hero-1", "fmot.hero"));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    JsonObject draft = created.bodyAsJsonObject();
    assertEquals("draft", draft.getString("status"));
    assertNotNull(draft.getString("salt"));
    assertEquals("binomial", draft.getJsonObject("primaryMetric").getString("type"));

    JsonObject running =
        server.admin(POST, "/api/v1/experiments/hero-1/start", null).bodyAsJsonObject();
    assertEquals("running", running.getString("status"));
    assertEquals(
        new JsonArray().add(new JsonArray().add(0).add(5000)), running.getJsonArray("ranges"));

    assertEquals(
        409,
        server
            .admin(
                PATCH,
                "/api/v1/experiments/hero-1",
                new JsonObject().put("variants", draft.getJsonArray("variants")))
            .statusCode());
    assertEquals(
        "paused",
        server
            .admin(POST, "/api/v1/experiments/hero-1/pause", null)
            .bodyAsJsonObject()
            .getString("status"));
    assertEquals(
        "running",
        server
            .admin(POST, "/api/v1/experiments/hero-1/start", null)
            .bodyAsJsonObject()
            .getString("status"));
    HttpResponse<Buffer> stopped =
        server.admin(
            POST, "/api/v1/experiments/hero-1/stop", new JsonObject().put("rollout", "bold"));
    assertEquals(200, stopped.statusCode(), stopped.bodyAsString());
    assertEquals("bold", stopped.bodyAsJsonObject().getString("rollout"));
    HttpResponse<Buffer> restart = server.admin(POST, "/api/v1/experiments/hero-1/start", null);
    assertEquals(409, restart.statusCode());
    assertEquals(
        "illegal_transition", restart.bodyAsJsonObject().getJsonObject("error").getString("code"));
  }

  @Test
  void experimentListsFilterByMomentAndStatus() {
    server.admin(POST, "/api/v1/moments", Fixtures.moment("zmot.filter-a", "ZMOT"));
    server.admin(POST, "/api/v1/moments", Fixtures.moment("zmot.filter-b", "ZMOT"));
    server.admin(POST, "/api/v1/experiments", Fixtures.experiment("filter-a1", "zmot.filter-a"));
    server.admin(POST, "/api/v1/experiments", Fixtures.experiment("filter-a2", "zmot.filter-a"));
    server.admin(POST, "/api/v1/experiments", Fixtures.experiment("filter-b1", "zmot.filter-b"));
    server.admin(POST, "/api/v1/experiments/filter-a2/start", null);
    assertEquals(
        java.util.List.of("filter-a1", "filter-a2"),
        server.experimentKeys("?moment=zmot.filter-a"));
    assertEquals(
        java.util.List.of("filter-a2"),
        server.experimentKeys("?moment=zmot.filter-a&status=running"));
    assertEquals(
        java.util.List.of("filter-b1"),
        server.experimentKeys("?moment=zmot.filter-b&status=draft"));
    assertEquals(400, server.admin(GET, "/api/v1/experiments?status=finished", null).statusCode());
  }

  /**
   * Issue 15.9: targeting on an attribute no SDK sends (a typo) is accepted, and the create and
   * patch responses and the report name it; an attribute a request carried is known from then on.
   */
  @Test
  void targetingOnAnAttributeNoSdkSendsIsAcceptedWithAWarning() {
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.targeted", "FMOT"));
    JsonObject targeting =
        new JsonObject()
            .put(
                "all",
                new JsonArray()
                    .add(condition("device", "mobile"))
                    .add(condition("utm_source", "google"))
                    .add(condition("contry", "DE"))
                    .add(condition("plan", "pro")));
    HttpResponse<Buffer> created =
        server.admin(
            POST,
            "/api/v1/experiments",
            Fixtures.experiment("targeted", "fmot.targeted").put("targeting", targeting));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    assertEquals(
        List.of("contry", "plan"), attributesWarned(created.bodyAsJsonObject(), "warnings"));
    assertEquals(
        "country",
        created
            .bodyAsJsonObject()
            .getJsonArray("warnings")
            .getJsonObject(0)
            .getString("suggestion"));

    // a page sends `plan` to /assign: it is an attribute an SDK sends now
    String clientKey = server.newKey("client");
    JsonObject assign =
        new JsonObject()
            .put("unitId", "visitor-1")
            .put("attributes", new JsonObject().put("plan", "pro"));
    assertEquals(200, server.call(POST, "/api/v1/assign", clientKey, assign).statusCode());
    HttpResponse<Buffer> patched =
        server.admin(
            PATCH, "/api/v1/experiments/targeted", new JsonObject().put("targeting", targeting));
    assertEquals(200, patched.statusCode(), patched.bodyAsString());
    assertEquals(List.of("contry"), attributesWarned(patched.bodyAsJsonObject(), "warnings"));

    server.admin(POST, "/api/v1/experiments/targeted/start", null);
    JsonObject report =
        server.admin(GET, "/api/v1/experiments/targeted/report", null).bodyAsJsonObject();
    assertEquals(List.of("contry"), attributesWarned(report, "warnings"));
    JsonObject untargeted =
        server
            .admin(
                PATCH,
                "/api/v1/experiments/targeted",
                new JsonObject().put("targeting", condition("country", "DE")))
            .bodyAsJsonObject();
    assertEquals(List.of(), attributesWarned(untargeted, "warnings"));
  }

  private static JsonObject condition(String attribute, String value) {
    return new JsonObject().put("attribute", attribute).put("op", "eq").put("value", value);
  }

  private static List<String> attributesWarned(JsonObject body, String field) {
    return body.getJsonArray(field).stream()
        .map(JsonObject.class::cast)
        .filter(w -> "unknown_attribute".equals(w.getString("code")))
        .map(w -> w.getString("attribute"))
        .toList();
  }
}

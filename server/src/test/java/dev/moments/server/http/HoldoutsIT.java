package dev.moments.server.http;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.sdk.AssignmentConfig;
import dev.moments.sdk.HoldoutDefinition;
import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, holdouts through the real server: the admin routes (validation in the contract's error
 * shape, one key namespace with experiments, audited), and what /sdk/config publishes, parsed by
 * the Java SDK's own core.
 */
class HoldoutsIT {
  static RunningServer server;
  static String sdkKey;

  @BeforeAll
  static void start() {
    server = RunningServer.start(); // no demo
    sdkKey = server.newKey("server");
    for (String moment : List.of("fmot.h-hero", "zmot.h-ad")) {
      assertEquals(
          201,
          server
              .admin(
                  POST,
                  "/api/v1/moments",
                  Fixtures.moment(moment, moment.substring(0, 4).toUpperCase()))
              .statusCode());
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static JsonObject holdout(String key, Object percent, String... moments) {
    JsonObject h =
        new JsonObject().put("key", key).put("name", "Q1 holdout").put("percent", percent);
    return moments.length == 0 ? h : h.put("moments", new JsonArray(List.of(moments)));
  }

  private static void assertError(HttpResponse<Buffer> r, int status, String code, String field) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
    assertEquals(code, error.getString("code"), r.bodyAsString());
    if (field != null) {
      assertEquals(field, error.getString("field"), r.bodyAsString());
    }
  }

  @Test
  void badHoldoutsAreRefusedWithTheFieldAndChangeNothing() {
    assertError(
        server.admin(POST, "/api/v1/holdouts", holdout("h-zero", 0, "fmot.h-hero")),
        400,
        "invalid_field",
        "percent");
    assertError(
        server.admin(POST, "/api/v1/holdouts", holdout("h-big", 50.01, "fmot.h-hero")),
        400,
        "invalid_field",
        "percent");
    assertError(
        server.admin(POST, "/api/v1/holdouts", holdout("h-fine", 2.505, "fmot.h-hero")),
        400,
        "invalid_field",
        "percent");
    assertError(
        server.admin(POST, "/api/v1/holdouts", holdout("h-text", "5", "fmot.h-hero")),
        400,
        "invalid_field",
        "percent");
    assertError(
        server.admin(POST, "/api/v1/holdouts", holdout("h-ghost", 5, "fmot.h-hero", "fmot.nope")),
        400,
        "unknown_moment",
        "moments[1]");
    assertError(
        server.admin(POST, "/api/v1/holdouts", holdout("h-twice", 5, "fmot.h-hero", "fmot.h-hero")),
        400,
        "invalid_field",
        "moments[1]");
    assertError(
        server.admin(POST, "/api/v1/holdouts", holdout("Bad Key", 5)), 400, "invalid_field", "key");
    JsonArray all =
        server.admin(GET, "/api/v1/holdouts", null).bodyAsJsonObject().getJsonArray("holdouts");
    assertTrue(
        all.stream()
            .map(JsonObject.class::cast)
            .noneMatch(h -> h.getString("key").startsWith("h-")),
        all.encode());
  }

  @Test
  void holdoutsAndExperimentsShareOneKeyNamespace() {
    assertEquals(
        201,
        server
            .admin(POST, "/api/v1/experiments", Fixtures.experiment("ns-exp", "fmot.h-hero"))
            .statusCode());
    assertError(
        server.admin(POST, "/api/v1/holdouts", holdout("ns-exp", 5)), 409, "duplicate_key", null);
    assertEquals(201, server.admin(POST, "/api/v1/holdouts", holdout("ns-hold", 5)).statusCode());
    assertError(
        server.admin(POST, "/api/v1/holdouts", holdout("ns-hold", 7)), 409, "duplicate_key", null);
    assertError(
        server.admin(POST, "/api/v1/experiments", Fixtures.experiment("ns-hold", "fmot.h-hero")),
        409,
        "duplicate_key",
        null);
    assertEquals(404, server.admin(GET, "/api/v1/experiments/ns-hold", null).statusCode());
    assertEquals(
        5.0,
        server
            .admin(GET, "/api/v1/holdouts/ns-hold", null)
            .bodyAsJsonObject()
            .getDouble("percent"));
    server.admin(POST, "/api/v1/holdouts/ns-hold/end", null);
  }

  @Test
  void aHoldoutIsServedToSdksUntilItEndsAndItsChangesAreAudited() {
    HttpResponse<Buffer> created =
        server.admin(
            POST,
            "/api/v1/holdouts",
            holdout("q1-holdout", 0.07, "fmot.h-hero")
                .put("metrics", new JsonArray().add("signup")));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    JsonObject h = created.bodyAsJsonObject();
    assertEquals("running", h.getString("status"));
    assertEquals(0.07, h.getDouble("percent"));
    assertEquals(new JsonArray().add("fmot.h-hero"), h.getJsonArray("moments"));
    assertNull(h.getString("endedAt"));
    JsonObject everywhere =
        server.admin(POST, "/api/v1/holdouts", holdout("all-holdout", 12.5)).bodyAsJsonObject();
    assertNull(everywhere.getJsonArray("moments"));

    JsonObject config = awaitConfig(c -> c.getJsonArray("holdouts").size() >= 2);
    AssignmentConfig parsed = AssignmentConfig.fromJson(config.encode());
    HoldoutDefinition q1 =
        parsed.holdouts().stream()
            .filter(d -> d.key().equals("q1-holdout"))
            .findFirst()
            .orElseThrow();
    assertEquals(0.07, q1.percent());
    assertEquals(List.of("fmot.h-hero"), q1.moments());
    HoldoutDefinition all =
        parsed.holdouts().stream()
            .filter(d -> d.key().equals("all-holdout"))
            .findFirst()
            .orElseThrow();
    assertNull(all.moments());
    assertEquals(12.5, all.percent());

    HttpResponse<Buffer> ended = server.admin(POST, "/api/v1/holdouts/q1-holdout/end", null);
    assertEquals(200, ended.statusCode(), ended.bodyAsString());
    assertEquals("ended", ended.bodyAsJsonObject().getString("status"));
    assertError(
        server.admin(POST, "/api/v1/holdouts/q1-holdout/end", null), 409, "holdout_ended", null);
    JsonObject after =
        awaitConfig(
            c ->
                c.getJsonArray("holdouts").stream()
                    .map(JsonObject.class::cast)
                    .noneMatch(x -> x.getString("key").equals("q1-holdout")));
    assertTrue(after.encode().contains("all-holdout"));
    assertEquals(
        "ended",
        server
            .admin(GET, "/api/v1/holdouts/q1-holdout", null)
            .bodyAsJsonObject()
            .getString("status"));

    JsonArray audit =
        server
            .admin(GET, "/api/v1/audit?entityType=holdout", null)
            .bodyAsJsonObject()
            .getJsonArray("entries");
    List<String> actions =
        audit.stream()
            .map(JsonObject.class::cast)
            .filter(e -> e.getString("entityKey").equals("q1-holdout"))
            .map(e -> e.getString("action"))
            .toList();
    assertEquals(List.of("holdout.end", "holdout.create"), actions);
    server.admin(POST, "/api/v1/holdouts/all-holdout/end", null);
  }

  /** The config /sdk/config serves once it satisfies {@code ready} (a change arrives by NOTIFY). */
  static JsonObject awaitConfig(Predicate<JsonObject> ready) {
    return awaitConfig(server, sdkKey, ready);
  }

  /** The config /sdk/config serves once it satisfies {@code ready}, polling. */
  static JsonObject awaitConfig(RunningServer server, String sdkKey, Predicate<JsonObject> ready) {
    long deadline = System.currentTimeMillis() + 10_000;
    JsonObject config;
    do {
      HttpResponse<Buffer> r = server.call(GET, "/api/v1/sdk/config", sdkKey, null);
      assertEquals(200, r.statusCode(), r.bodyAsString());
      config = r.bodyAsJsonObject();
      if (ready.test(config)) {
        return config;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    } while (System.currentTimeMillis() < deadline);
    throw new AssertionError("the served config never became ready: " + config.encode());
  }
}

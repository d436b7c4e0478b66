package dev.moments.server.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.MomentsServer;
import dev.moments.server.config.MomentsConfig;
import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.testing.TestDatabase;
import dev.moments.server.testing.TestPorts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * POST /api/v1/events through the whole server: auth, body limits, content types, the error body.
 */
class EventsHttpIT {
  private static final String ADMIN = "events-http-admin-key-0123456789";
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static MomentsServer server;
  private static int port;
  private static String clientKey;

  @BeforeAll
  static void start() throws Exception {
    DatabaseTarget db = TestDatabase.fresh();
    server =
        TestPorts.onFreePort(
            free ->
                MomentsServer.start(
                    MomentsConfig.fromEnvironment(
                        Map.of(
                            "MOMENTS_DB_URL",
                            db.uri().toString(),
                            "MOMENTS_PORT",
                            Integer.toString(free),
                            "MOMENTS_ADMIN_KEY",
                            ADMIN,
                            "MOMENTS_DEMO",
                            "false"))));
    port = server.report().port();
    HttpResponse<String> key =
        post(
            "/api/v1/keys",
            "Bearer " + ADMIN,
            "application/json",
            new JsonObject().put("kind", "client").put("name", "web").encode());
    assertEquals(201, key.statusCode(), key.body());
    clientKey = new JsonObject(key.body()).getString("key");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> post(
      String path, String authorization, String contentType, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String batch(JsonObject... events) {
    return new JsonObject()
        .put("events", new JsonArray(java.util.List.of((Object[]) events)))
        .encode();
  }

  private static JsonObject exposure(String id) {
    return new JsonObject()
        .put("id", id)
        .put("type", "exposure")
        .put("unitId", "visitor-42")
        .put("experiment", "hero-2026-11")
        .put("variant", "bold");
  }

  @Test
  void acceptsDuplicatesAndRejectsPerEvent() throws Exception {
    HttpResponse<String> r =
        post(
            "/api/v1/events",
            "Bearer " + ADMIN,
            "application/json",
            batch(exposure("h1"), exposure("h1"), exposure("h2").put("variant", "Bold!")));
    assertEquals(202, r.statusCode(), r.body());
    JsonObject body = new JsonObject(r.body());
    assertEquals(1, body.getInteger("accepted"));
    assertEquals(1, body.getInteger("duplicates"));
    JsonObject rejected = body.getJsonArray("rejected").getJsonObject(0);
    assertEquals(2, rejected.getInteger("index"));
    assertEquals("events[2].variant", rejected.getJsonObject("error").getString("field"));
  }

  @Test
  void sendBeaconTextPlainWithTheKeyInTheQuery() throws Exception {
    HttpResponse<String> r =
        post(
            "/api/v1/events?key=" + clientKey,
            null,
            "text/plain;charset=UTF-8",
            batch(exposure("beacon-1")));
    assertEquals(202, r.statusCode(), r.body());
    assertEquals(1, new JsonObject(r.body()).getInteger("accepted"));
  }

  @Test
  void malformedJsonIsA400WhateverTheContentType() throws Exception {
    for (String type : new String[] {"application/json", "text/plain"}) {
      HttpResponse<String> r =
          post("/api/v1/events", "Bearer " + clientKey, type, "{\"events\":[{\"id\":");
      assertEquals(400, r.statusCode(), r.body());
      assertEquals(
          "malformed_json", new JsonObject(r.body()).getJsonObject("error").getString("code"));
    }
  }

  @Test
  void moreThanAThousandEventsIsA400ForTheWholeRequest() throws Exception {
    JsonObject[] events = new JsonObject[1001];
    for (int i = 0; i < events.length; i++) {
      events[i] = exposure("many-" + i);
    }
    HttpResponse<String> r =
        post("/api/v1/events", "Bearer " + ADMIN, "application/json", batch(events));
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(new JsonObject(r.body()).getJsonObject("error").containsKey("code"));
  }

  @Test
  void onlyTheAdminKeyMayBackfill() throws Exception {
    String old = Instant.now().minus(30, ChronoUnit.DAYS).toString();
    HttpResponse<String> asClient =
        post(
            "/api/v1/events",
            "Bearer " + clientKey,
            "application/json",
            batch(exposure("old-1").put("timestamp", old)));
    assertEquals(
        "timestamp_out_of_range",
        new JsonObject(asClient.body())
            .getJsonArray("rejected")
            .getJsonObject(0)
            .getJsonObject("error")
            .getString("code"));
    HttpResponse<String> asAdmin =
        post(
            "/api/v1/events",
            "Bearer " + ADMIN,
            "application/json",
            batch(exposure("old-1").put("timestamp", old)));
    assertEquals(1, new JsonObject(asAdmin.body()).getInteger("accepted"), asAdmin.body());
  }

  @Test
  void noKeyIs401() throws Exception {
    assertEquals(
        401,
        post("/api/v1/events", null, "application/json", batch(exposure("nokey"))).statusCode());
  }
}

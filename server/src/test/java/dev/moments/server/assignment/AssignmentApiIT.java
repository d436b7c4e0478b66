package dev.moments.server.assignment;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.sdk.Assigner;
import dev.moments.sdk.Assignment;
import dev.moments.sdk.AssignmentConfig;
import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GET /sdk/config and POST /assign against the real server: same answers as the SDK core, exposures
 * stored.
 */
class AssignmentApiIT {
  static RunningServer server;
  static String serverKey;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    serverKey =
        server
            .admin(POST, "/api/v1/keys", new JsonObject().put("kind", "server").put("name", "svc"))
            .bodyAsJsonObject()
            .getString("key");
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.hero", "FMOT"));
    server.admin(
        POST,
        "/api/v1/experiments",
        Fixtures.experiment("hero", "fmot.hero").put("trafficPercent", 100).putNull("targeting"));
    server.admin(POST, "/api/v1/experiments/hero/start", null);
    server.admin(POST, "/api/v1/moments", Fixtures.moment("zmot.ad", "ZMOT"));
    server.admin(POST, "/api/v1/experiments", Fixtures.experiment("ad-draft", "zmot.ad"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Assigns the unit in fmot.hero, which logs its exposure: the caller is about to show it. */
  private static JsonObject assign(String unitId, JsonObject attributes, String query) {
    JsonObject body =
        new JsonObject().put("unitId", unitId).put("moments", new JsonArray().add("fmot.hero"));
    if (attributes != null) {
      body.put("attributes", attributes);
    }
    HttpResponse<Buffer> r =
        server.call(POST, "/api/v1/assign" + (query == null ? "" : query), serverKey, body);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  @Test
  void configCarriesRangesSaltAndAnEtagThatRevalidates() {
    HttpResponse<Buffer> first = server.call(GET, "/api/v1/sdk/config", serverKey, null);
    assertEquals(200, first.statusCode());
    JsonObject config = first.bodyAsJsonObject();
    String etag = first.getHeader("ETag");
    assertEquals("\"" + config.getString("version") + "\"", etag);
    JsonArray experiments = config.getJsonArray("experiments");
    assertTrue(
        experiments.stream().noneMatch(e -> ((JsonObject) e).getString("key").equals("ad-draft")),
        "drafts are not sent to SDKs");
    JsonObject hero =
        experiments.stream()
            .map(JsonObject.class::cast)
            .filter(e -> e.getString("key").equals("hero"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        new JsonArray().add(new JsonArray().add(0).add(10000)), hero.getJsonArray("ranges"));
    assertNotNull(hero.getString("salt"));
    var revalidated =
        server
            .client()
            .get("/api/v1/sdk/config")
            .putHeader("Authorization", "Bearer " + serverKey)
            .putHeader("If-None-Match", etag)
            .send()
            .await();
    assertEquals(304, revalidated.statusCode());
  }

  @Test
  void serverAssignsExactlyAsTheSdkCoreDoesAndLogsExposures() throws Exception {
    String json = server.call(GET, "/api/v1/sdk/config", serverKey, null).bodyAsString();
    AssignmentConfig local = AssignmentConfig.fromJson(json);
    int bold = 0;
    for (int i = 0; i < 400; i++) {
      String unit = "visitor-" + i;
      JsonObject answer = assign(unit, null, null);
      Assignment expected = Assigner.assign(local, "fmot.hero", unit, Map.of());
      JsonObject got = answer.getJsonArray("assignments").getJsonObject(0);
      assertEquals(expected.variant(), got.getString("variant"), unit);
      assertEquals(true, got.getBoolean("logged"), unit);
      assertEquals(
          expected.variant().equals("bold") ? "bold" : "classic",
          got.getJsonObject("payload").getString("layout"));
      bold += expected.variant().equals("bold") ? 1 : 0;
    }
    assertTrue(bold > 150 && bold < 250, "a 50/50 split, got " + bold);
    assign("visitor-1", null, null);
    assertEquals(
        400, countExposures("hero"), "one stored exposure per unit, however often it asks");
  }

  @Test
  void forcedVariantsAreHonouredAndFlagged() throws Exception {
    JsonObject answer = assign("ad-clicker", null, "?force=hero:bold");
    JsonObject a = answer.getJsonArray("assignments").getJsonObject(0);
    assertEquals("bold", a.getString("variant"));
    assertEquals(true, a.getBoolean("forced"));
    JsonObject viaAttribute =
        assign("ad-clicker-2", new JsonObject().put("force", "hero:control"), null);
    assertEquals(
        "control", viaAttribute.getJsonArray("assignments").getJsonObject(0).getString("variant"));
    try (var c = connection();
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT forced FROM events WHERE unit_id = 'ad-clicker'")) {
      assertTrue(rs.next());
      assertTrue(rs.getBoolean(1));
    }
  }

  /**
   * Issue 15 item 1: without {@code moments}, /assign logged an exposure in every running
   * experiment of every moment, and conversions were credited to all of them (a visitor meant for
   * fmot.search-ad-landing polluted the demo hero-demo with 30,001 units). Now it answers every
   * assignment and logs none.
   */
  @Test
  void anAssignmentWithoutMomentsLogsNoExposureAndPollutesNoExperiment() throws Exception {
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.search-ad-landing", "FMOT"));
    server.admin(
        POST,
        "/api/v1/experiments",
        Fixtures.experiment("landing", "fmot.search-ad-landing")
            .put("trafficPercent", 100)
            .putNull("targeting"));
    server.admin(POST, "/api/v1/experiments/landing/start", null);
    JsonObject all =
        server
            .call(POST, "/api/v1/assign", serverKey, new JsonObject().put("unitId", "ad-visitor"))
            .bodyAsJsonObject();
    JsonArray assignments = all.getJsonArray("assignments");
    assertTrue(
        assignments.stream()
            .map(a -> ((JsonObject) a).getString("experiment"))
            .toList()
            .containsAll(java.util.List.of("hero", "landing")),
        all.encode());
    assignments.forEach(a -> assertEquals(false, ((JsonObject) a).getBoolean("logged")));
    assertEquals(0, countExposuresOf("ad-visitor"), "asking is not showing");

    JsonObject shown =
        server
            .call(
                POST,
                "/api/v1/assign",
                serverKey,
                new JsonObject()
                    .put("unitId", "ad-visitor")
                    .put("moments", new JsonArray().add("fmot.search-ad-landing")))
            .bodyAsJsonObject();
    assertEquals(true, shown.getJsonArray("assignments").getJsonObject(0).getBoolean("logged"));
    assertEquals(1, countExposuresOf("ad-visitor"), "only the moment the page shows is logged");
    server.call(
        POST,
        "/api/v1/events",
        serverKey,
        new JsonObject()
            .put(
                "events",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("id", "ad-visitor-signup")
                            .put("type", "conversion")
                            .put("unitId", "ad-visitor")
                            .put("metric", "signup"))));
    JsonObject landing = reportOnceFolded("landing");
    assertEquals(1, units(landing), landing.encode());
    assertEquals(
        1,
        landing.getJsonArray("metrics").getJsonObject(0).getJsonArray("variants").stream()
            .mapToLong(v -> ((JsonObject) v).getLong("conversions"))
            .sum());
    try (var c = connection();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT count(*) FROM exposures WHERE unit_id = 'ad-visitor' AND experiment ="
                        + " 'hero'")) {
      rs.next();
      assertEquals(0, rs.getLong(1), "the hero experiment never counts the ad visitor");
    }
  }

  private static long units(JsonObject report) {
    return report.getJsonArray("variants").stream()
        .mapToLong(v -> ((JsonObject) v).getLong("units"))
        .sum();
  }

  /** The report once the rollup worker has folded every committed event. */
  private static JsonObject reportOnceFolded(String experiment) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      try (var c = connection();
          ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM event_inbox")) {
        rs.next();
        if (rs.getLong(1) == 0) {
          break;
        }
      }
      Thread.sleep(20);
    }
    return server
        .admin(
            io.vertx.core.http.HttpMethod.GET,
            "/api/v1/experiments/" + experiment + "/report",
            null)
        .bodyAsJsonObject();
  }

  private static long countExposuresOf(String unit) throws Exception {
    try (var c = connection();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT count(*) FROM events WHERE type = 'exposure' AND unit_id = '"
                        + unit
                        + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void unitIdsMustBeOneTo256Characters() {
    JsonObject tooLong = new JsonObject().put("unitId", "x".repeat(257));
    HttpResponse<Buffer> r = server.call(POST, "/api/v1/assign", serverKey, tooLong);
    assertEquals(400, r.statusCode());
    assertEquals("unitId", r.bodyAsJsonObject().getJsonObject("error").getString("field"));
    assertEquals(
        400,
        server
            .call(POST, "/api/v1/assign", serverKey, new JsonObject().put("unitId", ""))
            .statusCode());
    String emoji = "😀".repeat(256);
    assertEquals(
        200,
        server
            .call(POST, "/api/v1/assign", serverKey, new JsonObject().put("unitId", emoji))
            .statusCode());
  }

  @Test
  void targetingTheSdksWouldRefuseIsRejectedAndTheConfigStillLoads() {
    HttpResponse<Buffer> patched =
        server.admin(
            io.vertx.core.http.HttpMethod.PATCH,
            "/api/v1/experiments/hero",
            new JsonObject()
                .put(
                    "targeting",
                    new JsonObject()
                        .put(
                            "all",
                            new JsonArray()
                                .add(
                                    new JsonObject().put("attribute", "device").put("op", "eq")))));
    assertEquals(400, patched.statusCode(), patched.bodyAsString());
    assertEquals("targeting", patched.bodyAsJsonObject().getJsonObject("error").getString("field"));
    assertEquals(200, server.call(GET, "/api/v1/sdk/config", serverKey, null).statusCode());
  }

  @Test
  void badAssignBodiesAre400WithTheField() {
    HttpResponse<Buffer> unknown =
        server.call(
            POST,
            "/api/v1/assign",
            serverKey,
            new JsonObject().put("unitId", "u").put("colour", "red"));
    assertEquals(400, unknown.statusCode());
    assertEquals(
        "unknown_field", unknown.bodyAsJsonObject().getJsonObject("error").getString("code"));
    HttpResponse<Buffer> badMoment =
        server.call(
            POST,
            "/api/v1/assign",
            serverKey,
            new JsonObject().put("unitId", "u").put("moments", new JsonArray().add("Not A Key")));
    assertEquals(
        "moments[0]", badMoment.bodyAsJsonObject().getJsonObject("error").getString("field"));
    HttpResponse<Buffer> missing = server.call(POST, "/api/v1/assign", serverKey, new JsonObject());
    assertEquals(
        "missing_field", missing.bodyAsJsonObject().getJsonObject("error").getString("code"));
    HttpResponse<Buffer> malformed =
        server.call(POST, "/api/v1/assign", serverKey, "{\"unitId\": ");
    assertEquals(400, malformed.statusCode());
    assertEquals(
        "malformed_json", malformed.bodyAsJsonObject().getJsonObject("error").getString("code"));
    HttpResponse<Buffer> notString =
        server.call(POST, "/api/v1/assign", serverKey, new JsonObject().put("unitId", 42));
    assertEquals("unitId", notString.bodyAsJsonObject().getJsonObject("error").getString("field"));
  }

  @Test
  void momentsFilterAndMomentsWithoutExperimentsAreAbsent() {
    JsonObject answer =
        server
            .call(
                POST,
                "/api/v1/assign",
                serverKey,
                new JsonObject()
                    .put("unitId", "u-1")
                    .put("moments", new JsonArray().add("zmot.ad")))
            .bodyAsJsonObject();
    assertEquals(0, answer.getJsonArray("assignments").size());
    assertEquals("u-1", answer.getString("unitId"));
  }

  @Test
  void clientKeysMayAssignButNotAdminister() {
    String clientKey =
        server
            .admin(POST, "/api/v1/keys", new JsonObject().put("kind", "client").put("name", "web"))
            .bodyAsJsonObject()
            .getString("key");
    assertEquals(
        200,
        server
            .call(POST, "/api/v1/assign", clientKey, new JsonObject().put("unitId", "c-1"))
            .statusCode());
    assertEquals(200, server.call(GET, "/api/v1/sdk/config", clientKey, null).statusCode());
    assertEquals(403, server.call(GET, "/api/v1/experiments", clientKey, null).statusCode());
  }

  @Test
  void aRolloutSendsEveryoneInItsRangeToOneVariantWithoutExposures() throws Exception {
    server.admin(POST, "/api/v1/moments", Fixtures.moment("smot.welcome", "SMOT"));
    server.admin(
        POST,
        "/api/v1/experiments",
        Fixtures.experiment("welcome", "smot.welcome").putNull("targeting"));
    server.admin(POST, "/api/v1/experiments/welcome/start", null);
    server.admin(POST, "/api/v1/experiments/welcome/stop", new JsonObject().put("rollout", "bold"));
    int inRange = 0;
    for (int i = 0; i < 200; i++) {
      JsonArray assignments =
          server
              .call(
                  POST,
                  "/api/v1/assign",
                  serverKey,
                  new JsonObject()
                      .put("unitId", "r-" + i)
                      .put("moments", new JsonArray().add("smot.welcome")))
              .bodyAsJsonObject()
              .getJsonArray("assignments");
      if (!assignments.isEmpty()) {
        inRange++;
        assertEquals("bold", assignments.getJsonObject(0).getString("variant"));
        assertEquals(true, assignments.getJsonObject(0).getBoolean("rollout"));
      }
    }
    assertTrue(
        inRange > 70 && inRange < 130,
        "the rollout keeps the experiment's 50 % range, got " + inRange);
    assertEquals(0, countExposures("welcome"));
  }

  private static long countExposures(String experiment) throws Exception {
    try (var c = connection();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT count(*) FROM events WHERE type = 'exposure' AND experiment = '"
                        + experiment
                        + "' AND NOT forced")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static java.sql.Connection connection() throws Exception {
    var db = server.database();
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }
}

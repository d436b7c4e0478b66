package dev.moments.server.sdk;

import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.sdk.Assignment;
import dev.moments.sdk.MomentsClient;
import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java SDK, assigning locally from the real server's config, gives every unit what the server's
 * own POST /assign gives it: 10,000 random units with random attributes over layered, targeted and
 * weighted experiments. Its exposures then arrive once each.
 */
class JavaSdkAssignmentIT {
  private static final List<String> MOMENTS = List.of("fmot.hero", "zmot.ad", "smot.onboarding");
  private static final int UNITS = 10_000;
  private static final int IN_FLIGHT = 100;
  static RunningServer server;
  static String serverKey;

  @BeforeAll
  static void start() throws InterruptedException {
    server = RunningServer.start();
    serverKey = SdkTesting.serverKey(server);
    create(
        "fmot.hero", "FMOT", Fixtures.experiment("hero", "fmot.hero").put("trafficPercent", 100));
    create(
        "zmot.ad",
        "ZMOT",
        Fixtures.experiment("ad-a", "zmot.ad").put("trafficPercent", 30).putNull("targeting"));
    JsonArray threeVariants =
        Fixtures.experiment("x", "m")
            .getJsonArray("variants")
            .copy()
            .add(
                new JsonObject()
                    .put("key", "loud")
                    .put("weight", 20)
                    .put("kind", "ad")
                    .put("payload", new JsonObject().put("headline", "Now!")));
    start(
        Fixtures.experiment("ad-b", "zmot.ad")
            .put("trafficPercent", 40)
            .putNull("targeting")
            .put("variants", threeVariants));
    JsonObject buyersInDeOrFr =
        new JsonObject()
            .put(
                "any",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("attribute", "country")
                            .put("op", "in")
                            .put("values", new JsonArray().add("DE").add("FR")))
                    .add(
                        new JsonObject()
                            .put("attribute", "intent")
                            .put("op", "eq")
                            .put("value", "buy")));
    create(
        "smot.onboarding",
        "SMOT",
        Fixtures.experiment("onboarding", "smot.onboarding")
            .put("trafficPercent", 60)
            .put("targeting", buyersInDeOrFr));
    SdkTesting.awaitRunning(server, serverKey, 4);
  }

  private static void create(String moment, String stage, JsonObject experiment) {
    assertEquals(
        201, server.admin(POST, "/api/v1/moments", Fixtures.moment(moment, stage)).statusCode());
    start(experiment);
  }

  private static void start(JsonObject experiment) {
    HttpResponse<Buffer> created = server.admin(POST, "/api/v1/experiments", experiment);
    assertEquals(201, created.statusCode(), created.bodyAsString());
    String key = experiment.getString("key");
    assertEquals(
        200, server.admin(POST, "/api/v1/experiments/" + key + "/start", null).statusCode());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void tenThousandRandomUnitsGetTheServersAnswerAndTheirExposuresArriveOnce() throws Exception {
    Random random = new Random(20261123L);
    int inExperiment = 0;
    MomentsClient client = SdkTesting.client(server, serverKey).build();
    for (int start = 0; start < UNITS; start += IN_FLIGHT) {
      List<String> units = new ArrayList<>();
      List<JsonObject> attributes = new ArrayList<>();
      List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
      for (int i = start; i < Math.min(UNITS, start + IN_FLIGHT); i++) {
        String unit = new UUID(random.nextLong(), random.nextLong()).toString();
        JsonObject attrs = randomAttributes(random);
        units.add(unit);
        attributes.add(attrs);
        answers.add(
            server
                .client()
                .post("/api/v1/assign")
                .putHeader("Authorization", "Bearer " + serverKey)
                .sendJsonObject(new JsonObject().put("unitId", unit).put("attributes", attrs)));
      }
      Future.all(answers).await();
      for (int i = 0; i < units.size(); i++) {
        HttpResponse<Buffer> answer = answers.get(i).result();
        assertEquals(200, answer.statusCode(), answer.bodyAsString());
        inExperiment += compare(client, units.get(i), attributes.get(i), answer.bodyAsJsonObject());
      }
    }
    client.close();
    assertTrue(
        inExperiment > UNITS, "the experiments were exercised: " + inExperiment + " assignments");
    assertEquals(0, client.stats().dropped());
    assertEquals(
        inExperiment,
        count("SELECT count(*) FROM events WHERE id LIKE '~java:%' AND NOT forced"),
        "one exposure per unit and experiment from the SDK");
  }

  @Test
  void aForcedVariantIsStoredAsAForcedExposure() throws Exception {
    MomentsClient client = SdkTesting.client(server, serverKey).build();
    Assignment forced =
        client.assign("fmot.hero", "ad-clicker", Map.of("device", "desktop", "force", "hero:bold"));
    client.close();
    assertTrue(forced.forced() && forced.variant().equals("bold"), forced.toString());
    assertEquals(
        1,
        count(
            "SELECT count(*) FROM events WHERE id = '~java:forced:hero/bold/ad-clicker' AND forced"
                + " AND type = 'exposure' AND attributes->>'device' = 'desktop'"));
  }

  private static JsonObject randomAttributes(Random random) {
    return new JsonObject()
        .put("device", List.of("mobile", "desktop", "tablet").get(random.nextInt(3)))
        .put("country", List.of("DE", "FR", "US", "GB").get(random.nextInt(4)))
        .put("intent", List.of("know", "go", "do", "buy").get(random.nextInt(4)));
  }

  /**
   * Asserts the SDK agrees with the server in every moment; returns in how many the unit is in an
   * experiment.
   */
  private static int compare(
      MomentsClient client, String unit, JsonObject attributes, JsonObject answer) {
    Map<String, JsonObject> byMoment = new java.util.HashMap<>();
    answer
        .getJsonArray("assignments")
        .forEach(a -> byMoment.put(((JsonObject) a).getString("moment"), (JsonObject) a));
    int in = 0;
    for (String moment : MOMENTS) {
      Assignment local = client.assign(moment, unit, attributes.getMap());
      JsonObject remote = byMoment.get(moment);
      String where = unit + " " + attributes.encode() + " in " + moment;
      assertEquals(remote != null, local.inExperiment(), where);
      if (remote != null) {
        assertEquals(remote.getString("experiment"), local.experiment(), where);
        assertEquals(remote.getString("variant"), local.variant(), where);
        assertEquals(remote.getJsonObject("payload"), new JsonObject(local.payload()), where);
        in++;
      }
    }
    return in;
  }

  private static long count(String sql) throws Exception {
    var db = server.database();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}

package dev.moments.server.http;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moments.server.config.BanditJobs;
import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.RunningServer;
import dev.moments.server.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bandit's allocation through the HTTP API (issue 21): refused with the contract's error shape
 * naming the field, stored and read back, served in /sdk/config, and its weights locked to edits
 * once it runs. The server lowers the least updateEvery to 1 s (the test-only setting).
 */
class BanditApiIT {
  private static final JsonObject BANDIT =
      new JsonObject()
          .put("type", "bandit")
          .put("updateEvery", "PT2S")
          .put("minShare", 0.1)
          .put("burnInUnits", 50);
  static RunningServer server;

  @BeforeAll
  static void start() {
    server =
        RunningServer.start(
            TestDatabase.fresh(),
            false,
            config -> config.with(new BanditJobs(Duration.ofMinutes(10), Duration.ofSeconds(1))));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<Buffer> create(String key, JsonObject allocation) {
    server.admin(POST, "/api/v1/moments", Fixtures.moment("zmot." + key, "ZMOT"));
    return server.admin(
        POST,
        "/api/v1/experiments",
        Fixtures.experiment(key, "zmot." + key).putNull("targeting").put("allocation", allocation));
  }

  private static JsonObject error(HttpResponse<Buffer> r) {
    assertEquals(400, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getJsonObject("error");
  }

  @Test
  void invalidAllocationsAre400sNamingTheField() {
    JsonObject floor = error(create("floor", BANDIT.copy().put("minShare", 0.6)));
    assertEquals("allocation.minShare", floor.getString("field"), floor.encode());
    JsonObject twoArms = error(create("arms", BANDIT.copy().put("minShare", 0.5001)));
    assertEquals("allocation.minShare", twoArms.getString("field"), twoArms.encode());
    JsonObject every = error(create("every", BANDIT.copy().put("updateEvery", "PT0.5S")));
    assertEquals("allocation.updateEvery", every.getString("field"), every.encode());
    JsonObject type = error(create("type", BANDIT.copy().put("type", "greedy")));
    assertEquals("allocation.type", type.getString("field"), type.encode());
    JsonObject burnIn = error(create("burnin", BANDIT.copy().put("burnInUnits", -1)));
    assertEquals("allocation.burnInUnits", burnIn.getString("field"), burnIn.encode());
    JsonObject sticky = error(nonSticky());
    assertEquals("sticky", sticky.getString("field"), sticky.encode());
    assertEquals(
        404,
        server.admin(GET, "/api/v1/experiments/floor", null).statusCode(),
        "a refused create stores nothing");
  }

  private static HttpResponse<Buffer> nonSticky() {
    server.admin(POST, "/api/v1/moments", Fixtures.moment("zmot.nonsticky", "ZMOT"));
    return server.admin(
        POST,
        "/api/v1/experiments",
        Fixtures.experiment("nonsticky", "zmot.nonsticky")
            .put("allocation", BANDIT)
            .put("sticky", false));
  }

  @Test
  void aBanditIsStoredServedAndItsWeightsAreTheServers() {
    HttpResponse<Buffer> created = create("creatives", BANDIT);
    assertEquals(201, created.statusCode(), created.bodyAsString());
    assertEquals(BANDIT, created.bodyAsJsonObject().getJsonObject("allocation"));
    assertEquals(true, created.bodyAsJsonObject().getBoolean("sticky"));
    JsonObject read = server.admin(GET, "/api/v1/experiments/creatives", null).bodyAsJsonObject();
    assertEquals(BANDIT, read.getJsonObject("allocation"));
    assertEquals(200, server.admin(POST, "/api/v1/experiments/creatives/start", null).statusCode());

    JsonObject served = served("creatives");
    assertEquals(BANDIT, served.getJsonObject("allocation"));
    assertEquals(true, served.getBoolean("sticky"));

    JsonArray variants = read.getJsonArray("variants").copy();
    variants.getJsonObject(0).put("weight", 90);
    HttpResponse<Buffer> edited =
        server.admin(
            PATCH, "/api/v1/experiments/creatives", new JsonObject().put("variants", variants));
    assertEquals(409, edited.statusCode(), edited.bodyAsString());
    assertEquals(
        "field_locked", edited.bodyAsJsonObject().getJsonObject("error").getString("code"));
    HttpResponse<Buffer> unbandit =
        server.admin(
            PATCH,
            "/api/v1/experiments/creatives",
            new JsonObject().put("allocation", new JsonObject().put("type", "fixed")));
    assertEquals(409, unbandit.statusCode(), unbandit.bodyAsString());
  }

  /** updateEvery comes back as sent: P1D, not the canonical PT24H. */
  @Test
  void aDailyBanditReadsBackInDays() {
    JsonObject daily = BANDIT.copy().put("updateEvery", "P1D");
    HttpResponse<Buffer> created = create("daily", daily);
    assertEquals(201, created.statusCode(), created.bodyAsString());
    assertEquals(daily, created.bodyAsJsonObject().getJsonObject("allocation"));
    JsonObject read = server.admin(GET, "/api/v1/experiments/daily", null).bodyAsJsonObject();
    assertEquals(daily, read.getJsonObject("allocation"));
  }

  @Test
  void aFixedExperimentServesTheFixedAllocation() {
    assertEquals(201, create("plain", new JsonObject().put("type", "fixed")).statusCode());
    assertEquals(200, server.admin(POST, "/api/v1/experiments/plain/start", null).statusCode());
    assertEquals(
        new JsonObject().put("type", "fixed"), served("plain").getJsonObject("allocation"));
  }

  private static JsonObject served(String key) {
    JsonArray experiments =
        server
            .call(GET, "/api/v1/sdk/config", RunningServer.ADMIN_KEY, null)
            .bodyAsJsonObject()
            .getJsonArray("experiments");
    for (int i = 0; i < experiments.size(); i++) {
      if (experiments.getJsonObject(i).getString("key").equals(key)) {
        return experiments.getJsonObject(i);
      }
    }
    throw new AssertionError(key + " is not in /sdk/config: " + experiments.encode());
  }
}

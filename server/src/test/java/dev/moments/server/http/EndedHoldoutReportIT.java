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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A holdout ended while an experiment on its moment runs: its held units return to the experiment
 * (spec/README.md, "Holdouts"), as they should. The holdout's report stays readable; its check that
 * no held unit got into an experiment must not count the units that joined after the end.
 */
class EndedHoldoutReportIT {
  private static final String MOMENT = "fmot.ended-hero";
  static RunningServer server;
  static String sdkKey;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    sdkKey = server.newKey("server");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void unitsThatJoinAnExperimentAfterTheEndAreNoLeak() {
    ok(server.admin(POST, "/api/v1/moments", Fixtures.moment(MOMENT, "FMOT")));
    ok(
        server.admin(
            POST,
            "/api/v1/experiments",
            Fixtures.experiment("ended-hero", MOMENT)
                .putNull("targeting")
                .put("trafficPercent", 100)));
    ok(server.admin(POST, "/api/v1/experiments/ended-hero/start", null));
    ok(
        server.admin(
            POST,
            "/api/v1/holdouts",
            new JsonObject()
                .put("key", "ended-holdout")
                .put("name", "Ended holdout")
                .put("percent", 50)
                .put("moments", new JsonArray().add(MOMENT))
                .put("metrics", new JsonArray().add("signup"))));
    HoldoutsIT.awaitConfig(server, sdkKey, c -> c.getJsonArray("holdouts").size() == 1);
    int held = 0;
    for (int i = 0; i < 40; i++) {
      held += assign("u-" + i).isEmpty() ? 1 : 0;
    }
    assertTrue(held > 0, "some units are held out");
    server.awaitFolded();
    assertEquals(0, heldOutUnits(), "while it runs, no held unit is in the experiment");

    ok(server.admin(POST, "/api/v1/holdouts/ended-holdout/end", null));
    HoldoutsIT.awaitConfig(server, sdkKey, c -> c.getJsonArray("holdouts").isEmpty());
    for (int i = 0; i < 40; i++) {
      assertEquals(1, assign("u-" + i).size(), "back in the experiment");
    }
    server.awaitFolded();
    assertEquals(0, heldOutUnits(), "no held unit got into the experiment while it held them");
  }

  private static long heldOutUnits() {
    HttpResponse<Buffer> r = server.admin(GET, "/api/v1/holdouts/ended-holdout/report", null);
    ok(r);
    JsonObject experiment = r.bodyAsJsonObject().getJsonArray("experiments").getJsonObject(0);
    assertEquals(
        experiment.getLong("heldOutUnits") == 0,
        experiment.getJsonObject("srm").getBoolean("ok"),
        experiment.encode());
    return experiment.getLong("heldOutUnits");
  }

  private static JsonArray assign(String unit) {
    HttpResponse<Buffer> r =
        server.call(
            POST,
            "/api/v1/assign",
            sdkKey,
            new JsonObject().put("unitId", unit).put("moments", new JsonArray().add(MOMENT)));
    ok(r);
    return r.bodyAsJsonObject().getJsonArray("assignments");
  }

  private static void ok(HttpResponse<Buffer> r) {
    assertTrue(r.statusCode() / 100 == 2, r.statusCode() + " " + r.bodyAsString());
  }
}

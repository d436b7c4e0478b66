package dev.moments.server.sdk;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.sdk.MomentsClient;
import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 21 item 5: stickiness over a weight change through the real server and the Java SDK in
 * process. A draft is made sticky by PATCH (a started one refuses it), its weights go from 50/50 to
 * 5/95 while it runs; every unit the SDK assigned before keeps its variant (its sticky store), new
 * units follow the new weights, and the fold counts none of it as implausible or multiple.
 */
class JavaSdkStickyIT {
  private static final int UNITS = 200;
  static RunningServer server;
  static String serverKey;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    serverKey = SdkTesting.serverKey(server);
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.sticky-sdk", "FMOT"));
    ok(
        server.admin(
            POST,
            "/api/v1/experiments",
            Fixtures.experiment("sticky-sdk", "fmot.sticky-sdk")
                .put("trafficPercent", 100)
                .putNull("targeting")));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonObject weights(int control, int bold) {
    JsonArray variants =
        Fixtures.experiment("x", "fmot.sticky-sdk").getJsonArray("variants").copy();
    variants.getJsonObject(0).put("weight", control);
    variants.getJsonObject(1).put("weight", bold);
    return new JsonObject().put("variants", variants);
  }

  @Test
  void unitsKeepTheirVariantOverAWeightChangeAndNewUnitsFollowTheNewWeights() throws Exception {
    HttpResponse<Buffer> draft =
        server.admin(PATCH, "/api/v1/experiments/sticky-sdk", new JsonObject().put("sticky", true));
    ok(draft);
    assertEquals(true, draft.bodyAsJsonObject().getBoolean("sticky"));
    ok(server.admin(POST, "/api/v1/experiments/sticky-sdk/start", null));
    HttpResponse<Buffer> locked =
        server.admin(
            PATCH, "/api/v1/experiments/sticky-sdk", new JsonObject().put("sticky", false));
    assertEquals(409, locked.statusCode(), locked.bodyAsString());
    assertEquals(
        "field_locked", locked.bodyAsJsonObject().getJsonObject("error").getString("code"));
    SdkTesting.awaitRunning(server, serverKey, 1);
    JsonObject served = server.call(GET, "/api/v1/sdk/config", serverKey, null).bodyAsJsonObject();
    JsonObject experiment = served.getJsonArray("experiments").getJsonObject(0);
    assertEquals(true, experiment.getBoolean("sticky"));
    assertEquals(new JsonObject().put("type", "fixed"), experiment.getJsonObject("allocation"));

    Map<String, String> first = new HashMap<>();
    try (MomentsClient client =
        SdkTesting.client(server, serverKey).refreshInterval(Duration.ofMillis(50)).build()) {
      for (int i = 0; i < UNITS; i++) {
        first.put("s-" + i, client.assign("fmot.sticky-sdk", "s-" + i, Map.of()).variant());
      }
      long control = first.values().stream().filter("control"::equals).count();
      assertTrue(control > 60 && control < 140, "about half in control: " + control);

      String before = servedVersion();
      ok(server.admin(PATCH, "/api/v1/experiments/sticky-sdk", weights(5, 95)));
      SdkTesting.await("the new weights on the server", () -> !before.equals(servedVersion()));
      String changed = servedVersion();
      SdkTesting.await(
          "the new weights in the SDK", () -> changed.equals(client.stats().configVersion()));
      int moved = 0;
      for (Map.Entry<String, String> unit : first.entrySet()) {
        String now = client.assign("fmot.sticky-sdk", unit.getKey(), Map.of()).variant();
        moved += now.equals(unit.getValue()) ? 0 : 1;
      }
      assertEquals(0, moved, "units assigned before the change kept their variant");
      int bold = 0;
      for (int i = 0; i < UNITS; i++) {
        bold +=
            "bold".equals(client.assign("fmot.sticky-sdk", "n-" + i, Map.of()).variant()) ? 1 : 0;
      }
      assertTrue(bold > 170, "new units follow 5/95: " + bold + " of " + UNITS + " in bold");
    }
    server.awaitFolded();
    JsonObject health =
        server
            .admin(GET, "/api/v1/experiments/sticky-sdk/report", null)
            .bodyAsJsonObject()
            .getJsonObject("health");
    assertEquals(0, health.getInteger("implausibleVariant"), health.encode());
    assertEquals(0, health.getInteger("multipleExposures"), health.encode());
    assertEquals(2L * UNITS, totalUnits(), "every unit counted once");
  }

  private static long totalUnits() {
    return server
        .admin(GET, "/api/v1/experiments/sticky-sdk/report", null)
        .bodyAsJsonObject()
        .getJsonArray("variants")
        .stream()
        .mapToLong(v -> ((JsonObject) v).getLong("units"))
        .sum();
  }

  private static String servedVersion() {
    return server
        .call(GET, "/api/v1/sdk/config", serverKey, null)
        .bodyAsJsonObject()
        .getString("version");
  }

  private static void ok(HttpResponse<Buffer> r) {
    assertTrue(r.statusCode() < 300, r.statusCode() + ": " + r.bodyAsString());
  }
}

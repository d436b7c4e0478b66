package dev.moments.server.report;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.HashedUnits;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19.3: the report says up to when its data go ("data as of"), and keeps the promise: while
 * the fold is held ({@link RunningServer#holdFold}) events acknowledged are not in the report and
 * its {@code dataAsOf} is before their acknowledgement; once folded it is after, and they count.
 */
class ReportDataAsOfIT {
  static RunningServer server;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.asof", "FMOT"));
    server.admin(POST, "/api/v1/experiments", Fixtures.experiment("asof", "fmot.asof"));
    server.admin(POST, "/api/v1/experiments/asof/start", null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void dataAsOfIsBeforeWhatIsNotFoldedAndAfterWhatIs() throws Exception {
    JsonObject experiment = server.admin(GET, "/api/v1/experiments/asof", null).bodyAsJsonObject();
    List<String> units = HashedUnits.in(experiment, "control", 20, "asof-");
    JsonArray events = new JsonArray();
    for (String unit : units) {
      events.add(
          new JsonObject()
              .put("id", "asof-" + unit)
              .put("type", "exposure")
              .put("unitId", unit)
              .put("experiment", "asof")
              .put("variant", "control")
              .put("timestamp", Instant.now().toString()));
    }
    Instant acknowledged;
    try (AutoCloseable fold = server.holdFold()) {
      assertEquals(
          202,
          server
              .admin(POST, "/api/v1/events", new JsonObject().put("events", events))
              .statusCode());
      acknowledged = Instant.now();
      Thread.sleep(300); // the worker tries (and fails) to fold meanwhile
      JsonObject held = report();
      assertTrue(
          Instant.parse(held.getString("dataAsOf")).isBefore(acknowledged),
          "nothing folded yet, yet data as of " + held.getString("dataAsOf"));
      assertEquals(0, units(held));
    }
    long deadline = System.currentTimeMillis() + 30_000;
    JsonObject report = report();
    while (!Instant.parse(report.getString("dataAsOf")).isAfter(acknowledged)) {
      assertTrue(System.currentTimeMillis() < deadline, "never folded: " + report);
      Thread.sleep(50);
      report = report();
    }
    assertEquals(units.size(), units(report), "data as of after the acknowledgement: all counted");
  }

  private static JsonObject report() {
    return server.admin(GET, "/api/v1/experiments/asof/report", null).bodyAsJsonObject();
  }

  private static long units(JsonObject report) {
    return report.getJsonArray("variants").stream()
        .mapToLong(v -> ((JsonObject) v).getLong("units"))
        .sum();
  }
}

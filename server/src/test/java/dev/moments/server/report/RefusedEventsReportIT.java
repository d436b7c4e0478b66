package dev.moments.server.report;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.HashedUnits;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A class-22 overflow driven through the fold, and the refused event in its experiment's report.
 * Two conversions of 1e308 (stored before values were capped at 1e12; here by hand), folded in
 * separate batches into the same rollup row: the second sum passes a double's range and PostgreSQL
 * refuses the row's update (22003). The fold must go on (no stuck batch), fold every good event
 * once, set the one event aside, name the non-finite sum instead of computing figures from it, and
 * say in the experiment's {@code health} that one of its events is missing (before, only {@code
 * /metrics} and the events summary counted it).
 */
class RefusedEventsReportIT {
  @Test
  void anOverflowingSumIsSetAsideAndTheReportSaysItsEventIsMissing() {
    try (RunningServer server = RunningServer.start()) {
      JsonObject stored = createRunningExperiment(server);
      List<String> control = HashedUnits.in(stored, "control", 10, "o-c-");
      List<String> bold = HashedUnits.in(stored, "bold", 10, "o-b-");
      String now = Instant.now().toString();
      JsonArray events = new JsonArray();
      for (int i = 0; i < 10; i++) {
        RevenueUnits.add(events, "overflow", control.get(i), "control", 1 + i, now);
        RevenueUnits.add(events, "overflow", bold.get(i), "bold", 2 + i, now);
      }
      server.postEvents(events);
      server.awaitFolded();
      HandStoredConversion.store(server, "huge-first", control.get(0), 1e308, now);
      server.awaitFolded();
      long refusedSeq =
          HandStoredConversion.store(server, "huge-second", control.get(1), 1e308, now);
      server.postEvents(
          new JsonArray()
              .add(RevenueUnits.conversion("late-good", bold.get(0), 1000, now))
              .add(RevenueUnits.conversion("late-good-control", control.get(2), 3, now)));
      server.awaitFolded();

      List<String> refused = new ArrayList<>();
      for (Row r :
          server
              .server()
              .services()
              .pool()
              .query("SELECT seq, sqlstate FROM refused_events")
              .execute()
              .await()) {
        refused.add(r.getLong(0) + ":" + r.getString(1));
      }
      assertEquals(List.of(refusedSeq + ":22003"), refused, "the second 1e308 alone is refused");

      HttpResponse<Buffer> response =
          server.admin(GET, "/api/v1/experiments/overflow/report", null);
      assertEquals(200, response.statusCode(), response.bodyAsString());
      JsonObject report = response.bodyAsJsonObject();
      JsonObject health = report.getJsonObject("health");
      assertEquals(1L, health.getLong("databaseRefused"), health.encode());
      assertEquals(1L, health.getLong("excludedEvents"), health.encode());
      JsonObject revenue = report.getJsonArray("metrics").getJsonObject(0);
      JsonObject controlArm = revenue.getJsonArray("variants").getJsonObject(0);
      assertEquals("non_finite_sum", controlArm.getString("error"), revenue.encode());
      assertFalse(controlArm.containsKey("mean"), controlArm.encode());
      JsonObject boldArm = revenue.getJsonArray("variants").getJsonObject(1);
      // 2 + ... + 11, and the good conversion folded after the refused one
      assertEquals(65.0 + 1000, boldArm.getDouble("sum"), 1e-9, boldArm.encode());

      HttpResponse<Buffer> other = server.admin(GET, "/api/v1/experiments/quiet/report", null);
      assertEquals(200, other.statusCode(), other.bodyAsString());
      assertEquals(
          0L,
          other.bodyAsJsonObject().getJsonObject("health").getLong("databaseRefused"),
          "an experiment the refused event is not in");
    }
  }

  private static JsonObject createRunningExperiment(RunningServer server) {
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.overflow", "FMOT"));
    for (String key : List.of("overflow", "quiet")) {
      JsonObject experiment =
          Fixtures.experiment(key, "fmot.overflow")
              .putNull("targeting")
              .put("trafficPercent", 100)
              .put("primaryMetric", new JsonObject().put("key", "revenue").put("type", "mean"))
              .put("secondaryMetrics", new JsonArray())
              .put("guardrailMetrics", new JsonArray());
      HttpResponse<Buffer> created = server.admin(POST, "/api/v1/experiments", experiment);
      assertEquals(201, created.statusCode(), created.bodyAsString());
      server.admin(POST, "/api/v1/experiments/" + key + "/start", null);
    }
    return server.admin(GET, "/api/v1/experiments/overflow", null).bodyAsJsonObject();
  }
}

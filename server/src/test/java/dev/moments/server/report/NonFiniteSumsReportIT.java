package dev.moments.server.report;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.HashedUnits;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A conversion of 1e308, stored before values were capped at 1e12 (here by hand: the parser refuses
 * it now), makes its arm's sum of squares infinite. Before, the report showed the comparison as
 * {@code zero_variance} with blank figures; now the arm and the comparison say {@code
 * non_finite_sum} and no figure computed from that sum is shown.
 */
class NonFiniteSumsReportIT {
  private static final String NON_FINITE_SUM = "non_finite_sum";

  @Test
  void anInfiniteSumIsNamedAndNoFigureIsComputedFromIt() {
    try (RunningServer server = RunningServer.start()) {
      server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.huge", "FMOT"));
      JsonObject experiment =
          Fixtures.experiment("huge", "fmot.huge")
              .putNull("targeting")
              .put("trafficPercent", 100)
              .put("primaryMetric", new JsonObject().put("key", "revenue").put("type", "mean"))
              .put("secondaryMetrics", new JsonArray())
              .put("guardrailMetrics", new JsonArray());
      HttpResponse<Buffer> created = server.admin(POST, "/api/v1/experiments", experiment);
      assertEquals(201, created.statusCode(), created.bodyAsString());
      server.admin(POST, "/api/v1/experiments/huge/start", null);
      JsonObject stored = server.admin(GET, "/api/v1/experiments/huge", null).bodyAsJsonObject();
      List<String> control = HashedUnits.in(stored, "control", 20, "h-c-");
      List<String> bold = HashedUnits.in(stored, "bold", 20, "h-b-");
      JsonArray events = new JsonArray();
      String now = Instant.now().toString();
      for (int i = 0; i < 20; i++) {
        RevenueUnits.add(events, "huge", control.get(i), "control", 1 + i, now);
        RevenueUnits.add(events, "huge", bold.get(i), "bold", 2 + i, now);
      }
      server.postEvents(events);
      server.awaitFolded();
      HandStoredConversion.store(server, "huge-" + control.get(0), control.get(0), 1e308, now);
      server.awaitFolded();

      HttpResponse<Buffer> response = server.admin(GET, "/api/v1/experiments/huge/report", null);
      assertEquals(200, response.statusCode(), response.bodyAsString());
      JsonObject revenue = response.bodyAsJsonObject().getJsonArray("metrics").getJsonObject(0);
      assertEquals("revenue", revenue.getString("metric"));
      JsonObject comparison = revenue.getJsonArray("comparisons").getJsonObject(0);
      assertEquals(NON_FINITE_SUM, comparison.getString("error"), revenue.encode());
      assertFalse(comparison.getBoolean("significant"));
      JsonObject controlArm = revenue.getJsonArray("variants").getJsonObject(0);
      assertEquals("control", controlArm.getString("key"));
      assertEquals(NON_FINITE_SUM, controlArm.getString("error"), revenue.encode());
      for (String figure : List.of("mean", "sum", "stddev")) {
        assertFalse(controlArm.containsKey(figure), figure + ": " + controlArm.encode());
      }
      JsonObject boldArm = revenue.getJsonArray("variants").getJsonObject(1);
      assertTrue(boldArm.containsKey("mean") && !boldArm.containsKey("error"), boldArm.encode());
    }
  }
}

package dev.moments.server.report;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.HashedUnits;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 item 4: a revenue-per-order ratio metric, its units' orders and revenues sent as events
 * through the real server and folded, reported with the figures {@code
 * stats/ratio_report_reference.py} computes from the same units (delta method, Welch t, fixed test)
 * to 1e-6.
 */
class RatioReportIT {
  static final double TOLERANCE = 1e-6;
  static RunningServer server;
  static final Map<String, double[]> expected = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    Map<String, List<long[]>> units = readReference();
    server = RunningServer.start();
    server.admin(POST, "/api/v1/moments", Fixtures.moment("umot.ratio", "UMOT"));
    HttpResponse<Buffer> created = server.admin(POST, "/api/v1/experiments", experiment());
    assertEquals(201, created.statusCode(), created.bodyAsString());
    server.admin(POST, "/api/v1/experiments/ratio/start", null);
    JsonObject stored = server.admin(GET, "/api/v1/experiments/ratio", null).bodyAsJsonObject();
    List<String> control = HashedUnits.in(stored, "control", units.get("C").size(), "c-");
    List<String> bold = HashedUnits.in(stored, "bold", units.get("T").size(), "b-");
    Instant t0 = Instant.now();
    JsonArray events = new JsonArray();
    addUnits(events, control, "control", units.get("C"), t0);
    addUnits(events, bold, "bold", units.get("T"), t0);
    server.postEvents(events);
    server.awaitFolded();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static JsonObject experiment() {
    JsonObject e = Fixtures.experiment("ratio", "umot.ratio").putNull("targeting");
    e.put("trafficPercent", 100);
    e.put(
        "primaryMetric",
        new JsonObject()
            .put("key", "revenue_per_order")
            .put("type", "ratio")
            .put("numerator", "revenue")
            .put("denominator", "order")
            .put("unit", "€"));
    e.put("secondaryMetrics", new JsonArray()).put("guardrailMetrics", new JsonArray());
    e.put("stats", new JsonObject().put("method", "fixed"));
    return e;
  }

  /** Per unit an exposure, then one order (value 1) and one revenue event per order. */
  static void addUnits(
      JsonArray events, List<String> ids, String variant, List<long[]> cents, Instant t0) {
    for (int i = 0; i < ids.size(); i++) {
      String unit = ids.get(i);
      events.add(
          event(unit + "-x", "exposure", unit, t0)
              .put("experiment", "ratio")
              .put("variant", variant));
      long[] orders = cents.get(i);
      for (int k = 0; k < orders.length; k++) {
        Instant at = t0.plusSeconds(1 + k);
        events.add(
            event(unit + "-o" + k, "conversion", unit, at).put("metric", "order").put("value", 1));
        events.add(
            event(unit + "-r" + k, "conversion", unit, at)
                .put("metric", "revenue")
                .put("value", orders[k] / 100.0));
      }
    }
  }

  static JsonObject event(String id, String type, String unit, Instant at) {
    return new JsonObject()
        .put("id", id)
        .put("type", type)
        .put("unitId", unit)
        .put("timestamp", at.toString());
  }

  @Test
  void theReportEqualsTheDeltaMethodComputedFromTheUnits() {
    HttpResponse<Buffer> r = server.admin(GET, "/api/v1/experiments/ratio/report", null);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    JsonObject metric = r.bodyAsJsonObject().getJsonArray("metrics").getJsonObject(0);
    assertEquals("revenue_per_order", metric.getString("metric"));
    assertEquals("ratio", metric.getString("type"));
    JsonArray variants = metric.getJsonArray("variants");
    close(expected.get("C")[0], variants.getJsonObject(0).getDouble("mean"), "control ratio");
    close(expected.get("T")[0], variants.getJsonObject(1).getDouble("mean"), "bold ratio");
    JsonObject c = metric.getJsonArray("comparisons").getJsonObject(0);
    double[] rel = expected.get("relative");
    double[] abs = expected.get("absolute");
    close(rel[0], c.getDouble("relativeLift"), "relative lift");
    close(rel[1], c.getJsonArray("ci").getDouble(0), "relative ci low");
    close(rel[2], c.getJsonArray("ci").getDouble(1), "relative ci high");
    close(rel[3], c.getDouble("pValue"), "p-value");
    close(abs[0], c.getDouble("absoluteLift"), "absolute lift");
    close(abs[1], c.getJsonArray("absoluteCi").getDouble(0), "absolute ci low");
    close(abs[2], c.getJsonArray("absoluteCi").getDouble(1), "absolute ci high");
  }

  @Test
  void aRatioNeedsTwoDifferentPartsAndOnlyARatioHasThem() {
    JsonObject bad = experiment().put("key", "ratio-bad");
    bad.getJsonObject("primaryMetric").remove("denominator");
    assertInvalid(bad, "primaryMetric.denominator");
    bad.getJsonObject("primaryMetric").put("denominator", "revenue");
    assertInvalid(bad, "primaryMetric.denominator");
    bad.put(
        "primaryMetric",
        new JsonObject().put("key", "revenue").put("type", "mean").put("numerator", "x"));
    assertInvalid(bad, "primaryMetric.numerator");
  }

  @Test
  void aStartedExperimentKeepsItsRatios() {
    JsonObject change =
        new JsonObject()
            .put(
                "primaryMetric",
                experiment().getJsonObject("primaryMetric").copy().put("denominator", "visit"));
    HttpResponse<Buffer> r = server.admin(PATCH, "/api/v1/experiments/ratio", change);
    assertEquals(409, r.statusCode(), r.bodyAsString());
    assertEquals("field_locked", r.bodyAsJsonObject().getJsonObject("error").getString("code"));
  }

  private static void assertInvalid(JsonObject experiment, String field) {
    HttpResponse<Buffer> r = server.admin(POST, "/api/v1/experiments", experiment);
    assertEquals(400, r.statusCode(), r.bodyAsString());
    assertEquals(
        field, r.bodyAsJsonObject().getJsonObject("error").getString("field"), r.bodyAsString());
  }

  private static void close(double expected, double actual, String what) {
    assertTrue(
        Math.abs(expected - actual) <= TOLERANCE * Math.max(1, Math.abs(expected)),
        what + ": expected " + expected + ", got " + actual);
  }

  /** The units of ratio_report_reference.py.out by arm (each unit's order values in cents). */
  static Map<String, List<long[]>> readReference() throws IOException {
    Map<String, List<long[]>> units = new HashMap<>();
    try (InputStream in =
        RatioReportIT.class.getResourceAsStream("/stats/ratio_report_reference.py.out")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String[] f = line.trim().split("\\s+");
        if (f[0].equals("unit")) {
          long[] cents = new long[f.length - 2];
          for (int i = 2; i < f.length; i++) {
            cents[i - 2] = Long.parseLong(f[i]);
          }
          units.computeIfAbsent(f[1], k -> new ArrayList<>()).add(cents);
        } else if (f[0].equals("expect")) {
          // "expect C ratio r" or "expect relative lift low high p"
          int from = f[2].equals("ratio") ? 3 : 2;
          double[] values = new double[f.length - from];
          for (int i = from; i < f.length; i++) {
            values[i - from] = Double.parseDouble(f[i]);
          }
          expected.put(f[1], values);
        }
      }
    }
    return units;
  }
}

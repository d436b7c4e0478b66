package dev.moments.server.report;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.rollup.RollupReader;
import dev.moments.server.stats.PowerCalculator;
import dev.moments.server.stats.Spending;
import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.HashedUnits;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events in through the API, the report out of the rollups: counts, CSV, segments and the power
 * endpoint.
 */
class ReportApiIT {
  static RunningServer server;

  @BeforeAll
  static void start() throws Exception {
    server = RunningServer.start();
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.hero", "FMOT"));
    server.admin(
        POST, "/api/v1/experiments", Fixtures.experiment("hero", "fmot.hero").putNull("targeting"));
    server.admin(POST, "/api/v1/experiments/hero/start", null);
    JsonObject hero = server.admin(GET, "/api/v1/experiments/hero", null).bodyAsJsonObject();
    List<String> control = HashedUnits.in(hero, "control", 150, "u-c-");
    List<String> bold = HashedUnits.in(hero, "bold", 150, "u-b-");
    JsonArray events = new JsonArray();
    String now = Instant.now().toString();
    for (int i = 0; i < 300; i++) {
      String variant = i % 2 == 0 ? "control" : "bold";
      String unit = (i % 2 == 0 ? control : bold).get(i / 2);
      String device = i % 3 == 0 ? "desktop" : "mobile";
      events.add(
          new JsonObject()
              .put("id", "x-" + i)
              .put("type", "exposure")
              .put("unitId", unit)
              .put("experiment", "hero")
              .put("variant", variant)
              .put("timestamp", now)
              .put("attributes", new JsonObject().put("device", device)));
      if (i % 10 == 0 || (variant.equals("bold") && (i % 10 == 1 || i % 10 == 3))) {
        events.add(
            new JsonObject()
                .put("id", "c-" + i)
                .put("type", "conversion")
                .put("unitId", unit)
                .put("metric", "signup")
                .put("timestamp", now));
      }
    }
    HttpResponse<Buffer> posted =
        server.admin(POST, "/api/v1/events", new JsonObject().put("events", events));
    assertEquals(202, posted.statusCode(), posted.bodyAsString());
    RollupReader reader = new RollupReader(server.server().services().pool());
    long deadline = System.currentTimeMillis() + 20_000;
    while (reader.pendingInbox().await() > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void reportCountsUnitsAndConversionsPerVariant() {
    HttpResponse<Buffer> response = server.admin(GET, "/api/v1/experiments/hero/report", null);
    assertEquals(200, response.statusCode(), response.bodyAsString());
    JsonObject report = response.bodyAsJsonObject();
    assertEquals("FMOT", report.getString("stage"));
    JsonArray variants = report.getJsonArray("variants");
    assertEquals(150, variants.getJsonObject(0).getLong("units"));
    assertEquals(150, variants.getJsonObject(1).getLong("units"));
    JsonObject signup = report.getJsonArray("metrics").getJsonObject(0);
    assertEquals("signup", signup.getString("metric"));
    assertEquals("primary", signup.getString("role"));
    assertEquals(30, signup.getJsonArray("variants").getJsonObject(0).getLong("conversions"));
    assertEquals(60, signup.getJsonArray("variants").getJsonObject(1).getLong("conversions"));
    assertTrue(report.getJsonObject("decision").containsKey("outcome"));
    assertTrue(report.getJsonObject("srm").getBoolean("ok"));
  }

  @Test
  void segmentsSplitByTheFirstExposureAttribute() {
    JsonObject report =
        server
            .admin(GET, "/api/v1/experiments/hero/report?segment=device", null)
            .bodyAsJsonObject();
    JsonArray segments = report.getJsonArray("segments");
    long units = 0;
    for (int i = 0; i < segments.size(); i++) {
      JsonObject segment = segments.getJsonObject(i);
      assertEquals("device", segment.getString("attribute"));
      units +=
          segment.getJsonArray("variants").stream()
              .mapToLong(v -> ((JsonObject) v).getLong("units"))
              .sum();
    }
    assertEquals(300, units);
    assertEquals(
        400, server.admin(GET, "/api/v1/experiments/hero/report?segment=shoe", null).statusCode());
  }

  @Test
  void csvHasOneRowPerMetricAndVariant() {
    HttpResponse<Buffer> csv = server.admin(GET, "/api/v1/experiments/hero/report.csv", null);
    assertEquals(200, csv.statusCode(), csv.bodyAsString());
    assertTrue(csv.getHeader("Content-Type").startsWith("text/csv"));
    String[] lines = csv.bodyAsString().trim().split("\r?\n");
    assertEquals(1 + 4 * 2, lines.length, csv.bodyAsString());
    assertTrue(lines[0].startsWith("metric,"));
    assertEquals(404, server.admin(GET, "/api/v1/experiments/nope/report.csv", null).statusCode());
    assertEquals(
        401, server.call(GET, "/api/v1/experiments/hero/report.csv", null, null).statusCode());
  }

  /**
   * {@code report.csv?segment=device} wrote the whole population's rows only, the same file as
   * without the segment: a spreadsheet of "the device split" showed the overall numbers. The CSV
   * now carries each segment value's rows, the numbers the JSON report's segments show.
   */
  @Test
  void csvBySegmentWritesEachSegmentsNumbers() {
    JsonObject report =
        server
            .admin(GET, "/api/v1/experiments/hero/report?segment=device", null)
            .bodyAsJsonObject();
    HttpResponse<Buffer> response =
        server.admin(GET, "/api/v1/experiments/hero/report.csv?segment=device", null);
    assertEquals(200, response.statusCode(), response.bodyAsString());
    List<List<String>> rows =
        Stream.of(response.bodyAsString().split("\r\n"))
            .map(line -> List.of(line.split(",", -1)))
            .toList();
    List<String> header = rows.get(0);
    assertEquals(20, header.size(), "the segment's columns: " + header);
    assertEquals(List.of("segment", "segment_value"), header.subList(18, 20));
    int checked = 0;
    for (Object s : report.getJsonArray("segments")) {
      JsonObject segment = (JsonObject) s;
      for (Object m : segment.getJsonArray("metrics")) {
        JsonObject metric = (JsonObject) m;
        for (Object v : metric.getJsonArray("variants")) {
          JsonObject variant = (JsonObject) v;
          List<String> row =
              rows.stream()
                  .filter(
                      r ->
                          r.size() == 20
                              && r.get(0).equals(metric.getString("metric"))
                              && r.get(5).equals(variant.getString("key"))
                              && r.get(18).equals("device")
                              && r.get(19).equals(segment.getString("value")))
                  .findFirst()
                  .orElseThrow(
                      () -> new AssertionError("no row for " + segment.getString("value")));
          assertEquals(String.valueOf(variant.getLong("units")), row.get(6));
          assertEquals(Objects.toString(variant.getValue("conversions"), ""), row.get(7));
          checked++;
        }
      }
    }
    assertEquals(2 * 4 * 2, checked, "two devices, four metrics, two variants");
    assertEquals(4 * 2 + checked, rows.size() - 1, "the overall rows, then the segments'");
    assertEquals(
        400,
        server.admin(GET, "/api/v1/experiments/hero/report.csv?segment=shoe", null).statusCode());
  }

  @Test
  void powerMatchesRPowerPropTest() {
    // R: power.prop.test(p1 = 0.023, p2 = 0.023 * 1.25, power = 0.8) gives n = 11966.14
    JsonObject power =
        server
            .admin(
                GET, "/api/v1/power?baseline=0.023&mde=0.25&alpha=0.05&power=0.8&variants=2", null)
            .bodyAsJsonObject();
    assertEquals(11967, power.getLong("fixedUnitsPerVariant"));
    // group-sequential by default: the plan the report uses, the fixed test's x its inflation
    double inflation = PowerCalculator.inflationFactor(Spending.OBRIEN_FLEMING, 30, 0.05, 0.8);
    assertEquals(inflation, power.getDouble("inflationFactor"), 1e-12);
    long planned =
        (long)
            Math.ceil(
                PowerCalculator.binomial(0.023, 0.25, 0.05, 0.8).exactUnitsPerVariant()
                    * inflation);
    assertEquals(planned, power.getLong("unitsPerVariant"));
    assertEquals(2 * planned, power.getLong("totalUnits"));
    JsonObject fixed =
        server
            .admin(GET, "/api/v1/power?baseline=0.023&mde=0.25&variants=2&method=fixed", null)
            .bodyAsJsonObject();
    assertEquals(11967, fixed.getLong("unitsPerVariant"));
    assertEquals(1.0, fixed.getDouble("inflationFactor"));
    // three variants under holm: each comparison's design at alpha / 2, as the report plans it
    JsonObject three =
        server
            .admin(GET, "/api/v1/power?baseline=0.023&mde=0.25&variants=3", null)
            .bodyAsJsonObject();
    assertEquals(0.025, three.getDouble("comparisonAlpha"));
    assertEquals(
        PowerCalculator.binomial(0.023, 0.25, 0.025, 0.8).unitsPerVariant(),
        three.getLong("fixedUnitsPerVariant"));
    assertEquals(
        400,
        server.admin(GET, "/api/v1/power?baseline=0.023&mde=0.25&method=bayes", null).statusCode());
    assertEquals(400, server.admin(GET, "/api/v1/power?baseline=0&mde=0.25", null).statusCode());
    assertEquals(400, server.admin(GET, "/api/v1/power?mde=0.25", null).statusCode());
    assertEquals(400, server.admin(GET, "/api/v1/power?baseline=0.9&mde=0.5", null).statusCode());
  }
}

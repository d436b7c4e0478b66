package dev.moments.server.http;

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
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 20.11: daily values and a date range on the report and its CSV. A range reports the units
 * first exposed in it and their events up to its end (their cohorts), never conversions of one
 * day's visitors over units of another; the decision stays the whole experiment's.
 */
class ReportRangeIT {
  static RunningServer server;
  static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
  private static final int PER_VARIANT = 20;
  private static int nextId;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.range", "FMOT"));
    JsonObject experiment =
        Fixtures.experiment("range", "fmot.range").putNull("targeting").put("trafficPercent", 100);
    assertEquals(201, server.admin(POST, "/api/v1/experiments", experiment).statusCode());
    server.admin(POST, "/api/v1/experiments/range/start", null);
    JsonObject created = server.admin(GET, "/api/v1/experiments/range", null).bodyAsJsonObject();
    JsonArray events = new JsonArray();
    for (String variant : List.of("control", "bold")) {
      List<String> units = HashedUnits.in(created, variant, PER_VARIANT, "range-" + variant + "-");
      for (int i = 0; i < units.size(); i++) {
        events.add(
            event("exposure", units.get(i)).put("experiment", "range").put("variant", variant));
        if (i < (variant.equals("bold") ? 8 : 4)) {
          events.add(event("conversion", units.get(i)).put("metric", "signup"));
        }
      }
    }
    HttpResponse<Buffer> r =
        server.admin(POST, "/api/v1/events", new JsonObject().put("events", events));
    assertEquals(202, r.statusCode(), r.bodyAsString());
    server.awaitFolded();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonObject event(String type, String unit) {
    return new JsonObject().put("id", "range-e-" + nextId++).put("type", type).put("unitId", unit);
  }

  private static JsonObject report(String query) {
    HttpResponse<Buffer> r = server.admin(GET, "/api/v1/experiments/range/report" + query, null);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private static long units(JsonObject report, String variant) {
    return WhatCountsIT.units(report, variant);
  }

  private static long conversions(JsonObject report, String variant) {
    return WhatCountsIT.conversions(report, variant);
  }

  @Test
  void eachTimelineDayCarriesItsCohortAndTodaysRangeIsTheWholeReport() {
    JsonObject whole = report("");
    assertFalse(whole.containsKey("range"));
    JsonObject day = whole.getJsonArray("timeline").getJsonObject(0);
    assertEquals(TODAY.toString(), day.getString("date"));
    JsonObject bold =
        day.getJsonArray("daily").stream()
            .map(JsonObject.class::cast)
            .filter(v -> v.getString("key").equals("bold"))
            .findFirst()
            .orElseThrow();
    assertEquals(PER_VARIANT, bold.getLong("units"));
    assertEquals(8, bold.getLong("conversions"));
    assertEquals(0.4, bold.getDouble("mean"), 1e-12);

    JsonObject today = report("?from=" + TODAY + "&to=" + TODAY);
    assertEquals(
        new JsonObject().put("from", TODAY.toString()).put("to", TODAY.toString()),
        today.getJsonObject("range"));
    assertEquals(whole.getJsonArray("metrics"), today.getJsonArray("metrics"));
    assertEquals(whole.getJsonObject("decision"), today.getJsonObject("decision"));
  }

  @Test
  void aRangeWithoutVisitorsKeepsTheWholeExperimentsDecision() {
    JsonObject whole = report("");
    JsonObject tomorrow = report("?from=" + TODAY.plusDays(1));
    assertEquals(0, units(tomorrow, "control") + units(tomorrow, "bold"));
    assertEquals(whole.getJsonObject("decision"), tomorrow.getJsonObject("decision"));
    assertTrue(units(whole, "bold") > 0);
  }

  /**
   * Rows as the fold writes them for earlier days: visitors of the day before yesterday who convert
   * yesterday count in a range that ends yesterday and starts with their day, not in a range of
   * yesterday alone (a sum of yesterday's rows would credit their conversions to it).
   */
  @Test
  void aRangeCountsItsCohortsAndTheirLaterConversionsOnly() {
    LocalDate d2 = TODAY.minusDays(2);
    LocalDate d1 = TODAY.minusDays(1);
    insert("$units", "bold", d2, d2, 10, 0);
    insert("signup", "bold", d1, d2, 0, 4);
    insert("$units", "bold", d1, d1, 5, 0);
    insert("signup", "bold", d1, d1, 0, 1);

    JsonObject firstDay = report("?from=" + d2 + "&to=" + d2);
    assertEquals(10, units(firstDay, "bold"));
    assertEquals(0, conversions(firstDay, "bold"), "their conversions came after the range");
    JsonObject both = report("?from=" + d2 + "&to=" + d1);
    assertEquals(15, units(both, "bold"));
    assertEquals(5, conversions(both, "bold"));
    JsonObject secondDay = report("?from=" + d1 + "&to=" + d1);
    assertEquals(5, units(secondDay, "bold"));
    assertEquals(
        1, conversions(secondDay, "bold"), "not the conversions of the day before's cohort");
  }

  private static void insert(
      String metric, String variant, LocalDate day, LocalDate cohort, long units, long converted) {
    server
        .server()
        .services()
        .pool()
        .preparedQuery(
            "INSERT INTO rollups (experiment, metric, variant, day, segment_attribute,"
                + " segment_value, units, converted, sum, sum_squares)"
                + " VALUES ('range', $1, $2, $3, '$cohort', $4, $5, $6, $6, $6)")
        .execute(Tuple.of(metric, variant, day, cohort.toString(), units, converted))
        .await();
  }

  @Test
  void badDatesAreRefusedWithTheFieldNamed() {
    for (String[] c :
        new String[][] {
          {"?from=2026-13-01", "from"},
          {"?to=yesterday", "to"},
          {"?from=" + TODAY + "&to=" + TODAY.minusDays(1), "from"},
          {"?segment=device&from=" + TODAY, "segment"}
        }) {
      for (String route : List.of("report", "report.csv")) {
        HttpResponse<Buffer> r =
            server.admin(GET, "/api/v1/experiments/range/" + route + c[0], null);
        assertEquals(400, r.statusCode(), route + c[0] + ": " + r.bodyAsString());
        JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
        assertEquals(c[1], error.getString("field"), route + c[0] + ": " + r.bodyAsString());
        assertFalse(error.getString("message").isBlank());
      }
    }
  }

  @Test
  void theCsvFollowsTheSelection() {
    String all = server.admin(GET, "/api/v1/experiments/range/report.csv", null).bodyAsString();
    String none =
        server
            .admin(GET, "/api/v1/experiments/range/report.csv?from=" + TODAY.plusDays(1), null)
            .bodyAsString();
    String boldSignup = "signup,primary,binomial,increase,,bold," + PER_VARIANT + ",8,";
    assertTrue(all.contains(boldSignup), all);
    assertTrue(none.contains("signup,primary,binomial,increase,,bold,0,0,"), none);
  }
}

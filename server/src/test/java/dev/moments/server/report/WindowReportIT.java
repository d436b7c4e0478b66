package dev.moments.server.report;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moments.server.experiment.TargetingAttributes;
import dev.moments.server.rollup.RollupReader;
import dev.moments.server.store.ExperimentStore;
import dev.moments.server.store.MomentStore;
import dev.moments.server.store.SequentialLooks;
import dev.moments.server.testing.ContractValidator;
import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.HashedUnits;
import dev.moments.server.testing.MutableClock;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 item 5: a windowed metric (purchase within 7 days of the first exposure) and a retention
 * metric (a visit on days 1 to 8), read by reports at injected clocks across the window boundaries
 * of three exposure days (cohorts A, B, C: 12, 3 and 1 days ago, two units per arm each). No event
 * arrives between the reads: units enter the statistics only because their window closed.
 */
class WindowReportIT {
  static final Instant TODAY =
      LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
  static final Instant A = TODAY.minus(Duration.ofDays(12)).plusSeconds(60);
  static final Instant B = TODAY.minus(Duration.ofDays(3)).plusSeconds(60);
  static final Instant C = TODAY.minus(Duration.ofDays(1)).plusSeconds(60);
  static RunningServer server;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    server.admin(POST, "/api/v1/moments", Fixtures.moment("smot.window", "SMOT"));
    HttpResponse<Buffer> created = server.admin(POST, "/api/v1/experiments", experiment());
    assertEquals(201, created.statusCode(), created.bodyAsString());
    server.admin(POST, "/api/v1/experiments/win/start", null);
    ranForAMonth("win");
    JsonObject stored = server.admin(GET, "/api/v1/experiments/win", null).bodyAsJsonObject();
    List<String> control = HashedUnits.in(stored, "control", 6, "c-");
    List<String> bold = HashedUnits.in(stored, "bold", 6, "b-");
    JsonArray events = new JsonArray();
    for (List<String> arm : List.of(control, bold)) {
      String variant = arm == control ? "control" : "bold";
      addCohort(events, arm.subList(0, 2), variant, A, true);
      addCohort(events, arm.subList(2, 4), variant, B, false);
      addCohort(events, arm.subList(4, 6), variant, C, false);
    }
    HttpResponse<Buffer> posted =
        server.admin(POST, "/api/v1/events", new JsonObject().put("events", events));
    assertEquals(202, posted.statusCode(), posted.bodyAsString());
    server.awaitFolded();
  }

  /** The experiment has run for a month, so backfilled exposures count. */
  static void ranForAMonth(String key) {
    Pool pool = server.server().services().pool();
    pool.preparedQuery(
            "UPDATE experiment_status_history SET changed_at = changed_at - interval '30 days'"
                + " WHERE experiment = $1")
        .execute(io.vertx.sqlclient.Tuple.of(key))
        .await();
    pool.preparedQuery(
            "UPDATE experiments SET started_at = started_at - interval '30 days' WHERE key = $1")
        .execute(io.vertx.sqlclient.Tuple.of(key))
        .await();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static JsonObject experiment() {
    JsonObject e = Fixtures.experiment("win", "smot.window").putNull("targeting");
    e.put("trafficPercent", 100);
    e.put(
        "secondaryMetrics",
        new JsonArray()
            .add(
                new JsonObject()
                    .put("key", "purchase")
                    .put("window", new JsonObject().put("start", "PT0S").put("end", "P7D")))
            .add(
                new JsonObject()
                    .put("key", "visit")
                    .put("type", "retention")
                    .put("window", new JsonObject().put("start", "P1D").put("end", "P8D"))));
    e.put("guardrailMetrics", new JsonArray());
    e.put("stats", new JsonObject().put("method", "fixed"));
    return e;
  }

  /**
   * Both units sign up; the first purchases and visits inside the windows; the second (in cohort A,
   * whose later days are past) purchases on day 8 and visits after 12 hours, both outside them.
   */
  static void addCohort(
      JsonArray events, List<String> units, String variant, Instant at, boolean lateToo) {
    for (int i = 0; i < units.size(); i++) {
      String u = units.get(i);
      events.add(
          event(u, "x", at)
              .put("type", "exposure")
              .put("experiment", "win")
              .put("variant", variant));
      events.add(conversion(u, "signup", at.plus(Duration.ofHours(1))));
      if (i == 0) {
        events.add(conversion(u, "purchase", at.plus(Duration.ofDays(1))));
        events.add(conversion(u, "visit", at.plus(Duration.ofDays(2))));
      } else if (lateToo) {
        events.add(conversion(u, "purchase", at.plus(Duration.ofDays(8))));
        events.add(conversion(u, "visit", at.plus(Duration.ofHours(12))));
      }
    }
  }

  /** Only past events are sent: cohort C's later days have not happened yet. */
  static JsonObject conversion(String unit, String metric, Instant at) {
    if (at.isAfter(Instant.now())) {
      return event(unit, metric, Instant.now()).put("type", "conversion").put("metric", "later");
    }
    return event(unit, metric, at).put("type", "conversion").put("metric", metric);
  }

  static JsonObject event(String unit, String tag, Instant at) {
    return new JsonObject()
        .put("id", unit + "-" + tag)
        .put("unitId", unit)
        .put("timestamp", at.toString());
  }

  static JsonObject reportAt(Instant now) {
    return reportAt("win", now);
  }

  static JsonObject reportAt(String experiment, Instant now) {
    Pool pool = server.server().services().pool();
    MutableClock clock = new MutableClock(now);
    LiveReports reports =
        new LiveReports(
            new ExperimentStore(pool, clock),
            new MomentStore(pool),
            new RollupReader(pool),
            clock,
            new TargetingAttributes(),
            new SequentialLooks(pool));
    JsonObject report = reports.build(experiment, null).await();
    ContractValidator.get().checkBody("experimentReport", 200, report);
    return report;
  }

  /** Each arm's units in the metric's statistics, its conversions, and its maturing units. */
  static void assertArms(
      JsonObject report, String key, long units, long conversions, long maturing) {
    for (Object m : report.getJsonArray("metrics")) {
      JsonObject metric = (JsonObject) m;
      if (metric.getString("metric").equals(key)) {
        for (Object v : metric.getJsonArray("variants")) {
          JsonObject variant = (JsonObject) v;
          String what = key + " " + variant.encode();
          assertEquals(units, variant.getLong("units"), what);
          assertEquals(conversions, variant.getLong("conversions"), what);
          assertEquals(maturing, variant.getLong("maturingUnits", -1L), what);
        }
        return;
      }
    }
    throw new AssertionError("no metric " + key);
  }

  @Test
  void nowOnlyTheOldestExposureDayHasClosedAndConversionsOutsideTheWindowDoNotCount() {
    JsonObject report = reportAt(Instant.now());
    JsonObject signup = report.getJsonArray("metrics").getJsonObject(0);
    assertEquals(6, signup.getJsonArray("variants").getJsonObject(0).getLong("units"));
    assertEquals(null, signup.getJsonArray("variants").getJsonObject(0).getValue("maturingUnits"));
    assertArms(report, "purchase", 2, 1, 4);
    assertArms(report, "visit", 2, 1, 4);
    assertEquals("retention", report.getJsonArray("metrics").getJsonObject(2).getString("type"));
  }

  @Test
  void anExposureDayEntersTheMomentItsLastWindowClosesWithoutANewEvent() {
    // cohort B's purchase windows all close by the end of its day + 7 days
    Instant closes = B.truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofDays(8));
    assertArms(reportAt(closes.minusSeconds(1)), "purchase", 2, 1, 4);
    assertArms(reportAt(closes), "purchase", 4, 2, 2);
    assertArms(reportAt(closes), "visit", 2, 1, 4);
    assertArms(reportAt(closes.plus(Duration.ofDays(1))), "visit", 4, 2, 2);
    assertArms(reportAt(TODAY.plus(Duration.ofDays(9))), "visit", 6, 2, 0);
  }

  /**
   * Trust defect: a bucket matured by the report's clock alone, so one whose windows had closed
   * while conversions inside them still waited in the inbox showed its units as not converted until
   * the fold caught up. Units exposed yesterday, a purchase inside their two-day window sent now
   * while the fold is held: read when the bucket closes, the bucket is still maturing; once folded
   * it is in, with the purchase.
   */
  @Test
  void aBucketWhoseInWindowEventsAreNotFoldedYetIsStillMaturing() throws Exception {
    server.admin(POST, "/api/v1/moments", Fixtures.moment("smot.window-lag", "SMOT"));
    JsonObject e = experiment().put("key", "win-lag").put("moment", "smot.window-lag");
    e.getJsonArray("secondaryMetrics")
        .getJsonObject(0)
        .put("window", new JsonObject().put("start", "PT0S").put("end", "P2D"));
    assertEquals(201, server.admin(POST, "/api/v1/experiments", e).statusCode());
    assertEquals(200, server.admin(POST, "/api/v1/experiments/win-lag/start", null).statusCode());
    ranForAMonth("win-lag");
    JsonObject stored = server.admin(GET, "/api/v1/experiments/win-lag", null).bodyAsJsonObject();
    Instant yesterday = TODAY.minus(Duration.ofDays(1)).plusSeconds(60);
    JsonArray exposures = new JsonArray();
    JsonArray purchases = new JsonArray();
    for (String variant : List.of("control", "bold")) {
      for (String u : HashedUnits.in(stored, variant, 2, "lag-" + variant + "-")) {
        exposures.add(
            event(u, "x", yesterday)
                .put("type", "exposure")
                .put("experiment", "win-lag")
                .put("variant", variant));
        purchases.add(conversion(u, "purchase", Instant.now()));
      }
    }
    assertEquals(
        202,
        server
            .admin(POST, "/api/v1/events", new JsonObject().put("events", exposures))
            .statusCode());
    server.awaitFolded();
    // yesterday's bucket closes at the end of yesterday + 2 days
    Instant closes = TODAY.plus(Duration.ofDays(2));
    try (AutoCloseable fold = server.holdFold()) {
      assertEquals(
          202,
          server
              .admin(POST, "/api/v1/events", new JsonObject().put("events", purchases))
              .statusCode());
      assertArmsOf("win-lag", reportAt("win-lag", closes), "purchase", 0, 0, 2);
    }
    server.awaitFolded();
    assertArmsOf("win-lag", reportAt("win-lag", closes), "purchase", 2, 2, 0);
  }

  private static void assertArmsOf(
      String experiment, JsonObject report, String key, long units, long conv, long maturing) {
    assertEquals(experiment, report.getString("experiment"));
    assertArms(report, key, units, conv, maturing);
  }

  @Test
  void aRetentionNeedsAWindowThatEndsAfterItStarts() {
    JsonObject bad = experiment().put("key", "win-bad");
    JsonObject visit = bad.getJsonArray("secondaryMetrics").getJsonObject(1);
    visit.remove("window");
    assertInvalid(bad, "secondaryMetrics[1].window");
    visit.put("window", new JsonObject().put("start", "P2D").put("end", "P1D"));
    assertInvalid(bad, "secondaryMetrics[1].window.end");
    visit.put("window", new JsonObject().put("start", "P1D").put("end", "seven days"));
    HttpResponse<Buffer> r = server.admin(POST, "/api/v1/experiments", bad);
    assertEquals(400, r.statusCode(), r.bodyAsString());
  }

  private static void assertInvalid(JsonObject experiment, String field) {
    HttpResponse<Buffer> r = server.admin(POST, "/api/v1/experiments", experiment);
    assertEquals(400, r.statusCode(), r.bodyAsString());
    assertEquals(field, r.bodyAsJsonObject().getJsonObject("error").getString("field"));
  }
}

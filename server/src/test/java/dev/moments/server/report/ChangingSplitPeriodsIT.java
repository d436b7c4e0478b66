package dev.moments.server.report;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.rollup.RollupRebuild;
import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.HashedUnits;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, exact update periods, through the real server: a sticky experiment's weights change
 * twice within ONE day (50/50 from 00:00, 10/90 from 06:00, 30/70 from 12:00) while the baseline
 * drifts (10 %, 20 %, 10 %), most of the day's units arriving in the 10/90 hours. Read by exposure
 * day, the day's hour-weighted shares (30/70) call the split broken (p = 1.4e-7) and give bold a
 * significant +39 % (p = 0.046); read by each unit's own update period, the split is exactly as the
 * weights say and the lift is +6.5 % (p = 0.76). Half of the first period's units are folded before
 * the changes exist and the rest arrive after both: all stay in the first period, and
 * rebuild-rollups agrees. Figures: stats/changing_split_reference.py, "it-hourly".
 */
class ChangingSplitPeriodsIT {
  static final Instant DAY =
      LocalDate.now(ZoneOffset.UTC).minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  static final Instant SECOND = DAY.plus(Duration.ofHours(6));
  static final Instant THIRD = DAY.plus(Duration.ofHours(12));
  static final String KEY = "hourly";
  static RunningServer server;
  static Pool pool;
  static JsonObject report;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    pool = server.server().services().pool();
    ChangingSplitReportIT.startStickyAt(server, KEY, "fmot.hourly", DAY);

    JsonObject even = server.admin(GET, "/api/v1/experiments/" + KEY, null).bodyAsJsonObject();
    JsonArray early = new JsonArray();
    JsonArray late = new JsonArray();
    enter(early, late, HashedUnits.in(even, "control", 100, "h0c-"), "control", DAY, 10);
    enter(early, late, HashedUnits.in(even, "bold", 100, "h0b-"), "bold", DAY, 12);
    server.postEvents(early);
    // the first period's early half is folded before any change exists
    server.awaitFolded();

    JsonObject mostlyBold = change(10, 90, SECOND);
    JsonArray events = new JsonArray();
    enter(events, events, HashedUnits.in(mostlyBold, "control", 60, "h1c-"), "control", SECOND, 12);
    enter(events, events, HashedUnits.in(mostlyBold, "bold", 540, "h1b-"), "bold", SECOND, 113);
    JsonObject third = change(30, 70, THIRD);
    enter(events, events, HashedUnits.in(third, "control", 90, "h2c-"), "control", THIRD, 9);
    enter(events, events, HashedUnits.in(third, "bold", 210, "h2b-"), "bold", THIRD, 22);
    // the first period's late half (exposures, and conversions of units folded before) arrives
    // after both changes are known
    events.addAll(late);
    server.postEvents(events);
    server.awaitFolded();
    report = report();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theSplitIsCheckedAgainstEachUpdatePeriodsWeights() {
    JsonObject split = report.getJsonObject("changingSplit");
    assertEquals("update_period", split.getString("granularity"), report.encode());
    assertEquals(250, report.getJsonArray("variants").getJsonObject(0).getLong("units"));
    assertEquals(850, report.getJsonArray("variants").getJsonObject(1).getLong("units"));
    assertEquals(0, report.getJsonObject("health").getLong("implausibleVariant"));
    // exposure day: 0.3 of the units expected in control, p = 1.4e-7
    assertEquals(1, report.getJsonObject("srm").getDouble("pValue"), 1e-9);
    assertEquals(
        250.0 / 1100,
        report.getJsonArray("variants").getJsonObject(0).getDouble("expectedShare"),
        1e-9);
    assertTrue(report.getJsonObject("health").getBoolean("srmOk"), report.encode());
  }

  @Test
  void eachUnitIsWeightedByTheShareOfItsOwnUpdatePeriod() {
    JsonObject signup =
        report.getJsonObject("changingSplit").getJsonArray("metrics").getJsonObject(0);
    assertEquals("signup", signup.getString("metric"));
    JsonObject control = signup.getJsonArray("variants").getJsonObject(0);
    JsonObject bold = signup.getJsonArray("variants").getJsonObject(1);
    // exposure day: 0.124 and 0.172941176471
    assertEquals(0.154545454545, control.getDouble("mean"), 1e-9);
    assertEquals(0.0301862261769, control.getDouble("standardError"), 1e-9);
    assertEquals(0.164531024531, bold.getDouble("mean"), 1e-9);
    assertEquals(0.0127404325548, bold.getDouble("standardError"), 1e-9);
    JsonObject lift = signup.getJsonArray("comparisons").getJsonObject(0);
    // exposure day: +39.5 %, p = 0.046
    assertEquals(0.0646125116713, lift.getDouble("relativeLift"), 1e-9);
    assertEquals(-0.373807817654, lift.getJsonArray("ci").getDouble(0), 1e-9);
    assertEquals(0.503032840996, lift.getJsonArray("ci").getDouble(1), 1e-9);
    assertEquals(0.760544440029, lift.getDouble("pValue"), 1e-9);
  }

  @Test
  void thePeriodsAreThoseOfTheWeightsRoute() {
    JsonArray history =
        server
            .admin(GET, "/api/v1/experiments/" + KEY + "/weights", null)
            .bodyAsJsonObject()
            .getJsonArray("history");
    JsonArray periods = report.getJsonObject("changingSplit").getJsonArray("periods");
    assertEquals(3, history.size(), history.encode());
    assertEquals(history.size(), periods.size(), periods.encode());
    for (int i = 0; i < history.size(); i++) {
      JsonObject route = history.getJsonObject(i);
      JsonObject used = periods.getJsonObject(i);
      assertEquals(route.getString("at"), used.getString("from"));
      JsonObject weights = route.getJsonObject("weights");
      assertEquals(weights.fieldNames(), used.getJsonObject("weights").fieldNames());
      weights.forEach(
          w ->
              assertEquals(
                  ((Number) w.getValue()).doubleValue(),
                  used.getJsonObject("weights").getDouble(w.getKey()),
                  1e-12,
                  w.getKey()));
    }
    assertEquals(SECOND.toString(), periods.getJsonObject(1).getString("from"));
    assertEquals(0.7, periods.getJsonObject(2).getJsonObject("weights").getDouble("bold"), 1e-12);
  }

  @Test
  void rebuildRollupsPutsEveryUnitInTheSamePeriod() {
    RollupRebuild.Result result = RollupRebuild.run(server.database());
    assertTrue(result.agree(), String.join("\n", result.differences()));
    assertEquals(report.getJsonObject("changingSplit"), report().getJsonObject("changingSplit"));
  }

  /**
   * The units enter spread over the period's first five hours, each converting (the first {@code
   * converting}) half an hour later; the odd units' exposures, and the conversions of every fourth
   * unit, go to {@code late}.
   */
  static void enter(
      JsonArray early,
      JsonArray late,
      List<String> units,
      String variant,
      Instant from,
      int converting) {
    for (int i = 0; i < units.size(); i++) {
      String u = units.get(i);
      Instant at = from.plus(Duration.ofSeconds(60 + 5L * 3600 * i / units.size()));
      (i % 2 == 1 ? late : early).add(ChangingSplitReportIT.exposure(u, at, KEY, variant));
      if (i < converting) {
        (i % 4 == 0 ? late : early)
            .add(ChangingSplitReportIT.signup(u, at.plus(Duration.ofMinutes(30))));
      }
    }
  }

  /** PATCHes the weights and dates the change {@code at}; the experiment as it is then. */
  static JsonObject change(int control, int bold, Instant at) {
    JsonArray variants = Fixtures.experiment(KEY, "fmot.hourly").getJsonArray("variants");
    variants.getJsonObject(0).put("weight", control);
    variants.getJsonObject(1).put("weight", bold);
    HttpResponse<Buffer> patched =
        server.admin(
            PATCH, "/api/v1/experiments/" + KEY, new JsonObject().put("variants", variants));
    assertEquals(200, patched.statusCode(), patched.bodyAsString());
    at(
        "UPDATE experiment_variant_history SET replaced_at = $2 WHERE id ="
            + " (SELECT max(id) FROM experiment_variant_history WHERE experiment = $1)",
        at);
    return patched.bodyAsJsonObject();
  }

  static JsonObject report() {
    return server.admin(GET, "/api/v1/experiments/" + KEY + "/report", null).bodyAsJsonObject();
  }

  static void at(String sql, Instant at) {
    pool.preparedQuery(sql)
        .execute(Tuple.of(KEY, OffsetDateTime.ofInstant(at, ZoneOffset.UTC)))
        .await();
  }
}

package dev.moments.server.report;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Issue 21 through the real server: a sticky experiment ran a week at 50/50 (300 units per arm, 10
 * % converting), then its weights were PATCHed to 10/90 for a week in which the baseline doubled
 * (60 and 540 units, 20 % converting); the arms are equal in both weeks. Today's weights alone call
 * the split broken (30 % of the units in control where 10 % are expected) and the pooled lift is
 * +41 %; the report checks each period's weights and estimates each arm per period (figures:
 * stats/changing_split_reference.py, "it").
 */
class ChangingSplitReportIT {
  static final Instant TODAY =
      LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
  static final Instant STARTED = TODAY.minus(Duration.ofDays(14));
  static final Instant CHANGED = TODAY.minus(Duration.ofDays(7));
  static RunningServer server;
  static JsonObject report;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    startStickyAt(server, "split", "fmot.split", STARTED);
    Pool pool = server.server().services().pool();
    JsonObject even = server.admin(GET, "/api/v1/experiments/split", null).bodyAsJsonObject();
    JsonArray events = new JsonArray();
    cohort(
        events, HashedUnits.in(even, "control", 300, "p1c-"), "control", STARTED, 30, "split", 7);
    cohort(events, HashedUnits.in(even, "bold", 300, "p1b-"), "bold", STARTED, 30, "split", 7);

    HttpResponse<Buffer> patched =
        server.admin(PATCH, "/api/v1/experiments/split", weights(10, 90));
    assertEquals(200, patched.statusCode(), patched.bodyAsString());
    at(
        pool,
        "UPDATE experiment_variant_history SET replaced_at = $2 WHERE experiment = $1",
        CHANGED);
    JsonObject mostlyBold = patched.bodyAsJsonObject();
    cohort(
        events,
        HashedUnits.in(mostlyBold, "control", 60, "p2c-"),
        "control",
        CHANGED,
        12,
        "split",
        7);
    cohort(
        events, HashedUnits.in(mostlyBold, "bold", 540, "p2b-"), "bold", CHANGED, 108, "split", 7);
    server.postEvents(events);
    postBandit();
    server.awaitFolded();
    report = server.admin(GET, "/api/v1/experiments/split/report", null).bodyAsJsonObject();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A bandit before its first update (equal weights): 200 units per arm, 20 and 40 converting. */
  static void postBandit() {
    server.admin(POST, "/api/v1/moments", Fixtures.moment("zmot.band", "ZMOT"));
    JsonObject bandit =
        Fixtures.experiment("band", "zmot.band")
            .putNull("targeting")
            .put("trafficPercent", 100)
            .put("allocation", new JsonObject().put("type", "bandit").put("burnInUnits", 100_000));
    assertEquals(201, server.admin(POST, "/api/v1/experiments", bandit).statusCode());
    server.admin(POST, "/api/v1/experiments/band/start", null);
    JsonObject stored = server.admin(GET, "/api/v1/experiments/band", null).bodyAsJsonObject();
    JsonArray events = new JsonArray();
    Instant day = TODAY.minus(Duration.ofDays(1));
    Pool pool = server.server().services().pool();
    at(
        pool,
        "UPDATE experiment_status_history SET changed_at = $2 WHERE experiment = $1",
        "band",
        day);
    at(pool, "UPDATE experiments SET started_at = $2 WHERE key = $1", "band", day);
    cohort(events, HashedUnits.in(stored, "control", 200, "bc-"), "control", day, 20, "band", 1);
    cohort(events, HashedUnits.in(stored, "bold", 200, "bb-"), "bold", day, 40, "band", 1);
    HttpResponse<Buffer> posted =
        server.admin(POST, "/api/v1/events", new JsonObject().put("events", events));
    assertEquals(202, posted.statusCode(), posted.bodyAsString());
  }

  @Test
  void aBanditNamesTheBestArmWithItsProbabilityNeverAWinner() {
    JsonObject bandit =
        server.admin(GET, "/api/v1/experiments/band/report", null).bodyAsJsonObject();
    JsonObject reading = bandit.getJsonObject("changingSplit").getJsonObject("bandit");
    assertEquals("bold", reading.getString("bestArm"), bandit.encode());
    assertEquals(0.997661132, reading.getDouble("probabilityBest"), 1e-6);
    JsonObject decision = bandit.getJsonObject("decision");
    assertEquals("keep_running", decision.getString("outcome"));
    assertEquals("bold", decision.getString("bestArm"));
    assertTrue(decision.getString("reason").contains("with probability"), decision.encode());
  }

  @Test
  void theSplitIsCheckedAgainstEachPeriodsWeights() {
    assertEquals(0, report.getJsonObject("health").getLong("implausibleVariant"), report.encode());
    assertEquals(360, report.getJsonArray("variants").getJsonObject(0).getLong("units"));
    assertEquals(840, report.getJsonArray("variants").getJsonObject(1).getLong("units"));
    assertTrue(report.getJsonObject("health").getBoolean("srmOk"), report.encode());
    assertEquals(1, report.getJsonObject("srm").getDouble("pValue"), 1e-9);
    assertEquals(
        0.3, report.getJsonArray("variants").getJsonObject(0).getDouble("expectedShare"), 1e-9);
    assertNotEquals("srm", report.getJsonObject("decision").getString("outcome"));
  }

  @Test
  void eachArmIsEstimatedByItsPeriodsNotPooled() {
    JsonObject split = report.getJsonObject("changingSplit");
    assertEquals("inverse-probability", split.getString("estimator"));
    JsonArray periods = split.getJsonArray("periods");
    assertEquals(2, periods.size());
    assertEquals(STARTED.toString(), periods.getJsonObject(0).getString("from"));
    assertEquals(0.9, periods.getJsonObject(1).getJsonObject("weights").getDouble("bold"), 1e-12);
    JsonObject signup = split.getJsonArray("metrics").getJsonObject(0);
    assertEquals("signup", signup.getString("metric"));
    JsonObject control = signup.getJsonArray("variants").getJsonObject(0);
    JsonObject bold = signup.getJsonArray("variants").getJsonObject(1);
    assertEquals(0.15, control.getDouble("mean"), 1e-12);
    assertEquals(0.15, bold.getDouble("mean"), 1e-12);
    assertEquals(42.0 / 360, control.getDouble("pooledMean"), 1e-12);
    assertEquals(138.0 / 840, bold.getDouble("pooledMean"), 1e-12);
    JsonObject lift = signup.getJsonArray("comparisons").getJsonObject(0);
    assertEquals(0, lift.getDouble("relativeLift"), 1e-12);
    assertEquals((138.0 / 840) / (42.0 / 360) - 1, lift.getDouble("pooledRelativeLift"), 1e-12);
    assertEquals(1, lift.getDouble("pValue"), 1e-9);
    assertNotEquals("winner", report.getJsonObject("decision").getString("outcome"));
  }

  /**
   * {@code converting} of the units convert; the units enter spread over the period's 7 days (an
   * hour into each), converting an hour later.
   */
  static void cohort(
      JsonArray events,
      List<String> units,
      String variant,
      Instant period,
      int converting,
      String experiment,
      int days) {
    for (int i = 0; i < units.size(); i++) {
      String u = units.get(i);
      Instant at = period.plus(Duration.ofDays(i % days)).plus(Duration.ofHours(1));
      events.add(exposure(u, at, experiment, variant));
      if (i < converting) {
        events.add(signup(u, at.plus(Duration.ofHours(1))));
      }
    }
  }

  /** The unit's exposure, id {@code <unit>-x}. */
  static JsonObject exposure(String unit, Instant at, String experiment, String variant) {
    return new JsonObject()
        .put("id", unit + "-x")
        .put("unitId", unit)
        .put("timestamp", at.toString())
        .put("type", "exposure")
        .put("experiment", experiment)
        .put("variant", variant);
  }

  /** The unit's signup, id {@code <unit>-c}. */
  static JsonObject signup(String unit, Instant at) {
    return new JsonObject()
        .put("id", unit + "-c")
        .put("unitId", unit)
        .put("timestamp", at.toString())
        .put("type", "conversion")
        .put("metric", "signup");
  }

  /** The variants the experiment was created with, at new weights. */
  static JsonObject weights(int control, int bold) {
    JsonArray variants = Fixtures.experiment("split", "fmot.split").getJsonArray("variants");
    variants.getJsonObject(0).put("weight", control);
    variants.getJsonObject(1).put("weight", bold);
    return new JsonObject().put("variants", variants);
  }

  /**
   * Creates and starts a sticky 50/50 experiment on its own moment (every unit in it, only its
   * primary metric), dated as started at {@code started}.
   */
  static void startStickyAt(RunningServer server, String key, String moment, Instant started) {
    server.admin(POST, "/api/v1/moments", Fixtures.moment(moment, "FMOT"));
    HttpResponse<Buffer> created =
        server.admin(
            POST,
            "/api/v1/experiments",
            Fixtures.experiment(key, moment)
                .putNull("targeting")
                .put("trafficPercent", 100)
                .put("sticky", true)
                .put("secondaryMetrics", new JsonArray())
                .put("guardrailMetrics", new JsonArray()));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    server.admin(POST, "/api/v1/experiments/" + key + "/start", null);
    Pool pool = server.server().services().pool();
    at(
        pool,
        "UPDATE experiment_status_history SET changed_at = $2 WHERE experiment = $1",
        key,
        started);
    at(pool, "UPDATE experiments SET started_at = $2 WHERE key = $1", key, started);
  }

  static void at(Pool pool, String sql, Instant at) {
    at(pool, sql, "split", at);
  }

  static void at(Pool pool, String sql, String experiment, Instant at) {
    pool.preparedQuery(sql)
        .execute(Tuple.of(experiment, OffsetDateTime.ofInstant(at, ZoneOffset.UTC)))
        .await();
  }
}

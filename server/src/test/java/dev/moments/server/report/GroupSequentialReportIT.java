package dev.moments.server.report;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.experiment.TargetingAttributes;
import dev.moments.server.rollup.RollupReader;
import dev.moments.server.stats.GroupSequentialDesign;
import dev.moments.server.stats.Spending;
import dev.moments.server.store.ExperimentStore;
import dev.moments.server.store.MomentStore;
import dev.moments.server.store.SequentialLooks;
import dev.moments.server.testing.ContractValidator;
import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.HashedUnits;
import dev.moments.server.testing.MutableClock;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A group-sequential experiment through the real fold and store: today's data are live (no look
 * yet), and the same data read by a clock one day later are look 1, with the boundary of an
 * independent design at the information fraction worked out here. Both shapes match the contract.
 */
class GroupSequentialReportIT {
  static RunningServer server;
  static final int PER_ARM = 150;
  static final int CONTROL_CONVERSIONS = 15;
  static final int BOLD_CONVERSIONS = 45;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.gs", "FMOT"));
    JsonArray events = new JsonArray();
    // "gs" is read today only; "gs-next" by a clock a day later, which records its look
    for (String key : List.of("gs", "gs-next")) {
      createGroupSequential(key, "fmot.gs");
      server.admin(POST, "/api/v1/experiments/" + key + "/start", null);
      JsonObject gs = server.admin(GET, "/api/v1/experiments/" + key, null).bodyAsJsonObject();
      assertEquals("group_sequential", gs.getJsonObject("stats").getString("method"));
      List<String> control = HashedUnits.in(gs, "control", PER_ARM, key + "-c-");
      List<String> bold = HashedUnits.in(gs, "bold", PER_ARM, key + "-b-");
      String now = Instant.now().toString();
      for (int i = 0; i < PER_ARM; i++) {
        exposeAndConvert(events, key, control.get(i), "control", now, i < CONTROL_CONVERSIONS);
        exposeAndConvert(events, key, bold.get(i), "bold", now, i < BOLD_CONVERSIONS);
      }
    }
    assertEquals(
        202,
        server.admin(POST, "/api/v1/events", new JsonObject().put("events", events)).statusCode());
    server.awaitFolded();
  }

  /** O'Brien-Fleming from a baseline of 10 % for a lift of 50 %. */
  private static void createGroupSequential(String key, String moment) {
    JsonObject experiment = Fixtures.groupSequential(key, moment);
    assertEquals(201, server.admin(POST, "/api/v1/experiments", experiment).statusCode());
  }

  private static void exposeAndConvert(
      JsonArray events,
      String experiment,
      String unit,
      String variant,
      String at,
      boolean converts) {
    events.add(
        new JsonObject()
            .put("id", "x-" + unit)
            .put("type", "exposure")
            .put("unitId", unit)
            .put("experiment", experiment)
            .put("variant", variant)
            .put("timestamp", at));
    if (converts) {
      events.add(
          new JsonObject()
              .put("id", "c-" + unit)
              .put("type", "conversion")
              .put("unitId", unit)
              .put("metric", "signup")
              .put("timestamp", at));
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonObject primaryComparison(JsonObject report) {
    return report
        .getJsonArray("metrics")
        .getJsonObject(0)
        .getJsonArray("comparisons")
        .getJsonObject(0);
  }

  @Test
  void todaysDataAreLiveAndNoLookIsTakenYet() {
    JsonObject report = server.admin(GET, "/api/v1/experiments/gs/report", null).bodyAsJsonObject();
    JsonObject c = primaryComparison(report);
    assertEquals(0, c.getJsonObject("sequential").getInteger("look"));
    assertEquals("no_look_yet", c.getJsonObject("sequential").getString("error"));
    assertTrue(c.getBoolean("preliminary"));
    assertFalse(c.getBoolean("significant"));
    assertEquals("keep_running", report.getJsonObject("decision").getString("outcome"));
  }

  @Test
  void aSequentialFlagThatContradictsTheMethodIsA400() {
    JsonObject experiment = Fixtures.experiment("gs-bad", "fmot.gs").putNull("targeting");
    experiment.getJsonObject("stats").put("method", "group_sequential").put("sequential", false);
    var response = server.admin(POST, "/api/v1/experiments", experiment);
    assertEquals(400, response.statusCode(), response.bodyAsString());
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertEquals("stats.sequential", error.getString("field"));
    assertEquals(404, server.admin(GET, "/api/v1/experiments/gs-bad", null).statusCode());
  }

  /** Reports read by a clock one day later: today's data are then a complete day, a look. */
  private static LiveReports tomorrow() {
    return recording(1);
  }

  /**
   * Trust: a look is taken on complete data. Read by a clock one day later while some of today's
   * exposures still wait in the inbox (the fold held by the test), today is no look yet (it used to
   * be look 1 on the folded part alone); once folded, it is look 1 with every unit.
   */
  @Test
  void aDayWithEventsStillInTheInboxIsNoLookUntilFolded() throws Exception {
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.gs-lag", "FMOT"));
    createGroupSequential("gs-lag", "fmot.gs-lag");
    server.admin(POST, "/api/v1/experiments/gs-lag/start", null);
    JsonObject stored = server.admin(GET, "/api/v1/experiments/gs-lag", null).bodyAsJsonObject();
    int folded = 30;
    int held = 10;
    List<String> control = HashedUnits.in(stored, "control", folded + held, "l-c-");
    List<String> bold = HashedUnits.in(stored, "bold", folded + held, "l-b-");
    JsonArray first = new JsonArray();
    JsonArray later = new JsonArray();
    String now = Instant.now().toString();
    for (int i = 0; i < folded + held; i++) {
      JsonArray into = i < folded ? first : later;
      exposeAndConvert(into, "gs-lag", control.get(i), "control", now, i < 3);
      exposeAndConvert(into, "gs-lag", bold.get(i), "bold", now, i < 9);
    }
    assertEquals(
        202,
        server.admin(POST, "/api/v1/events", new JsonObject().put("events", first)).statusCode());
    server.awaitFolded();
    try (AutoCloseable fold = server.holdFold()) {
      assertEquals(
          202,
          server.admin(POST, "/api/v1/events", new JsonObject().put("events", later)).statusCode());
      JsonObject lagging = tomorrow().build("gs-lag", null).await();
      JsonObject sequential = primaryComparison(lagging).getJsonObject("sequential");
      assertEquals(0, sequential.getInteger("look"), sequential.encode());
      assertEquals("no_look_yet", sequential.getString("error"));
      assertEquals("keep_running", lagging.getJsonObject("decision").getString("outcome"));
    }
    server.awaitFolded();
    JsonObject report = tomorrow().build("gs-lag", null).await();
    long planned = report.getJsonObject("decision").getLong("plannedTotalUnits");
    JsonObject sequential = primaryComparison(report).getJsonObject("sequential");
    assertEquals(1, sequential.getInteger("look"));
    assertEquals(
        Math.min(1, 2.0 * (folded + held) / planned),
        sequential.getDouble("informationFraction"),
        1e-12);
  }

  @Test
  void theNextDayTheSameDataAreLookOne() {
    JsonObject report = tomorrow().build("gs-next", null).await();
    ContractValidator.get().checkBody("experimentReport", 200, report);
    long planned = report.getJsonObject("decision").getLong("plannedTotalUnits");
    double t = Math.min(1, 2.0 * PER_ARM / planned);
    double boundary =
        GroupSequentialDesign.boundaries(new double[] {t}, 0.05, Spending.OBRIEN_FLEMING).z(0);
    double pC = (double) CONTROL_CONVERSIONS / PER_ARM;
    double pT = (double) BOLD_CONVERSIONS / PER_ARM;
    double z = Math.log(pT / pC) / Math.sqrt((1 - pT) / (PER_ARM * pT) + (1 - pC) / (PER_ARM * pC));
    JsonObject sequential = primaryComparison(report).getJsonObject("sequential");
    assertEquals(1, sequential.getInteger("look"));
    assertEquals(t, sequential.getDouble("informationFraction"), 1e-12);
    assertEquals(z, sequential.getDouble("z"), 1e-9);
    if (Double.isFinite(boundary)) {
      assertEquals(boundary, sequential.getDouble("zBoundary"), 1e-9);
    } else {
      assertEquals(null, sequential.getValue("zBoundary"));
    }
    assertFalse(primaryComparison(report).getBoolean("preliminary"), "nothing after the look");
  }

  /** Reports that record their looks, read by a clock {@code days} later. */
  private static LiveReports recording(int days) {
    Pool pool = server.server().services().pool();
    MutableClock later = new MutableClock(Instant.now().plus(Duration.ofDays(days)));
    return new LiveReports(
        new ExperimentStore(pool, later),
        new MomentStore(pool),
        new RollupReader(pool),
        later,
        new TargetingAttributes(),
        new SequentialLooks(pool));
  }

  /**
   * Trust: a look once taken stays as taken. Today's units are look 1 when read the next day (two
   * servers reading at once record it once); then units dated today (a client timestamp, 7 days
   * back are accepted) arrive: look 1's z, boundary and the decision stay, and the day after, look
   * 2 has them in its cumulative data.
   */
  @Test
  void aLookStaysAsTakenWhenEventsDatedIntoItsDayArriveAfterIt() {
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.gs-late", "FMOT"));
    createGroupSequential("gs-late", "fmot.gs-late");
    server.admin(POST, "/api/v1/experiments/gs-late/start", null);
    JsonObject stored = server.admin(GET, "/api/v1/experiments/gs-late", null).bodyAsJsonObject();
    List<String> control = HashedUnits.in(stored, "control", 60, "t-c-");
    List<String> bold = HashedUnits.in(stored, "bold", 60, "t-b-");
    String now = Instant.now().toString();
    JsonArray first = new JsonArray();
    JsonArray late = new JsonArray();
    for (int i = 0; i < 40; i++) {
      exposeAndConvert(first, "gs-late", control.get(i), "control", now, i < 4);
      exposeAndConvert(first, "gs-late", bold.get(i), "bold", now, i < 8);
    }
    for (int i = 40; i < 60; i++) {
      exposeAndConvert(late, "gs-late", bold.get(i), "bold", now, true);
    }
    postEvents(first);
    LiveReports day1 = recording(1);
    LiveReports otherServer = recording(1);
    List<JsonObject> both =
        io.vertx.core.Future.all(day1.build("gs-late", null), otherServer.build("gs-late", null))
            .await()
            .list();
    JsonObject taken = primaryComparison(both.get(0)).getJsonObject("sequential");
    assertEquals(taken, primaryComparison(both.get(1)).getJsonObject("sequential"));
    assertEquals(1, taken.getInteger("look"), taken.encode());
    assertEquals(1, recordedLooks("gs-late"));

    postEvents(late);
    JsonObject after = day1.build("gs-late", null).await();
    ContractValidator.get().checkBody("experimentReport", 200, after);
    JsonObject kept = primaryComparison(after).getJsonObject("sequential");
    for (String field : List.of("look", "z", "zBoundary", "informationFraction", "final")) {
      assertEquals(taken.getValue(field), kept.getValue(field), field);
    }
    assertEquals(taken.getJsonArray("looks"), kept.getJsonArray("looks"));
    assertTrue(primaryComparison(after).getBoolean("preliminary"), "the late units are live");
    assertEquals(
        both.get(0).getJsonObject("decision").getString("outcome"),
        after.getJsonObject("decision").getString("outcome"));

    JsonObject next = primaryComparison(recording(2).build("gs-late", null).await());
    JsonArray looks = next.getJsonObject("sequential").getJsonArray("looks");
    assertEquals(2, looks.size(), looks.encode());
    assertEquals(taken.getJsonArray("looks").getJsonObject(0), looks.getJsonObject(0));
    assertEquals(80, looks.getJsonObject(0).getLong("units"));
    assertEquals(100, looks.getJsonObject(1).getLong("units"), "look 2 has the late units");
    assertEquals(2, recordedLooks("gs-late"));
  }

  /**
   * Trust: a design chosen after looking is p-hacking. Before its first look an experiment may
   * change its plan; once a report has recorded a look, a PATCH of alpha is 409 {@code
   * design_frozen} (naming the field and the look's time) and changes nothing, while its name still
   * changes.
   */
  @Test
  void aDesignChangeAfterTheFirstLookIsRefusedAndChangesNothing() {
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.gs-frozen", "FMOT"));
    createGroupSequential("gs-frozen", "fmot.gs-frozen");
    server.admin(POST, "/api/v1/experiments/gs-frozen/start", null);
    String path = "/api/v1/experiments/gs-frozen";
    JsonObject plan = new JsonObject().put("stats", new JsonObject().put("mde", 0.3));
    assertEquals(200, server.admin(PATCH, path, plan).statusCode(), "no look yet: the plan moves");
    var decided =
        server.admin(
            PATCH, path, new JsonObject().put("stats", new JsonObject().put("alpha", 0.1)));
    assertEquals(409, decided.statusCode(), "started: the rule that decides is fixed, look or not");
    assertEquals(
        "stats.alpha", decided.bodyAsJsonObject().getJsonObject("error").getString("field"));
    JsonObject stored = server.admin(GET, path, null).bodyAsJsonObject();
    List<String> control = HashedUnits.in(stored, "control", 40, "f-c-");
    List<String> bold = HashedUnits.in(stored, "bold", 40, "f-b-");
    JsonArray events = new JsonArray();
    String now = Instant.now().toString();
    for (int i = 0; i < 40; i++) {
      exposeAndConvert(events, "gs-frozen", control.get(i), "control", now, i < 4);
      exposeAndConvert(events, "gs-frozen", bold.get(i), "bold", now, i < 12);
    }
    postEvents(events);
    recording(1).build("gs-frozen", null).await();
    assertEquals(1, recordedLooks("gs-frozen"));

    JsonObject before = server.admin(GET, path, null).bodyAsJsonObject();
    var refused =
        server.admin(
            PATCH, path, new JsonObject().put("stats", new JsonObject().put("alpha", 0.2)));
    assertEquals(409, refused.statusCode(), refused.bodyAsString());
    JsonObject error = refused.bodyAsJsonObject().getJsonObject("error");
    assertEquals("design_frozen", error.getString("code"));
    assertEquals("stats.alpha", error.getString("field"));
    assertTrue(error.getString("message").contains("first look, recorded at 20"), error.encode());
    assertEquals(before, server.admin(GET, path, null).bodyAsJsonObject(), "nothing changed");

    var renamed = server.admin(PATCH, path, new JsonObject().put("name", "Frozen, renamed"));
    assertEquals(200, renamed.statusCode(), renamed.bodyAsString());
    JsonObject after = server.admin(GET, path, null).bodyAsJsonObject();
    assertEquals("Frozen, renamed", after.getString("name"));
    assertEquals(0.05, after.getJsonObject("stats").getDouble("alpha"));
    assertEquals(
        0.3, after.getJsonObject("stats").getDouble("mde"), "the plan moved before the look");
  }

  private static void postEvents(JsonArray events) {
    assertEquals(
        202,
        server.admin(POST, "/api/v1/events", new JsonObject().put("events", events)).statusCode());
    server.awaitFolded();
  }

  private static long recordedLooks(String experiment) {
    return server
        .server()
        .services()
        .pool()
        .preparedQuery("SELECT count(*) FROM sequential_looks WHERE experiment = $1")
        .execute(io.vertx.sqlclient.Tuple.of(experiment))
        .await()
        .iterator()
        .next()
        .getLong(0);
  }
}

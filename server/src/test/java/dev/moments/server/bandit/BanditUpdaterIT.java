package dev.moments.server.bandit;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.db.Pools;
import dev.moments.server.experiment.ExperimentJson;
import dev.moments.server.experiment.WeightUpdate;
import dev.moments.server.rollup.RollupReader;
import dev.moments.server.store.BanditUpdates;
import dev.moments.server.store.ExperimentStore;
import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.HashedUnits;
import dev.moments.server.testing.MutableClock;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bandit over simulated days (issue 21), its updates made by two servers' updaters on one
 * database with a clock the test moves: no update during the burn-in, then exactly one per day,
 * moving weight to the arm that converts best while every arm keeps its floor, each audited as the
 * system actor and read back from GET .../weights; units keep their arm through /assign; a rerun
 * computes the same weights; a stopped bandit is left alone. The experiment's running period is
 * backdated (as in WindowReportIT) so that each day's events carry that day's time.
 */
class BanditUpdaterIT {
  private static final int UNITS_PER_DAY = 150;
  private static final int DAYS = 6;
  private static final Map<String, Double> RATES = Map.of("a", 0.04, "b", 0.08, "c", 0.25);
  static RunningServer server;
  static Vertx otherVertx;
  static Pool otherPool;
  static MutableClock clock;
  static BanditUpdater here;
  static BanditUpdater there;
  static BanditUpdates updates;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    otherVertx = Vertx.vertx();
    otherPool = Pools.open(otherVertx, server.database(), 2);
    Pool pool = server.server().services().pool();
    clock = new MutableClock(Instant.now());
    here = updater(pool);
    there = updater(otherPool);
    updates = new BanditUpdates(pool);
  }

  private static BanditUpdater updater(Pool pool) {
    return new BanditUpdater(
        new ExperimentStore(pool, clock), new BanditUpdates(pool), new RollupReader(pool), clock);
  }

  @AfterAll
  static void stop() {
    otherPool.close().await();
    otherVertx.close().await();
    server.close();
  }

  /** A running bandit of three arms whose start is backdated by {@code daysAgo}; its start. */
  static Instant startBandit(String key, int daysAgo) {
    server.admin(POST, "/api/v1/moments", Fixtures.moment("zmot." + key, "ZMOT"));
    JsonArray arms = new JsonArray();
    for (String arm : List.of("a", "b", "c")) {
      arms.add(new JsonObject().put("key", arm).put("weight", 1).put("kind", "generic"));
    }
    JsonObject body =
        Fixtures.experiment(key, "zmot." + key)
            .putNull("targeting")
            .put("trafficPercent", 100)
            .put("variants", arms)
            .put("control", "a")
            .put("secondaryMetrics", new JsonArray())
            .put("guardrailMetrics", new JsonArray())
            .put(
                "allocation",
                new JsonObject()
                    .put("type", "bandit")
                    .put("updateEvery", "P1D")
                    .put("minShare", 0.1)
                    .put("burnInUnits", 200));
    HttpResponse<Buffer> created = server.admin(POST, "/api/v1/experiments", body);
    assertEquals(201, created.statusCode(), created.bodyAsString());
    assertEquals(
        200, server.admin(POST, "/api/v1/experiments/" + key + "/start", null).statusCode());
    Pool pool = server.server().services().pool();
    String back = "interval '" + daysAgo + " days'";
    pool.query(
            "UPDATE experiment_status_history SET changed_at = changed_at - "
                + back
                + " WHERE experiment = '"
                + key
                + "'")
        .execute()
        .await();
    pool.query(
            "UPDATE experiments SET started_at = started_at - "
                + back
                + " WHERE key = '"
                + key
                + "'")
        .execute()
        .await();
    return Instant.parse(experiment(key).getString("startedAt"));
  }

  static JsonObject experiment(String key) {
    return server.admin(GET, "/api/v1/experiments/" + key, null).bodyAsJsonObject();
  }

  /**
   * One day's new units, each exposed in the arm its hash gives with the weights of now and
   * converting at its arm's rate; plus {@code again}, earlier units seen again in their first arm.
   */
  static void visit(String key, int day, Instant at, Map<String, String> seen, List<String> again) {
    JsonObject e = experiment(key);
    SplittableRandom random = new SplittableRandom(day);
    JsonArray events = new JsonArray();
    for (int i = 0; i < UNITS_PER_DAY; i++) {
      String unit = key + "-d" + day + "-" + i;
      String arm = HashedUnits.variantOf(e, unit);
      seen.put(unit, arm);
      Instant t = at.plusSeconds(i);
      events.add(exposure(unit, arm, t, "x"));
      if (random.nextDouble() < RATES.get(arm)) {
        events.add(
            new JsonObject()
                .put("id", unit + "-signup")
                .put("unitId", unit)
                .put("timestamp", t.plusSeconds(600).toString())
                .put("type", "conversion")
                .put("metric", "signup"));
      }
    }
    again.forEach(u -> events.add(exposure(u, seen.get(u), at, "again" + day)));
    HttpResponse<Buffer> posted =
        server.admin(POST, "/api/v1/events", new JsonObject().put("events", events));
    assertEquals(202, posted.statusCode(), posted.bodyAsString());
    server.awaitFolded();
  }

  static JsonObject exposure(String unit, String arm, Instant at, String tag) {
    return new JsonObject()
        .put("id", unit + "-" + tag)
        .put("unitId", unit)
        .put("timestamp", at.toString())
        .put("type", "exposure")
        .put("experiment", unit.substring(0, unit.indexOf("-d")))
        .put("variant", arm);
  }

  /** Both servers' updaters, twice each, at once. */
  static void bothServersUpdate(Instant at) {
    clock.set(at);
    Future.all(here.round(), there.round(), here.round(), there.round()).await();
  }

  @Test
  void weightsMoveToTheBestArmOncePerDayAfterTheBurnIn() {
    Instant start = startBandit("ads", DAYS + 2);
    Map<String, String> seen = new HashMap<>();
    for (int day = 1; day <= DAYS; day++) {
      Instant dayStart = start.plus(Duration.ofDays(day - 1)).plus(Duration.ofHours(1));
      List<String> again = day == DAYS ? List.copyOf(seen.keySet()).subList(0, 60) : List.of();
      visit("ads", day, dayStart, seen, again);
      bothServersUpdate(start.plus(Duration.ofDays(day)));
      List<BanditUpdates.Stored> history = updates.history("ads").await();
      assertEquals(Math.max(0, day - 1), history.size(), "day " + day + ": " + history);
    }
    List<BanditUpdates.Stored> history = updates.history("ads").await();
    for (BanditUpdates.Stored u : history) {
      u.weights().values().forEach(w -> assertTrue(w >= 0.1 - 1e-9, "floor held: " + u));
      assertEquals(1, u.weights().values().stream().mapToDouble(d -> d).sum(), 1e-9);
    }
    BanditUpdates.Stored last = history.get(history.size() - 1);
    assertTrue(last.weights().get("c") > 0.6, "weight moved to c: " + last);
    assertTrue(last.probabilityBest().get("c") > 0.9, "c is best: " + last);
    assertEquals(2L * UNITS_PER_DAY, history.get(0).units(), "the first update after burn-in");
    JsonObject published = experiment("ads");
    assertEquals(
        last.weights().get("c") * 100,
        published.getJsonArray("variants").getJsonObject(2).getDouble("weight"),
        0.001,
        "the stored weights are the experiment's");

    assertEquals(
        published.getJsonArray("variants").getJsonObject(2).getDouble("weight"),
        servedWeightOfC(),
        "the update reached /sdk/config by the config notification");

    // a rerun of the last update from the same rollups gives the same weights
    WeightUpdate rerun =
        BanditUpdater.next(
                ExperimentJson.draft(
                    published.copy().put("allocation", published.getJsonObject("allocation"))),
                last.number(),
                new RollupReader(otherPool).rows("ads", null).await(),
                clock.instant())
            .orElseThrow();
    assertEquals(last.weights(), rerun.weights());

    JsonObject health =
        server
            .admin(GET, "/api/v1/experiments/ads/report", null)
            .bodyAsJsonObject()
            .getJsonObject("health");
    assertEquals(0, health.getLong("implausibleVariant"), health.encode());
    assertEquals(0, health.getLong("multipleExposures"), health.encode());

    JsonArray audit =
        server
            .admin(GET, "/api/v1/experiments/ads/audit", null)
            .bodyAsJsonObject()
            .getJsonArray("entries");
    long byBandit =
        audit.stream()
            .map(JsonObject.class::cast)
            .filter(a -> a.getString("action").equals("experiment.bandit_update"))
            .filter(
                a -> a.getJsonObject("actor").getString("name").equals(BanditUpdater.ACTOR_NAME))
            .count();
    assertEquals(history.size(), byBandit, audit.encode());

    JsonArray weights =
        server
            .admin(GET, "/api/v1/experiments/ads/weights", null)
            .bodyAsJsonObject()
            .getJsonArray("history");
    assertEquals(history.size() + 1, weights.size(), weights.encode());
    JsonObject first = weights.getJsonObject(0);
    assertEquals(start.toString(), first.getString("at"));
    assertEquals(1.0 / 3, first.getJsonObject("weights").getDouble("a"), 1e-4, "equal at first");
    assertEquals(null, first.getValue("probabilityBest"));
    for (int i = 0; i < history.size(); i++) {
      JsonObject period = weights.getJsonObject(i + 1);
      BanditUpdates.Stored u = history.get(i);
      assertEquals(u.at().toString(), period.getString("at"));
      assertEquals(u.units(), period.getLong("units"));
      assertEquals(
          u.probabilityBest().get("c"), period.getJsonObject("probabilityBest").getDouble("c"));
      assertEquals(u.weights().get("c"), period.getJsonObject("weights").getDouble("c"), 1e-5);
    }

    // through the real server: units keep the arm they were first counted in
    int moved = 0;
    for (String unit : List.copyOf(seen.keySet()).subList(0, 80)) {
      String arm = assign("ads", unit);
      assertEquals(seen.get(unit), arm, unit);
      moved += HashedUnits.variantOf(published, unit).equals(arm) ? 0 : 1;
    }
    assertTrue(moved > 0, "the weights of now would have moved some of them");
  }

  /** Arm c's weight in /sdk/config, once the config notification brought the last update. */
  static double servedWeightOfC() {
    double expected =
        experiment("ads").getJsonArray("variants").getJsonObject(2).getDouble("weight");
    long deadline = System.currentTimeMillis() + 10_000;
    double served = -1;
    while (System.currentTimeMillis() < deadline && served != expected) {
      JsonArray experiments =
          server
              .call(GET, "/api/v1/sdk/config", RunningServer.ADMIN_KEY, null)
              .bodyAsJsonObject()
              .getJsonArray("experiments");
      for (int i = 0; i < experiments.size(); i++) {
        JsonObject e = experiments.getJsonObject(i);
        if (e.getString("key").equals("ads")) {
          assertEquals("bandit", e.getJsonObject("allocation").getString("type"));
          served = e.getJsonArray("variants").getJsonObject(2).getDouble("weight");
        }
      }
    }
    return served;
  }

  static String assign(String key, String unit) {
    HttpResponse<Buffer> r =
        server.call(
            POST,
            "/api/v1/assign",
            RunningServer.ADMIN_KEY,
            new JsonObject()
                .put("unitId", unit)
                .put("moments", new JsonArray().add("zmot." + key)));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getJsonArray("assignments").getJsonObject(0).getString("variant");
  }

  @Test
  void aStoppedBanditIsNotUpdated() {
    Instant start = startBandit("stopped-ads", 4);
    visit("stopped-ads", 1, start.plusSeconds(60), new HashMap<>(), List.of());
    visit("stopped-ads", 2, start.plusSeconds(120), new HashMap<>(), List.of());
    assertEquals(
        200,
        server.admin(POST, "/api/v1/experiments/stopped-ads/stop", new JsonObject()).statusCode());
    bothServersUpdate(start.plus(Duration.ofDays(3)));
    assertEquals(List.of(), updates.history("stopped-ads").await());
  }
}

package dev.moments.server.store;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.bandit.BanditUpdater;
import dev.moments.server.db.Pools;
import dev.moments.server.rollup.RollupReader;
import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.MutableClock;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Trust: a rule checked on an experiment holds for the experiment as it is written. The design of a
 * group-sequential experiment is frozen by its first recorded look ({@code FrozenDesign}), also
 * when the look is recorded while a PATCH is under way; a bandit's weights are stored only for the
 * primary metric they were sampled for. The interleavings are made deterministic with a second
 * connection that holds a lock the other side must wait for, and by waiting until PostgreSQL shows
 * that backend waiting for it.
 */
class ExperimentChangeRaceIT {
  static RunningServer server;
  static Pool pool;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    pool = server.server().services().pool();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /**
   * The PATCH of the plan (stats.mde) reads the recorded looks, then waits for its moment's lock; a
   * look is recorded meanwhile. The PATCH used to read the looks before its transaction, saw none
   * and changed the plan after the look (200); the looks are now read under the experiment's lock,
   * so it is 409 design_frozen and the plan stays.
   */
  @Test
  void aLookRecordedWhileAPatchWaitsFreezesThePlan() {
    String key = started("race-plan");
    String path = "/api/v1/experiments/" + key;
    SqlConnection holder = pool.getConnection().await();
    Future<HttpResponse<Buffer>> patch;
    try {
      Transaction tx = holder.begin().await();
      holder
          .preparedQuery("SELECT key FROM moments WHERE key = $1 FOR UPDATE")
          .execute(Tuple.of("fmot." + key))
          .await();
      patch = send(PATCH, path, new JsonObject().put("stats", new JsonObject().put("mde", 0.3)));
      awaitWaiting("position($1 in query) > 0", "FROM moments", patch);
      assertTrue(new SequentialLooks(pool).record(key, List.of(look())).await());
      tx.commit().await();
    } finally {
      holder.close().await();
    }
    HttpResponse<Buffer> answer = patch.await();
    assertEquals(409, answer.statusCode(), answer.bodyAsString());
    JsonObject error = answer.bodyAsJsonObject().getJsonObject("error");
    assertEquals("design_frozen", error.getString("code"));
    assertEquals("stats.mde", error.getString("field"));
    JsonObject stored = server.admin(GET, path, null).bodyAsJsonObject();
    assertEquals(0.5, stored.getJsonObject("stats").getDouble("mde"), "the plan stays");
  }

  /**
   * The other order: a PATCH holds the experiment's row lock (here the test does) while a report
   * records a look. The look waits for the PATCH's commit (the foreign key's share lock on the
   * experiment row), so the PATCH, which reads the looks under that lock, never misses a look that
   * commits before it.
   */
  @Test
  void aLookWaitsForAChangeThatHoldsTheExperiment() {
    String key = started("race-look");
    SqlConnection holder = pool.getConnection().await();
    Future<Boolean> recorded;
    try {
      Transaction tx = holder.begin().await();
      holder
          .preparedQuery("SELECT key FROM experiments WHERE key = $1 FOR UPDATE")
          .execute(Tuple.of(key))
          .await();
      recorded = new SequentialLooks(pool).record(key, List.of(look()));
      awaitWaiting("position($1 in query) > 0", "INSERT INTO sequential_looks", recorded);
      assertFalse(recorded.isComplete(), "the look waits for the change");
      tx.commit().await();
    } finally {
      holder.close().await();
    }
    assertTrue(recorded.await());
  }

  /**
   * The twin in the bandit's updater: it reads the experiment, then its past updates (held here by
   * a lock on their table), samples the weights and stores them under the row lock. A PATCH that
   * flips the primary metric's direction in between used to be ignored: the weights sampled for
   * "more signups is better" were published on an experiment that now wants fewer. Now that update
   * is not stored, and the next round samples for the metric as it is.
   */
  @Test
  void aBanditUpdateSampledBeforeAChangeOfItsPrimaryMetricIsNotStored() {
    String key = bandit("race-bandit");
    MutableClock later = new MutableClock(Instant.now().plus(Duration.ofDays(2)));
    Vertx vertx = Vertx.vertx();
    Pool own = Pools.open(vertx, server.database(), 1);
    try {
      int updaterPid =
          own.query("SELECT pg_backend_pid()").execute().await().iterator().next().getInteger(0);
      BanditUpdater updater =
          new BanditUpdater(
              new ExperimentStore(own, later),
              new BanditUpdates(own),
              new RollupReader(own),
              later);
      SqlConnection holder = pool.getConnection().await();
      Future<Void> round;
      try {
        Transaction tx = holder.begin().await();
        holder.query("LOCK TABLE bandit_updates IN ACCESS EXCLUSIVE MODE").execute().await();
        round = updater.round();
        awaitWaiting("pid = $1", updaterPid, round);
        JsonObject decrease =
            new JsonObject()
                .put(
                    "primaryMetric",
                    new JsonObject().put("key", "signup").put("direction", "decrease"));
        HttpResponse<Buffer> patched = send(PATCH, "/api/v1/experiments/" + key, decrease).await();
        assertEquals(200, patched.statusCode(), patched.bodyAsString());
        tx.commit().await();
      } finally {
        holder.close().await();
      }
      round.await();
      assertEquals(0, banditUpdates(key), "the update sampled for the old direction is dropped");
      updater.round().await();
      assertEquals(1, banditUpdates(key), "the next round samples for the metric as it is");
    } finally {
      own.close().await();
      vertx.close().await();
    }
  }

  private static String bandit(String key) {
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot." + key, "FMOT"));
    JsonObject body =
        Fixtures.experiment(key, "fmot." + key)
            .putNull("targeting")
            .put("secondaryMetrics", new io.vertx.core.json.JsonArray())
            .put("guardrailMetrics", new io.vertx.core.json.JsonArray())
            .put(
                "allocation",
                new JsonObject()
                    .put("type", "bandit")
                    .put("updateEvery", "P1D")
                    .put("burnInUnits", 0));
    HttpResponse<Buffer> created = server.admin(POST, "/api/v1/experiments", body);
    assertEquals(201, created.statusCode(), created.bodyAsString());
    assertEquals(
        200, server.admin(POST, "/api/v1/experiments/" + key + "/start", null).statusCode());
    return key;
  }

  private static long banditUpdates(String key) {
    return pool.preparedQuery("SELECT count(*) FROM bandit_updates WHERE experiment = $1")
        .execute(Tuple.of(key))
        .await()
        .iterator()
        .next()
        .getLong(0);
  }

  private static String started(String key) {
    String moment = "fmot." + key;
    server.admin(POST, "/api/v1/moments", Fixtures.moment(moment, "FMOT"));
    JsonObject experiment = Fixtures.groupSequential(key, moment);
    assertEquals(201, server.admin(POST, "/api/v1/experiments", experiment).statusCode());
    assertEquals(
        200, server.admin(POST, "/api/v1/experiments/" + key + "/start", null).statusCode());
    return key;
  }

  private static Future<HttpResponse<Buffer>> send(
      io.vertx.core.http.HttpMethod method, String path, JsonObject body) {
    return server
        .client()
        .request(method, path)
        .putHeader("Authorization", "Bearer " + RunningServer.ADMIN_KEY)
        .sendJsonObject(body);
  }

  /**
   * Waits until a backend that matches {@code which} (a condition on pg_stat_activity with one
   * parameter) waits for a lock, or fails once {@code done} is done without having waited.
   */
  private static void awaitWaiting(String which, Object value, Future<?> done) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      boolean waiting =
          pool.preparedQuery(
                  "SELECT count(*) > 0 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND "
                      + which)
              .execute(Tuple.of(value))
              .await()
              .iterator()
              .next()
              .getBoolean(0);
      if (waiting) {
        return;
      }
      if (done.isComplete()) {
        throw new AssertionError("finished without waiting for a lock: " + done.cause());
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("nothing waited for a lock within a minute (" + which + ")");
  }

  private static SequentialLooks.Look look() {
    return new SequentialLooks.Look(
        "signup",
        "bold",
        LocalDate.now(ZoneOffset.UTC).minusDays(1),
        1,
        80,
        0.4,
        0.2,
        0.05,
        0.03,
        0.1,
        Double.POSITIVE_INFINITY,
        0.0,
        0.05,
        "obrien_fleming",
        null,
        Instant.now());
  }
}

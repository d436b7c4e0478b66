package dev.moments.server.schedule;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.db.Pools;
import dev.moments.server.store.ExperimentStore;
import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.MutableClock;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scheduled starts and stops, made by two servers' schedulers on one database with a clock the test
 * moves: each move happens exactly once, audited as the scheduler, with its webhook event.
 */
class SchedulerIT {
  static RunningServer server;
  static Vertx otherVertx;
  static Pool otherPool;
  static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  static final MutableClock CLOCK = new MutableClock(T0);
  static Scheduler here;
  static Scheduler there;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    otherVertx = Vertx.vertx();
    otherPool = Pools.open(otherVertx, server.database(), 2);
    here = new Scheduler(new ExperimentStore(server.server().services().pool(), CLOCK), CLOCK);
    there = new Scheduler(new ExperimentStore(otherPool, CLOCK), CLOCK);
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.sched", "FMOT"));
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.full", "FMOT"));
    // every scheduled start and stop raises an event only if someone listens
    server.admin(
        POST,
        "/api/v1/webhooks",
        new JsonObject()
            .put("url", "http://127.0.0.1:9/unreachable")
            .put("events", new JsonArray().add("experiment.started").add("experiment.stopped")));
  }

  @AfterAll
  static void stop() {
    otherPool.close().await();
    otherVertx.close().await();
    server.close();
  }

  private static HttpResponse<Buffer> create(String key, String moment, JsonObject schedule) {
    return server.admin(
        POST,
        "/api/v1/experiments",
        Fixtures.experiment(key, moment).putNull("targeting").mergeIn(schedule));
  }

  private static JsonObject get(String key) {
    return server.admin(GET, "/api/v1/experiments/" + key, null).bodyAsJsonObject();
  }

  private static void bothServersRunTheScheduler(Instant at) {
    CLOCK.set(at);
    Future.all(here.round(), there.round(), here.round(), there.round()).await();
  }

  @Test
  void aScheduledStartAndStopHappenOnceAcrossTwoServers() {
    Instant realNow = Instant.now();
    Instant startAt = realNow.plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    Instant stopAt = startAt.plus(Duration.ofDays(14));
    HttpResponse<Buffer> created =
        create(
            "sched-hero",
            "fmot.sched",
            new JsonObject()
                .put("startAt", startAt.toString())
                .put(
                    "stopAt",
                    // OffsetDateTime.toString() drops ":00" seconds, which RFC 3339 does not allow
                    java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                        stopAt.atOffset(java.time.ZoneOffset.ofHours(2))))
                .put("rollout", "bold"));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    JsonObject draft = created.bodyAsJsonObject();
    assertEquals(startAt.toString(), draft.getString("startAt"));
    assertEquals(stopAt.toString(), draft.getString("stopAt"));
    assertEquals("bold", draft.getString("stopRollout"));
    assertNull(draft.getString("rollout"));

    bothServersRunTheScheduler(startAt.minusSeconds(1));
    assertEquals("draft", get("sched-hero").getString("status"));

    bothServersRunTheScheduler(startAt.plusSeconds(1));
    JsonObject running = get("sched-hero");
    assertEquals("running", running.getString("status"));
    assertEquals(startAt.plusSeconds(1).toString(), running.getString("startedAt"));
    assertNull(running.getString("startAt"), "the start is done");
    assertEquals(List.of("experiment.start"), schedulerActions("sched-hero"));
    assertEquals(1, events("experiment.started", "sched-hero"));

    bothServersRunTheScheduler(stopAt.plusSeconds(1));
    JsonObject stopped = get("sched-hero");
    assertEquals("stopped", stopped.getString("status"));
    assertEquals("bold", stopped.getString("rollout"));
    assertNull(stopped.getString("stopAt"));
    assertEquals(List.of("experiment.stop", "experiment.start"), schedulerActions("sched-hero"));
    assertEquals(1, events("experiment.stopped", "sched-hero"));
    JsonArray history = stopped.getJsonArray("statusHistory");
    assertEquals(3, history.size(), history.encode());
  }

  @Test
  void aScheduledStartThatCannotBeMadeIsTakenOffWithItsReason() {
    assertEquals(
        201,
        create("full-a", "fmot.full", new JsonObject().put("trafficPercent", 80)).statusCode());
    server.admin(POST, "/api/v1/experiments/full-a/start", null);
    Instant startAt = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
    assertEquals(
        201,
        create(
                "full-b",
                "fmot.full",
                new JsonObject().put("trafficPercent", 50).put("startAt", startAt.toString()))
            .statusCode());
    bothServersRunTheScheduler(startAt.plusSeconds(5));
    JsonObject b = get("full-b");
    assertEquals("draft", b.getString("status"));
    assertNull(b.getString("startAt"));
    assertTrue(b.getString("scheduleError").contains("moment"), b.encode());
    assertEquals(List.of("experiment.schedule_failed"), schedulerActions("full-b"));
    // setting a new time clears the error
    JsonObject rescheduled =
        server
            .admin(
                PATCH,
                "/api/v1/experiments/full-b",
                new JsonObject().put("startAt", Instant.now().plusSeconds(3600).toString()))
            .bodyAsJsonObject();
    assertNull(rescheduled.getString("scheduleError"), rescheduled.encode());
  }

  @Test
  void schedulesAreCheckedWhenSet() {
    String future = Instant.now().plus(Duration.ofDays(1)).toString();
    String later = Instant.now().plus(Duration.ofDays(2)).toString();
    String past = Instant.now().minus(Duration.ofMinutes(1)).toString();
    assertRefused(new JsonObject().put("startAt", past), 400, "startAt");
    assertRefused(new JsonObject().put("startAt", "tomorrow"), 400, "startAt");
    assertRefused(new JsonObject().put("startAt", "2030-01-01T10:00:00"), 400, "startAt");
    assertRefused(new JsonObject().put("startAt", later).put("stopAt", future), 400, "stopAt");
    assertRefused(new JsonObject().put("rollout", "bold"), 400, "rollout");
    assertRefused(new JsonObject().put("stopAt", future).put("rollout", "nope"), 400, "rollout");

    assertEquals(
        201,
        create("sched-edit", "fmot.sched", new JsonObject().put("trafficPercent", 1)).statusCode());
    JsonObject patched =
        patch("sched-edit", new JsonObject().put("stopAt", later).put("rollout", "control"));
    assertEquals("control", patched.getString("stopRollout"));
    assertEquals(
        "stopAt",
        patch("sched-edit", new JsonObject().put("startAt", later))
            .getJsonObject("error")
            .getString("field"));
    JsonObject cleared = patch("sched-edit", new JsonObject().putNull("stopAt"));
    assertNull(cleared.getString("stopAt"));
    assertNull(cleared.getString("stopRollout"), "no stop, nothing to roll out");

    server.admin(POST, "/api/v1/experiments/sched-edit/start", null);
    HttpResponse<Buffer> locked =
        server.admin(
            PATCH, "/api/v1/experiments/sched-edit", new JsonObject().put("startAt", future));
    assertEquals(409, locked.statusCode());
    assertEquals(
        "schedule_locked", locked.bodyAsJsonObject().getJsonObject("error").getString("code"));
  }

  private static JsonObject patch(String key, JsonObject body) {
    return server.admin(PATCH, "/api/v1/experiments/" + key, body).bodyAsJsonObject();
  }

  private static void assertRefused(JsonObject schedule, int status, String field) {
    HttpResponse<Buffer> r = create("sched-bad", "fmot.sched", schedule);
    assertEquals(status, r.statusCode(), r.bodyAsString());
    assertEquals(field, r.bodyAsJsonObject().getJsonObject("error").getString("field"));
    assertEquals(404, server.admin(GET, "/api/v1/experiments/sched-bad", null).statusCode());
  }

  /** The audit actions the scheduler made, newest first; it is named, and has no key. */
  private static List<String> schedulerActions(String key) {
    return server
        .admin(GET, "/api/v1/experiments/" + key + "/audit", null)
        .bodyAsJsonObject()
        .getJsonArray("entries")
        .stream()
        .map(JsonObject.class::cast)
        .filter(e -> e.getJsonObject("actor").getBoolean("system"))
        .peek(e -> assertEquals(Scheduler.ACTOR_NAME, e.getJsonObject("actor").getString("name")))
        .peek(e -> assertNull(e.getJsonObject("actor").getValue("keyId")))
        .map(e -> e.getString("action"))
        .toList();
  }

  private static long events(String type, String experiment) {
    return server
        .server()
        .services()
        .pool()
        .preparedQuery("SELECT count(*) FROM webhook_events WHERE type = $1 AND experiment = $2")
        .execute(Tuple.of(type, experiment))
        .await()
        .iterator()
        .next()
        .getLong(0);
  }
}

package dev.moments.server.schedule;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moments.server.config.BackgroundJobs;
import dev.moments.server.store.ExperimentStore;
import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.HashedUnits;
import dev.moments.server.testing.RunningServer;
import dev.moments.server.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scheduler runs every {@code MOMENTS_SCHEDULER_INTERVAL} (15 s by default, up to an hour), so
 * a scheduled stop is made up to that late. The statistics follow the schedule the user set: what
 * is dated from {@code stopAt} on is after the stop, before the scheduler gets to it and after.
 */
class ScheduledStopStatisticsIT {
  static RunningServer server;

  @BeforeAll
  static void start() {
    // the server's own scheduler makes one round at start, then none within the test
    BackgroundJobs d = BackgroundJobs.DEFAULTS;
    BackgroundJobs jobs =
        new BackgroundJobs(
            d.webhookTimeout(),
            d.webhookRetryBase(),
            d.webhookMaxAttempts(),
            d.webhookPoll(),
            d.alertInterval(),
            d.alertMinDays(),
            Duration.ofHours(1));
    server = RunningServer.start(TestDatabase.fresh(), false, jobs);
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.hero", "FMOT"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void whatIsDatedAfterTheScheduledStopIsLeftOutThoughTheSchedulerComesLate() {
    server.admin(
        POST,
        "/api/v1/experiments",
        Fixtures.experiment("hero", "fmot.hero").putNull("targeting").put("trafficPercent", 100));
    assertEquals(200, server.admin(POST, "/api/v1/experiments/hero/start", null).statusCode());
    JsonObject hero = server.admin(GET, "/api/v1/experiments/hero", null).bodyAsJsonObject();
    exposures(hero, "before-", 1);
    Instant stopAt = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
    HttpResponse<Buffer> scheduled =
        server.admin(
            PATCH, "/api/v1/experiments/hero", new JsonObject().put("stopAt", stopAt.toString()));
    assertEquals(200, scheduled.statusCode(), scheduled.bodyAsString());
    awaitPassed(stopAt);

    exposures(hero, "late-", 2); // the stop is due; the scheduler has not run yet
    // the statistics end at stopAt: no pause, resume or other stop time can be recorded after it
    assertEquals(409, server.admin(POST, "/api/v1/experiments/hero/pause", null).statusCode());
    HttpResponse<Buffer> moved =
        server.admin(
            PATCH,
            "/api/v1/experiments/hero",
            new JsonObject().put("stopAt", Instant.now().plusSeconds(3600).toString()));
    assertEquals(409, moved.statusCode(), moved.bodyAsString());
    server.awaitFolded();
    assertEquals(1, units(), "only the unit exposed before stopAt");

    Clock clock = Clock.systemUTC();
    new Scheduler(new ExperimentStore(server.server().services().pool(), clock), clock)
        .round()
        .await();
    JsonObject stopped = server.admin(GET, "/api/v1/experiments/hero", null).bodyAsJsonObject();
    assertEquals("stopped", stopped.getString("status"));
    assertEquals(stopAt, Instant.parse(stopped.getString("stoppedAt")), "stopped as scheduled");
    exposures(hero, "after-", 1);
    server.awaitFolded();
    JsonObject report = report();
    assertEquals(1, units(report));
    assertEquals(3, report.getJsonObject("health").getLong("afterStop"), report.encode());
  }

  private static void exposures(JsonObject experiment, String prefix, int n) {
    JsonArray events = new JsonArray();
    String now = Instant.now().toString();
    for (String unit : HashedUnits.in(experiment, "bold", n, prefix)) {
      events.add(
          new JsonObject()
              .put("id", "x-" + unit)
              .put("type", "exposure")
              .put("unitId", unit)
              .put("experiment", "hero")
              .put("variant", "bold")
              .put("timestamp", now));
    }
    HttpResponse<Buffer> posted =
        server.admin(POST, "/api/v1/events", new JsonObject().put("events", events));
    assertEquals(202, posted.statusCode(), posted.bodyAsString());
  }

  /** Waits for the clock to pass {@code at} (by the clock, not a fixed sleep). */
  private static void awaitPassed(Instant at) {
    while (!Instant.now().isAfter(at)) {
      try {
        Thread.sleep(Math.max(1, Duration.between(Instant.now(), at).toMillis() + 1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static JsonObject report() {
    HttpResponse<Buffer> r = server.admin(GET, "/api/v1/experiments/hero/report", null);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private static long units() {
    return units(report());
  }

  private static long units(JsonObject report) {
    return report.getJsonArray("variants").stream()
        .mapToLong(v -> ((JsonObject) v).getLong("units"))
        .sum();
  }
}

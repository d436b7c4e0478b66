package dev.moments.server.report;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.db.Pools;
import dev.moments.server.events.EventPartitions;
import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.HashedUnits;
import dev.moments.server.testing.RunningServer;
import dev.moments.server.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Issue 19.4: the report of a stopped experiment reads the same numbers after the retention has
 * dropped every raw event it was built from (reports read the rollups only).
 */
class EventRetentionReportIT {

  @Test
  void aStoppedExperimentsReportIsUnchangedOnceItsRawEventsAreDropped() {
    try (RunningServer server = RunningServer.start()) {
      server.admin(POST, "/api/v1/moments", Fixtures.moment("umot.kept", "UMOT"));
      JsonObject e = Fixtures.experiment("kept", "umot.kept").putNull("targeting");
      e.put("trafficPercent", 100);
      HttpResponse<Buffer> created = server.admin(POST, "/api/v1/experiments", e);
      assertEquals(201, created.statusCode(), created.bodyAsString());
      server.admin(POST, "/api/v1/experiments/kept/start", null);
      JsonObject stored = server.admin(GET, "/api/v1/experiments/kept", null).bodyAsJsonObject();
      String metric = "signup";
      JsonArray events = new JsonArray();
      Instant t0 = Instant.now().minusSeconds(60);
      for (String variant : List.of("control", "bold")) {
        List<String> units = HashedUnits.in(stored, variant, 40, variant + "-");
        for (int i = 0; i < units.size(); i++) {
          String unit = units.get(i);
          events.add(
              event(unit + "-x", "exposure", unit, t0)
                  .put("experiment", "kept")
                  .put("variant", variant));
          if (i % (variant.equals("control") ? 4 : 2) == 0) {
            events.add(
                event(unit + "-c", "conversion", unit, t0.plusSeconds(5)).put("metric", metric));
          }
        }
      }
      HttpResponse<Buffer> posted =
          server.admin(POST, "/api/v1/events", new JsonObject().put("events", events));
      assertEquals(202, posted.statusCode(), posted.bodyAsString());
      server.awaitFolded();
      assertEquals(
          200, server.admin(POST, "/api/v1/experiments/kept/stop", stopBody()).statusCode());
      JsonObject before = report(server);

      Vertx vertx = Vertx.vertx();
      Pool pool = Pools.open(vertx, server.database(), 2);
      try {
        EventPartitions.Round round =
            new EventPartitions(
                    pool,
                    Clock.fixed(Instant.now().plus(Duration.ofDays(2)), ZoneOffset.UTC),
                    OptionalInt.of(1),
                    new SimpleMeterRegistry())
                .round()
                .await();
        assertFalse(round.dropped().isEmpty(), round.toString());
      } finally {
        pool.close().await();
        vertx.close().await();
      }
      assertEquals(
          List.of("0"), TestDatabase.strings(server.database(), "SELECT count(*) FROM events"));

      JsonObject after = report(server);
      assertTrue(before.getJsonArray("metrics").size() > 0);
      assertEquals(before.getJsonArray("metrics"), after.getJsonArray("metrics"));
    }
  }

  private static JsonObject stopBody() {
    return new JsonObject();
  }

  private static JsonObject report(RunningServer server) {
    HttpResponse<Buffer> r = server.admin(GET, "/api/v1/experiments/kept/report", null);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private static JsonObject event(String id, String type, String unit, Instant at) {
    return new JsonObject()
        .put("id", id)
        .put("type", type)
        .put("unitId", unit)
        .put("timestamp", at.toString());
  }
}

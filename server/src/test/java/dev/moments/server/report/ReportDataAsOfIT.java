package dev.moments.server.report;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.testing.Fixtures;
import dev.moments.server.testing.HashedUnits;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19.3: the report says up to when its data go ("data as of"), and keeps the promise: while
 * the fold is held ({@link RunningServer#holdFold}) events acknowledged are not in the report and
 * its {@code dataAsOf} is before their acknowledgement; once folded it is after, and they count.
 */
class ReportDataAsOfIT {
  static RunningServer server;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.asof", "FMOT"));
    server.admin(POST, "/api/v1/experiments", Fixtures.experiment("asof", "fmot.asof"));
    server.admin(POST, "/api/v1/experiments/asof/start", null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void dataAsOfIsBeforeWhatIsNotFoldedAndAfterWhatIs() throws Exception {
    JsonObject experiment = server.admin(GET, "/api/v1/experiments/asof", null).bodyAsJsonObject();
    List<String> units = HashedUnits.in(experiment, "control", 20, "asof-");
    JsonArray events = new JsonArray();
    for (String unit : units) {
      events.add(
          new JsonObject()
              .put("id", "asof-" + unit)
              .put("type", "exposure")
              .put("unitId", unit)
              .put("experiment", "asof")
              .put("variant", "control")
              .put("timestamp", Instant.now().toString()));
    }
    Instant acknowledged;
    try (AutoCloseable fold = server.holdFold()) {
      assertEquals(
          202,
          server
              .admin(POST, "/api/v1/events", new JsonObject().put("events", events))
              .statusCode());
      acknowledged = Instant.now();
      Thread.sleep(300); // the worker tries (and fails) to fold meanwhile
      JsonObject held = report();
      assertTrue(
          Instant.parse(held.getString("dataAsOf")).isBefore(acknowledged),
          "nothing folded yet, yet data as of " + held.getString("dataAsOf"));
      assertEquals(0, units(held));
    }
    long deadline = System.currentTimeMillis() + 30_000;
    JsonObject report = report();
    while (!Instant.parse(report.getString("dataAsOf")).isAfter(acknowledged)) {
      assertTrue(System.currentTimeMillis() < deadline, "never folded: " + report);
      Thread.sleep(50);
      report = report();
    }
    assertEquals(units.size(), units(report), "data as of after the acknowledgement: all counted");
  }

  /**
   * Trust: dataAsOf never moves back, and no event stored before it is missing from the figures. An
   * event is stamped (received_at) when its writing transaction starts and is invisible until it
   * commits; a report read in between (here the test's transaction stays open) used to find nothing
   * waiting and say "data as of" its own clock, after the event it did not count; the next report,
   * the event then waiting, went back to the event's time.
   */
  @Test
  void aWriteInFlightHoldsDataAsOfBeforeIt() throws Exception {
    server.admin(POST, "/api/v1/moments", Fixtures.moment("fmot.inflight", "FMOT"));
    server.admin(POST, "/api/v1/experiments", Fixtures.experiment("inflight", "fmot.inflight"));
    server.admin(POST, "/api/v1/experiments/inflight/start", null);
    JsonObject experiment =
        server.admin(GET, "/api/v1/experiments/inflight", null).bodyAsJsonObject();
    String unit = HashedUnits.in(experiment, "bold", 1, "inflight-").get(0);
    // as the writer stores an event: its id first (the dedupe key), then the event and its inbox
    // row
    Pool pool = server.server().services().pool();
    Instant stored;
    Instant whileWriting;
    Instant afterCommit;
    try (AutoCloseable fold = server.holdFold()) {
      SqlConnection writer = pool.getConnection().await();
      try {
        Transaction tx = writer.begin().await();
        stored =
            writer
                .preparedQuery(
                    """
                    WITH fresh AS (INSERT INTO event_ids (id) VALUES ($1) RETURNING id),
                    stored AS (
                      INSERT INTO events (id, type, unit_id, experiment, variant, ts)
                      SELECT id, 'exposure', $2, 'inflight', 'bold', now() FROM fresh
                      RETURNING seq, unit_id, received_at
                    )
                    INSERT INTO event_inbox (part, seq, received_at)
                    SELECT fold_partition(unit_id), seq, received_at FROM stored
                    RETURNING received_at""")
                .execute(Tuple.of("inflight-" + unit, unit))
                .await()
                .iterator()
                .next()
                .getOffsetDateTime(0)
                .toInstant();
        whileWriting = Instant.parse(report("inflight").getString("dataAsOf"));
        tx.commit().await();
      } finally {
        writer.close().await();
      }
      afterCommit = Instant.parse(report("inflight").getString("dataAsOf"));
    }
    assertFalse(
        whileWriting.isAfter(stored),
        "data as of " + whileWriting + ", after an event stored at " + stored + " and not counted");
    assertFalse(
        afterCommit.isBefore(whileWriting),
        "dataAsOf went back from " + whileWriting + " to " + afterCommit);
    long deadline = System.currentTimeMillis() + 30_000;
    JsonObject report = report("inflight");
    while (!Instant.parse(report.getString("dataAsOf")).isAfter(stored)) {
      assertTrue(System.currentTimeMillis() < deadline, "never folded: " + report);
      Thread.sleep(50);
      report = report("inflight");
    }
    assertEquals(1, bold(report), "data as of after it: the event counts");
  }

  private static long bold(JsonObject report) {
    return report.getJsonArray("variants").stream()
        .map(JsonObject.class::cast)
        .filter(v -> v.getString("key").equals("bold"))
        .mapToLong(v -> v.getLong("units"))
        .sum();
  }

  private static JsonObject report() {
    return report("asof");
  }

  private static JsonObject report(String experiment) {
    return server
        .admin(GET, "/api/v1/experiments/" + experiment + "/report", null)
        .bodyAsJsonObject();
  }

  private static long units(JsonObject report) {
    return report.getJsonArray("variants").stream()
        .mapToLong(v -> ((JsonObject) v).getLong("units"))
        .sum();
  }
}

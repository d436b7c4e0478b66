package dev.moments.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.testing.RunningServer;
import dev.moments.server.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 item 1: a repeat /assign of a unit whose exposure this server knows to be committed
 * writes nothing; a server that does not know it (another process) goes through the database, whose
 * unique key keeps the exposure stored once. The write counter is the regression guard: one write
 * for a new unit, none for its repeats.
 */
class RepeatAssignIT {
  private static final String MOMENT = "fmot.landing-hero";
  static RunningServer server;

  @BeforeAll
  static void start() {
    server = RunningServer.start(TestDatabase.fresh(), true);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonObject assign(RunningServer on, String unit) {
    HttpResponse<Buffer> r =
        on.call(
            HttpMethod.POST,
            "/api/v1/assign",
            RunningServer.ADMIN_KEY,
            new JsonObject().put("unitId", unit).put("moments", new JsonArray().add(MOMENT)));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getJsonArray("assignments").getJsonObject(0);
  }

  private static double metric(RunningServer on, String name, String labels) {
    Matcher m =
        Pattern.compile(
                "^" + Pattern.quote(name) + "\\{?([^}\\s]*)\\}? ([0-9.eE+-]+)$", Pattern.MULTILINE)
            .matcher(on.metrics());
    double sum = 0;
    while (m.find()) {
      if (m.group(1).contains(labels)) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }

  private static double writes(RunningServer on) {
    return metric(on, "moments_assign_exposure_writes_total", "");
  }

  private static long storedExposures(String unit) {
    return server
        .server()
        .services()
        .pool()
        .preparedQuery("SELECT count(*) FROM events WHERE unit_id = $1 AND type = 'exposure'")
        .execute(Tuple.of(unit))
        .await()
        .iterator()
        .next()
        .getLong(0);
  }

  @Test
  void aKnownRepeatWritesNothingAndAnswersTheSameVariant() {
    double before = writes(server);
    JsonObject first = assign(server, "repeat-1");
    assertEquals(before + 1, writes(server), "a new unit's exposure is written once");
    for (int i = 0; i < 4; i++) {
      JsonObject again = assign(server, "repeat-1");
      assertEquals(first.getString("variant"), again.getString("variant"));
      assertTrue(again.getBoolean("logged"), again.encode());
    }
    assertEquals(before + 1, writes(server), "four repeats of a known unit wrote nothing");
    assertEquals(1, storedExposures("repeat-1"));
    assertTrue(
        metric(server, "moments_cache_requests_total", "cache=\"exposures\",result=\"hit\"") >= 4,
        "the exposure cache's hits are on /metrics");
  }

  @Test
  void anotherServerWithoutTheEntryGoesThroughTheDatabaseAndStoresNothingTwice() {
    JsonObject first = assign(server, "repeat-2");
    try (RunningServer other = RunningServer.start(server.database(), false)) {
      double before = writes(other);
      JsonObject there = assign(other, "repeat-2");
      assertEquals(first.getString("variant"), there.getString("variant"));
      assertEquals(before + 1, writes(other), "a miss goes through the database");
      assign(other, "repeat-2");
      assertEquals(before + 1, writes(other), "and is known afterwards");
    }
    assertEquals(1, storedExposures("repeat-2"), "the unique key kept one exposure");
  }
}

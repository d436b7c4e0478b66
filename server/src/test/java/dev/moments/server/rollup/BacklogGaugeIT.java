package dev.moments.server.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.testing.RunningServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 9: the backlog gauge showed 136,000 while 1.6 million events waited. It now reads
 * the exact count of waiting events, whatever the worker is doing: here it cannot fold at all,
 * because the folders' lock is held elsewhere (as by another server's worker).
 */
class BacklogGaugeIT {
  private static final Pattern GAUGE =
      Pattern.compile("^moments_rollup_pending_events (\\S+)$", Pattern.MULTILINE);

  @Test
  void theGaugeShowsExactlyTheEventsWaitingWhileNoWorkerFolds() throws Exception {
    try (RunningServer server = RunningServer.start()) {
      DatabaseTarget db = server.database();
      try (Connection lock = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
          Statement s = lock.createStatement()) {
        s.execute("SELECT pg_advisory_lock(" + FoldFence.LOCK_KEY + ")");
        List<Future<HttpResponse<Buffer>>> posts = new ArrayList<>();
        for (int batch = 0; batch < 4; batch++) {
          posts.add(post(server, batch * 500, 500));
        }
        posts.add(post(server, 0, 100)); // resent ids: duplicates, not waiting twice
        for (Future<HttpResponse<Buffer>> p : posts) {
          assertEquals(202, p.await().statusCode());
        }
        assertEquals(2000, awaitGauge(server, 2000), "every waiting event, each once");
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM event_inbox")) {
          rs.next();
          assertEquals(2000, rs.getLong(1));
        }
        s.execute("SELECT pg_advisory_unlock(" + FoldFence.LOCK_KEY + ")");
      }
      assertEquals(0, awaitGauge(server, 0), "all folded once the lock is free");
    }
  }

  private static Future<HttpResponse<Buffer>> post(RunningServer server, int from, int count) {
    JsonArray events = new JsonArray();
    for (int i = from; i < from + count; i++) {
      events.add(
          new JsonObject()
              .put("id", "backlog-" + i)
              .put("type", "conversion")
              .put("unitId", "u-" + i)
              .put("metric", "signup"));
    }
    return server
        .client()
        .post("/api/v1/events")
        .putHeader("Authorization", "Bearer " + RunningServer.ADMIN_KEY)
        .sendJsonObject(new JsonObject().put("events", events));
  }

  /** Polls the gauge until it shows the value (bounded: 30 s); returns the last value read. */
  private static long awaitGauge(RunningServer server, long expected) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    long last = -1;
    while (System.nanoTime() < deadline) {
      OptionalLong value = gauge(server.metrics());
      assertTrue(value.isPresent(), "the gauge is published");
      last = value.getAsLong();
      assertTrue(last <= 2000, "never more than were sent: " + last);
      if (last == expected) {
        return last;
      }
      pause();
    }
    return last;
  }

  /** Between two reads of a gauge that is updated every second. */
  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static OptionalLong gauge(String metrics) {
    Matcher m = GAUGE.matcher(metrics);
    return m.find() ? OptionalLong.of((long) Double.parseDouble(m.group(1))) : OptionalLong.empty();
  }
}

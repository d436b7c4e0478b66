package dev.moments.server.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.sdk.ClientStats;
import dev.moments.sdk.MomentsClient;
import dev.moments.server.MomentsServer;
import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.testing.RunningServer;
import dev.moments.server.testing.TestDatabase;
import dev.moments.server.testing.TestPorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The server goes away while the SDK is sending and comes back on the same port and database: every
 * tracked event ends up stored exactly once, because the client resends pending batches with their
 * original ids.
 */
class JavaSdkRestartIT {
  private static final int EVENTS = 4000;

  @Test
  void everyEventArrivesExactlyOnceAcrossAServerRestart() throws Exception {
    DatabaseTarget db = TestDatabase.fresh();
    // restarted on the same port below: TestPorts picks it where no connection takes it meanwhile
    MomentsServer first = TestPorts.onFreePort(free -> start(db, free));
    int port = first.report().port();
    String key = serverKey(port);
    MomentsClient client =
        MomentsClient.builder("http://localhost:" + port, key)
            .flushInterval(Duration.ofMillis(50))
            .flushAt(50)
            .retryDelays(Duration.ofMillis(50), Duration.ofMillis(400))
            .closeTimeout(Duration.ofSeconds(30))
            .build();
    Thread tracker =
        new Thread(
            () -> {
              for (int i = 0; i < EVENTS; i++) {
                client.track("unit-" + i, "signup");
                LockSupport.parkNanos(500_000); // about 2,000 events a second for two seconds
              }
            },
            "tracker");
    tracker.start();
    Thread.sleep(600);
    long sentBeforeStop = client.stats().sent();
    first.close();
    Thread.sleep(400);
    long failedWhileDown = client.stats().failedRequests();
    MomentsServer second = start(db, port);
    try {
      tracker.join(TimeUnit.MINUTES.toMillis(1));
      client.close();
      ClientStats stats = client.stats();
      assertTrue(
          sentBeforeStop > 0 && failedWhileDown > 0,
          "the restart happened mid-stream: sent before "
              + sentBeforeStop
              + ", failed while down "
              + failedWhileDown);
      assertEquals(0, stats.dropped(), stats.toString());
      assertEquals(0, stats.queued(), stats.toString());
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
          ResultSet rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT count(*), count(DISTINCT id), count(DISTINCT unit_id) FROM events WHERE type = 'conversion'")) {
        rs.next();
        assertEquals(EVENTS, rs.getLong(1), "rows");
        assertEquals(EVENTS, rs.getLong(2), "distinct ids");
        assertEquals(EVENTS, rs.getLong(3), "every tracked unit");
      }
    } finally {
      second.close();
    }
  }

  private static MomentsServer start(DatabaseTarget db, int port) {
    return MomentsServer.start(RunningServer.testConfig(port, RunningServer.url(db)).build());
  }

  private static String serverKey(int port) throws Exception {
    HttpResponse<String> created =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/keys"))
                    .header("Authorization", "Bearer " + RunningServer.ADMIN_KEY)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"kind\":\"server\",\"name\":\"restart\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(201, created.statusCode(), created.body());
    Matcher key = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"").matcher(created.body());
    assertTrue(key.find(), created.body());
    return key.group(1);
  }
}

package dev.moments.server.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.rollup.RollupRebuild;
import dev.moments.server.testing.TestDatabase;
import java.io.File;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * kill -9 in the middle of the load: every event that got a 202 must be in the database exactly
 * once after a restart and a resend of everything that was not acknowledged, and the rollups must
 * still agree with a rebuild.
 */
class EventsCrashIT {
  private static final int SENDERS = 4;
  private static final int BATCH = 100;

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final Queue<List<String>> unacknowledged = new ConcurrentLinkedQueue<>();
  private final AtomicInteger batches = new AtomicInteger();

  @Test
  void acknowledgedEventsSurviveKillNineExactlyOnce() throws Exception {
    DatabaseTarget db = TestDatabase.fresh();
    File log = new File("target/events-crash-server.log");
    ServerProcess server = new ServerProcess(db, log);
    server.start();
    try {
      for (int round = 0; round < 2; round++) {
        loadAndKill(server, round);
        server.start();
      }
      List<List<String>> retry = new ArrayList<>(unacknowledged);
      unacknowledged.clear();
      System.out.printf(
          "crash test: %d events acknowledged before the kills, %d batches to resend%n",
          acknowledged.size(), retry.size());
      for (List<String> ids : retry) {
        send(server, ids, true);
      }
      assertTrue(unacknowledged.isEmpty());
      Set<String> everything = new HashSet<>(acknowledged);
      assertEquals(
          everything,
          storedIds(db),
          "the database must hold every acknowledged event exactly once");
      awaitInboxDrained(db);
      RollupRebuild.Result rebuilt = RollupRebuild.run(db);
      assertTrue(rebuilt.agree(), String.join("\n", rebuilt.differences()));
      assertEquals(everything.size(), rebuilt.events());
    } finally {
      server.stop();
    }
  }

  /**
   * Senders run until the server is killed mid-load; whatever was not answered 202 is kept for
   * resending.
   */
  private void loadAndKill(ServerProcess server, int round) throws Exception {
    AtomicBoolean killed = new AtomicBoolean();
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < SENDERS; t++) {
      int sender = t;
      Thread thread =
          new Thread(
              () -> {
                for (int b = 0; !killed.get(); b++) {
                  List<String> ids = new ArrayList<>();
                  for (int i = 0; i < BATCH; i++) {
                    ids.add("r" + round + "-s" + sender + "-b" + b + "-" + i);
                  }
                  send(server, ids, false);
                }
              });
      thread.start();
      senders.add(thread);
    }
    int target = batches.get() + 40 + round * 17;
    while (batches.get() < target) {
      Thread.sleep(5);
    }
    server.kill();
    killed.set(true);
    for (Thread t : senders) {
      t.join();
    }
    assertTrue(!unacknowledged.isEmpty() || round > 0, "the kill should interrupt some requests");
  }

  /**
   * One batch; with {@code untilAcknowledged} it is retried until a 202, else a failure queues it.
   */
  private void send(ServerProcess server, List<String> ids, boolean untilAcknowledged) {
    StringBuilder body = new StringBuilder("{\"events\":[");
    for (int i = 0; i < ids.size(); i++) {
      String unit = "unit-" + Math.floorMod(ids.get(i).hashCode(), 500);
      body.append(i == 0 ? "" : ",")
          .append(
              i % 3 == 2
                  ? "{\"id\":\""
                      + ids.get(i)
                      + "\",\"type\":\"conversion\",\"unitId\":\""
                      + unit
                      + "\",\"metric\":\"signup\"}"
                  : "{\"id\":\""
                      + ids.get(i)
                      + "\",\"type\":\"exposure\",\"unitId\":\""
                      + unit
                      + "\",\"experiment\":\"crash-exp\",\"variant\":\""
                      + (unit.hashCode() % 2 == 0 ? "a" : "b")
                      + "\"}");
    }
    HttpRequest request =
        HttpRequest.newBuilder(server.uri("/api/v1/events"))
            .header("Authorization", "Bearer " + ServerProcess.ADMIN_KEY)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString()))
            .build();
    while (true) {
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 202) {
          acknowledged.addAll(ids);
          batches.incrementAndGet();
          return;
        }
      } catch (java.io.IOException e) {
        // the server died under us: not acknowledged
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (!untilAcknowledged) {
        unacknowledged.add(ids);
        return;
      }
      sleep();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The stored ids, asserting that none is stored twice. */
  private static Set<String> storedIds(DatabaseTarget db) throws Exception {
    Set<String> ids = new HashSet<>();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM events")) {
      while (rs.next()) {
        assertTrue(ids.add(rs.getString(1)), "stored twice: " + rs.getString(1));
      }
    }
    return ids;
  }

  private static void awaitInboxDrained(DatabaseTarget db) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement s = c.createStatement()) {
      for (int i = 0; i < 600; i++) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM event_inbox")) {
          rs.next();
          if (rs.getLong(1) == 0) {
            return;
          }
        }
        Thread.sleep(100);
      }
    }
    throw new AssertionError("the rollup worker did not drain the inbox within 60 s");
  }
}

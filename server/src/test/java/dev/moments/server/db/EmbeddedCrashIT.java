package dev.moments.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.events.ServerProcess;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server on its own embedded PostgreSQL, as a user runs it: kill -9 of the JVM (which
 * leaves the postmaster running), then of the JVM and the postmaster together; each time the next
 * start must work and every acknowledged event must still be there. And the output of a clean start
 * and stop must hold no warning, error or stack trace.
 */
class EmbeddedCrashIT {
  private static final Pattern NOISE =
      Pattern.compile("\\b(WARN|ERROR)\\b|Exception|^\\s+at |/\\./", Pattern.MULTILINE);
  private final HttpClient client = HttpClient.newHttpClient();
  @TempDir Path dataDir;

  @Test
  void restartsAfterKillNineOfTheServerAndOfThePostmasterKeepingAcknowledgedEvents()
      throws Exception {
    long began = System.nanoTime();
    File log = new File("target/embedded-crash-server.log");
    // The kills are of processes, not of the OS, so the page cache keeps what fsync=off skips.
    ServerProcess server =
        new ServerProcess(
            Map.of("MOMENTS_DATA_DIR", dataDir.toString(), "MOMENTS_EMBEDDED_FSYNC", "false"), log);
    Set<String> acknowledged = new HashSet<>();
    try {
      server.start();
      acknowledged.addAll(sendEvents(server, "before-first-kill"));
      long firstPostmaster = postmaster().pid();
      server.kill(); // the postmaster lives on, holding the data directory
      assertTrue(ProcessHandle.of(firstPostmaster).isPresent(), "kill -9 leaves the postmaster");
      server.start();
      assertFalse(
          ProcessHandle.of(firstPostmaster).map(ProcessHandle::isAlive).orElse(false),
          "the left-over postmaster was stopped");
      acknowledged.addAll(sendEvents(server, "before-second-kill"));
      ProcessHandle second = postmaster();
      server.kill();
      second.destroyForcibly();
      second.onExit().get();
      server.start();
      acknowledged.addAll(sendEvents(server, "after-restarts"));
      postmasterDiesWhileTheServerRuns(server);
      acknowledged.addAll(sendEvents(server, "after-watchdog"));
      assertEquals(acknowledged, storedIds(), "every acknowledged event, each once");
      assertEquals(143, server.stop(), "SIGTERM exits as a JVM does after its shutdown hooks");
      assertTrue(PostmasterPid.read(dataDir.resolve("pg")).isEmpty(), "no postmaster left");
      System.out.printf(
          "crash-restart test: %d events, two kill -9 restarts, %.1f s%n",
          acknowledged.size(), (System.nanoTime() - began) / 1e9);
    } finally {
      server.stop();
      PostmasterPid.read(dataDir.resolve("pg"))
          .flatMap(p -> p.liveProcessOf(dataDir.resolve("pg")))
          .ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  /** The watchdog restarts it; meanwhile requests get 503 (never 500), then work again. */
  private void postmasterDiesWhileTheServerRuns(ServerProcess server) throws Exception {
    ProcessHandle postmaster = postmaster();
    postmaster.destroyForcibly();
    List<Integer> statuses = new ArrayList<>();
    JsonObject health = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(server.uri("/health")).build(),
              HttpResponse.BodyHandlers.ofString());
      statuses.add(r.statusCode());
      health = new JsonObject(r.body());
      if (r.statusCode() == 200 && health.getJsonObject("database").getInteger("restarts") == 1) {
        break;
      }
      Thread.sleep(10);
    }
    assertTrue(statuses.contains(503), "the outage shows as 503: " + statuses);
    assertTrue(statuses.stream().allMatch(s -> s == 503 || s == 200), "" + statuses);
    assertEquals("up", health.getString("status"), health.encode());
    JsonObject db = health.getJsonObject("database");
    assertEquals("embedded", db.getString("kind"));
    assertEquals("running", db.getString("process"));
    assertEquals(1, db.getInteger("restarts"), health.encode());
    assertTrue(postmaster().pid() != postmaster.pid());
  }

  /**
   * Issue 20 item 7: start-up and shutdown print facts, not warnings and stack traces, also after a
   * Ctrl-C, which signals the whole process group: PostgreSQL must not get it, or it shuts down
   * under the server (57P01 on every connection, the rollup worker failing, a watchdog restart).
   */
  @Test
  void aCleanStartAndCtrlCPrintNoWarningErrorOrStackTrace() throws Exception {
    File log = dataDir.resolve("server.log").toFile();
    ServerProcess server =
        new ServerProcess(
            Map.of(
                "MOMENTS_DATA_DIR",
                dataDir.resolve("data").toString(),
                "MOMENTS_EMBEDDED_FSYNC",
                "false",
                "MOMENTS_DEMO",
                "true"),
            log);
    try {
      server.start();
      sendEvents(server, "noise");
      if (server.interruptGroup()) {
        assertEquals(130, server.stop(), "a JVM ends with 128 + SIGINT after its shutdown hook");
      } else {
        // SIGINT is ignored by this JVM; PostgreSQL, which must not have received it, still serves
        HttpResponse<String> health =
            client.send(
                HttpRequest.newBuilder(server.uri("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(
            0, new JsonObject(health.body()).getJsonObject("database").getInteger("restarts"));
        assertEquals(143, server.stop());
      }
    } finally {
      server.stop();
    }
    String output = Files.readString(log.toPath());
    assertTrue(output.contains("Moments stopped"), output);
    assertFalse(NOISE.matcher(output).find(), output);
  }

  /** 200 conversions, acknowledged. */
  private List<String> sendEvents(ServerProcess server, String prefix) throws Exception {
    HttpResponse<String> response = post(server, eventsBody(prefix, 200));
    assertEquals(202, response.statusCode(), response.body());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      ids.add(prefix + "-" + i);
    }
    return ids;
  }

  private static String eventsBody(String prefix, int count) {
    StringBuilder body = new StringBuilder("{\"events\":[");
    for (int i = 0; i < count; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"id\":\"")
          .append(prefix + "-" + i)
          .append("\",\"type\":\"conversion\",\"unitId\":\"u")
          .append(i % 37)
          .append("\",\"metric\":\"signup\"}");
    }
    return body.append("]}").toString();
  }

  private HttpResponse<String> post(ServerProcess server, String body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(server.uri("/api/v1/events"))
            .header("Authorization", "Bearer " + ServerProcess.ADMIN_KEY)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private ProcessHandle postmaster() {
    Path pg = dataDir.resolve("pg");
    return PostmasterPid.read(pg).flatMap(p -> p.liveProcessOf(pg)).orElseThrow();
  }

  private Set<String> storedIds() throws Exception {
    Path pg = dataDir.resolve("pg");
    int port = PostmasterPid.read(pg).orElseThrow().port();
    String password = Files.readString(dataDir.resolve("postgres.password")).trim();
    DatabaseTarget db = new DatabaseTarget("127.0.0.1", port, "postgres", "postgres", password);
    Set<String> ids = new HashSet<>();
    try (Connection c = EmbeddedDatabaseIT.connect(db, password);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM events")) {
      while (rs.next()) {
        assertTrue(ids.add(rs.getString(1)), "stored twice: " + rs.getString(1));
      }
    }
    return ids;
  }
}

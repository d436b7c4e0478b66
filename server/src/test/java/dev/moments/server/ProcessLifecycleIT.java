package dev.moments.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.testing.RunningServer;
import dev.moments.server.testing.TestDatabase;
import dev.moments.server.testing.TestPorts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real main in a child JVM: bad configuration stops start-up, SIGTERM shuts down cleanly. */
class ProcessLifecycleIT {
  private static Process launch(Map<String, String> env, String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("MOMENTS_"));
    builder.environment().putAll(env);
    return builder.start();
  }

  private static List<String> readUntil(Process process, String marker, long timeoutMs)
      throws Exception {
    List<String> lines = new ArrayList<>();
    // Read byte by byte so nothing after the marker is swallowed by a reader's buffer.
    InputStreamReader reader =
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8);
    long deadline = System.currentTimeMillis() + timeoutMs;
    StringBuilder line = new StringBuilder();
    int c;
    while (System.currentTimeMillis() < deadline && (c = reader.read()) != -1) {
      if (c != '\n') {
        line.append((char) c);
        continue;
      }
      lines.add(line.toString());
      if (line.indexOf(marker) >= 0) {
        break;
      }
      line.setLength(0);
    }
    return lines;
  }

  @Test
  void aBadVariableStopsStartUpNamingVariableAndValue() throws Exception {
    Process process = launch(Map.of("MOMENTS_PORT", "http"));
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, process.exitValue(), output);
    assertTrue(output.contains("MOMENTS_PORT") && output.contains("http"), output);
  }

  @Test
  void sigtermFinishesAndStopsCleanly() throws Exception {
    DatabaseTarget db = TestDatabase.fresh();
    TestPorts.onFreePort(port -> stopsCleanlyOn(db, port));
  }

  private static boolean stopsCleanlyOn(DatabaseTarget db, int port) throws Exception {
    Process process =
        launch(
            Map.of(
                "MOMENTS_DB_URL",
                RunningServer.url(db).toString(),
                "MOMENTS_PORT",
                String.valueOf(port),
                "MOMENTS_ADMIN_KEY",
                RunningServer.ADMIN_KEY,
                "MOMENTS_DEMO",
                "false"));
    try {
      List<String> startup = readUntil(process, "Moments is up", 60_000);
      if (startup.stream().noneMatch(l -> l.contains("Moments is up"))) {
        process.waitFor(10, TimeUnit.SECONDS);
        TestPorts.failIfPortTaken(process, String.join("\n", startup));
      }
      assertTrue(
          startup.stream().anyMatch(l -> l.contains("Moments is up")), String.join("\n", startup));
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());
      BufferedReader output =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      process.toHandle().destroy(); // SIGTERM, leaving our end of the pipe open to read the goodbye
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the server must exit after SIGTERM");
      String rest = output.lines().reduce("", (a, b) -> a + b + "\n");
      assertTrue(rest.contains("Moments stopped"), rest);
      return true;
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void rebuildRollupsCommandReportsAgreement() throws Exception {
    DatabaseTarget db = TestDatabase.fresh();
    Process process =
        launch(Map.of("MOMENTS_DB_URL", RunningServer.url(db).toString()), "rebuild-rollups");
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.contains("agree"), output);
  }

  @Test
  void aFailedMigrationStopsStartUpWithFlywaysMessage() throws Exception {
    DatabaseTarget db = TestDatabase.fresh();
    TestDatabase.execute(
        db, "UPDATE flyway_schema_history SET checksum = 12345 WHERE version = '1'");
    Process process =
        launch(
            Map.of(
                "MOMENTS_DB_URL",
                RunningServer.url(db).toString(),
                "MOMENTS_PORT",
                String.valueOf(TestPorts.freePort()),
                "MOMENTS_DEMO",
                "false"));
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(3, process.exitValue(), output);
    assertTrue(output.contains("migration failed") && output.contains("checksum mismatch"), output);
  }

  /**
   * A second server on a port in use (the quick start run twice): before, the bind failure escaped
   * main while Vert.x's threads kept the JVM alive, so the process hung with its embedded
   * PostgreSQL running, and that PostgreSQL outlived the process when it was killed.
   */
  @Test
  void aPortInUseStopsStartUpAndItsEmbeddedDatabase(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      Process process =
          launch(
              Map.of(
                  "MOMENTS_PORT",
                  String.valueOf(taken.getLocalPort()),
                  "MOMENTS_DATA_DIR",
                  dir.toString(),
                  "MOMENTS_EMBEDDED_FSYNC",
                  "false",
                  "MOMENTS_DEMO",
                  "false"));
      boolean exited = process.waitFor(90, TimeUnit.SECONDS);
      if (!exited) {
        process.destroyForcibly().waitFor();
      }
      assertTrue(exited, "the server did not exit on a port in use");
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(1, process.exitValue(), output);
      assertTrue(
          output.contains("in use") && output.contains("MOMENTS_PORT is " + taken.getLocalPort()),
          output);
      // a running PostgreSQL keeps its postmaster.pid; a stopped one has removed it
      assertFalse(Files.exists(dir.resolve("pg").resolve("postmaster.pid")), output);
    }
  }
}

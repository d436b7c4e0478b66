package dev.moments.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.testing.RunningServer;
import dev.moments.server.testing.TestDatabase;
import dev.moments.server.testing.TestPorts;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 item 14: the two jars mvn package builds. The runnable one carries PostgreSQL for Linux
 * amd64/arm64 and macOS only; the slim one none, and it says what to set instead of starting.
 */
class PackagingIT {
  private static final Path RUNNABLE = Path.of("target", "moments-server.jar");
  private static final Path SLIM = Path.of("target", "moments-server-slim.jar");
  @TempDir Path cwd;

  @Test
  void theRunnableJarCarriesThreeArchivesAndTheSlimJarNone() throws Exception {
    assertEquals(
        Set.of(
            "postgres-linux-x86_64.txz", "postgres-linux-arm_64.txz", "postgres-darwin-x86_64.txz"),
        archives(RUNNABLE));
    assertEquals(Set.of(), archives(SLIM));
    assertTrue(
        Files.size(SLIM) < 40_000_000 && Files.size(RUNNABLE) < 100_000_000,
        Files.size(SLIM) + " / " + Files.size(RUNNABLE));
  }

  @Test
  void theSlimJarRefusesToStartWithoutADatabaseUrl() throws Exception {
    Process process = launch(SLIM, Map.of("MOMENTS_PORT", String.valueOf(TestPorts.freePort())));
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, process.exitValue(), output);
    assertTrue(
        output.contains("MOMENTS_DB_URL is not set")
            && output.contains("moments-server-slim.jar carries no embedded PostgreSQL"),
        output);
    assertFalse(Files.exists(cwd.resolve("data")), "no data directory made");
  }

  @Test
  void theSlimJarServesWithAnExternalDatabase() throws Exception {
    DatabaseTarget db = TestDatabase.fresh();
    TestPorts.onFreePort(port -> servesOn(db, port));
  }

  private int servesOn(DatabaseTarget db, int port) throws Exception {
    Process process =
        launch(
            SLIM,
            Map.of(
                "MOMENTS_DB_URL",
                db.uri().toString(),
                "MOMENTS_PORT",
                String.valueOf(port),
                "MOMENTS_DEMO",
                "false",
                "MOMENTS_ADMIN_KEY",
                RunningServer.ADMIN_KEY));
    try {
      HttpClient client = HttpClient.newHttpClient();
      long deadline = System.nanoTime() + 90_000_000_000L;
      int status = 0;
      while (status != 200 && process.isAlive() && System.nanoTime() < deadline) {
        try {
          status =
              client
                  .send(
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                          .build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode();
        } catch (java.io.IOException e) {
          Thread.sleep(200);
        }
      }
      if (status != 200) {
        process.waitFor(10, TimeUnit.SECONDS);
        TestPorts.failIfPortTaken(process, Files.readString(cwd.resolve("out.log")));
      }
      assertEquals(200, status, "the slim jar serves; see " + cwd.resolve("out.log"));
      return status;
    } finally {
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Issue 20 item 7: Debian's Maven 3.8.7 wrote ESC[0m resets even with -B -q; the project's
   * .mvn/jvm.config stops that for every build started in the repository.
   */
  @Test
  void quietMavenWritesNoEscapeCodes() throws Exception {
    Process mvn;
    try {
      mvn = new ProcessBuilder("mvn", "-B", "-q", "-v").directory(new File("..")).start();
    } catch (java.io.IOException e) {
      org.junit.jupiter.api.Assumptions.abort("no mvn on the PATH");
      return;
    }
    String out = new String(mvn.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(mvn.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(mvn.waitFor(60, TimeUnit.SECONDS));
    assertFalse((out + err).contains("\u001b"), (out + err).replace("\u001b", "<ESC>"));
  }

  private Process launch(Path jar, Map<String, String> env) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toAbsolutePath().toString())
            .directory(cwd.toFile())
            .redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("MOMENTS_"));
    builder.environment().putAll(env);
    if (env.containsKey("MOMENTS_DB_URL")) {
      builder.redirectOutput(new File(cwd.toFile(), "out.log"));
    }
    return builder.start();
  }

  private static Set<String> archives(Path jar) throws Exception {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.stream()
          .map(e -> e.getName())
          .filter(n -> n.endsWith(".txz"))
          .collect(Collectors.toSet());
    }
  }
}

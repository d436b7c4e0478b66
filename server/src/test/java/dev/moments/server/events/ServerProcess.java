package dev.moments.server.events;

import dev.moments.server.db.DatabaseTarget;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The real server started as a child JVM (dev.moments.server.Main) on a test database, to be killed
 * at will.
 */
final class ServerProcess {
  static final String ADMIN_KEY = "crash-test-admin-key-0123456789ab";
  private final DatabaseTarget db;
  private final int port;
  private final File log;
  private Process process;

  ServerProcess(DatabaseTarget db, File log) throws IOException {
    this.db = db;
    this.log = log;
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
  }

  URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  void start() throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(
            System.getProperty("java.home") + "/bin/java",
            "-Xmx512m",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.moments.server.Main");
    pb.environment()
        .put(
            "MOMENTS_DB_URL",
            "postgresql://" + db.user() + "@" + db.host() + ":" + db.port() + "/" + db.database());
    pb.environment().put("MOMENTS_PORT", Integer.toString(port));
    pb.environment().put("MOMENTS_ADMIN_KEY", ADMIN_KEY);
    pb.environment().put("MOMENTS_DEMO", "false");
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    process = pb.start();
    awaitHealthy();
  }

  private void awaitHealthy() throws InterruptedException, IOException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the server exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(uri("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the server did not become healthy within 60 s; see " + log);
  }

  /** SIGKILL: no shutdown hook, no flush, nothing graceful. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}

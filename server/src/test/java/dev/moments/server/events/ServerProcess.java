package dev.moments.server.events;

import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.testing.TestPorts;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The real server started as a child JVM (dev.moments.server.Main), on a test database or on its
 * own embedded one, to be killed at will. Its output is appended to a log file.
 */
public final class ServerProcess {
  public static final String ADMIN_KEY = "crash-test-admin-key-0123456789ab";
  private final Map<String, String> env;
  private int port;
  private boolean started;
  private final File log;
  private Process process;

  ServerProcess(DatabaseTarget db, File log) throws IOException {
    this(Map.of("MOMENTS_DB_URL", db.uri().toString()), log);
  }

  /**
   * A server configured by {@code env} on top of a free port (chosen at its first start), the admin
   * key and no demo.
   */
  public ServerProcess(Map<String, String> env, File log) throws IOException {
    this.env = env;
    this.log = log;
  }

  public URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  public int port() {
    return port;
  }

  /** The JVM's process, while it runs. */
  public ProcessHandle handle() {
    return process.toHandle();
  }

  /**
   * Starts the server: the first time on a free port (another if that one was taken before the
   * server bound it), then on the same one, which TestPorts picks where no connection takes it.
   */
  public void start() throws IOException, InterruptedException {
    if (started) {
      launch();
      return;
    }
    TestPorts.onFreePort(
        free -> {
          port = free;
          launch();
          return this;
        });
    started = true;
  }

  private void launch() throws IOException, InterruptedException {
    long logged = log.exists() ? log.length() : 0;
    // setsid: a process group of its own, as a shell gives a command, so a test can press Ctrl-C
    ProcessBuilder pb =
        new ProcessBuilder(
            "setsid",
            System.getProperty("java.home") + "/bin/java",
            "-Xmx512m",
            // the server's own logging, not the tests' quieter logback-test.xml
            "-Dlogback.configurationFile=" + ServerProcess.class.getResource("/logback.xml"),
            "-cp",
            System.getProperty("java.class.path"),
            "dev.moments.server.Main");
    pb.environment().keySet().removeIf(k -> k.startsWith("MOMENTS_"));
    pb.environment().put("MOMENTS_PORT", Integer.toString(port));
    pb.environment().put("MOMENTS_ADMIN_KEY", ADMIN_KEY);
    pb.environment().put("MOMENTS_DEMO", "false");
    pb.environment().putAll(env);
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    process = pb.start();
    awaitHealthy(logged);
  }

  private void awaitHealthy(long logged) throws InterruptedException, IOException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        TestPorts.failIfPortTaken(process, since(logged));
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
    throw new IllegalStateException("the server did not become healthy within 120 s; see " + log);
  }

  /** What the server logged since {@code offset}. */
  private String since(long offset) throws IOException {
    byte[] all = java.nio.file.Files.readAllBytes(log.toPath());
    return new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8);
  }

  /** SIGKILL: no shutdown hook, no flush, nothing graceful. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /**
   * Ctrl-C as a terminal sends it: SIGINT to the server's whole process group. Returns whether the
   * server exited within 20 s (a JVM that inherited SIGINT as ignored, e.g. under a background
   * shell, does not).
   */
  public boolean interruptGroup() throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-INT", "--", "-" + process.pid()).inheritIO().start().waitFor();
    return process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** SIGTERM, the graceful shutdown; returns the exit code (143 = 128 + SIGTERM for a JVM). */
  public int stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        kill();
      }
    }
    return process == null ? -1 : process.exitValue();
  }
}

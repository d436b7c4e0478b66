package dev.moments.server.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL started from the binaries shipped in the jar, so that a new user needs nothing
 * installed. Its files live in {@code dataDir/pg} and survive restarts. One server at a time owns a
 * data directory (a lock file); a postmaster left running by an owner that was killed is stopped on
 * start, and a watchdog restarts the postmaster on the same port if it dies, so the pool reconnects
 * by itself.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private final Path pgDir;
  private final Postmaster postmaster;
  private final int port;
  private final String password;
  private final Map<String, String> settings;
  private final DataDirectoryLock lock;
  private final AtomicInteger restarts = new AtomicInteger();
  private final Thread watchdog;
  private volatile Process process;
  private volatile DatabaseStatus.ProcessState state = DatabaseStatus.ProcessState.RUNNING;
  private volatile boolean closing;

  private EmbeddedDatabase(
      Path pgDir,
      Postmaster postmaster,
      int port,
      String password,
      Map<String, String> settings,
      DataDirectoryLock lock,
      Process process) {
    this.pgDir = pgDir;
    this.postmaster = postmaster;
    this.port = port;
    this.password = password;
    this.settings = settings;
    this.lock = lock;
    this.process = process;
    this.watchdog = new Thread(this::watch, "moments-postgres-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /**
   * @param fsync whether commits are flushed to disk; off lets an OS crash lose events the server
   *     had already acknowledged
   */
  public static EmbeddedDatabase start(Path dataDir, boolean fsync) {
    return start(dataDir, fsync, dataDir);
  }

  /**
   * @param binariesRoot where the PostgreSQL programs are unpacked (tests share one across data
   *     directories)
   */
  public static EmbeddedDatabase start(Path dataDir, boolean fsync, Path binariesRoot) {
    return start(dataDir, fsync, binariesRoot, System.getenv());
  }

  /**
   * @param variables where {@link SharedBuffers#VARIABLE} is read (tests pass their own)
   */
  static EmbeddedDatabase start(
      Path dataDir, boolean fsync, Path binariesRoot, Map<String, String> variables) {
    String sharedBuffers = SharedBuffers.fromEnvironment(variables);
    Path dir = dataDir.toAbsolutePath().normalize();
    Path pgDir = dir.resolve("pg");
    DataDirectoryLock lock = DataDirectoryLock.take(dir);
    try {
      stopLeftOverPostmaster(pgDir);
      Postmaster postmaster =
          new Postmaster(
              PostgresBinaries.unpack(binariesRoot.toAbsolutePath().normalize()),
              pgDir,
              dir.resolve("postgres.log"));
      LocalAccess.Password password = LocalAccess.password(dir);
      prepare(postmaster, pgDir, dir, password, fsync);
      Map<String, String> settings = EmbeddedSettings.of(fsync, sharedBuffers);
      int port = freePort();
      Process process = postmaster.start(port, settings);
      LOG.info(
          "embedded PostgreSQL on 127.0.0.1:{} with data in {} (fsync {})",
          port,
          pgDir,
          settings.get("fsync"));
      return new EmbeddedDatabase(
          pgDir, postmaster, port, password.value(), settings, lock, process);
    } catch (IOException e) {
      lock.close();
      throw new UncheckedIOException(
          "could not start the embedded PostgreSQL in " + pgDir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      lock.close();
      throw new IllegalStateException(
          "could not start the embedded PostgreSQL in " + pgDir + ": " + e.getMessage(), e);
    }
  }

  /** A new data directory gets a password at initdb; one made by an older Moments is switched. */
  private static void prepare(
      Postmaster postmaster, Path pgDir, Path dir, LocalAccess.Password password, boolean fsync)
      throws IOException {
    if (!Files.exists(pgDir.resolve("PG_VERSION"))) {
      if (Files.isDirectory(pgDir)) {
        PostgresBinaries.deleteTree(pgDir); // an earlier initdb that did not finish
      }
      postmaster.initdb(dir.resolve(LocalAccess.PASSWORD_FILE), fsync);
      LocalAccess.writeHba(pgDir);
    } else if (password.generated() || !LocalAccess.hbaIsManaged(pgDir)) {
      postmaster.setPassword(password.value());
      LocalAccess.writeHba(pgDir);
      LOG.info(
          "embedded PostgreSQL now takes password logins only (SCRAM, password in {}), instead of"
              + " trusting every local user",
          dir.resolve(LocalAccess.PASSWORD_FILE));
    }
  }

  /**
   * The owner holds the lock, so a postmaster still running on this data directory was left by an
   * owner that died: stop it. A postmaster.pid whose process is something else is stale.
   */
  private static void stopLeftOverPostmaster(Path pgDir) throws IOException {
    Optional<PostmasterPid> pid = PostmasterPid.read(pgDir);
    if (pid.isEmpty()) {
      return;
    }
    Optional<ProcessHandle> left = pid.get().liveProcessOf(pgDir);
    if (left.isPresent()) {
      LOG.info(
          "stopping the embedded PostgreSQL (pid {}) that a Moments server which did not shut down"
              + " left running",
          left.get().pid());
      Postmaster.stop(left.get());
    }
    if (ProcessHandle.of(pid.get().pid()).map(ProcessHandle::isAlive).orElse(false)) {
      // the id now belongs to another process; PostgreSQL would take it for a live postmaster
      Files.deleteIfExists(pgDir.resolve(PostmasterPid.FILE));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Restarts the postmaster whenever it exits while the server runs. */
  private void watch() {
    while (!closing) {
      Process current = process;
      try {
        if (!current.waitFor(500, TimeUnit.MILLISECONDS) || closing) {
          continue;
        }
        state = DatabaseStatus.ProcessState.RESTARTING;
        LOG.warn(
            "embedded PostgreSQL (pid {}) exited with code {}; restarting it on port {}: {}",
            current.pid(),
            current.exitValue(),
            port,
            postmaster.logTail());
        restartUntilUp();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void restartUntilUp() throws InterruptedException {
    long began = System.nanoTime();
    long backoffMs = 250;
    for (int attempt = 1; !closing; attempt++) {
      try {
        stopLeftOverPostmaster(pgDir);
        process = postmaster.start(port, settings);
        restarts.incrementAndGet();
        state = DatabaseStatus.ProcessState.RUNNING;
        LOG.info(
            "embedded PostgreSQL is back on port {} after {} ms",
            port,
            (System.nanoTime() - began) / 1_000_000);
        return;
      } catch (IOException | RuntimeException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException();
        }
        if (attempt == 1 || attempt % 20 == 0) {
          LOG.warn(
              "embedded PostgreSQL did not restart (attempt {}), retrying: {}",
              attempt,
              e.getMessage());
        }
        Thread.sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 5_000);
      }
    }
  }

  public DatabaseTarget target() {
    return new DatabaseTarget("127.0.0.1", port, "postgres", "postgres", password);
  }

  public DatabaseStatus status() {
    return DatabaseStatus.embedded(state, restarts.get());
  }

  /** The running postmaster's process (tests kill it to exercise the watchdog). */
  public ProcessHandle postmaster() {
    return process.toHandle();
  }

  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    watchdog.interrupt();
    try {
      watchdog.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Process current = process;
    if (current.isAlive()) {
      Postmaster.stop(current.toHandle());
    }
    state = DatabaseStatus.ProcessState.STOPPED;
    lock.close();
  }
}

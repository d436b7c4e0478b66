package dev.moments.server.bench;

import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.db.EmbeddedDatabase;
import dev.moments.server.db.Migrations;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A fresh, migrated database for a benchmark: on {@code db=postgresql://...} if given, else on an
 * embedded one.
 */
final class BenchDatabase implements AutoCloseable {
  private final EmbeddedDatabase embedded;
  private final Path dataDir;
  private final DatabaseTarget server;

  private BenchDatabase(EmbeddedDatabase embedded, Path dataDir, DatabaseTarget server) {
    this.embedded = embedded;
    this.dataDir = dataDir;
    this.server = server;
  }

  static BenchDatabase open(Map<String, String> opts) throws IOException {
    if (opts.containsKey("db")) {
      return new BenchDatabase(null, null, DatabaseTarget.fromUri(URI.create(opts.get("db"))));
    }
    Path dir = Files.createTempDirectory("moments-bench");
    EmbeddedDatabase pg = EmbeddedDatabase.start(dir, false);
    return new BenchDatabase(pg, dir, pg.target());
  }

  /** The embedded cluster's data directory; null for an external database (its CPU is not ours). */
  Path clusterDir() {
    return dataDir == null ? null : dataDir.resolve("pg");
  }

  /** CPU spent so far by the embedded PostgreSQL, nanoseconds; -1 for an external one. */
  long postgresCpuNanos() {
    return dataDir == null ? -1 : CpuTime.postgresNanos(clusterDir());
  }

  DatabaseTarget fresh(String name) throws SQLException {
    execute(server, "DROP DATABASE IF EXISTS " + name);
    execute(server, "CREATE DATABASE " + name);
    DatabaseTarget target = server.withDatabase(name);
    Migrations.apply(target);
    return target;
  }

  static Connection connect(DatabaseTarget target) throws SQLException {
    return DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
  }

  static void execute(DatabaseTarget target, String sql) throws SQLException {
    try (Connection c = connect(target);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
      // gigabytes of benchmark rows are not worth keeping
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        System.err.println("could not delete " + dataDir + ": " + e.getMessage());
      }
    }
  }
}

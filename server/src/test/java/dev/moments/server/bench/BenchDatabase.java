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
  private final Path clusterDir;

  private BenchDatabase(
      EmbeddedDatabase embedded, Path dataDir, DatabaseTarget server, Path clusterDir) {
    this.embedded = embedded;
    this.dataDir = dataDir;
    this.server = server;
    this.clusterDir = clusterDir;
  }

  static BenchDatabase open(Map<String, String> opts) throws IOException {
    if (opts.containsKey("db")) {
      // pgdata: the external cluster's data directory, if it runs here, to count its CPU too (e.g.
      // one started with pg_stat_statements, to see each statement's share)
      return new BenchDatabase(
          null,
          null,
          DatabaseTarget.fromUri(URI.create(opts.get("db"))),
          opts.containsKey("pgdata") ? Path.of(opts.get("pgdata")) : null);
    }
    Path dir = Files.createTempDirectory("moments-bench");
    EmbeddedDatabase pg = EmbeddedDatabase.start(dir, false);
    return new BenchDatabase(pg, dir, pg.target(), dir.resolve("pg"));
  }

  /**
   * The embedded cluster's data directory, or the external one's named by {@code pgdata}; null for
   * another external database (its CPU is not ours).
   */
  Path clusterDir() {
    return clusterDir;
  }

  /** CPU spent so far by the cluster of {@link #clusterDir}, nanoseconds; -1 for another. */
  long postgresCpuNanos() {
    return clusterDir == null ? -1 : CpuTime.postgresNanos(clusterDir);
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

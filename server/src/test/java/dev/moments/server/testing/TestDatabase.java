package dev.moments.server.testing;

import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.db.EmbeddedDatabase;
import dev.moments.server.db.Migrations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real embedded PostgreSQL per test JVM (starting one costs ~2 s), and a fresh, migrated
 * database per test class so classes never see each other's rows.
 */
public final class TestDatabase {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedDatabase server;
  private static Path dataDir;

  private TestDatabase() {}

  /** A new empty database with every migration applied. */
  public static DatabaseTarget fresh() {
    DatabaseTarget admin = serverTarget();
    String name = "t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    execute(admin, "CREATE DATABASE " + name);
    DatabaseTarget target = admin.withDatabase(name);
    Migrations.apply(target);
    return target;
  }

  /** The server itself, e.g. to create databases without migrations. */
  public static synchronized DatabaseTarget serverTarget() {
    if (server == null) {
      try {
        dataDir = Files.createTempDirectory("moments-test-pg");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server = EmbeddedDatabase.start(dataDir, false, binaries());
      // the cluster holds every test class's database (a gigabyte or more): a data directory left
      // behind by each test JVM filled the disk of a machine that runs the build often
      Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::stopAndDelete));
    }
    return server.target();
  }

  private static void stopAndDelete() {
    server.close();
    try (var files = Files.walk(dataDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not delete the test database " + dataDir + ": " + e.getMessage());
    }
  }

  /**
   * One unpacked copy of the PostgreSQL programs for every test JVM (the build's target directory).
   */
  public static Path binaries() {
    return Path.of(System.getProperty("moments.test.dataRoot", "target/test-pg"), "binaries");
  }

  public static void execute(DatabaseTarget target, String sql) {
    try (Connection c =
            DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** The first column of every row a query answers, as text. */
  public static List<String> strings(DatabaseTarget target, String sql) {
    try (Connection c =
            DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}

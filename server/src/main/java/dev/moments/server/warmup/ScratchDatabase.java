package dev.moments.server.warmup;

import dev.moments.server.db.DatabaseTarget;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database of its own in the server's PostgreSQL for the warm-up instance, created beside the
 * real one and dropped after it, so the warm-up's rows never meet the real data. Statements go
 * through the real database's connection (the only one the configuration is sure to allow), which
 * reads and writes none of its tables.
 */
final class ScratchDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScratchDatabase.class);
  static final String PREFIX = "moments_warmup_";
  private static final SecureRandom RANDOM = new SecureRandom();
  private final DatabaseTarget real;
  private final String name;

  private ScratchDatabase(DatabaseTarget real, String name) {
    this.real = real;
    this.name = name;
  }

  /** Drops the scratch databases crashed starts left behind, then creates a new one. */
  static ScratchDatabase create(DatabaseTarget real) throws SQLException {
    dropLeftovers(real);
    byte[] suffix = new byte[8];
    RANDOM.nextBytes(suffix);
    String name = PREFIX + HexFormat.of().formatHex(suffix);
    execute(real, "CREATE DATABASE " + name);
    return new ScratchDatabase(real, name);
  }

  DatabaseTarget target() {
    return real.withDatabase(name);
  }

  String name() {
    return name;
  }

  /**
   * A plain DROP refuses a database any session uses: a scratch database of another server still
   * warming up on the same PostgreSQL is kept.
   */
  static void dropLeftovers(DatabaseTarget real) throws SQLException {
    for (String leftover : leftovers(real)) {
      try {
        execute(real, "DROP DATABASE " + leftover);
        LOG.info("Dropped {}, the warm-up database of an earlier start", leftover);
      } catch (SQLException e) {
        LOG.info("Kept {}: {}", leftover, e.getMessage());
      }
    }
  }

  static List<String> leftovers(DatabaseTarget real) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = connect(real);
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT datname FROM pg_database WHERE datname ~ '^"
                    + PREFIX
                    + "[0-9a-f]{16}$' ORDER BY datname")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }

  /** Ends the sessions still on it where PostgreSQL can (13 and later: WITH (FORCE)). */
  @Override
  public void close() {
    try (Connection c = connect(real);
        Statement s = c.createStatement()) {
      boolean force = c.getMetaData().getDatabaseMajorVersion() >= 13;
      s.execute("DROP DATABASE IF EXISTS " + name + (force ? " WITH (FORCE)" : ""));
    } catch (SQLException e) {
      LOG.warn("The warm-up database {} was not dropped ({}); the next start drops it", name, e);
    }
  }

  private static void execute(DatabaseTarget target, String sql) throws SQLException {
    try (Connection c = connect(target);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static Connection connect(DatabaseTarget target) throws SQLException {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setURL(target.jdbcUrl());
    source.setUser(target.user());
    source.setPassword(target.password());
    return source.getConnection();
  }
}

package dev.moments.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.config.ConfigException;
import dev.moments.server.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddedDatabaseIT {
  @TempDir Path dir;

  private static EmbeddedDatabase start(Path dir) {
    return EmbeddedDatabase.start(dir, false, TestDatabase.binaries());
  }

  /** Embedded PostgreSQL is started with -F (no fsync) by default; the server must undo that. */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void fsyncIsWhatTheConfigurationSays(boolean fsync) throws Exception {
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, fsync, TestDatabase.binaries())) {
      assertEquals(fsync ? "on" : "off", show(db.target(), "fsync"));
    }
  }

  /**
   * Issue 19 item 3: {@code MOMENTS_EMBEDDED_SHARED_BUFFERS} reaches the cluster (256MB is not
   * PostgreSQL's own default); unset, the cluster keeps 128MB.
   */
  @ParameterizedTest
  @ValueSource(strings = {"", "256MB"})
  void sharedBuffersAreWhatTheVariableSaysOrTheDefault(String value) throws Exception {
    Map<String, String> variables =
        value.isEmpty() ? Map.of() : Map.of(SharedBuffers.VARIABLE, value);
    try (EmbeddedDatabase db =
        EmbeddedDatabase.start(dir, false, TestDatabase.binaries(), variables)) {
      assertEquals(
          value.isEmpty() ? SharedBuffers.DEFAULT : value, show(db.target(), "shared_buffers"));
    }
  }

  /**
   * Issue 19.1: PostgreSQL's own 1GB of WAL between checkpoints made one every ~20 s under a stream
   * of new units; the embedded cluster keeps 4GB, and still flushes every commit.
   */
  @Test
  void checkpointsWaitForFourGigabytesOfWalAndCommitsStayDurable() throws Exception {
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, true, TestDatabase.binaries())) {
      assertEquals("4GB", show(db.target(), "max_wal_size"));
      assertEquals("on", show(db.target(), "synchronous_commit"));
      assertEquals("on", show(db.target(), "fsync"));
    }
  }

  /** A bad size stops start-up before PostgreSQL starts, naming the variable and the value. */
  @Test
  void aBadSharedBuffersValueFailsFastNamingIt() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                EmbeddedDatabase.start(
                    dir, false, TestDatabase.binaries(), Map.of(SharedBuffers.VARIABLE, "lots")));
    assertEquals(
        "MOMENTS_EMBEDDED_SHARED_BUFFERS=lots is not a size in kB, MB or GB as PostgreSQL writes"
            + " it (e.g. 512MB)",
        e.getMessage());
    assertFalse(Files.exists(dir.resolve("pg")), "nothing started");
  }

  /** Issue 17 item 10: no local account may log in without the generated password. */
  @Test
  void onlyTheGeneratedPasswordLogsInOverLoopbackTcpAndThereIsNoSocket() throws Exception {
    try (EmbeddedDatabase db = start(dir)) {
      DatabaseTarget t = db.target();
      SQLException none = assertThrows(SQLException.class, () -> connect(t, null).close());
      assertEquals("08004", none.getSQLState(), none.getMessage()); // the server asks for one
      SQLException wrong = assertThrows(SQLException.class, () -> connect(t, "guess").close());
      assertEquals("28P01", wrong.getSQLState(), wrong.getMessage());
      Path file = dir.resolve("postgres.password");
      assertEquals(
          PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
      assertEquals(Files.readString(file).trim(), t.password());
      assertEquals("scram-sha-256", show(t, "password_encryption"));
      assertEquals("127.0.0.1", show(t, "listen_addresses"));
      assertEquals("", show(t, "unix_socket_directories"));
      assertFalse(Files.exists(Path.of("/tmp/.s.PGSQL." + t.port())), "no socket in /tmp");
    }
  }

  /** A data directory made by the older code (pg_hba trust, no password) is switched in place. */
  @Test
  void aTrustingDataDirectoryIsSwitchedToPasswordsKeepingItsData() throws Exception {
    try (EmbeddedDatabase db = start(dir)) {
      execute(db.target(), "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
    }
    Files.writeString(
        dir.resolve("pg/pg_hba.conf"),
        "local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n");
    Files.delete(dir.resolve("postgres.password"));
    try (EmbeddedDatabase db = start(dir)) {
      DatabaseTarget t = db.target();
      assertThrows(SQLException.class, () -> connect(t, null).close());
      assertEquals("still here", query(t, "SELECT v FROM kept"));
      assertEquals(
          PosixFilePermissions.fromString("rw-------"),
          Files.getPosixFilePermissions(dir.resolve("postgres.password")));
      assertFalse(Files.readString(dir.resolve("pg/pg_hba.conf")).contains("trust"));
    }
  }

  /** Issue 17 item 8: the postmaster dies; the watchdog restarts it and the pool reconnects. */
  @Test
  void theWatchdogRestartsAKilledPostmasterOnTheSamePort() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (EmbeddedDatabase db = start(dir)) {
      Pool pool = Pools.open(vertx, db.target(), 2);
      assertEquals(1, pool.query("SELECT 1").execute().await().iterator().next().getInteger(0));
      ProcessHandle first = db.postmaster();
      first.destroyForcibly();
      first.onExit().get();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (db.status().restarts() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(1, db.status().restarts());
      assertEquals(DatabaseStatus.ProcessState.RUNNING, db.status().process().orElseThrow());
      assertTrue(db.postmaster().isAlive() && db.postmaster().pid() != first.pid());
      Integer answer = null;
      for (int i = 0; i < 50 && answer == null; i++) {
        try { // the first use of each pooled connection finds it closed by the old postmaster
          answer = pool.query("SELECT 2").execute().await().iterator().next().getInteger(0);
        } catch (RuntimeException e) {
          Thread.sleep(20);
        }
      }
      assertEquals(2, answer);
      pool.close().await();
    } finally {
      vertx.close().await();
    }
  }

  /** The stale postmaster.pid of a killed PostgreSQL whose process id now belongs to another. */
  @Test
  void aLeftOverPidFileNamingAnotherProcessDoesNotBlockTheStart() throws Exception {
    try (EmbeddedDatabase db = start(dir)) {
      execute(db.target(), "SELECT 1");
    }
    Files.writeString(
        dir.resolve("pg/postmaster.pid"),
        ProcessHandle.current().pid()
            + "\n"
            + dir.resolve("pg")
            + "\n1\n5432\n\n127.0.0.1\n\nready\n");
    try (EmbeddedDatabase db = start(dir)) {
      assertEquals("1", query(db.target(), "SELECT 1"));
    }
  }

  @Test
  void twoServersCannotShareADataDirectory() {
    try (EmbeddedDatabase db = start(dir)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> start(dir));
      assertTrue(e.getMessage().contains("another Moments server"), e.getMessage());
    }
  }

  static Connection connect(DatabaseTarget t, String password) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", t.user());
    if (password != null) {
      props.setProperty("password", password);
    }
    return DriverManager.getConnection(t.jdbcUrl(), props);
  }

  private static String show(DatabaseTarget t, String setting) throws SQLException {
    return query(t, "SHOW " + setting);
  }

  private static String query(DatabaseTarget t, String sql) throws SQLException {
    try (Connection c = connect(t, t.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void execute(DatabaseTarget t, String sql) throws SQLException {
    try (Connection c = connect(t, t.password());
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}

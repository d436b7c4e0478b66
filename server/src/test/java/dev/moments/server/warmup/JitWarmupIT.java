package dev.moments.server.warmup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.moments.server.MomentsServer;
import dev.moments.server.config.MomentsConfig;
import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.testing.RunningServer;
import dev.moments.server.testing.TestDatabase;
import dev.moments.server.testing.TestPorts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The JIT warm-up (MOMENTS_WARMUP_SECONDS) drives a private server on a scratch database: the real
 * database, its keys, audit log and meters see none of it, the scratch database is gone after it,
 * and a warm-up that cannot run is logged and skipped without failing the start.
 */
class JitWarmupIT {
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  private static final Logger WARMUP_LOG = (Logger) LoggerFactory.getLogger(JitWarmup.class);

  @BeforeEach
  void listen() {
    log.start();
    WARMUP_LOG.setLevel(Level.INFO); // the tests' root level is WARN
    WARMUP_LOG.addAppender(log);
  }

  @AfterEach
  void stopListening() {
    WARMUP_LOG.detachAppender(log);
    WARMUP_LOG.setLevel(null);
  }

  @Test
  void theWarmupLeavesNoRowInTheRealDatabaseAndNothingInItsMetrics() throws Exception {
    DatabaseTarget cold = TestDatabase.fresh();
    try (MomentsServer server = start(cold, 0)) {
      assertEquals(List.of(), messages(), "no warm-up asked for");
    }
    DatabaseTarget warmed = TestDatabase.fresh();
    try (MomentsServer server = start(warmed, 3)) {
      ILoggingEvent done = only("JIT warm-up done");
      Map<String, String> figures = keyValues(done);
      assertTrue(Long.parseLong(figures.get("requests")) > 0, figures.toString());
      assertTrue(Long.parseLong(figures.get("events")) > 0, figures.toString());
      assertEquals("0", figures.get("failed"), figures.toString());
      assertTrue(Long.parseLong(figures.get("foldBatches")) > 0, figures.toString());
      PrometheusMeterRegistry meters = server.metrics();
      double folded =
          meters.find("moments.rollup.folded.events").counters().stream()
              .mapToDouble(Counter::count)
              .sum();
      assertEquals(0.0, folded, "the real server folded nothing");
      String page = meters.scrape();
      assertTrue(!page.contains("/api/v1/events") && !page.contains("/api/v1/assign"), page);
    }
    assertEquals(rowCounts(cold), rowCounts(warmed), "a start with the warm-up made no row");
    assertEquals(List.of(), scratchDatabases(), "the scratch database is dropped");
  }

  /** An external database whose user may not create databases: the server starts cold. */
  @Test
  void aWarmupThatCannotCreateItsDatabaseIsSkipped() {
    DatabaseTarget admin = TestDatabase.serverTarget();
    String user = "nocreatedb_" + ProcessHandle.current().pid();
    TestDatabase.execute(admin, "DROP DATABASE IF EXISTS " + user);
    TestDatabase.execute(admin, "DROP ROLE IF EXISTS " + user);
    TestDatabase.execute(admin, "CREATE ROLE " + user + " LOGIN NOCREATEDB PASSWORD 'pw'");
    TestDatabase.execute(admin, "CREATE DATABASE " + user + " OWNER " + user);
    DatabaseTarget own = new DatabaseTarget(admin.host(), admin.port(), user, user, "pw");
    try (MomentsServer server = start(own, 3)) {
      String skipped = only("JIT warm-up skipped").getFormattedMessage();
      assertTrue(skipped.contains("permission denied to create database"), skipped);
      assertTrue(skipped.contains("MOMENTS_WARMUP_SECONDS=3"), skipped);
    }
  }

  /** A crash leaves its scratch database: the next start drops it unless a session uses it. */
  @Test
  void aLeftoverScratchDatabaseIsDroppedUnlessInUse() throws Exception {
    DatabaseTarget admin = TestDatabase.serverTarget();
    String idle = ScratchDatabase.PREFIX + "00000000000000aa";
    String used = ScratchDatabase.PREFIX + "00000000000000bb";
    TestDatabase.execute(admin, "CREATE DATABASE " + idle);
    TestDatabase.execute(admin, "CREATE DATABASE " + used);
    DatabaseTarget usedTarget = admin.withDatabase(used);
    try (Connection session =
        DriverManager.getConnection(
            usedTarget.jdbcUrl(), usedTarget.user(), usedTarget.password())) {
      ScratchDatabase.dropLeftovers(admin);
      assertEquals(List.of(used), scratchDatabases());
    }
    ScratchDatabase.dropLeftovers(admin);
    assertEquals(List.of(), scratchDatabases());
  }

  private static MomentsServer start(DatabaseTarget db, int warmupSeconds) {
    URI url = db.uri();
    return TestPorts.onFreePort(
        port -> {
          MomentsConfig config =
              RunningServer.testConfig(port, url).warmupSeconds(warmupSeconds).build();
          return MomentsServer.start(config, Clock.systemUTC(), JitWarmup::run);
        });
  }

  private List<String> messages() {
    return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private ILoggingEvent only(String prefix) {
    List<ILoggingEvent> found =
        log.list.stream().filter(e -> e.getFormattedMessage().startsWith(prefix)).toList();
    assertEquals(1, found.size(), messages().toString());
    return found.get(0);
  }

  private static Map<String, String> keyValues(ILoggingEvent event) {
    return event.getKeyValuePairs().stream()
        .collect(Collectors.toMap(kv -> kv.key, kv -> String.valueOf(kv.value)));
  }

  /** Every table's number of rows, the partitions' under their parents. */
  private static Map<String, String> rowCounts(DatabaseTarget db) {
    Map<String, String> counts = new TreeMap<>();
    for (String table :
        TestDatabase.strings(
            db,
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
                + " AND c.relname <> 'flyway_schema_history'")) {
      counts.put(table, TestDatabase.strings(db, "SELECT count(*) FROM " + table).get(0));
    }
    return counts;
  }

  private static List<String> scratchDatabases() throws java.sql.SQLException {
    return ScratchDatabase.leftovers(TestDatabase.serverTarget());
  }
}

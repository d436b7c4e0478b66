package dev.moments.server.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.db.Migrations;
import dev.moments.server.db.Pools;
import dev.moments.server.events.AppendResult;
import dev.moments.server.events.Event;
import dev.moments.server.events.EventWriter;
import dev.moments.server.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

/**
 * V27 on a database made by the earlier migrations that already holds events, some still waiting to
 * be folded: the table becomes the first partition as it is, every id stays deduplicated, the
 * worker folds the waiting ones, and the rollups equal rebuild-rollups. Lean in CI (20,000 events);
 * the timed run of server/README.md ("Event retention") passes {@code
 * -Dmoments.migration.events=1000000} and reads the printed time.
 */
class EventRetentionMigrationIT {
  static final int EVENTS = Integer.getInteger("moments.migration.events", 20_000);

  @Test
  void aDatabaseWithEventsMovesToTheDailyLayoutAndKeepsDeduplicatingAndFolding() {
    DatabaseTarget admin = TestDatabase.serverTarget();
    String name = "t" + ProcessHandle.current().pid() + "_retention_migration";
    TestDatabase.execute(admin, "CREATE DATABASE " + name);
    DatabaseTarget db = admin.withDatabase(name);
    // every migration before this one, whichever branches added them
    Flyway flyway =
        Flyway.configure()
            .dataSource(db.jdbcUrl(), db.user(), db.password())
            .locations("classpath:db/migration")
            .load();
    MigrationVersion previous =
        Arrays.stream(flyway.info().all())
            .map(MigrationInfo::getVersion)
            .filter(v -> v.compareTo(MigrationVersion.fromVersion("27")) < 0)
            .max(MigrationVersion::compareTo)
            .orElseThrow();
    Flyway.configure()
        .dataSource(db.jdbcUrl(), db.user(), db.password())
        .locations("classpath:db/migration")
        .target(previous)
        .load()
        .migrate();
    RollupFixture.declareExperimentA(db);
    // received over the 10 days before now, one exposure then four revenue conversions per unit
    TestDatabase.execute(
        db,
        """
        INSERT INTO events (id, type, unit_id, experiment, variant, metric, value, ts, received_at)
        SELECT 'm-' || g, CASE WHEN mod(g, 5) = 0 THEN 'exposure' ELSE 'conversion' END, 'u-' || (g / 5),
               CASE WHEN mod(g, 5) = 0 THEN 'exp-a' END, CASE WHEN mod(g, 5) = 0 THEN 'control' END,
               CASE WHEN mod(g, 5) = 0 THEN NULL ELSE 'revenue' END, CASE WHEN mod(g, 5) = 0 THEN NULL ELSE 1 END,
               timestamptz '2026-11-20 06:00:00+00' + g * interval '1 second',
               now() - interval '10 days' + g * (interval '10 days' / %d)
        FROM generate_series(0, %d) AS g"""
            .formatted(EVENTS, EVENTS - 1));
    TestDatabase.execute(
        db, "INSERT INTO event_inbox (part, seq) SELECT fold_partition(unit_id), seq FROM events");

    long start = System.nanoTime();
    Migrations.apply(db);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("V27 moved a database of %,d events in %.2f s%n", EVENTS, seconds);

    assertEquals(
        List.of("1"),
        TestDatabase.strings(
            db, "SELECT count(*) FROM pg_partitioned_table WHERE partrelid = 'events'::regclass"));
    assertEquals(
        List.of(EVENTS + ""), TestDatabase.strings(db, "SELECT count(*) FROM events_before_v27"));
    assertEquals(List.of(EVENTS + ""), TestDatabase.strings(db, "SELECT count(*) FROM event_ids"));
    assertEquals(
        List.of(EVENTS + ""),
        TestDatabase.strings(
            db,
            "SELECT count(*) FROM event_inbox i JOIN events e ON e.seq = i.seq"
                + " AND e.received_at = i.received_at"));

    Vertx vertx = Vertx.vertx();
    Pool pool = Pools.open(vertx, db, 4);
    try {
      EventWriter writer = new EventWriter(vertx, pool, 100_000);
      Instant ts = Instant.parse("2026-11-21T06:00:00Z");
      Event old = Event.conversion("m-7", "u-1", "revenue", 1, ts, null);
      Event fresh = Event.conversion("m-new", "u-1", "revenue", 1, ts, null);
      assertEquals(new AppendResult(1, 1), writer.append(List.of(old, fresh)).await());
      assertTrue(
          TestDatabase.strings(db, "SELECT tableoid::regclass::text FROM events WHERE id = 'm-new'")
              .get(0)
              .startsWith("events_2"),
          "a new event goes to its day's partition");
      RollupFixture.drain(pool);
      RollupRebuild.Result rebuilt = RollupRebuild.run(db);
      assertTrue(rebuilt.agree(), rebuilt.differences().toString());
      assertEquals(EVENTS + 1, rebuilt.events());
      assertTrue(rebuilt.rollupRows() > 0);
    } finally {
      pool.close().await();
      vertx.close().await();
    }
  }
}

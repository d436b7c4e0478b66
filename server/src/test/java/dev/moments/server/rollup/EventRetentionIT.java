package dev.moments.server.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.events.AppendResult;
import dev.moments.server.events.Event;
import dev.moments.server.events.EventPartitions;
import dev.moments.server.events.EventWriter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 19.4: raw events partitioned by the day they were received; the retention round drops whole
 * days (never one the fold still needs), ids stay deduplicated through the resend window after
 * their events are gone, rebuild-rollups refuses once events were dropped, and the fold's recount
 * of a unit checks its retained history. The round's clock is moved instead of waiting days:
 * received_at is the database's real time, so "in N days" is the clock N days ahead.
 */
class EventRetentionIT {
  @RegisterExtension final RollupDatabase database = new RollupDatabase();
  private EventWriter writer;
  private final Instant now = Instant.now();

  @BeforeEach
  void start() {
    writer = new EventWriter(database.vertx(), database.pool(), 100_000);
  }

  private EventPartitions.Round round(Duration ahead, OptionalInt days) {
    return new EventPartitions(
            database.pool(),
            Clock.fixed(now.plus(ahead), ZoneOffset.UTC),
            days,
            new SimpleMeterRegistry())
        .round()
        .await();
  }

  private long count(String sql) {
    return database.pool().query(sql).execute().await().iterator().next().getLong(0);
  }

  private static String dayPartition(Instant at) {
    return "events_"
        + DateTimeFormatter.BASIC_ISO_DATE.format(LocalDate.ofInstant(at, ZoneOffset.UTC));
  }

  private static Event conversion(String id, String unit, double value, Instant at) {
    return Event.conversion(id, unit, "revenue", value, at, null);
  }

  @Test
  void daysAreCreatedAheadAndAnEventLandsInTheDayItWasReceived() {
    // the migration made today and two days ahead; a round keeps DAYS_AHEAD ahead
    EventPartitions.Round first = round(Duration.ZERO, OptionalInt.empty());
    assertTrue(first.ran());
    assertEquals(1, first.created(), "today + 3 is the one day missing");
    assertEquals(0, round(Duration.ZERO, OptionalInt.empty()).created(), "nothing more to make");
    assertEquals(5, round(Duration.ofDays(5), OptionalInt.empty()).created());
    writer.append(List.of(conversion("d1", "u-day", 1, now))).await();
    assertEquals(
        dayPartition(Instant.now()),
        database
            .pool()
            .query("SELECT tableoid::regclass::text FROM events WHERE id = 'd1'")
            .execute()
            .await()
            .iterator()
            .next()
            .getString(0));
    // keep everything (the default): nothing is dropped however far the clock goes
    assertEquals(List.of(), round(Duration.ofDays(10), OptionalInt.empty()).dropped());
    assertEquals(1, count("SELECT count(*) FROM events"));
  }

  @Test
  void anIdStaysDeduplicatedThroughTheResendWindowAfterItsDayIsDropped() {
    Event sent = conversion("resent-1", "u-resend", 2, now);
    assertEquals(new AppendResult(1, 0), writer.append(List.of(sent)).await());
    RollupFixture.drain(database.pool());
    EventPartitions.Round dropped = round(Duration.ofDays(2), OptionalInt.of(1));
    assertTrue(dropped.dropped().contains(dayPartition(Instant.now())), dropped.toString());
    assertEquals(0, count("SELECT count(*) FROM events"), "the day is gone");
    assertEquals(0, dropped.idsForgotten(), "inside the window the id is kept");
    // a client resending it two days later (inside the 8-day window): still a duplicate
    assertEquals(new AppendResult(0, 1), writer.append(List.of(sent)).await());
    // once the window is past the id is forgotten, and the same id is a new event again
    EventPartitions.Round later =
        round(EventPartitions.RESEND_WINDOW.plusHours(1), OptionalInt.of(1));
    assertEquals(1, later.idsForgotten());
    assertEquals(new AppendResult(1, 0), writer.append(List.of(sent)).await());
  }

  @Test
  void aDayTheFoldStillNeedsIsKeptAndRebuildRollupsRefusesOnceADayIsGone() {
    assertTrue(RollupRebuild.run(database.db()).agree(), "before any drop the rebuild runs");
    writer.append(List.of(conversion("waiting-1", "u-wait", 1, now))).await();
    String today = dayPartition(Instant.now());
    assertFalse(round(Duration.ofDays(2), OptionalInt.of(1)).dropped().contains(today));
    assertEquals(1, count("SELECT count(*) FROM events"), "its event is still to be folded");
    RollupFixture.drain(database.pool());
    assertEquals(List.of(today), round(Duration.ofDays(2), OptionalInt.of(1)).dropped());
    long rollups = count("SELECT count(*) FROM rollups");
    RollupRebuild.Refused refused =
        assertThrows(RollupRebuild.Refused.class, () -> RollupRebuild.run(database.db()));
    assertTrue(refused.getMessage().contains("MOMENTS_EVENT_RETENTION_DAYS"), refused.getMessage());
    assertEquals(rollups, count("SELECT count(*) FROM rollups"), "nothing changed");
  }

  @Test
  void anotherServersRoundIsSkippedWhileOneRuns() throws SQLException {
    try (Connection other =
            DriverManager.getConnection(
                database.db().jdbcUrl(), database.db().user(), database.db().password());
        Statement s = other.createStatement()) {
      s.execute("SELECT pg_advisory_lock(" + EventPartitions.LOCK_KEY + ")");
      assertFalse(round(Duration.ZERO, OptionalInt.empty()).ran());
      // unlock before closing: a closed connection's backend frees its session locks only when
      // it exits, after close() has returned, so the next round could still find it held
      s.execute("SELECT pg_advisory_unlock(" + EventPartitions.LOCK_KEY + ")");
    }
    assertTrue(round(Duration.ZERO, OptionalInt.empty()).ran());
  }

  /**
   * A late event (dated before the unit's latest folded one) makes the fold recount the unit from
   * its raw events. Once its history was dropped that recount would be wrong: its events are left
   * out and counted; a unit whose history is all retained is recounted as before.
   */
  @Test
  void aLateEventIsRecountedOnlyForAUnitWhoseHistoryIsRetained() {
    Instant t0 = RandomEvents.START.plus(Duration.ofHours(2));
    String gone = "u-gone";
    writer
        .append(
            List.of(
                exposure("g-x", gone, t0),
                conversion("g-r1", gone, 3, t0.plus(Duration.ofHours(2)))))
        .await();
    RollupFixture.drain(database.pool());
    assertFalse(round(Duration.ofDays(2), OptionalInt.of(1)).dropped().isEmpty());
    // today's day was dropped, so these land in the default partition (kept: newer than the
    // cutoff's
    // round, which ran before they came)
    String kept = "u-kept";
    writer
        .append(
            List.of(
                exposure("k-x", kept, t0),
                conversion("k-r1", kept, 3, t0.plus(Duration.ofHours(2)))))
        .await();
    RollupFixture.drain(database.pool());
    double before = revenue();
    assertEquals(6, before, 1e-9);

    ExcludedEvents excluded = new ExcludedEvents();
    writer.append(List.of(conversion("g-r0", gone, 5, t0.plus(Duration.ofHours(1))))).await();
    drain(excluded);
    assertEquals(before, revenue(), 1e-9, "the unit whose history is gone is left as it was");
    assertEquals(1, excluded.byReason().get(ExcludedEvents.HISTORY_EXPIRED).sum());

    writer.append(List.of(conversion("k-r0", kept, 4, t0.plus(Duration.ofHours(1))))).await();
    drain(excluded);
    assertEquals(before + 4, revenue(), 1e-9, "the unit with its whole history is recounted");
    assertEquals(1, excluded.byReason().get(ExcludedEvents.HISTORY_EXPIRED).sum());
  }

  private Event exposure(String id, String unit, Instant at) {
    return Event.exposure(id, unit, "exp-a", RandomEvents.EXP_A.hashVariant(unit), at, false, null);
  }

  private void drain(ExcludedEvents excluded) {
    while (RollupWorker.runOnce(database.pool(), 1000, excluded).await() > 0) {
      // fold until the inbox is empty
    }
  }

  private double revenue() {
    return database
        .pool()
        .query(
            "SELECT coalesce(sum(sum), 0) FROM rollups WHERE experiment = 'exp-a' AND metric = 'revenue'"
                + " AND segment_attribute = ''")
        .execute()
        .await()
        .iterator()
        .next()
        .getDouble(0);
  }
}

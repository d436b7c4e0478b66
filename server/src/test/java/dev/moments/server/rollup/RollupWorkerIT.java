package dev.moments.server.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.events.Event;
import dev.moments.server.events.EventWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RollupWorkerIT {
  @RegisterExtension final RollupDatabase database = new RollupDatabase();

  private long count(String sql) {
    return database.pool().query(sql).execute().await().iterator().next().getLong(0);
  }

  @Test
  void rollupsEqualARecountWhateverTheArrivalOrderAndBatching() {
    RandomEvents random = new RandomEvents(42);
    List<Event> distinct = random.generate(600);
    List<Event> sent = random.arrivalOrder(distinct);
    RollupFixture.sendAndFoldRandomly(
        new EventWriter(database.vertx(), database.pool(), 100_000),
        database.pool(),
        sent,
        random.random());
    assertEquals(distinct.size(), count("SELECT count(*) FROM events"));
    assertEquals(0L, new RollupReader(database.pool()).pendingInbox().await());
    RollupFixture.assertRollupsMatchRecount(new RollupReader(database.pool()), distinct);
  }

  @Test
  void aDatabaseFoldedBeforeUnitStatesExistedRecountsUnitsWithoutOneAndAgrees() {
    RandomEvents random = new RandomEvents(21);
    List<Event> distinct = random.generate(500);
    List<Event> sent = random.arrivalOrder(distinct);
    EventWriter writer = new EventWriter(database.vertx(), database.pool(), 100_000);
    int third = sent.size() / 3;
    RollupFixture.sendAndFoldRandomly(
        writer, database.pool(), sent.subList(0, third), random.random());
    // as V3 leaves a database whose events were folded by the previous worker
    database.pool().query("DELETE FROM rollup_unit_state").execute().await();
    database.pool().query("UPDATE rollup_state_status SET complete = false").execute().await();
    RollupFixture.sendAndFoldRandomly(
        writer, database.pool(), sent.subList(third, 2 * third), random.random());
    long recounted = count("SELECT count(*) FROM rollup_unit_state");
    // the last third continues the states the recounts stored
    RollupFixture.sendAndFoldRandomly(
        writer, database.pool(), sent.subList(2 * third, sent.size()), random.random());
    RollupFixture.assertRollupsMatchRecount(new RollupReader(database.pool()), distinct);
    assertTrue(recounted > 0 && recounted < count("SELECT count(*) FROM rollup_unit_state"));
  }

  @Test
  void theRunningWorkerCatchesUpWithConcurrentRequests() throws InterruptedException {
    RandomEvents random = new RandomEvents(7);
    List<Event> distinct = random.generate(500);
    RollupWorker worker = RollupWorker.start(database.vertx(), database.pool());
    RollupWorker second = RollupWorker.start(database.vertx(), database.pool());
    try {
      RollupFixture.sendConcurrently(
          new EventWriter(database.vertx(), database.pool(), 100_000),
          random.arrivalOrder(distinct),
          random.random());
      RollupReader reader = new RollupReader(database.pool());
      for (int i = 0; i < 200 && reader.pendingInbox().await() > 0; i++) {
        Thread.sleep(50);
      }
      assertEquals(0L, reader.pendingInbox().await());
      RollupFixture.assertRollupsMatchRecount(reader, distinct);
    } finally {
      worker.stop().await();
      second.stop().await();
    }
  }

  @Test
  void aWorkerYieldingToABusyMachineStillFoldsEverythingAndReportsTheBacklog()
      throws InterruptedException {
    RandomEvents random = new RandomEvents(11);
    List<Event> distinct = random.generate(400);
    List<Event> sent = random.arrivalOrder(distinct);
    RollupFixture.sendConcurrently(
        new EventWriter(database.vertx(), database.pool(), 100_000), sent, random.random());
    RollupReader reader = new RollupReader(database.pool());
    long waiting = reader.pendingInbox().await();
    // the estimate also counts the sequence numbers resent duplicates used up (InboxCount.Claim)
    long resent = sent.size() - distinct.size();
    // always busy (load 1.0): batches of 7 events, each followed by a rest; on the injected ticker
    // every batch takes 1 ms, so every rest is the shortest (5 ms) however slowly the batches run
    // on a machine others load too (the real ticker made each rest twice a slow batch, and the
    // whole fold overran a fixed budget)
    java.util.concurrent.atomic.AtomicLong ticks =
        new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
    RollupWorker worker =
        RollupWorker.start(
            database.vertx(),
            database.pool(),
            new FoldPacing(0.5, 1_000, 7, 50, 5, 1_000_000),
            () -> 1.0,
            () -> ticks.addAndGet(1_000_000));
    try {
      long largestBacklog = 0;
      Stall stall = new Stall();
      for (long left = waiting; left > 0; left = reader.pendingInbox().await()) {
        stall.check(left);
        largestBacklog = Math.max(largestBacklog, worker.pendingEvents());
        Thread.sleep(25);
      }
      assertTrue(
          largestBacklog > 0 && largestBacklog <= waiting + resent,
          "backlog " + largestBacklog + " of " + waiting + " (+" + resent + " resent)");
      // the worker's estimate drops to 0 with its next batch, which finds the inbox empty
      for (Stall idle = new Stall(); worker.pendingEvents() > 0; Thread.sleep(25)) {
        idle.check(worker.pendingEvents());
      }
      RollupFixture.assertRollupsMatchRecount(reader, distinct);
    } finally {
      worker.stop().await();
    }
  }

  /**
   * Polls wait for a condition, not a fixed time; they fail only when what they wait on stops
   * moving for {@link #MS} (a stuck fold), however slowly it moves on a loaded machine.
   */
  private static final class Stall {
    static final long MS = 30_000;
    private long last = Long.MAX_VALUE;
    private long since = System.nanoTime();

    void check(long left) {
      long now = System.nanoTime();
      if (left < last) {
        last = left;
        since = now;
      }
      assertTrue(
          java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(now - since) < MS,
          "no progress for " + MS + " ms, " + left + " left");
    }
  }

  @Test
  void exposuresHoldOneRowPerExperimentAndUnitWithTheFirstVariant() {
    RandomEvents random = new RandomEvents(3);
    List<Event> distinct = random.generate(300);
    RollupFixture.sendAndFoldRandomly(
        new EventWriter(database.vertx(), database.pool(), 100_000),
        database.pool(),
        random.arrivalOrder(distinct),
        random.random());
    // a row per unit and experiment where the unit has a counted exposure (excluded ones give none)
    List<Event> firsts = firstCountedExposures(distinct);
    assertTrue(firsts.size() > 100, "standings: " + firsts.size());
    assertEquals(firsts.size(), count("SELECT count(*) FROM exposures"));
    for (Event first : firsts) {
      var row =
          database
              .pool()
              .preparedQuery(
                  "SELECT variant, first_at FROM exposures WHERE experiment = $1 AND unit_id = $2")
              .execute(io.vertx.sqlclient.Tuple.of(first.experiment(), first.unitId()))
              .await()
              .iterator()
              .next();
      assertEquals(first.variant(), row.getString(0));
      assertEquals(first.timestamp(), row.getOffsetDateTime(1).toInstant());
    }
    assertTrue(count("SELECT count(*) FROM exposures WHERE multiple") > 0);
    assertTrue(count("SELECT count(*) FROM exposures WHERE forced") > 0);
  }

  /**
   * An attribute value of thousands of characters (the write paths refuse them now; one stored
   * before, or by hand, stays) made a rollup key PostgreSQL refuses ("index row size exceeds"), and
   * the worker retried that batch for ever: no report of any experiment moved again. It is folded
   * under its first 256 code points.
   */
  @Test
  void aSegmentValueTooLongForAnIndexIsFoldedCutAndTheFoldGoesOn() {
    List<Event> distinct = new RandomEvents(8).generate(100);
    Event someExposure = distinct.stream().filter(Event::isExposure).findFirst().orElseThrow();
    String unit = "unit-with-a-long-device";
    // random, so that PostgreSQL cannot compress the key under its limit; emoji, so that the cut
    // must not split a surrogate pair
    java.util.Random random = new java.util.Random(5);
    StringBuilder longDevice = new StringBuilder();
    for (int i = 0; i < 3_000; i++) {
      longDevice.appendCodePoint(
          i % 2 == 0 ? 0x1F600 + random.nextInt(64) : 'a' + random.nextInt(26));
    }
    Event exposure =
        Event.exposure(
            "long-device-1",
            unit,
            "exp-a",
            RandomEvents.EXP_A.hashVariant(unit),
            someExposure.timestamp(),
            false,
            new io.vertx.core.json.JsonObject().put("device", longDevice.toString()));
    List<Event> sent = new ArrayList<>(distinct);
    sent.add(exposure);
    EventWriter writer = new EventWriter(database.vertx(), database.pool(), 100_000);
    writer.append(sent).await();
    RollupFixture.drain(database.pool());
    assertEquals(0L, new RollupReader(database.pool()).pendingInbox().await());
    String cut = longDevice.substring(0, longDevice.offsetByCodePoints(0, 256));
    var rows =
        database
            .pool()
            .preparedQuery(
                "SELECT count(*) FROM rollups WHERE segment_attribute = 'device' AND segment_value = $1"
                    + " AND metric = $2")
            .execute(io.vertx.sqlclient.Tuple.of(cut, RollupRow.UNITS))
            .await();
    assertEquals(1L, rows.iterator().next().getLong(0));
  }

  /**
   * The worker vacuums the inbox after {@link RollupWorker#VACUUM_EVERY} folded events, so the
   * partitions' heads the next batches read are not strewn with the dead rows of the last ones
   * (autovacuum looks once a minute). vacuum_count counts manual vacuums only, not autovacuum's.
   */
  @Test
  void theWorkerVacuumsTheInboxAfterFoldingManyEvents() throws InterruptedException {
    // autovacuum would take the inbox's vacuum lock for its own pass after these inserts, and the
    // worker's vacuum skips a locked table (SKIP_LOCKED): whether it ran then depended on the
    // timing
    database
        .pool()
        .query("ALTER TABLE event_inbox SET (autovacuum_enabled = false)")
        .execute()
        .await();
    long vacuums =
        count("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'event_inbox'");
    List<Event> events = new ArrayList<>();
    java.time.Instant at = java.time.Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < RollupWorker.VACUUM_EVERY + 1000; i++) {
      events.add(
          Event.conversion(
              "vacuum-" + i, "unit-" + (i % 5000), "signup", 1, at.plusMillis(i), null));
    }
    EventWriter writer = new EventWriter(database.vertx(), database.pool(), 100_000);
    for (int from = 0; from < events.size(); from += 5000) {
      writer.append(events.subList(from, Math.min(events.size(), from + 5000))).await();
    }
    RollupWorker worker = RollupWorker.start(database.vertx(), database.pool());
    try {
      RollupReader reader = new RollupReader(database.pool());
      for (int i = 0; i < 1200 && reader.pendingInbox().await() > 0; i++) {
        Thread.sleep(50);
      }
      assertEquals(0L, reader.pendingInbox().await());
    } finally {
      worker.stop().await();
    }
    // the statistics view is updated when a backend reports, at most a second later
    long after = vacuums;
    for (int i = 0; i < 100 && after == vacuums; i++) {
      Thread.sleep(50);
      database.pool().query("SELECT pg_stat_clear_snapshot()").execute().await();
      after = count("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'event_inbox'");
    }
    assertTrue(after > vacuums, "vacuums of event_inbox: " + vacuums + " -> " + after);
  }

  /** Each unit's first counted exposure per experiment, by the plain rule text (Recount). */
  private static List<Event> firstCountedExposures(List<Event> events) {
    Map<String, List<Event>> byUnit = events.stream().collect(Collectors.groupingBy(Event::unitId));
    List<Event> firsts = new ArrayList<>();
    byUnit.forEach(
        (unit, unitEvents) ->
            unitEvents.stream()
                .filter(Event::isExposure)
                .map(Event::experiment)
                .distinct()
                .map(experiment -> Recount.standing(unitEvents, experiment).first())
                .filter(Objects::nonNull)
                .forEach(firsts::add));
    return firsts;
  }
}

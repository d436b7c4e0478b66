package dev.moments.server.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.events.Event;
import dev.moments.server.events.EventWriter;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fold's guard: events PostgreSQL refuses to fold for their data ({@link FoldRefusals}) are
 * isolated and set aside, every other event is folded once, and the fold goes on. The bad events
 * are stored by hand, as an older server, a restored dump or a write path without today's limits
 * could have stored them: the parser refuses keys this long.
 */
class FoldGuardIT {
  @RegisterExtension final RollupDatabase database = new RollupDatabase();

  /**
   * Random letters, so that PostgreSQL cannot compress the key under a btree entry's limit (2704
   * bytes): the rollups' and metric_days' keys refuse it (SQLSTATE 54000).
   */
  private static String tooLongForAnIndex(long seed) {
    Random random = new Random(seed);
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < 4_000; i++) {
      key.append((char) ('a' + random.nextInt(26)));
    }
    return key.toString();
  }

  /** Stores an event as the writer does (its id, the event, its inbox row); answers its seq. */
  private long storeByHand(
      String id, String type, String unit, String experiment, String variant, String metric) {
    return database
        .pool()
        .preparedQuery(
            """
            WITH fresh AS (INSERT INTO event_ids (id) VALUES ($1) RETURNING id),
            stored AS (
              INSERT INTO events (id, type, unit_id, experiment, variant, metric, value, ts)
              SELECT id, $2, $3, $4, $5, $6, CASE WHEN $2 = 'conversion' THEN 1 END,
                     '2026-01-03T12:00:00Z' FROM fresh
              RETURNING seq, unit_id, received_at)
            INSERT INTO event_inbox (part, seq, received_at)
            SELECT fold_partition(unit_id), seq, received_at FROM stored RETURNING seq""")
        .execute(Tuple.of(id, type, unit, experiment, variant, metric))
        .await()
        .iterator()
        .next()
        .getLong(0);
  }

  /** An exposure naming an experiment key, and a conversion naming a metric, no index takes. */
  private Set<Long> storeTwoRefusedEvents() {
    Set<Long> seqs = new TreeSet<>();
    seqs.add(storeByHand("refused-exposure", "exposure", "u-1", tooLongForAnIndex(1), "a", null));
    seqs.add(
        storeByHand("refused-conversion", "conversion", "u-2", null, null, tooLongForAnIndex(2)));
    return seqs;
  }

  private Set<Long> refusedSeqs() {
    Set<Long> seqs = new TreeSet<>();
    database
        .pool()
        .query("SELECT seq, sqlstate FROM refused_events")
        .execute()
        .await()
        .forEach(
            r -> {
              assertEquals("54000", r.getString(1));
              seqs.add(r.getLong(0));
            });
    return seqs;
  }

  @Test
  void eventsTheDatabaseRefusesAreSetAsideAndEveryOtherEventIsFoldedOnce() {
    List<Event> distinct = new RandomEvents(8).generate(400);
    EventWriter writer = new EventWriter(database.vertx(), database.pool(), 100_000);
    writer.append(distinct.subList(0, 200)).await();
    Set<Long> refused = storeTwoRefusedEvents();
    writer.append(distinct.subList(200, distinct.size())).await();
    ExcludedEvents excluded = new ExcludedEvents();
    while (RollupWorker.runOnce(database.pool(), 1000, excluded).await() > 0) {
      // fold until the inbox is empty
    }
    RollupReader reader = new RollupReader(database.pool());
    assertEquals(0L, reader.pendingInbox().await());
    assertEquals(refused, refusedSeqs());
    assertEquals(
        distinct.size() + 2L,
        database
            .pool()
            .query("SELECT count(*) FROM events")
            .execute()
            .await()
            .iterator()
            .next()
            .getLong(0),
        "a refused event stays stored");
    RollupFixture.assertRollupsMatchRecount(reader, distinct);
    assertEquals(
        2L, excluded.byReason().get(ExcludedEvents.DATABASE_REFUSED).sum(), "/metrics' count");
    assertEquals(
        2L,
        reader.exclusionSummary(10).await().byReason().get(ExcludedEvents.DATABASE_REFUSED),
        "the events summary's count");
    RollupRebuild.Result rebuilt = RollupRebuild.run(database.db());
    assertTrue(rebuilt.agree(), String.join("\n", rebuilt.differences()));
    assertEquals(distinct.size(), rebuilt.events());
    RollupFixture.assertRollupsMatchRecount(reader, distinct);
  }

  @Test
  void theRunningWorkerGoesOnPastEventsTheDatabaseRefuses() throws InterruptedException {
    List<Event> distinct = new RandomEvents(9).generate(300);
    Set<Long> refused = storeTwoRefusedEvents();
    new EventWriter(database.vertx(), database.pool(), 100_000).append(distinct).await();
    RollupWorker worker = RollupWorker.start(database.vertx(), database.pool());
    try {
      RollupReader reader = new RollupReader(database.pool());
      // waits for the condition; before the guard the worker retried the first batch for ever
      for (int i = 0; i < 600 && reader.pendingInbox().await() > 0; i++) {
        Thread.sleep(50);
      }
      assertEquals(0L, reader.pendingInbox().await(), "the fold went on");
      assertEquals(refused, refusedSeqs());
      RollupFixture.assertRollupsMatchRecount(reader, distinct);
      assertEquals(
          2L, worker.excludedEvents().byReason().get(ExcludedEvents.DATABASE_REFUSED).sum());
    } finally {
      worker.stop().await();
    }
  }
}

package dev.moments.server.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.db.Pools;
import dev.moments.server.events.Event;
import dev.moments.server.events.EventWriter;
import dev.moments.server.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19.3: the backlog gauges and the fold's pacing read what the fold's own statements read
 * (the claim's count, the batch's partition heads) instead of probing every partition's head again
 * for each reader; what they show stays the exact backlog, read at most a period ago.
 */
class PendingEventsIT {
  private Vertx vertx;
  private Pool pool;

  @BeforeEach
  void start() {
    DatabaseTarget db = TestDatabase.fresh();
    vertx = Vertx.vertx();
    pool = Pools.open(vertx, db, 2);
  }

  @AfterEach
  void stop() {
    pool.close().await();
    vertx.close().await();
  }

  private void write(int events) {
    List<Event> batch = new ArrayList<>();
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < events; i++) {
      batch.add(Event.conversion("pending-" + i, "unit-" + i, "signup", 1, at, null));
    }
    new EventWriter(vertx, pool, 100_000).append(batch).await();
  }

  @Test
  void aFreshReadingOfTheWorkerIsShownWithoutAQueryAndAStaleOneIsReadAgain() throws Exception {
    write(30);
    RollupWorker.Backlog fresh = new RollupWorker.Backlog(42, 1.5, System.nanoTime());
    PendingEvents shown = PendingEvents.start(vertx, pool, () -> fresh);
    try {
      assertEquals(42, shown.value(), "the worker's reading, not the database's 30");
      assertEquals(1.5, shown.lagSeconds());
    } finally {
      shown.stop();
    }
    RollupWorker.Backlog stale =
        new RollupWorker.Backlog(42, 1.5, System.nanoTime() - 2_000_000_000L);
    PendingEvents read = PendingEvents.start(vertx, pool, () -> stale);
    try {
      for (int i = 0; i < 200 && read.value() != 30; i++) {
        Thread.sleep(20);
      }
      assertEquals(30, read.value(), "read from the database: the worker's is a period old");
      assertTrue(read.lagSeconds() >= 0 && read.lagSeconds() < 60, "lag " + read.lagSeconds());
    } finally {
      read.stop();
    }
  }

  @Test
  void theBatchReadsTheLagOfItsPartitionsAsTheInboxQueryDoes() throws Exception {
    write(200);
    Thread.sleep(1_200);
    List<Short> all = IntStream.range(0, 16).mapToObj(p -> (short) p).toList();
    Inbox.Batch batch = pool.withTransaction(conn -> Inbox.batch(conn, all, 1)).await();
    double inbox = InboxCount.backlog(pool).await().lagSeconds();
    assertTrue(batch.allPartitions());
    assertTrue(batch.lagMs() >= 1_200, "the oldest waited since it was written: " + batch.lagMs());
    assertTrue(
        Math.abs(batch.lagMs() / 1000.0 - inbox) < 1.0,
        "batch " + batch.lagMs() + " ms, inbox " + inbox + " s");
    Inbox.Batch some =
        pool.withTransaction(conn -> Inbox.batch(conn, List.of((short) 3), 1)).await();
    assertFalse(some.allPartitions(), "one partition's lag is not the whole inbox's");
    assertEquals(200, InboxCount.backlog(pool).await().events());
  }

  @Test
  void theWorkerPublishesTheBacklogItsBatchesRead() throws Exception {
    RollupWorker worker = RollupWorker.start(vertx, pool);
    try {
      write(50);
      for (int i = 0; i < 400 && InboxCount.backlog(pool).await().events() != 0; i++) {
        Thread.sleep(25);
      }
      assertEquals(0, InboxCount.backlog(pool).await().events(), "the worker folded the 50 events");
      // a reading from before the write (or from a batch that began before the last fold) counted
      // other events: wait for one that began after the inbox was seen empty
      long emptyAt = System.nanoTime();
      RollupWorker.Backlog seen = worker.lastBacklog();
      for (int i = 0; i < 400 && (seen == null || seen.readNanos() < emptyAt); i++) {
        Thread.sleep(25);
        seen = worker.lastBacklog();
      }
      assertTrue(seen != null && seen.readNanos() >= emptyAt, "a reading after the fold: " + seen);
      assertEquals(0, seen.events(), "all folded, as the claim counted: " + seen);
      assertEquals(0.0, seen.lagSeconds());
    } finally {
      worker.stop().await();
    }
  }
}

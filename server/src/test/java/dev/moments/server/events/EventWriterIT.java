package dev.moments.server.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.db.Pools;
import dev.moments.server.domain.InvalidException;
import dev.moments.server.domain.UnavailableException;
import dev.moments.server.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventWriterIT {
  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  private static DatabaseTarget db;
  private static Vertx vertx;
  private static Pool pool;

  @BeforeAll
  static void start() {
    db = TestDatabase.fresh();
    vertx = Vertx.vertx();
    pool = Pools.open(vertx, db, 4);
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    vertx.close().await();
  }

  private static Event exposure(String id, String unit) {
    return Event.exposure(
        id, unit, "exp", "control", T0, false, new JsonObject().put("device", "mobile"));
  }

  private static long count(String sql) {
    return pool.query(sql).execute().await().iterator().next().getLong(0);
  }

  @Test
  void duplicatesWithinAndAcrossBatchesAreCountedNotStored() {
    EventWriter writer = new EventWriter(vertx, pool, 10_000);
    AppendResult first =
        writer
            .append(List.of(exposure("w1", "u1"), exposure("w2", "u2"), exposure("w1", "u1")))
            .await();
    assertEquals(new AppendResult(2, 1), first);
    AppendResult second =
        writer.append(List.of(exposure("w2", "u2"), exposure("w3", "u3"))).await();
    assertEquals(new AppendResult(1, 1), second);
    assertEquals(3, count("SELECT count(*) FROM events WHERE id IN ('w1','w2','w3')"));
    assertEquals(
        3,
        count(
            "SELECT count(*) FROM event_inbox i JOIN events e USING (seq) WHERE e.id IN ('w1','w2','w3')"));
  }

  @Test
  void storesEveryColumn() {
    EventWriter writer = new EventWriter(vertx, pool, 10_000);
    Event conversion = Event.conversion("c-cols", "unit-\u00e9", "revenue", 12.5, T0, null);
    Event exposure =
        Event.exposure(
            "x-cols",
            "unit-\u00e9",
            "exp",
            "bold",
            T0.plusSeconds(1),
            true,
            new JsonObject().put("device", "mobile").put("returning", true).put("n", 3));
    writer.append(List.of(conversion, exposure)).await();
    Row c =
        pool.query(
                "SELECT type, unit_id, metric, value, ts, forced, attributes FROM events WHERE id = 'c-cols'")
            .execute()
            .await()
            .iterator()
            .next();
    assertEquals("conversion", c.getString(0));
    assertEquals("unit-\u00e9", c.getString(1));
    assertEquals("revenue", c.getString(2));
    assertEquals(12.5, c.getDouble(3));
    assertEquals(T0, c.getOffsetDateTime(4).toInstant());
    Row x =
        pool.query(
                "SELECT experiment, variant, forced, attributes, value FROM events WHERE id = 'x-cols'")
            .execute()
            .await()
            .iterator()
            .next();
    assertEquals("exp", x.getString(0));
    assertEquals("bold", x.getString(1));
    assertTrue(x.getBoolean(2));
    assertEquals(exposure.attributes(), x.getJsonObject(3));
    assertEquals(null, x.getValue(4));
  }

  @Test
  void aMemberTheDatabaseRefusesFailsAloneAndTheRestOfItsGroupIsStored() {
    // issue 17.1: one request's NUL character failed the whole group commit, and so every other
    // visitor's request that shared it. The edge refuses NUL now; this is the backstop.
    EventWriter writer = new EventWriter(vertx, pool, 10_000);
    Event poisoned = exposure("p-bad", "unit-\u0000-nul");
    // the first request is written alone; the next three wait for it and share a group
    List<Future<AppendResult>> results =
        appendTogether(
            writer,
            List.of(
                List.of(exposure("p-0", "u0")),
                List.of(exposure("p-1", "u1")),
                List.of(poisoned),
                List.of(exposure("p-2", "u2"), exposure("p-3", "u3"))));
    assertEquals(new AppendResult(1, 0), results.get(0).result());
    assertEquals(new AppendResult(1, 0), results.get(1).result());
    assertEquals(new AppendResult(2, 0), results.get(3).result());
    assertTrue(results.get(2).failed());
    InvalidException refused = assertInstanceOf(InvalidException.class, results.get(2).cause());
    assertEquals("invalid_text", refused.code());
    assertEquals(4, count("SELECT count(*) FROM events WHERE id LIKE 'p-%'"));
  }

  /**
   * Places the requests into the writer's queue in one task of its context, then awaits them all
   * (failed or not).
   */
  private static List<Future<AppendResult>> appendTogether(
      EventWriter writer, List<List<Event>> requests) {
    List<Future<AppendResult>> results = new ArrayList<>();
    Promise<Void> queued = Promise.promise();
    writer
        .context()
        .runOnContext(
            v -> {
              requests.forEach(r -> results.add(writer.append(r)));
              queued.complete();
            });
    queued.future().await();
    Future.join(results).otherwiseEmpty().await();
    return results;
  }

  private static List<List<Event>> singles(String prefix, int n) {
    List<List<Event>> requests = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      requests.add(List.of(exposure(prefix + i, "u" + i)));
    }
    return requests;
  }

  @Test
  void underLoadAGroupWaitsForAsManyEventsAsTheLastStatementCarried() {
    // issue 19.1: after a group of 5 completed, the next request went out alone and the four
    // arriving just after it formed a second statement; each statement costs PostgreSQL ~0.5 ms
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    EventWriter writer = new EventWriter(vertx, pool, 10_000, Duration.ZERO, meters);
    appendTogether(writer, singles("l-a", 6)); // one alone (an idle writer never waits), then 5
    double before = meters.counter("moments.writer.statements").count();
    List<Future<AppendResult>> next = appendTogether(writer, singles("l-b", 5));
    // one statement, one transaction: the five rows share their inserting transaction id
    assertEquals(1, count("SELECT count(DISTINCT xmin::text) FROM event_ids WHERE id LIKE 'l-b%'"));
    assertEquals(1, meters.counter("moments.writer.statements").count() - before);
    next.forEach(f -> assertEquals(new AppendResult(1, 0), f.result()));
    assertEquals(11, meters.counter("moments.writer.statement.events").count());
  }

  @Test
  void aLoneRequestAfterALargeGroupGoesOutWhenTheWaitEnds() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    EventWriter writer = new EventWriter(vertx, pool, 10_000, Duration.ZERO, meters);
    appendTogether(writer, singles("m-a", 11)); // 1, then a group of 10
    List<Future<AppendResult>> lone = appendTogether(writer, singles("m-b", 1));
    assertEquals(new AppendResult(1, 0), lone.get(0).result());
    assertEquals(3, meters.counter("moments.writer.statements").count());
    assertEquals(1, count("SELECT count(*) FROM events WHERE id = 'm-b0'"));
  }

  @Test
  void concurrentRequestsShareWritesAndSplitDuplicatesFairly() {
    EventWriter writer = new EventWriter(vertx, pool, 100_000);
    List<Future<AppendResult>> results = new ArrayList<>();
    for (int r = 0; r < 50; r++) {
      List<Event> events = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        // every id appears in two requests: exactly one of them gets it as accepted
        events.add(exposure("g-" + ((r / 2) * 100 + i), "u" + i));
      }
      results.add(writer.append(events));
    }
    Future.all(results).await();
    int accepted = results.stream().mapToInt(f -> f.result().accepted()).sum();
    int duplicates = results.stream().mapToInt(f -> f.result().duplicates()).sum();
    assertEquals(2500, accepted);
    assertEquals(2500, duplicates);
    assertEquals(2500, count("SELECT count(*) FROM events WHERE id LIKE 'g-%'"));
  }

  @Test
  void fullQueueIsUnavailableAndStoresNothingOfThatRequest() {
    EventWriter writer = new EventWriter(vertx, pool, 1000);
    List<Future<AppendResult>> results = new ArrayList<>();
    for (int r = 0; r < 5; r++) {
      List<Event> events = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        events.add(exposure("q-" + r + "-" + i, "u" + i));
      }
      results.add(writer.append(events));
    }
    Future.join(results).otherwiseEmpty().await();
    long failed = results.stream().filter(Future::failed).count();
    assertTrue(
        failed >= 1, "a writer holding at most 1000 queued events must refuse some of 5 x 1000");
    for (int r = 0; r < 5; r++) {
      Future<AppendResult> f = results.get(r);
      long stored = count("SELECT count(*) FROM events WHERE id LIKE 'q-" + r + "-%'");
      if (f.failed()) {
        assertInstanceOf(UnavailableException.class, f.cause());
        assertEquals(0, stored);
      } else {
        assertEquals(1000, f.result().accepted());
        assertEquals(1000, stored);
      }
    }
  }

  @Test
  void databaseDownIsUnavailableAndRecoversWithoutRestart() {
    DatabaseTarget own = TestDatabase.fresh();
    DatabaseTarget admin = TestDatabase.serverTarget();
    Pool ownPool = Pools.open(vertx, own, 2);
    try {
      EventWriter writer = new EventWriter(vertx, ownPool, 10_000);
      assertEquals(1, writer.append(List.of(exposure("d-1", "u1"))).await().accepted());
      TestDatabase.execute(admin, "ALTER DATABASE " + own.database() + " ALLOW_CONNECTIONS false");
      TestDatabase.execute(
          admin,
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
              + own.database()
              + "'");
      for (int attempt = 0; attempt < 3; attempt++) {
        assertThrows(
            UnavailableException.class,
            () -> writer.append(List.of(exposure("d-2", "u2"))).await());
      }
      TestDatabase.execute(admin, "ALTER DATABASE " + own.database() + " ALLOW_CONNECTIONS true");
      assertEquals(
          new AppendResult(1, 1),
          writer.append(List.of(exposure("d-2", "u2"), exposure("d-1", "u1"))).await());
    } finally {
      ownPool.close().await();
    }
  }
}

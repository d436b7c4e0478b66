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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RollupRebuildIT {
  private DatabaseTarget db;
  private Vertx vertx;
  private Pool pool;
  private List<Event> distinct;
  private RandomEvents random;

  @BeforeEach
  void start() {
    db = TestDatabase.fresh();
    RollupFixture.declareExperimentA(db);
    vertx = Vertx.vertx();
    pool = Pools.open(vertx, db, 4);
    random = new RandomEvents(11);
    distinct = random.generate(400);
  }

  @AfterEach
  void stop() {
    pool.close().await();
    vertx.close().await();
  }

  @Test
  void rebuildAgreesWithWhatTheWorkerFolded() {
    RollupFixture.sendAndFoldRandomly(
        new EventWriter(vertx, pool, 100_000),
        pool,
        random.arrivalOrder(distinct),
        random.random());
    RollupRebuild.Result result = RollupRebuild.run(db);
    assertTrue(result.agree(), String.join("\n", result.differences()));
    assertEquals(distinct.size(), result.events());
    assertEquals(0, result.pendingInbox());
    assertTrue(result.rollupRows() > 100);
    RollupFixture.assertRollupsMatchRecount(new RollupReader(pool), distinct);
  }

  @Test
  void rebuildNamesAndRepairsDamagedRows() {
    RollupFixture.sendAndFoldRandomly(
        new EventWriter(vertx, pool, 100_000),
        pool,
        random.arrivalOrder(distinct),
        random.random());
    TestDatabase.execute(
        db,
        """
        UPDATE rollups SET units = units + 1
        WHERE (experiment, metric, variant, day, segment_attribute, segment_value) =
              (SELECT experiment, metric, variant, day, segment_attribute, segment_value FROM rollups
               WHERE metric = '$units' ORDER BY day LIMIT 1)""");
    TestDatabase.execute(
        db, "DELETE FROM exposures WHERE unit_id = (SELECT min(unit_id) FROM exposures)");
    RollupRebuild.Result repaired = RollupRebuild.run(db);
    assertFalse(repaired.agree());
    assertEquals(
        1,
        repaired.differences().stream().filter(d -> d.startsWith("rollup ")).count(),
        String.join("\n", repaired.differences()));
    assertTrue(
        repaired.differences().stream().anyMatch(d -> d.startsWith("exposure rebuilt only")));
    RollupFixture.assertRollupsMatchRecount(new RollupReader(pool), distinct);
    assertTrue(RollupRebuild.run(db).agree());
  }

  @Test
  void rebuildFoldsWhatWasStillInTheInboxAndTheWorkerThenHasNothingLeft() {
    RollupFixture.sendConcurrently(
        new EventWriter(vertx, pool, 100_000), random.arrivalOrder(distinct), random.random());
    RollupRebuild.Result result = RollupRebuild.run(db);
    assertEquals(distinct.size(), result.pendingInbox());
    assertFalse(result.agree());
    assertEquals(0, RollupWorker.runOnce(pool, 1000).await());
    RollupFixture.assertRollupsMatchRecount(new RollupReader(pool), distinct);
  }

  @Test
  void anEmptyDatabaseAgreesWithNothing() {
    RollupRebuild.Result result = RollupRebuild.run(db);
    assertTrue(result.agree());
    assertEquals(0, result.events());
    assertEquals(0, result.rollupRows());
  }
}

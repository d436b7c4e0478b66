package dev.moments.server.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.events.Event;
import dev.moments.server.events.EventWriter;
import dev.moments.server.stats.CovariateMoments;
import dev.moments.server.testing.TestDatabase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RollupRebuildIT {
  @RegisterExtension final RollupDatabase database = new RollupDatabase();
  private List<Event> distinct;
  private RandomEvents random;

  @BeforeEach
  void start() {
    random = new RandomEvents(11);
    distinct = random.generate(400);
  }

  @Test
  void rebuildAgreesWithWhatTheWorkerFolded() {
    RollupFixture.sendAndFoldRandomly(
        new EventWriter(database.vertx(), database.pool(), 100_000),
        database.pool(),
        random.arrivalOrder(distinct),
        random.random());
    RollupRebuild.Result result = RollupRebuild.run(database.db());
    assertTrue(result.agree(), String.join("\n", result.differences()));
    assertEquals(distinct.size(), result.events());
    assertEquals(0, result.pendingInbox());
    assertTrue(result.rollupRows() > 100);
    RollupFixture.assertRollupsMatchRecount(new RollupReader(database.pool()), distinct);
  }

  /**
   * CUPED's sums: the per-day deltas the worker added (merged in SQL cell by cell) add up, day by
   * day, to the sums of every unit's contribution computed at once; the rebuild reproduces them,
   * and names and repairs a damaged one.
   */
  @Test
  void cupedSumsAddUpOverDaysToTheRecountAndTheRebuildReproducesThem() {
    RollupFixture.sendAndFoldRandomly(
        new EventWriter(database.vertx(), database.pool(), 100_000),
        database.pool(),
        random.arrivalOrder(distinct),
        random.random());
    Map<String, CovariateMoments> folded =
        cupedTotals(new RollupReader(database.pool()).rows("exp-a", null).await());
    Map<String, CovariateMoments> expected = cupedRecount();
    assertEquals(expected.keySet(), folded.keySet());
    assertTrue(expected.size() >= 6, "three metrics in two variants: " + expected.keySet());
    expected.forEach((k, e) -> BatchFoldTest.assertClose(e, folded.get(k), k));
    assertTrue(expected.get("revenue|bold").sumX(0) > 0, "some units had pre-period revenue");
    assertTrue(RollupRebuild.run(database.db()).agree());
    TestDatabase.execute(
        database.db(),
        """
        UPDATE rollups SET covariates[4] = covariates[4] + 1
        WHERE (experiment, metric, variant, day, segment_attribute, segment_value) =
              (SELECT experiment, metric, variant, day, segment_attribute, segment_value FROM rollups
               WHERE covariates IS NOT NULL ORDER BY day LIMIT 1)""");
    RollupRebuild.Result repaired = RollupRebuild.run(database.db());
    assertEquals(1, repaired.differences().size(), String.join("\n", repaired.differences()));
    Map<String, CovariateMoments> rebuilt =
        cupedTotals(new RollupReader(database.pool()).rows("exp-a", null).await());
    expected.forEach((k, e) -> BatchFoldTest.assertClose(e, rebuilt.get(k), k));
  }

  /** Each (metric|variant)'s CUPED sums over all days, from the rows of all units. */
  private static Map<String, CovariateMoments> cupedTotals(List<RollupRow> rows) {
    Map<String, CovariateMoments> totals = new TreeMap<>();
    for (RollupRow r : rows) {
      if (r.overall() && r.stats().covariates() != null) {
        totals.merge(
            r.metric() + "|" + r.variant(), r.stats().covariates(), CovariateMoments::plus);
      }
    }
    return totals;
  }

  /** The same from {@link Attribution} over each unit's events at once. */
  private Map<String, CovariateMoments> cupedRecount() {
    Map<String, List<StoredEvent>> byUnit = new HashMap<>();
    long seq = 0;
    for (Event e : distinct) {
      byUnit.computeIfAbsent(e.unitId(), k -> new ArrayList<>()).add(new StoredEvent(++seq, e));
    }
    Map<String, CovariateMoments> totals = new TreeMap<>();
    for (List<StoredEvent> events : byUnit.values()) {
      Attribution.of(events, RandomEvents.FACTS_CUPED)
          .cells()
          .forEach(
              (key, stats) -> {
                if (key.experiment().equals("exp-a")
                    && key.segmentAttribute().isEmpty()
                    && stats.covariates() != null) {
                  totals.merge(
                      key.metric() + "|" + key.variant(),
                      stats.covariates(),
                      CovariateMoments::plus);
                }
              });
    }
    totals.values().removeIf(CovariateMoments::isZero);
    return totals;
  }

  @Test
  void rebuildNamesAndRepairsDamagedRows() {
    RollupFixture.sendAndFoldRandomly(
        new EventWriter(database.vertx(), database.pool(), 100_000),
        database.pool(),
        random.arrivalOrder(distinct),
        random.random());
    TestDatabase.execute(
        database.db(),
        """
        UPDATE rollups SET units = units + 1
        WHERE (experiment, metric, variant, day, segment_attribute, segment_value) =
              (SELECT experiment, metric, variant, day, segment_attribute, segment_value FROM rollups
               WHERE metric = '$units' ORDER BY day LIMIT 1)""");
    TestDatabase.execute(
        database.db(),
        "DELETE FROM exposures WHERE unit_id = (SELECT min(unit_id) FROM exposures)");
    RollupRebuild.Result repaired = RollupRebuild.run(database.db());
    assertFalse(repaired.agree());
    assertEquals(
        1,
        repaired.differences().stream().filter(d -> d.startsWith("rollup ")).count(),
        String.join("\n", repaired.differences()));
    assertTrue(
        repaired.differences().stream().anyMatch(d -> d.startsWith("exposure rebuilt only")));
    RollupFixture.assertRollupsMatchRecount(new RollupReader(database.pool()), distinct);
    assertTrue(RollupRebuild.run(database.db()).agree());
  }

  @Test
  void rebuildFoldsWhatWasStillInTheInboxAndTheWorkerThenHasNothingLeft() {
    RollupFixture.sendConcurrently(
        new EventWriter(database.vertx(), database.pool(), 100_000),
        random.arrivalOrder(distinct),
        random.random());
    RollupRebuild.Result result = RollupRebuild.run(database.db());
    assertEquals(distinct.size(), result.pendingInbox());
    assertFalse(result.agree());
    assertEquals(0, RollupWorker.runOnce(database.pool(), 1000).await());
    RollupFixture.assertRollupsMatchRecount(new RollupReader(database.pool()), distinct);
  }

  @Test
  void anEmptyDatabaseAgreesWithNothing() {
    RollupRebuild.Result result = RollupRebuild.run(database.db());
    assertTrue(result.agree());
    assertEquals(0, result.events());
    assertEquals(0, result.rollupRows());
  }
}

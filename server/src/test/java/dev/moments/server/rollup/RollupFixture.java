package dev.moments.server.rollup;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.events.AppendResult;
import dev.moments.server.events.Event;
import dev.moments.server.events.EventWriter;
import dev.moments.server.experiment.MetricWindow;
import dev.moments.server.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Shared steps of the rollup tests: an experiment row with a funnel, sending events, comparing with
 * a recount.
 */
final class RollupFixture {
  static final List<String> FUNNEL_A = List.of("signup", "purchase");

  /** Revenue values are 1 to 20 with up to four per unit, so many totals exceed the cap. */
  static final double REVENUE_CAP_A = 25;

  /** Revenue per purchase, summed per unit uncapped (a ratio's parts are never capped). */
  static final Map<String, List<String>> RATIOS_A =
      Map.of("revenue_per_purchase", List.of("revenue", "purchase"));

  /**
   * Revenue counts in the unit's first three days only (a window shorter than the traffic, so many
   * conversions fall outside it); its rows are dated by the unit's exposure day.
   */
  static final MetricWindow REVENUE_WINDOW_A = new MetricWindow(Duration.ZERO, Duration.ofDays(3));

  static final FoldRules RULES_A =
      new FoldRules(
          FUNNEL_A,
          Map.of("revenue", REVENUE_CAP_A),
          RATIOS_A,
          Map.of("revenue", REVENUE_WINDOW_A));

  private RollupFixture() {}

  /**
   * The rows of {@link RandomEvents}'s experiments: exp-a declares a funnel (signup, then
   * purchase), caps revenue (a mean metric) and has a pause, exp-b is an ad experiment without a
   * funnel that stops on the last day; exp-ghost has no row at all. exp-a keeps CUPED's sums with a
   * 2-day lookback ({@link RandomEvents#EXP_A_CUPED}), exp-b none.
   */
  static void declareExperimentA(DatabaseTarget db) {
    TestDatabase.execute(
        db, "INSERT INTO moments (key, stage, name) VALUES ('fmot.hero', 'FMOT', 'Hero')");
    TestDatabase.execute(
        db, "INSERT INTO moments (key, stage, name) VALUES ('zmot.ad', 'ZMOT', 'Ad')");
    TestDatabase.execute(
        db,
        """
        INSERT INTO experiments (key, moment, name, status, salt, traffic_percent, variants, control, primary_metric,
                                 secondary_metrics, funnel, stats)
        VALUES ('exp-a', 'fmot.hero', 'A', 'running', 'salt-a', 100,
                '[{"key":"control","weight":60},{"key":"bold","weight":40}]', 'control',
                '{"key":"signup","type":"binomial"}',
                '[{"key":"purchase"},{"key":"revenue","type":"mean","cap":25,"window":{"start":"PT0S","end":"P3D"}},
                 {"key":"revenue_per_purchase","type":"ratio","numerator":"revenue","denominator":"purchase"}]', '["signup","purchase"]',
                '{"varianceReduction":"cuped","lookbackDays":2}'),
               ('exp-b', 'zmot.ad', 'B', 'stopped', 'salt-b', 100,
                '[{"key":"control","weight":60,"kind":"ad"},{"key":"x","weight":60,"kind":"ad"},
                  {"key":"y","weight":60,"kind":"ad"}]', 'control', '{"key":"signup","type":"binomial"}',
                '[]', '[]', '{"varianceReduction":"none"}')""");
    for (ExperimentFacts facts : List.of(RandomEvents.EXP_A, RandomEvents.EXP_B)) {
      for (ExperimentFacts.Transition t : facts.history()) {
        TestDatabase.execute(
            db,
            "INSERT INTO experiment_status_history (experiment, to_status, changed_at) VALUES ('"
                + facts.key()
                + "', '"
                + t.status()
                + "', '"
                + t.at()
                + "')");
      }
    }
  }

  /**
   * Sends the events in random batch sizes, one request at a time, folding random amounts in
   * between.
   */
  static void sendAndFoldRandomly(EventWriter writer, Pool pool, List<Event> sent, Random random) {
    int i = 0;
    while (i < sent.size()) {
      int size = Math.min(sent.size() - i, 1 + random.nextInt(300));
      writer.append(sent.subList(i, i + size)).await();
      i += size;
      if (random.nextBoolean()) {
        RollupWorker.runOnce(pool, 1 + random.nextInt(500)).await();
      }
    }
    drain(pool);
  }

  /** Sends all batches at once, as concurrent requests would. */
  static void sendConcurrently(EventWriter writer, List<Event> sent, Random random) {
    List<Future<AppendResult>> results = new ArrayList<>();
    int i = 0;
    while (i < sent.size()) {
      int size = Math.min(sent.size() - i, 1 + random.nextInt(300));
      results.add(writer.append(sent.subList(i, i + size)));
      i += size;
    }
    Future.all(results).await();
  }

  static void drain(Pool pool) {
    while (RollupWorker.runOnce(pool, 1000).await() > 0) {
      // fold until the inbox is empty
    }
  }

  static void assertRollupsMatchRecount(RollupReader reader, List<Event> distinct) {
    assertMatch(
        Recount.expected(distinct, "exp-a", RandomEvents.EXP_A.rules(), "device"),
        Recount.cumulative(reader.rows("exp-a", "device").await()),
        "exp-a");
    assertMatch(
        Recount.expected(distinct, "exp-b", RandomEvents.EXP_B.rules(), "channel"),
        Recount.cumulative(reader.rows("exp-b", "channel").await()),
        "exp-b");
    Map<String, double[]> ghost = Recount.cumulative(reader.rows(RandomEvents.GHOST, null).await());
    long ghostEvents =
        distinct.stream().filter(e -> RandomEvents.GHOST.equals(e.experiment())).count();
    double[] total =
        ghost.get(
            "$excluded:beforeStart||||"
                + RandomEvents.START
                    .plus(java.time.Duration.ofDays(RandomEvents.DAYS))
                    .toString()
                    .substring(0, 10)
                + "|");
    assertTrue(
        ghostEvents > 0 && total != null && total[0] == ghostEvents,
        "events of an experiment that does not exist are all before its start: " + ghostEvents);
  }

  static void assertMatch(
      Map<String, double[]> expected, Map<String, double[]> actual, String what) {
    assertTrue(
        expected.size() > 50, "the random data should fill many cells, got " + expected.size());
    List<String> differences = new ArrayList<>();
    for (String key : new TreeSet<>(union(expected, actual))) {
      double[] e = expected.getOrDefault(key, new double[4]);
      double[] a = actual.getOrDefault(key, new double[4]);
      for (int i = 0; i < 4; i++) {
        if (Math.abs(e[i] - a[i]) > 1e-6 * Math.max(1, Math.abs(e[i]))) {
          differences.add(key + " field " + i + ": expected " + e[i] + " got " + a[i]);
        }
      }
    }
    assertTrue(
        differences.isEmpty(),
        what
            + ": "
            + differences.size()
            + " differences, first: "
            + differences.subList(0, Math.min(20, differences.size())));
  }

  private static List<String> union(Map<String, double[]> a, Map<String, double[]> b) {
    List<String> keys = new ArrayList<>(a.keySet());
    keys.addAll(b.keySet());
    return keys;
  }
}

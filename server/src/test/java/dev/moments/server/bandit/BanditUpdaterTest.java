package dev.moments.server.bandit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.experiment.Allocation;
import dev.moments.server.experiment.Direction;
import dev.moments.server.experiment.Experiment;
import dev.moments.server.experiment.Metric;
import dev.moments.server.experiment.MetricWindow;
import dev.moments.server.experiment.Status;
import dev.moments.server.experiment.Variant;
import dev.moments.server.experiment.WeightUpdate;
import dev.moments.server.rollup.RollupRow;
import dev.moments.server.stats.MetricType;
import dev.moments.server.stats.SampleStats;
import dev.moments.server.store.BanditUpdates;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When an update is due and what it publishes, from the rollups alone. */
class BanditUpdaterTest {
  private static final Instant START = Instant.parse("2026-11-20T00:00:00Z");
  private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
  private static final Instant NOW = START.plus(Duration.ofDays(30));

  private static Experiment bandit(Metric primary, long burnIn) {
    return Experiment.builder()
        .key("ads")
        .moment("zmot.ads")
        .status(Status.RUNNING)
        .startedAt(START)
        .variants(List.of(Variant.of("a", 50), Variant.of("b", 50)))
        .control("a")
        .primaryMetric(primary)
        .allocation(new Allocation(Allocation.Type.BANDIT, Duration.ofHours(1), 0.05, burnIn))
        .sticky(true)
        .build();
  }

  /** 500 units an arm; each arm's metric total and sum of squares. */
  private static List<RollupRow> rows(Metric metric, double[] sums, double[] squares) {
    List<RollupRow> rows = new ArrayList<>();
    String[] arms = {"a", "b"};
    for (int i = 0; i < 2; i++) {
      rows.add(new RollupRow(RollupRow.UNITS, arms[i], DAY, "", "", SampleStats.units(500)));
      rows.add(
          new RollupRow(
              metric.key(),
              arms[i],
              DAY,
              "",
              "",
              new SampleStats(400, (long) sums[i], sums[i], squares[i])));
      rows.add(
          new RollupRow(RollupRow.UNITS, arms[i], DAY, "device", "mobile", SampleStats.units(9)));
    }
    return rows;
  }

  @Test
  void dueEveryPeriodFromTheStartOrTheLastUpdate() {
    Experiment e = bandit(Metric.binomial("signup"), 0);
    assertFalse(BanditUpdater.due(e, List.of(), START.plus(Duration.ofMinutes(59))));
    assertTrue(BanditUpdater.due(e, List.of(), START.plus(Duration.ofHours(1))));
    BanditUpdates.Stored last =
        new BanditUpdates.Stored(1, START.plus(Duration.ofHours(1)), Map.of(), Map.of(), 10);
    assertFalse(BanditUpdater.due(e, List.of(last), START.plus(Duration.ofMinutes(119))));
    assertTrue(BanditUpdater.due(e, List.of(last), START.plus(Duration.ofHours(2))));
    assertFalse(
        BanditUpdater.due(
            e.toBuilder().status(Status.STOPPED).build(),
            List.of(),
            START.plus(Duration.ofDays(1))),
        "a stopped bandit");
  }

  @Test
  void theBurnInKeepsTheEqualWeights() {
    Metric signup = Metric.binomial("signup");
    List<RollupRow> rows = rows(signup, new double[] {20, 80}, new double[] {20, 80});
    assertEquals(Optional.empty(), BanditUpdater.next(bandit(signup, 1001), 1, rows, NOW));
    WeightUpdate update = BanditUpdater.next(bandit(signup, 1000), 1, rows, NOW).orElseThrow();
    assertEquals(1000, update.units(), "the overall $units rows, not the segments'");
    assertTrue(update.weights().get("b") > 0.9, update.toString());
    assertEquals(0.05, update.weights().get("a"), 1e-9, "the floor");
  }

  @Test
  void aMetricToDecreaseFavoursTheLowerArmAndTheSeedMakesItRepeatable() {
    Metric refunds = new Metric("refund", MetricType.MEAN, null, Direction.DECREASE, null, null);
    // a: mean 1.0, b: mean 1.3, both with variance about 1
    List<RollupRow> rows = rows(refunds, new double[] {500, 650}, new double[] {1000, 1345});
    Experiment e = bandit(refunds, 0);
    WeightUpdate first = BanditUpdater.next(e, 3, rows, NOW).orElseThrow();
    assertTrue(first.probabilityBest().get("a") > 0.99, first.toString());
    assertEquals(
        first, BanditUpdater.next(e, 3, rows, NOW).orElseThrow(), "same update, same draws");
    assertTrue(BanditUpdater.seed("ads", 3) != BanditUpdater.seed("ads", 4));
  }

  /**
   * A 7-day signup window: the arms convert alike (20 % of 500 units each on the first day, both
   * matured), but on the last day arm a got 900 units and b 100, none of them matured: read as
   * non-converters they would sink a. The update is the one from the matured units alone.
   */
  @Test
  void aWindowedPrimaryIsSampledFromItsMaturedUnits() {
    Metric signup =
        Metric.binomial("signup").withWindow(new MetricWindow(Duration.ZERO, Duration.ofDays(7)));
    List<RollupRow> matured = rows(signup, new double[] {100, 100}, new double[] {100, 100});
    List<RollupRow> all = new ArrayList<>(matured);
    LocalDate last = DAY.plusDays(8);
    all.add(new RollupRow(RollupRow.UNITS, "a", last, "", "", SampleStats.units(900)));
    all.add(new RollupRow(RollupRow.UNITS, "b", last, "", "", SampleStats.units(100)));
    // the first day's windows closed by the end of day 8; the last day's are open
    Instant now = last.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plus(Duration.ofHours(1));
    Experiment e = bandit(signup, 0);
    WeightUpdate update = BanditUpdater.next(e, 2, all, now).orElseThrow();
    WeightUpdate fromMatured = BanditUpdater.next(e, 2, matured, now).orElseThrow();
    assertEquals(fromMatured.weights(), update.weights());
    assertEquals(fromMatured.probabilityBest(), update.probabilityBest());
    assertEquals(2000, update.units(), "the burn-in counts every unit");
    assertEquals(0.5, update.weights().get("a"), 0.2, update.toString());
  }
}

package dev.moments.server.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.sdk.VariantDefinition;
import dev.moments.server.events.Event;
import dev.moments.server.stats.SampleStats;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A recount's delta: the unit's contribution with the batch minus the one without it. */
class FoldTest {
  private static final Instant DAY1 = Instant.parse("2026-11-20T09:00:00Z");
  private static final Instant DAY2 = DAY1.plusSeconds(86_400);
  private static final LocalDate D1 = LocalDate.of(2026, 11, 20);
  private static final LocalDate D2 = D1.plusDays(1);

  private static RollupKey key(String metric, LocalDate day) {
    return new RollupKey("exp", metric, "bold", day, "", "");
  }

  /** An ad experiment: an ad click may name either variant. */
  private static final ExperimentFacts EXP =
      new ExperimentFacts(
          "exp",
          "s",
          List.of(
              new VariantDefinition("control", 1, null, "ad"),
              new VariantDefinition("bold", 1, null, "ad")),
          List.of(new ExperimentFacts.Transition("running", DAY1.minusSeconds(86_400))),
          new FoldRules(List.of("signup"), Map.of()));

  @Test
  void aFoldAddsTheDifferenceTheBatchMakes() {
    StoredEvent exposure =
        new StoredEvent(1, Event.exposure("x1", "u1", "exp", "bold", DAY1, false, null).asAd());
    StoredEvent revenue =
        new StoredEvent(2, Event.conversion("c1", "u1", "revenue", 2, DAY2, null));
    // a click on the other ad arrives in the batch: the unit leaves the statistics
    StoredEvent second =
        new StoredEvent(3, Event.exposure("x9", "u1", "exp", "control", DAY2, false, null).asAd());
    List<Inbox.LoadedEvent> loaded =
        List.of(
            new Inbox.LoadedEvent(exposure, false),
            new Inbox.LoadedEvent(revenue, false),
            new Inbox.LoadedEvent(second, true));
    Fold fold = Fold.of(Set.of(3L), Map.of("u1", loaded), e -> e.equals("exp") ? EXP : null);
    assertEquals(SampleStats.units(-1), fold.deltas().get(key("$units", D1)));
    assertEquals(SampleStats.units(1), fold.deltas().get(key("$multiple", D1)));
    assertEquals(new SampleStats(0, -1, -2, -4), fold.deltas().get(key("revenue", D2)));
    assertEquals(1, fold.exposures().size());
    assertTrue(fold.exposures().get(0).multiple());
  }

  @Test
  void aRefundTakingATotalBelowZeroCountsTheUnitUnderNegativeUntilItRecovers() {
    StoredEvent exposure =
        new StoredEvent(1, Event.exposure("x1", "u1", "exp", "bold", DAY1, false, null).asAd());
    StoredEvent buy = new StoredEvent(2, Event.conversion("c1", "u1", "revenue", 5, DAY1, null));
    StoredEvent refund =
        new StoredEvent(3, Event.conversion("c2", "u1", "revenue", -8, DAY2, null));
    Attribution.Contribution below =
        Attribution.of(List.of(exposure, buy, refund), e -> e.equals("exp") ? EXP : null);
    assertEquals(SampleStats.units(1), below.cells().get(key("$negative:revenue", D2)));
    StoredEvent again =
        new StoredEvent(4, Event.conversion("c3", "u1", "revenue", 4, DAY2.plusSeconds(60), null));
    List<Inbox.LoadedEvent> loaded =
        List.of(
            new Inbox.LoadedEvent(exposure, false),
            new Inbox.LoadedEvent(buy, false),
            new Inbox.LoadedEvent(refund, false),
            new Inbox.LoadedEvent(again, true));
    Fold fold = Fold.of(Set.of(4L), Map.of("u1", loaded), e -> e.equals("exp") ? EXP : null);
    assertEquals(SampleStats.units(-1), fold.deltas().get(key("$negative:revenue", D2)));
    UnitState state = below.state();
    Map<RollupKey, SampleStats> cells = new java.util.HashMap<>();
    assertTrue(
        state.add(again, e -> e.equals("exp") ? EXP : null, cells, new java.util.ArrayList<>()));
    assertEquals(SampleStats.units(-1), cells.get(key("$negative:revenue", D2)));
  }
}

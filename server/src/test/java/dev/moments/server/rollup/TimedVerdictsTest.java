package dev.moments.server.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.sdk.VariantDefinition;
import dev.moments.server.events.Event;
import dev.moments.server.events.Exclusion;
import dev.moments.server.stats.SampleStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A bandit's weights change every period (issue 21): an exposure is checked against the weights in
 * effect when it was made (and the previous ones, and ones a slow client clock may predate), not
 * against every set the experiment ever had; a sticky unit's later exposures keep its first arm.
 */
class TimedVerdictsTest {
  private static final Instant START = Instant.parse("2026-11-20T00:00:00Z");
  private static final Instant T1 = START.plus(Duration.ofDays(1));
  private static final Instant T2 = START.plus(Duration.ofDays(2));
  private static final List<VariantDefinition> EVEN = weights(50, 50);
  private static final List<VariantDefinition> MOSTLY_B = weights(1, 99);
  private static final List<VariantDefinition> MOSTLY_A = weights(99, 1);

  private static List<VariantDefinition> weights(double a, double b) {
    return List.of(
        new VariantDefinition("a", a, null, null), new VariantDefinition("b", b, null, null));
  }

  private static ExperimentFacts facts(
      List<VariantDefinition> now, ExperimentFacts.Replaced... earlier) {
    return ExperimentFacts.replaced(
        "exp",
        "s",
        now,
        List.of(earlier),
        List.of(new ExperimentFacts.Transition("running", START)),
        FoldRules.NONE);
  }

  private static ExperimentFacts only(List<VariantDefinition> variants) {
    return facts(variants);
  }

  /**
   * A unit whose hash gives {@code inFirst} with the first weights and the other arm with the
   * second.
   */
  private static String unit(
      List<VariantDefinition> first, List<VariantDefinition> second, String inFirst) {
    for (int i = 0; ; i++) {
      String unit = "u" + i;
      if (inFirst.equals(only(first).hashVariant(unit))
          && !inFirst.equals(only(second).hashVariant(unit))) {
        return unit;
      }
    }
  }

  private static Exclusion verdict(ExperimentFacts facts, String unit, String variant, Instant at) {
    Event e = Event.exposure("x-" + unit + at, unit, "exp", variant, at, false, null);
    return Verdicts.exposure(new StoredEvent(1, e), facts);
  }

  @Test
  void theWeightsOfTheExposuresTimeAndThePreviousOnesCount() {
    ExperimentFacts bandit = facts(MOSTLY_B, new ExperimentFacts.Replaced(EVEN, T1));
    String unit = unit(EVEN, MOSTLY_B, "a");
    assertNull(verdict(bandit, unit, "a", T1.minusSeconds(3600)), "the weights then gave a");
    assertNull(
        verdict(bandit, unit, "a", T1.plusSeconds(3600)), "a page holding the previous config");
    assertNull(verdict(bandit, unit, "b", T1.plusSeconds(3600)), "the weights of now give b");
    assertEquals(
        Exclusion.IMPLAUSIBLE_VARIANT,
        verdict(bandit, unit, "b", T1.minusSeconds(3600)),
        "an hour before the change no weights gave it b");
    assertNull(
        verdict(bandit, unit, "b", T1.minus(ExperimentFacts.CLOCK_SLACK).plusSeconds(1)),
        "a client clock a little behind ours");
  }

  /** Even weights until T1, 99/1 until T2, 90/10 since. */
  private static final ExperimentFacts THREE_SETS =
      facts(
          weights(90, 10),
          new ExperimentFacts.Replaced(EVEN, T1),
          new ExperimentFacts.Replaced(MOSTLY_A, T2));

  /** A unit only the first, even weights put in b (its bucket in [5000, 9000)). */
  private static String onlyEvenGivesB() {
    for (int i = 0; ; i++) {
      String u = "w" + i;
      if ("b".equals(only(EVEN).hashVariant(u))
          && "a".equals(only(MOSTLY_A).hashVariant(u))
          && "a".equals(only(weights(90, 10)).hashVariant(u))) {
        return u;
      }
    }
  }

  @Test
  void weightsTwoUpdatesOldNoLongerMakeAnExposurePlausible() {
    String unit = onlyEvenGivesB();
    Instant later = T2.plus(Duration.ofHours(5));
    assertTrue(THREE_SETS.hashGives(unit, "b"), "any weights ever: the old, permissive rule");
    assertFalse(THREE_SETS.hashGives(unit, "b", later));
    assertEquals(Exclusion.IMPLAUSIBLE_VARIANT, verdict(THREE_SETS, unit, "b", later));
    assertNull(verdict(THREE_SETS, unit, "b", T1.minusSeconds(60)), "when the even weights held");
    assertNull(verdict(THREE_SETS, unit, "b", T2.minusSeconds(60)), "the previous config then");
  }

  @Test
  void aStickyUnitsLaterExposuresInItsFirstArmAreRepeatsNotImplausible() {
    String unit = onlyEvenGivesB();
    Event first = Event.exposure("first", unit, "exp", "b", T1.minusSeconds(60), false, null);
    Event later =
        Event.exposure("later", unit, "exp", "b", T2.plus(Duration.ofDays(3)), false, null);
    List<StoredEvent> events = List.of(new StoredEvent(1, first), new StoredEvent(2, later));
    assertEquals(
        Exclusion.IMPLAUSIBLE_VARIANT,
        Verdicts.exposure(events.get(1), THREE_SETS),
        "days later the weights give a");
    UnitState state = new UnitState();
    Map<RollupKey, SampleStats> cells = new HashMap<>();
    List<UnitExposure> exposures = new ArrayList<>();
    for (StoredEvent s : events) {
      assertTrue(state.add(s, k -> THREE_SETS, cells, exposures));
    }
    assertEquals(1, exposures.size(), "one standing");
    assertEquals("b", exposures.get(0).variant());
    assertTrue(
        cells.keySet().stream().noneMatch(k -> k.metric().startsWith("$excluded")),
        "nothing counted as excluded: " + cells.keySet());
    Map<RollupKey, SampleStats> recount = Attribution.of(events, k -> THREE_SETS).cells();
    assertEquals(cells.keySet(), recount.keySet(), "the recount agrees");
  }
}

package dev.moments.server.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.sdk.VariantDefinition;
import dev.moments.server.events.Event;
import dev.moments.server.events.Exclusion;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A sticky experiment's weights change while it runs: an exposure stays plausible when the unit's
 * hash gave its variant with the weights of now or of before a change (issue 21), and only then.
 */
class StickyVerdictsTest {
  private static final Instant START = Instant.parse("2026-11-20T00:00:00Z");
  private static final List<VariantDefinition> EVEN =
      List.of(
          new VariantDefinition("a", 50, null, null), new VariantDefinition("b", 50, null, null));
  private static final List<VariantDefinition> MOSTLY_B =
      List.of(
          new VariantDefinition("a", 1, null, null), new VariantDefinition("b", 99, null, null));

  private static ExperimentFacts facts(List<List<VariantDefinition>> earlier) {
    return new ExperimentFacts(
        "exp",
        "s",
        MOSTLY_B,
        earlier,
        List.of(new ExperimentFacts.Transition("running", START)),
        FoldRules.NONE);
  }

  /** A unit the even split put in a, which the new weights put in b. */
  private static String movedUnit(ExperimentFacts now, ExperimentFacts before) {
    for (int i = 0; ; i++) {
      String unit = "u" + i;
      if ("a".equals(before.hashVariant(unit)) && "b".equals(now.hashVariant(unit))) {
        return unit;
      }
    }
  }

  private static Exclusion verdict(ExperimentFacts facts, String unit, String variant) {
    Event e = Event.exposure("x-" + unit, unit, "exp", variant, START.plusSeconds(60), false, null);
    return Verdicts.exposure(new StoredEvent(1, e), facts);
  }

  @Test
  void aUnitKeepsTheVariantItsHashGaveBeforeTheWeightsChanged() {
    ExperimentFacts sticky = facts(List.of(EVEN));
    ExperimentFacts fixed = facts(List.of());
    ExperimentFacts even =
        new ExperimentFacts(
            "exp",
            "s",
            EVEN,
            List.of(new ExperimentFacts.Transition("running", START)),
            FoldRules.NONE);
    String unit = movedUnit(fixed, even);
    assertNull(verdict(sticky, unit, "a"), "the variant it got before the change");
    assertNull(verdict(sticky, unit, "b"), "the variant the weights of now give");
    assertEquals(Exclusion.IMPLAUSIBLE_VARIANT, verdict(fixed, unit, "a"), "without the history");
    assertTrue(sticky.hashGives(unit, "a"));
    assertFalse(fixed.hashGives(unit, "a"));
  }

  @Test
  void aVariantNoWeightsEverGaveTheUnitStaysImplausible() {
    ExperimentFacts sticky = facts(List.of(MOSTLY_B, MOSTLY_B));
    for (int i = 0; i < 200; i++) {
      String unit = "v" + i;
      String other = "b".equals(sticky.hashVariant(unit)) ? "a" : "b";
      assertEquals(Exclusion.IMPLAUSIBLE_VARIANT, verdict(sticky, unit, other), unit);
    }
  }
}

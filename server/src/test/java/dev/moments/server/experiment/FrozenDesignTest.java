package dev.moments.server.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.domain.ConflictException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** After a group-sequential comparison's first recorded look its design is frozen. */
class FrozenDesignTest {
  private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
  private static final Instant FIRST_LOOK = Instant.parse("2026-11-21T00:05:00Z");
  private static final FrozenDesign.RecordedLooks LOOKED =
      new FrozenDesign.RecordedLooks(FIRST_LOOK, Set.of("signup", "bounce"));

  private static Experiment running() {
    Experiment draft =
        ExperimentChangesTest.draft().toBuilder()
            .guardrailMetrics(
                List.of(
                    new Metric("bounce", null, null, Direction.DECREASE, null, null),
                    Metric.binomial("refund")))
            .build();
    return ExperimentMoves.start(ExperimentChanges.create(draft, "salt", T0), List.of(), T0);
  }

  private static Experiment patched(Experiment e, JsonObject body) {
    return ExperimentChanges.patch(e, ExperimentJson.patch(body), List.of(), T0.plusSeconds(60));
  }

  private static String refusedField(JsonObject body) {
    Experiment before = running();
    Experiment after = patched(before, body);
    ConflictException refused =
        assertThrows(
            ConflictException.class, () -> FrozenDesign.check(before, after, LOOKED), body::encode);
    assertEquals(FrozenDesign.CODE, refused.code());
    assertTrue(refused.getMessage().contains(FIRST_LOOK.toString()), refused.getMessage());
    assertTrue(refused.getMessage().contains(refused.field()), refused.getMessage());
    return refused.field();
  }

  private static JsonObject stats(String field, Object value) {
    return new JsonObject().put("stats", new JsonObject().put(field, value));
  }

  @Test
  void eachDesignSettingIsFrozenAfterTheFirstLook() {
    assertEquals("stats.alpha", refusedField(stats("alpha", 0.1)));
    assertEquals("stats.spending", refusedField(stats("spending", "pocock")));
    assertEquals("stats.method", refusedField(stats("method", "always_valid")));
    assertEquals("stats.correction", refusedField(stats("correction", "none")));
    assertEquals("stats.power", refusedField(stats("power", 0.9)));
    assertEquals("stats.mde", refusedField(stats("mde", 0.2)));
    assertEquals("stats.baseline", refusedField(stats("baseline", 0.1)));
  }

  @Test
  void aMetricWithLooksKeepsItsRoleAndDirection() {
    assertEquals(
        "primaryMetric",
        refusedField(new JsonObject().put("primaryMetric", new JsonObject().put("key", "buy"))));
    JsonObject refund = new JsonObject().put("key", "refund");
    JsonObject bounceUp = new JsonObject().put("key", "bounce").put("direction", "increase");
    assertEquals(
        "guardrailMetrics",
        refusedField(new JsonObject().put("guardrailMetrics", new JsonArray().add(refund))),
        "a looked-at guardrail removed");
    assertEquals(
        "guardrailMetrics",
        refusedField(
            new JsonObject().put("guardrailMetrics", new JsonArray().add(bounceUp).add(refund))),
        "its direction turned");
  }

  @Test
  void whatIsNotTheDesignStaysEditable() {
    Experiment before = running();
    JsonObject bounce = new JsonObject().put("key", "bounce").put("direction", "decrease");
    for (JsonObject body :
        List.of(
            new JsonObject().put("name", "Bolder hero").put("hypothesis", "Bold wins"),
            new JsonObject().put("trafficPercent", 80),
            stats("alpha", 0.05), // the value it has: no change
            // a metric without looks (refund) may go, and a new one may come
            new JsonObject()
                .put("guardrailMetrics", new JsonArray().add(bounce))
                .put(
                    "secondaryMetrics", new JsonArray().add(new JsonObject().put("key", "buy"))))) {
      Experiment after = patched(before, body);
      FrozenDesign.check(before, after, LOOKED);
    }
    assertNull(FrozenDesign.changedField(before, patched(before, stats("alpha", 0.05)), Set.of()));
  }

  @Test
  void withoutALookThePlanAndTheMetricsMayChange() {
    Experiment before = running();
    Experiment after =
        patched(
            before,
            new JsonObject()
                .put("stats", new JsonObject().put("mde", 0.3).put("power", 0.9))
                .put("primaryMetric", "buy"));
    FrozenDesign.check(before, after, FrozenDesign.RecordedLooks.NONE);
    assertEquals(0.3, after.stats().mde());
  }

  /**
   * Trust: an always-valid p-value or a fixed-horizon interval can be read at any time, so the rule
   * that decides (method, alpha, spending, correction) is fixed once the experiment has started,
   * recorded look or not; a draft may still change it.
   */
  @Test
  void aStartedExperimentKeepsTheRuleThatDecidesWhateverItsMethod() {
    for (JsonObject change :
        List.of(
            stats("alpha", 0.1),
            stats("method", "fixed"),
            stats("spending", "pocock"),
            stats("correction", "none"))) {
      Experiment before = running();
      Experiment after = patched(before, change);
      ConflictException refused =
          assertThrows(
              ConflictException.class,
              () -> FrozenDesign.check(before, after, FrozenDesign.RecordedLooks.NONE),
              change::encode);
      assertEquals(FrozenDesign.CODE, refused.code());
      assertEquals(
          "stats." + change.getJsonObject("stats").fieldNames().iterator().next(), refused.field());
    }
    Experiment draft = ExperimentChanges.create(ExperimentChangesTest.draft(), "salt", T0);
    Experiment changed = patched(draft, stats("alpha", 0.1));
    FrozenDesign.check(draft, changed, FrozenDesign.RecordedLooks.NONE);
    assertEquals(0.1, changed.stats().alpha());
  }
}

package dev.moments.server.experiment;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.domain.ConflictException;
import dev.moments.server.domain.InvalidException;
import dev.moments.server.stats.MetricType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Issue 15 items 2, 3, 4 and 10 in the experiment model: directions, declared funnels, caps, the
 * FMOT preset and the largest plan an experiment may have.
 */
class MetricSemanticsTest {
  private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

  private static JsonObject body() {
    return new JsonObject()
        .put("key", "hero")
        .put("moment", "fmot.hero")
        .put("name", "Hero")
        .put(
            "variants",
            new JsonArray()
                .add(new JsonObject().put("key", "control").put("weight", 50))
                .add(new JsonObject().put("key", "bold").put("weight", 50)))
        .put("control", "control")
        .put("primaryMetric", "signup")
        .put(
            "secondaryMetrics",
            new JsonArray()
                .add(new JsonObject().put("key", "engaged"))
                .add(new JsonObject().put("key", "first_purchase")))
        .put(
            "guardrailMetrics",
            new JsonArray()
                .add(new JsonObject().put("key", "bounce").put("direction", "decrease")));
  }

  private static Experiment create(JsonObject body) {
    return ExperimentChanges.create(ExperimentJson.draft(body), "salt", T0);
  }

  private static void assertInvalid(String code, String field, Executable check) {
    InvalidException e = assertThrows(InvalidException.class, check);
    assertEquals(code, e.code(), e.getMessage());
    assertEquals(field, e.field(), e.getMessage());
  }

  @Test
  void everyMetricHasADirectionIncreaseUnlessSaid() {
    Experiment e = create(body());
    assertEquals(Direction.INCREASE, e.primaryMetric().direction());
    assertEquals(Direction.INCREASE, e.secondaryMetrics().get(0).direction());
    assertEquals(Direction.DECREASE, e.guardrailMetrics().get(0).direction());
    JsonObject json = ExperimentJson.toJson(e);
    assertEquals("increase", json.getJsonObject("primaryMetric").getString("direction"));
    assertEquals(
        "decrease", json.getJsonArray("guardrailMetrics").getJsonObject(0).getString("direction"));
  }

  @Test
  void aDeclaredFunnelIsKeptInItsOrder() {
    Experiment e =
        create(
            body()
                .put("funnel", new JsonArray().add("engaged").add("signup").add("first_purchase")));
    assertEquals(List.of("engaged", "signup", "first_purchase"), e.funnel().steps());
    assertEquals(
        new JsonArray().add("engaged").add("signup").add("first_purchase"),
        ExperimentJson.toJson(e).getJsonArray("funnel"));
    assertTrue(create(body()).funnel().isEmpty(), "no funnel unless one is declared");
  }

  @Test
  void aFunnelNamesMetricsOfTheExperimentOnceAndNoneToDecrease() {
    assertInvalid(
        "unknown_metric",
        "funnel[1]",
        () -> create(body().put("funnel", new JsonArray().add("signup").add("purchase"))));
    assertInvalid(
        "duplicate_metric",
        "funnel[2]",
        () ->
            create(
                body().put("funnel", new JsonArray().add("engaged").add("signup").add("engaged"))));
    assertInvalid(
        "invalid_field",
        "funnel[1]",
        () -> create(body().put("funnel", new JsonArray().add("signup").add("bounce"))));
  }

  @Test
  void theFunnelIsLockedOnceStartedAndItsMetricsStay() {
    Experiment draft = create(body().put("funnel", new JsonArray().add("engaged").add("signup")));
    Experiment changed =
        ExperimentChanges.patch(
            draft,
            ExperimentJson.patch(new JsonObject().put("funnel", new JsonArray().add("signup"))),
            List.of(),
            T0);
    assertEquals(List.of("signup"), changed.funnel().steps());
    Experiment running = ExperimentMoves.start(draft, List.of(), T0);
    ConflictException locked =
        assertThrows(
            ConflictException.class,
            () ->
                ExperimentChanges.patch(
                    running,
                    ExperimentJson.patch(
                        new JsonObject().put("funnel", new JsonArray().add("signup"))),
                    List.of(),
                    T0));
    assertEquals("field_locked", locked.code());
    assertTrue(locked.getMessage().contains("funnel"), locked.getMessage());
    assertInvalid(
        "unknown_metric",
        "funnel[0]",
        () ->
            ExperimentChanges.patch(
                running,
                ExperimentJson.patch(new JsonObject().put("secondaryMetrics", new JsonArray())),
                List.of(),
                T0));
  }

  @Test
  void onlyAMeanMetricCanBeCappedAndCapsAreLockedOnceStarted() {
    assertInvalid(
        "invalid_field",
        "secondaryMetrics[0].cap",
        () ->
            create(
                body()
                    .put(
                        "secondaryMetrics",
                        new JsonArray()
                            .add(new JsonObject().put("key", "engaged").put("cap", 3)))));
    JsonObject capped =
        body()
            .put(
                "secondaryMetrics",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("key", "revenue")
                            .put("type", "mean")
                            .put("unit", "€")
                            .put("cap", 500)));
    Experiment running = ExperimentMoves.start(create(capped), List.of(), T0);
    assertEquals(500.0, running.caps().get("revenue"));
    assertEquals("€", running.secondaryMetrics().get(0).unit());
    JsonObject recapped =
        new JsonObject()
            .put(
                "secondaryMetrics",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("key", "revenue")
                            .put("type", "mean")
                            .put("unit", "EUR")
                            .put("cap", 800)));
    assertEquals(
        "field_locked",
        assertThrows(
                ConflictException.class,
                () ->
                    ExperimentChanges.patch(running, ExperimentJson.patch(recapped), List.of(), T0))
            .code());
    recapped.getJsonArray("secondaryMetrics").getJsonObject(0).put("cap", 500);
    assertEquals(
        "EUR",
        ExperimentChanges.patch(running, ExperimentJson.patch(recapped), List.of(), T0)
            .secondaryMetrics()
            .get(0)
            .unit(),
        "the unit and everything but the cap may change");
  }

  /** Issue 15 item 10: bounce, engaged and time on page without declaring them by hand. */
  @Test
  void theFmotPresetAddsEngagedTimeOnPageAndABounceGuardrail() {
    Experiment e =
        create(
            body()
                .put("preset", "fmot")
                .put("secondaryMetrics", new JsonArray())
                .put("guardrailMetrics", new JsonArray()));
    assertEquals(
        List.of("engaged", "time_on_page"),
        e.secondaryMetrics().stream().map(Metric::key).toList());
    Metric time = e.secondaryMetrics().get(1);
    assertEquals(MetricType.MEAN, time.type());
    assertEquals("s", time.unit());
    assertEquals(1800.0, time.cap());
    assertEquals(Direction.INCREASE, e.secondaryMetrics().get(0).direction());
    Metric bounce = e.guardrailMetrics().get(0);
    assertEquals("bounce", bounce.key());
    assertEquals(Direction.DECREASE, bounce.direction());
  }

  @Test
  void thePresetLeavesAMetricTheRequestDeclaresAsItIs() {
    JsonObject body =
        body()
            .put("preset", "fmot")
            .put("primaryMetric", "engaged")
            .put(
                "secondaryMetrics",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("key", "time_on_page")
                            .put("type", "mean")
                            .put("unit", "min")))
            .put("guardrailMetrics", new JsonArray());
    Experiment e = create(body);
    assertEquals(List.of("time_on_page"), e.secondaryMetrics().stream().map(Metric::key).toList());
    assertEquals("min", e.secondaryMetrics().get(0).unit());
    assertEquals(null, e.secondaryMetrics().get(0).cap());
    assertEquals(List.of("bounce"), e.guardrailMetrics().stream().map(Metric::key).toList());
  }

  /**
   * Issue 15 item 4: weights so skewed that the plan exceeds 100 million visitors are refused with
   * the number. Baseline 0.023, mde 0.25: 11,967 per variant for a fixed test (R: power.prop.test
   * gives 11966.14); the default group-sequential O'Brien-Fleming design plans 11966.14 x 1.0496
   * (its inflation factor for 30 looks) = 12,560 per variant, as the report and /api/v1/power do.
   */
  @Test
  void aPlanBeyondAHundredMillionVisitorsIsRefusedWithTheNumber() {
    JsonObject planned =
        body()
            .put("stats", new JsonObject().put("baseline", 0.023).put("mde", 0.25))
            .put(
                "variants",
                new JsonArray()
                    .add(new JsonObject().put("key", "control").put("weight", 0.01))
                    .add(new JsonObject().put("key", "bold").put("weight", 99.99)));
    InvalidException e = assertThrows(InvalidException.class, () -> create(planned));
    assertEquals("variants[0].weight", e.field());
    // 12,560 x 100 / 0.01 = 125,600,000
    assertTrue(e.getMessage().contains("125,600,000 visitors (12,560 per variant"), e.getMessage());
    planned.getJsonArray("variants").getJsonObject(0).put("weight", 0.012);
    // 104,668,760: a fixed plan (99,725,000) would fit, the inflated one does not
    assertThrows(InvalidException.class, () -> create(planned));
    planned.getJsonArray("variants").getJsonObject(0).put("weight", 0.013);
    assertDoesNotThrow(() -> create(planned)); // about 96.6 million
  }

  @Test
  void withoutABaselineOnlyAbsurdWeightsAreRefused() {
    JsonObject skewed =
        body()
            .put(
                "variants",
                new JsonArray()
                    .add(new JsonObject().put("key", "control").put("weight", 0.001))
                    .add(new JsonObject().put("key", "bold").put("weight", 100)));
    // the default plan, 2,500 per variant, for 0.001 of 100.001 of the traffic: 250,002,500
    InvalidException e = assertThrows(InvalidException.class, () -> create(skewed));
    assertTrue(e.getMessage().contains("250,002,500 visitors"), e.getMessage());
  }

  @Test
  void anEffectTooSmallForAnyTrafficNamesTheMde() {
    JsonObject tiny =
        body().put("stats", new JsonObject().put("baseline", 0.0001).put("mde", 0.001));
    assertInvalid("invalid_field", "stats.mde", () -> create(tiny));
  }

  @Test
  void thePlanIsCheckedAgainWhenStatsChange() {
    Experiment e = ExperimentMoves.start(create(body()), List.of(), T0);
    JsonObject stats =
        new JsonObject().put("stats", new JsonObject().put("baseline", 0.0001).put("mde", 0.01));
    assertInvalid(
        "invalid_field",
        "stats.mde",
        () -> ExperimentChanges.patch(e, ExperimentJson.patch(stats), List.of(), T0));
    StatsSettings unchanged = e.stats();
    assertEquals(StatsSettings.DEFAULT, unchanged);
  }
}

package dev.moments.server.experiment;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.domain.InvalidException;
import dev.moments.server.stats.Correction;
import dev.moments.server.stats.MetricType;
import dev.moments.server.stats.PowerCalculator;
import dev.moments.server.stats.Spending;
import dev.moments.server.stats.TestMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ExperimentRulesTest {
  private static final Metric SIGNUP = Metric.binomial("signup");
  private static final Metric REVENUE = Metric.of("revenue", MetricType.MEAN);

  private static void assertInvalid(String code, String field, Executable check) {
    InvalidException e = assertThrows(InvalidException.class, check);
    assertEquals(code, e.code(), e.getMessage());
    assertEquals(field, e.field(), e.getMessage());
  }

  private static StatsSettings planned(Double baseline, double mde, Double stddev) {
    return new StatsSettings(0.05, 0.8, mde, true, Correction.HOLM, baseline, stddev);
  }

  @Test
  void variantsNeedUniqueKeysPositiveFiniteWeightsAndAtLeastTwo() {
    assertDoesNotThrow(
        () -> ExperimentRules.checkVariants(List.of(Variant.of("a", 1), Variant.of("b", 0.5))));
    assertInvalid(
        "duplicate_variant",
        "variants[2].key",
        () ->
            ExperimentRules.checkVariants(
                List.of(Variant.of("a", 1), Variant.of("b", 1), Variant.of("a", 1))));
    assertInvalid(
        "invalid_field",
        "variants[1].weight",
        () -> ExperimentRules.checkVariants(List.of(Variant.of("a", 1), Variant.of("b", 0))));
    assertInvalid(
        "invalid_field",
        "variants[0].weight",
        () ->
            ExperimentRules.checkVariants(
                List.of(Variant.of("a", Double.POSITIVE_INFINITY), Variant.of("b", 1))));
    assertInvalid(
        "invalid_field",
        "variants",
        () -> ExperimentRules.checkVariants(List.of(Variant.of("a", 1))));
  }

  @Test
  void theControlIsOneOfTheVariants() {
    List<Variant> variants = List.of(Variant.of("control", 1), Variant.of("bold", 1));
    assertDoesNotThrow(() -> ExperimentRules.checkControl("bold", variants));
    assertInvalid(
        "unknown_control", "control", () -> ExperimentRules.checkControl("classic", variants));
  }

  @Test
  void aMetricPlaysOneRole() {
    assertDoesNotThrow(() -> ExperimentRules.checkMetricRoles(SIGNUP, List.of(REVENUE), List.of()));
    assertInvalid(
        "duplicate_metric",
        "secondaryMetrics[1].key",
        () ->
            ExperimentRules.checkMetricRoles(
                SIGNUP, List.of(REVENUE, Metric.of("signup", MetricType.MEAN)), List.of()));
    assertInvalid(
        "duplicate_metric",
        "guardrailMetrics[0].key",
        () ->
            ExperimentRules.checkMetricRoles(
                SIGNUP, List.of(REVENUE), List.of(Metric.binomial("revenue"))));
  }

  @Test
  void aPlannedBaselineFitsThePrimaryMetric() {
    assertDoesNotThrow(() -> PlanRules.checkPlannedBaseline(StatsSettings.DEFAULT, SIGNUP));
    assertDoesNotThrow(() -> PlanRules.checkPlannedBaseline(planned(0.023, 0.25, null), SIGNUP));
    assertInvalid(
        "invalid_field",
        "stats.baseline",
        () -> PlanRules.checkPlannedBaseline(planned(1.0, 0.1, null), SIGNUP));
    assertInvalid(
        "invalid_field",
        "stats.mde",
        () -> PlanRules.checkPlannedBaseline(planned(0.95, 0.1, null), SIGNUP));
    assertInvalid(
        "invalid_field",
        "stats.stddev",
        () -> PlanRules.checkPlannedBaseline(planned(12.5, 0.1, null), REVENUE));
    assertDoesNotThrow(() -> PlanRules.checkPlannedBaseline(planned(12.5, 0.1, 30.0), REVENUE));
  }

  /**
   * The create/patch check reads the plan the report and /api/v1/power use: a group-sequential
   * design's fixed sample times its inflation factor (Pocock ~1.3 for 30 looks). At baseline 10 %
   * and mde +0.18 % the fixed test needs about 87 million visitors, O'Brien-Fleming about 92
   * million and Pocock about 113 million.
   */
  @Test
  void thePlanSizeCheckIncludesTheGroupSequentialInflation() {
    List<Variant> variants = List.of(Variant.of("control", 1), Variant.of("treatment", 1));
    long fixedPerVariant = PowerCalculator.binomial(0.1, 0.0018, 0.05, 0.8).unitsPerVariant();
    double pocock = PowerCalculator.plannedInflationFactor(Spending.POCOCK, 0.05, 0.8);
    assertTrue(2 * fixedPerVariant < PlanRules.MAX_PLANNED_UNITS, "fixed plan fits");
    assertTrue(2 * fixedPerVariant * pocock > PlanRules.MAX_PLANNED_UNITS, "Pocock's not");
    assertDoesNotThrow(
        () -> PlanRules.checkPlanSize(variants, SIGNUP, design(TestMethod.FIXED, null)));
    assertDoesNotThrow(
        () ->
            PlanRules.checkPlanSize(
                variants, SIGNUP, design(TestMethod.GROUP_SEQUENTIAL, Spending.OBRIEN_FLEMING)));
    InvalidException refused =
        assertThrows(
            InvalidException.class,
            () ->
                PlanRules.checkPlanSize(
                    variants, SIGNUP, design(TestMethod.GROUP_SEQUENTIAL, Spending.POCOCK)));
    assertEquals("stats.mde", refused.field(), refused.getMessage());
    long inflatedPerVariant =
        PowerCalculator.sequentialPlan(PowerCalculator.binomial(0.1, 0.0018, 0.05, 0.8), pocock, 0)
            .unitsPerVariant();
    assertTrue(
        refused
            .getMessage()
            .contains(String.format(Locale.ROOT, "%,d per variant", inflatedPerVariant)),
        refused.getMessage());
  }

  private static StatsSettings design(TestMethod method, Spending spending) {
    return new StatsSettings(
        0.05,
        0.8,
        0.0018,
        method,
        spending == null ? Spending.OBRIEN_FLEMING : spending,
        Correction.HOLM,
        0.1,
        null);
  }

  @Test
  void targetingMustBeWhatTheSdksCanParse() {
    assertDoesNotThrow(() -> ExperimentRules.checkTargeting(null));
    JsonObject mobile =
        new JsonObject()
            .put("attribute", "device")
            .put("op", "in")
            .put("values", new JsonArray().add("mobile"));
    assertDoesNotThrow(() -> ExperimentRules.checkTargeting(mobile));
    JsonObject eqWithoutValue = new JsonObject().put("attribute", "device").put("op", "eq");
    assertInvalid(
        "invalid_field", "targeting", () -> ExperimentRules.checkTargeting(eqWithoutValue));
  }

  @Test
  void aRolloutNamesAVariant() {
    Experiment e =
        Experiment.builder()
            .key("hero")
            .primaryMetric(SIGNUP)
            .variants(List.of(Variant.of("control", 1), Variant.of("bold", 1)))
            .build();
    assertDoesNotThrow(() -> ExperimentRules.checkRollout(null, e));
    assertDoesNotThrow(() -> ExperimentRules.checkRollout("bold", e));
    assertInvalid("unknown_variant", "rollout", () -> ExperimentRules.checkRollout("loud", e));
  }

  /** Issue 20 item 13: a variant's url is a page of the team's, never a script or another host. */
  @Test
  void aVariantUrlIsAnHttpPageOrAPathOnTheSite() {
    for (String good :
        new String[] {
          "https://shop.example.com/b?x=1#top", "http://localhost:3000/b", "/landing-b"
        }) {
      assertDoesNotThrow(() -> ExperimentRules.checkUrl(good, "variants[0].url"), good);
    }
    for (String bad :
        new String[] {
          "javascript:alert(1)",
          "//evil.example/x",
          "/\\evil.example",
          "/b\r\nSet-Cookie: x=1",
          "https://user:pw@shop.example.com/",
          "ftp://shop.example.com/",
          "landing-b",
          "https:///nohost"
        }) {
      InvalidException e =
          assertThrows(
              InvalidException.class, () -> ExperimentRules.checkUrl(bad, "variants[1].url"), bad);
      assertEquals("variants[1].url", e.field(), bad);
    }
  }
}

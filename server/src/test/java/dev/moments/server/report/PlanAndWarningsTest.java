package dev.moments.server.report;

import static dev.moments.server.report.Fixtures.START;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moments.server.experiment.Funnel;
import dev.moments.server.experiment.StatsSettings;
import dev.moments.server.experiment.Status;
import dev.moments.server.stats.Correction;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 15 items 4 (plans on the smallest arm's share) and 9 (metrics nobody declares). */
class PlanAndWarningsTest {

  private static ExperimentSpec split(double control, double bold, StatsSettings stats) {
    return new ExperimentSpec(
        "x",
        Status.RUNNING,
        "m",
        "FMOT",
        List.of(new VariantSpec("control", control), new VariantSpec("bold", bold)),
        "control",
        List.of(Fixtures.primary("signup")),
        Funnel.NONE,
        stats,
        START);
  }

  /**
   * The example: a 10/90 experiment after 1,000 visitors said "22,934 more visitors"; the
   * control at 10 % needs 11,967 units (R: power.prop.test(p1 = 0.023, p2 = 0.02875, power = 0.8)
   * gives n = 11966.14), so 119,670 visitors in all.
   */
  @Test
  void aTenNinetySplitPlansForTheControlsShare() {
    StatsSettings planned = new StatsSettings(0.05, 0.8, 0.25, true, Correction.HOLM, 0.023, null);
    Fixtures.Rows rows =
        new Fixtures.Rows()
            .units("control", 0, 100)
            .units("bold", 0, 900)
            .conversions("signup", "control", 0, 2)
            .conversions("signup", "bold", 0, 21);
    JsonObject decision =
        ReportBuilder.build(ReportInput.of(split(10, 90, planned), rows.list(), START))
            .getJsonObject("decision");
    assertEquals(11967, decision.getLong("plannedUnitsPerVariant"));
    assertEquals(119670, decision.getLong("plannedTotalUnits"));
    assertEquals(118670, decision.getLong("unitsNeeded"));
    assertEquals(119670, decision.getLong("plannedTotalUnits"));
    JsonObject even =
        ReportBuilder.build(ReportInput.of(split(50, 50, planned), rows.list(), START))
            .getJsonObject("decision");
    assertEquals(23934, even.getLong("plannedTotalUnits"));
  }

  @Test
  void theAlwaysValidIntervalsAreTunedForTheWholePlan() {
    StatsSettings planned = new StatsSettings(0.05, 0.8, 0.25, true, Correction.HOLM, 0.023, null);
    JsonObject report = ReportBuilder.build(ReportInput.of(split(1, 3, planned), List.of(), START));
    // 11,967 for a quarter of the traffic: 47,868 in all
    assertEquals(47868, report.getJsonObject("stats").getLong("sequentialTuningUnits"));
  }

  private static Fixtures.Rows withTypo() {
    return new Fixtures.Rows()
        .units("control", 0, 500)
        .units("bold", 0, 500)
        .conversions("signup", "control", 0, 50)
        .conversions("sigup", "control", 0, 200)
        .conversions("sigup", "bold", 0, 212)
        .conversions("first_purchase", "bold", 0, 7);
  }

  @Test
  void conversionsForAMetricNoExperimentDeclaresAreAWarning() {
    JsonArray warnings =
        ReportBuilder.build(
                ReportInput.of(
                        Fixtures.spec(Fixtures.fixed(0.1), Fixtures.primary("signup")),
                        withTypo().list(),
                        START)
                    .withDeclaredMetrics(Set.of("signup", "first_purchase")))
            .getJsonArray("warnings");
    assertEquals(
        new JsonArray()
            .add(
                new JsonObject()
                    .put("code", "undeclared_metric")
                    .put("metric", "sigup")
                    .put("conversions", 412L)
                    .put("suggestion", "signup")
                    .put(
                        "message",
                        "412 conversions for `sigup`, which no metric declares; did you mean"
                            + " `signup`?")),
        warnings);
  }

  @Test
  void aMetricAnotherExperimentDeclaresIsNoWarning() {
    JsonArray warnings =
        ReportBuilder.build(
                ReportInput.of(
                        Fixtures.spec(Fixtures.fixed(0.1), Fixtures.primary("signup")),
                        withTypo().list(),
                        START)
                    .withDeclaredMetrics(Set.of("sigup", "first_purchase")))
            .getJsonArray("warnings");
    assertEquals(new JsonArray(), warnings);
  }

  @Test
  void aKeyFarFromEveryDeclaredOneGetsNoSuggestion() {
    assertEquals(null, Warnings.closest("checkout_started", Set.of("signup", "refund")));
    assertEquals("signup", Warnings.closest("sigup", Set.of("signup", "refund")));
    assertEquals(2, dev.moments.server.domain.Typos.distance("signup", "sginup"));
  }
}

package dev.moments.server.report;

import static dev.moments.server.report.Fixtures.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.experiment.Funnel;
import dev.moments.server.experiment.StatsSettings;
import dev.moments.server.experiment.Status;
import dev.moments.server.stats.Close;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DecisionTest {

  private static JsonObject decide(StatsSettings stats, Fixtures.Rows rows, MetricSpec... metrics) {
    return ReportBuilder.build(
            ReportInput.of(Fixtures.spec(stats, metrics), rows.list(), START.plusDays(3)))
        .getJsonObject("decision");
  }

  private static Fixtures.Rows strongWin() {
    return new Fixtures.Rows()
        .binomial("signup", "control", 3000, 1396)
        .binomial("signup", "bold", 3000, 2100);
  }

  @Test
  void sequentialDeclaresAWinnerWithAMarketerSentence() {
    JsonObject decision = decide(Fixtures.sequential(0.1), strongWin(), Fixtures.primary("signup"));
    assertEquals("winner", decision.getString("outcome"));
    assertEquals("bold", decision.getString("winner"));
    assertTrue(
        decision
            .getString("reason")
            .matches(
                "Bold beats Control on signup by \\+50% \\(95% interval \\+\\d+% to \\+\\d+%\\); roll it out\\."),
        decision.getString("reason"));
  }

  @Test
  void fixedHorizonWaitsForThePlannedSampleBeforeCallingIt() {
    JsonObject decision = decide(Fixtures.fixed(0.02), strongWin(), Fixtures.primary("signup"));
    assertEquals("keep_running", decision.getString("outcome"));
    assertNull(decision.getValue("winner"));
    assertTrue(decision.getLong("unitsNeeded") > 0);
  }

  @Test
  void guardrailHarmBlocksTheWinner() {
    Fixtures.Rows rows =
        strongWin().binomial("refund", "control", 0, 30).binomial("refund", "bold", 0, 90);
    JsonObject decision =
        decide(
            Fixtures.sequential(0.1),
            rows,
            Fixtures.primary("signup"),
            Fixtures.guardrail("refund"));
    assertEquals("guardrail_harm", decision.getString("outcome"));
    assertNull(decision.getValue("winner"));
    assertTrue(
        decision
            .getString("reason")
            .startsWith("Bold wins on signup (+50%) but raises refund by +200% (95% interval +"),
        decision.getString("reason"));
  }

  @Test
  void aGuardrailThatGoesDownIsNoHarm() {
    Fixtures.Rows rows =
        strongWin().binomial("refund", "control", 0, 90).binomial("refund", "bold", 0, 30);
    JsonObject decision =
        decide(
            Fixtures.sequential(0.1),
            rows,
            Fixtures.primary("signup"),
            Fixtures.guardrail("refund"));
    assertEquals("winner", decision.getString("outcome"));
  }

  @Test
  void controlWinsWhenEveryVariantIsWorse() {
    Fixtures.Rows rows =
        new Fixtures.Rows()
            .binomial("signup", "control", 3000, 2100)
            .binomial("signup", "bold", 3000, 1396);
    JsonObject decision = decide(Fixtures.sequential(0.1), rows, Fixtures.primary("signup"));
    assertEquals("winner", decision.getString("outcome"));
    assertEquals("control", decision.getString("winner"));
    assertEquals(
        "Every variant does worse than Control on signup; keep Control.",
        decision.getString("reason"));
  }

  /** chisq p for 1000 vs 1200 at 50/50: reference.R line 44. */
  @Test
  void brokenSplitStopsEverything() {
    Fixtures.Rows rows =
        new Fixtures.Rows()
            .binomial("signup", "control", 1000, 300)
            .binomial("signup", "bold", 1200, 600);
    JsonObject report =
        ReportBuilder.build(
            ReportInput.of(
                Fixtures.spec(Fixtures.sequential(0.1), Fixtures.primary("signup")),
                rows.list(),
                START));
    assertEquals("srm", report.getJsonObject("decision").getString("outcome"));
    assertEquals(false, report.getJsonObject("srm").getBoolean("ok"));
    Close.relative(
        2.00786561243e-05, report.getJsonObject("srm").getDouble("pValue"), 1e-6, "srm p");
  }

  /** Baseline 0.1, mde 0.1: 14,751 per variant (reference.R line 32: 14750.79). */
  @Test
  void noDifferenceOncePlannedSampleIsReached() {
    Fixtures.Rows rows =
        new Fixtures.Rows()
            .binomial("signup", "control", 15000, 1500)
            .binomial("signup", "bold", 15000, 1500);
    JsonObject decision = decide(Fixtures.fixed(0.1), rows, Fixtures.primary("signup"));
    assertEquals("no_difference", decision.getString("outcome"));
    assertEquals(14751, decision.getLong("plannedUnitsPerVariant"));
    assertEquals(0, decision.getLong("unitsNeeded"));
    assertEquals(
        "No variant beats Control on signup after the planned 29,502 visitors; keep Control or test a bolder change.",
        decision.getString("reason"));
  }

  @Test
  void aVariantThatIsOnlyWorseIsNoWinnerOnceThePlanIsReached() {
    ExperimentSpec spec =
        new ExperimentSpec(
            "x",
            Status.RUNNING,
            "m",
            "FMOT",
            List.of(
                new VariantSpec("control", 1), new VariantSpec("a", 1), new VariantSpec("b", 1)),
            "control",
            List.of(Fixtures.primary("signup")),
            Funnel.NONE,
            Fixtures.fixed(0.1),
            START);
    Fixtures.Rows rows =
        new Fixtures.Rows()
            .binomial("signup", "control", 16000, 1600)
            .binomial("signup", "a", 16000, 1300)
            .binomial("signup", "b", 16000, 1610);
    JsonObject decision =
        ReportBuilder.build(ReportInput.of(spec, rows.list(), START.plusDays(3)))
            .getJsonObject("decision");
    assertEquals("no_difference", decision.getString("outcome"));
    assertNull(decision.getValue("winner"));
  }

  @Test
  void aWinnerNeedsEnoughConversions() {
    Fixtures.Rows rows =
        new Fixtures.Rows()
            .binomial("signup", "control", 400, 2)
            .binomial("signup", "bold", 400, 24);
    JsonObject decision = decide(Fixtures.sequential(0.1), rows, Fixtures.primary("signup"));
    assertEquals("keep_running", decision.getString("outcome"));
  }

  @Test
  void daysLeftUsesTheLastSevenDaysWithTraffic() {
    TreeMap<LocalDate, Long> daily = new TreeMap<>();
    for (int day = 0; day < 10; day++) {
      daily.put(START.plusDays(day), day < 3 ? 10_000L : 100L);
    }
    daily.put(START.plusDays(10), 0L);
    assertEquals(10, Decision.daysLeft(1000, daily));
    assertEquals(0, Decision.daysLeft(0, daily));
    assertNull(Decision.daysLeft(1000, new TreeMap<>()));
  }

  @Test
  void percentagesReadNaturally() {
    assertEquals(
        List.of("+26%", "-3.5%", "+0.0%"),
        List.of(Reasons.percent(0.26), Reasons.percent(-0.035), Reasons.percent(0)));
  }
}

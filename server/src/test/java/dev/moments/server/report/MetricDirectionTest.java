package dev.moments.server.report;

import static dev.moments.server.report.Fixtures.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.experiment.Direction;
import dev.moments.server.experiment.Funnel;
import dev.moments.server.experiment.Metric;
import dev.moments.server.experiment.Status;
import dev.moments.server.stats.Close;
import dev.moments.server.stats.MetricType;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 2: a metric to decrease (bounce, refunds) is better when it falls. Reference
 * values: {@code stats/direction_reference.py} (its output lines are named in each test).
 */
class MetricDirectionTest {
  private static final double REFERENCE = 1e-6;

  private static MetricSpec decreasing(String key, MetricRole role) {
    return new MetricSpec(Metric.binomial(key).withDirection(Direction.DECREASE), role);
  }

  private static JsonObject comparison(JsonObject report, String metric) {
    return metric(report, metric).getJsonArray("comparisons").getJsonObject(0);
  }

  private static JsonObject metric(JsonObject report, String metric) {
    return report.getJsonArray("metrics").stream()
        .map(JsonObject.class::cast)
        .filter(m -> m.getString("metric").equals(metric))
        .findFirst()
        .orElseThrow();
  }

  private static Fixtures.Rows bounce4136() {
    return new Fixtures.Rows()
        .units("control", 0, 1000)
        .units("bold", 0, 1000)
        .conversions("bounce", "control", 0, 410)
        .conversions("bounce", "bold", 0, 360);
  }

  /**
   * The defect: bounce going from 41 % to 36 % read "chance to beat < 0.1 %" as if higher
   * were better. Output line bounce-41-36.
   */
  @Test
  void aBounceRateThatFallsIsAnImprovementWithAHighChanceToBeat() {
    JsonObject report =
        ReportBuilder.build(
            ReportInput.of(
                Fixtures.spec(
                    Fixtures.fixed(0.1),
                    Fixtures.primary("signup"),
                    decreasing("bounce", MetricRole.SECONDARY)),
                bounce4136().list(),
                START));
    JsonObject bounce = metric(report, "bounce");
    assertEquals("decrease", bounce.getString("direction"));
    JsonObject c = comparison(report, "bounce");
    Close.relative(-0.121951219512, c.getDouble("relativeLift"), REFERENCE, "relativeLift");
    Close.relative(-0.219616957255, c.getJsonArray("ci").getDouble(0), REFERENCE, "ci low");
    Close.relative(-0.0242854817691, c.getJsonArray("ci").getDouble(1), REFERENCE, "ci high");
    Close.relative(0.014418296832, c.getDouble("pValue"), REFERENCE, "pValue");
    Close.relative(0.992833574969, c.getDouble("chanceToBeat"), REFERENCE, "chanceToBeat");
    assertEquals(true, c.getBoolean("significant"));
    assertEquals(true, c.getBoolean("improvement"));
  }

  @Test
  void theSameFallOnAMetricToIncreaseIsNoImprovement() {
    JsonObject report =
        ReportBuilder.build(
            ReportInput.of(
                Fixtures.spec(
                    Fixtures.fixed(0.1),
                    Fixtures.primary("signup"),
                    Fixtures.secondary("bounce", MetricType.BINOMIAL)),
                bounce4136().list(),
                START));
    assertEquals("increase", metric(report, "bounce").getString("direction"));
    JsonObject c = comparison(report, "bounce");
    Close.relative(0.0071664250306, c.getDouble("chanceToBeat"), REFERENCE, "chanceToBeat");
    assertEquals(false, c.getBoolean("improvement"));
  }

  @Test
  void aComparisonThatIsNotSignificantClaimsNeitherImprovementNorHarm() {
    JsonObject report =
        ReportBuilder.build(
            ReportInput.of(
                Fixtures.spec(
                    Fixtures.fixed(0.1),
                    Fixtures.primary("signup"),
                    decreasing("bounce", MetricRole.SECONDARY)),
                new Fixtures.Rows()
                    .units("control", 0, 1000)
                    .units("bold", 0, 1000)
                    .conversions("bounce", "control", 0, 410)
                    .conversions("bounce", "bold", 0, 400)
                    .list(),
                START));
    JsonObject c = comparison(report, "bounce");
    assertEquals(false, c.getBoolean("significant"));
    assertFalse(c.containsKey("improvement"), c.encode());
  }

  /** A primary metric to decrease wins by falling. Output line refund-3-9 read the other way. */
  @Test
  void aPrimaryMetricToDecreaseWinsByFalling() {
    Fixtures.Rows rows =
        new Fixtures.Rows()
            .binomial("refund", "control", 3000, 270)
            .binomial("refund", "bold", 3000, 90);
    JsonObject decision =
        ReportBuilder.build(
                ReportInput.of(
                    Fixtures.spec(
                        Fixtures.sequential(0.1), decreasing("refund", MetricRole.PRIMARY)),
                    rows.list(),
                    START.plusDays(3)))
            .getJsonObject("decision");
    assertEquals("winner", decision.getString("outcome"));
    assertEquals("bold", decision.getString("winner"));
    assertTrue(
        decision
            .getString("reason")
            .startsWith("Bold beats Control on refund by -67% (lower is better; 95% interval"),
        decision.getString("reason"));
  }

  @Test
  void aPrimaryMetricToDecreaseThatRisesMakesTheControlWin() {
    Fixtures.Rows rows =
        new Fixtures.Rows()
            .binomial("refund", "control", 3000, 90)
            .binomial("refund", "bold", 3000, 270);
    JsonObject decision =
        ReportBuilder.build(
                ReportInput.of(
                    Fixtures.spec(
                        Fixtures.sequential(0.1), decreasing("refund", MetricRole.PRIMARY)),
                    rows.list(),
                    START.plusDays(3)))
            .getJsonObject("decision");
    assertEquals("winner", decision.getString("outcome"));
    assertEquals("control", decision.getString("winner"));
  }

  /** A guardrail to increase (engaged) is harmed when it falls: output line engaged-60-52. */
  @Test
  void aGuardrailToIncreaseThatFallsIsHarm() {
    Fixtures.Rows rows =
        new Fixtures.Rows()
            .binomial("signup", "control", 3000, 1396)
            .binomial("signup", "bold", 3000, 2100)
            .binomial("engaged", "control", 0, 1800)
            .binomial("engaged", "bold", 0, 1560);
    JsonObject report =
        ReportBuilder.build(
            ReportInput.of(
                Fixtures.spec(
                    Fixtures.sequential(0.1),
                    Fixtures.primary("signup"),
                    new MetricSpec(Metric.binomial("engaged"), MetricRole.GUARDRAIL)),
                rows.list(),
                START.plusDays(3)));
    JsonObject decision = report.getJsonObject("decision");
    assertEquals("guardrail_harm", decision.getString("outcome"));
    assertNull(decision.getValue("winner"));
    assertTrue(
        decision
            .getString("reason")
            .startsWith("Bold wins on signup (+50%) but lowers engaged by -13%"),
        decision.getString("reason"));
    assertEquals(false, comparison(report, "engaged").getBoolean("improvement"));
  }

  @Test
  void theWinnerIsTheVariantThatImprovesMostInTheMetricsDirection() {
    Fixtures.Rows rows =
        new Fixtures.Rows()
            .binomial("refund", "control", 3000, 300)
            .binomial("refund", "a", 3000, 150)
            .binomial("refund", "b", 3000, 60);
    ExperimentSpec spec =
        new ExperimentSpec(
            "x",
            Status.RUNNING,
            "m",
            "FMOT",
            List.of(
                new VariantSpec("control", 1), new VariantSpec("a", 1), new VariantSpec("b", 1)),
            "control",
            List.of(decreasing("refund", MetricRole.PRIMARY)),
            Funnel.NONE,
            Fixtures.sequential(0.1),
            START);
    JsonObject decision =
        ReportBuilder.build(ReportInput.of(spec, rows.list(), START.plusDays(3)))
            .getJsonObject("decision");
    assertEquals("b", decision.getString("winner"), decision.encode());
  }

  /** The dashboard's colour and the CSV read these; a metric's unit travels with it. */
  @Test
  void aMetricCarriesItsUnit() {
    MetricSpec time =
        new MetricSpec(
            Metric.of("time_on_page", MetricType.MEAN).withUnit("s").withCap(1800.0),
            MetricRole.SECONDARY);
    Map<String, Object> fields = new TreeMap<>();
    JsonObject report =
        ReportBuilder.build(
            ReportInput.of(
                Fixtures.spec(Fixtures.fixed(0.1), Fixtures.primary("signup"), time),
                new Fixtures.Rows()
                    .units("control", 0, 10)
                    .units("bold", 0, 10)
                    .values("time_on_page", "control", 0, 10, 250, 6500)
                    .values("time_on_page", "bold", 0, 10, 300, 9200)
                    .list(),
                START));
    metric(report, "time_on_page").forEach(e -> fields.put(e.getKey(), e.getValue()));
    assertEquals("s", fields.get("unit"));
    assertEquals("increase", fields.get("direction"));
    assertFalse(metric(report, "signup").containsKey("unit"));
  }
}
